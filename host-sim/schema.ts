// The contract schema (build/<name>.schema.json) and its one shape check. No Piecrust counterpart:
// the shape is dusk-forge's CONTRACT_SCHEMA (forge's contract-macro schema types), plus `types`.
//   { name, functions: [{ name, doc, input, output }], events: [{ topic, data }], types: [...] }
// `input`, `output` and `data` are Rust type strings that codec's `parseType` reads; the named
// types they use are defined in `types`, Rust definitions in dependency order. A function with no
// parameters has input "()", several make a tuple "(A, B)"; a void method has output "()".
import { parseDefinitions, type TypeDefs } from "./codec/index.js";

/** One exported function of a contract, with its Rust argument and result types. */
export interface SchemaFunction {
  /** The function's export name. */
  name: string;
  /** Its doc comment (a build always writes one, "" when there is none). */
  doc?: string;
  /** Its argument's Rust type, as source (e.g. "(ContractId, u64)"; "()" for none). */
  input: string;
  /** Its result's Rust type, as source ("()" for none). */
  output: string;
}

/** One event a contract emits: its topic and the Rust type of its data. */
export interface SchemaEvent {
  /** The event topic. */
  topic: string;
  /** The Rust type of the event data, as source. */
  data: string;
}

/**
 * A contract's schema, as a build writes it and as `checkSchema` returns any schema it accepts:
 * its functions and events with their Rust types, and the definitions of the named types.
 */
export interface ContractSchema {
  /** The contract's name. */
  name: string;
  /** The contract's exported functions. */
  functions: SchemaFunction[];
  /** The events the contract emits. */
  events: SchemaEvent[];
  /** Rust definitions of the named structs and enums the types mention, dependencies first. */
  types: string[];
}

/** The shape `checkSchema` expects, for error messages. */
export const SCHEMA_SHAPE = `{"name": string, "functions": [{"name", "input", "output": string}], "events": [{"topic", "data": string}]}, as a build writes it`;

/** A value that is not a contract schema: `part` names the first part that is wrong, `reason` how. */
export class SchemaError extends Error {
  constructor(
    /** The wrong part, e.g. `functions[2].input`, `types`, or `` (the value itself). */
    readonly part: string,
    /** What is wrong with it, naming the part. */
    readonly reason: string,
  ) {
    super(`not a contract schema: ${reason} (expected ${SCHEMA_SHAPE})`);
    this.name = "SchemaError";
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** How a JSON value reads in a message: "missing", "null", "an array", "an object", "a number"… */
function kind(v: unknown): string {
  if (v === undefined || v === null) return v === null ? "null" : "missing";
  if (typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  return `a ${typeof v}`;
}

/** The first of `keys` of `o` that is not a string, or undefined. */
function nonString(o: Obj, keys: string[]): string | undefined {
  return keys.find((k) => typeof o[k] !== "string");
}

/**
 * Checks that `value` (parsed JSON) is a contract schema and returns it with `events` and `types`
 * as lists. Besides what a build writes it accepts dusk-forge's variants: no `events` or `types`,
 * no `doc`, and `types` as an object of name → definition. Other fields are kept as they are.
 * @throws SchemaError naming the first part that is wrong.
 */
export function checkSchema(value: unknown): ContractSchema {
  if (!isObj(value)) throw new SchemaError("", `it holds ${kind(value)}`);
  if (typeof value.name !== "string") throw new SchemaError("name", `"name" is not a string (it is ${kind(value.name)})`);
  if (!Array.isArray(value.functions)) throw new SchemaError("functions", `no "functions" list`);
  value.functions.forEach((f: unknown, i) => {
    if (!isObj(f)) throw new SchemaError(`functions[${i}]`, `functions[${i}] is ${kind(f)}, not an object`);
    const bad = nonString(f, ["name", "input", "output"]);
    if (bad) throw new SchemaError(`functions[${i}].${bad}`, `functions[${i}] lacks a string name, input or output (its "${bad}" is ${kind(f[bad])})`);
    if (f.doc !== undefined && typeof f.doc !== "string") throw new SchemaError(`functions[${i}].doc`, `functions[${i}].doc is not a string`);
  });
  const events = value.events ?? [];
  if (!Array.isArray(events)) throw new SchemaError("events", `"events" is not a list (it is ${kind(events)})`);
  events.forEach((e: unknown, i) => {
    if (!isObj(e)) throw new SchemaError(`events[${i}]`, `events[${i}] is ${kind(e)}, not an object`);
    const bad = nonString(e, ["topic", "data"]);
    if (bad) throw new SchemaError(`events[${i}].${bad}`, `events[${i}] lacks a string topic or data (its "${bad}" is ${kind(e[bad])})`);
  });
  const types = value.types ?? [];
  if (!Array.isArray(types) && !isObj(types)) throw new SchemaError("types", `"types" is neither a list nor an object (it is ${kind(types)})`);
  const named: [string, unknown][] = Array.isArray(types) ? types.map((t, i) => [`types[${i}]`, t]) : Object.entries(types).map(([k, t]) => [`types.${k}`, t]);
  const wrong = named.find(([, t]) => typeof t !== "string");
  if (wrong) throw new SchemaError(wrong[0], `${wrong[0]} is ${kind(wrong[1])}, not a Rust definition (a string)`);
  return { ...value, events, types: named.map(([, t]) => t as string) } as ContractSchema;
}

/**
 * The struct and enum definitions of `schema.types`, parsed into `defs`; a definition that cannot
 * be read throws codec's CodecError.
 */
export function schemaTypeDefs(schema: Pick<ContractSchema, "types">, defs: TypeDefs = {}): TypeDefs {
  for (const src of schema.types) parseDefinitions(src, defs);
  return defs;
}
