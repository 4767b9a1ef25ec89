// A typed client over a contract schema (build/<name>.schema.json, dusk-forge's CONTRACT_SCHEMA
// shape): `client.call.transfer([to, 100n])` encodes with rkyv, calls, and decodes the result;
// events are decoded by topic. No Piecrust counterpart: this is what Rust embedders get from types.
import { decode, parseType, type RType, type TypeDefs } from "./codec/index.js";
import { checkSchema, schemaTypeDefs, type ContractSchema } from "./schema.js";
import type { CallReceipt, Event, Session } from "./session.js";
import { decodeResult, encodeArg } from "./typed.js";

/** An event with its data decoded by `ContractClient.decodeEvent`. */
export interface DecodedEvent extends Event {
  /** The decoded data, when the schema declares the topic and the bytes validate. */
  value?: unknown;
}

/**
 * A typed client for one deployed contract, driven by its schema: `client.call.transfer([to, 100n])`
 * rkyv-encodes the argument, calls the contract and decodes the result; events are decoded by topic.
 */
export class ContractClient {
  /** The named struct and enum definitions parsed from the schema's `types`. */
  readonly defs: TypeDefs = {};
  private readonly inputs = new Map<string, RType>();
  private readonly outputs = new Map<string, RType>();
  private readonly events = new Map<string, RType>();
  /** One method per contract function: `(arg?, gasLimit?) => receipt` with decoded data. */
  readonly call: Record<string, (arg?: unknown, gasLimit?: bigint) => CallReceipt<unknown>> = {};

  /** The contract's schema, as `checkSchema` returned it. */
  readonly schema: ContractSchema;

  /**
   * A client calling contract `contractId` in `session`.
   * @param contractId The contract's 32-byte id.
   * @param schema The contract's schema, e.g. parsed from its JSON file; `checkSchema` checks it
   *   (throwing a SchemaError) and its types are parsed here (a CodecError if one cannot be read).
   * @param defaultGas Gas limit (u64) of calls made without one.
   */
  constructor(
    private readonly session: Session,
    readonly contractId: Uint8Array,
    schema: ContractSchema,
    private readonly defaultGas = 1_000_000_000n,
  ) {
    this.schema = checkSchema(schema);
    schemaTypeDefs(this.schema, this.defs);
    for (const f of this.schema.functions) {
      this.inputs.set(f.name, parseType(f.input, this.defs));
      this.outputs.set(f.name, parseType(f.output, this.defs));
      this.call[f.name] = (arg?: unknown, gasLimit?: bigint) => this.invoke(f.name, arg, gasLimit);
    }
    for (const e of this.schema.events) this.events.set(e.topic, parseType(e.data, this.defs));
  }

  /**
   * Calls function `fn` with `arg` encoded as its schema input type and decodes the result as its output
   * type; throws a TypeError for a function the schema does not declare.
   */
  invoke(fn: string, arg?: unknown, gasLimit = this.defaultGas): CallReceipt<unknown> {
    const input = this.inputs.get(fn);
    if (!input) throw new TypeError(`${this.schema.name} has no function ${JSON.stringify(fn)}`);
    const bytes = input.kind === "unit" ? new Uint8Array(0) : encodeArg({ type: input, value: arg }, this.defs, `argument of ${fn}`);
    const receipt = this.session.callRaw(this.contractId, fn, bytes, gasLimit);
    return { ...receipt, data: decodeResult(receipt.data, this.outputs.get(fn)!, this.defs) };
  }

  /** Decodes an event's data by its topic; undeclared topics or invalid bytes leave `value` unset. */
  decodeEvent(event: Event): DecodedEvent {
    const t = this.events.get(event.topic);
    if (!t) return event;
    try {
      return { ...event, value: decode(t, event.data, this.defs) };
    } catch {
      return event;
    }
  }
}
