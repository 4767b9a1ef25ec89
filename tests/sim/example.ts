// Loads a built example (build/<name>.wasm + its schema) for host-sim tests and calls it with JSON
// arguments converted by the schema, the way the CLI and npm start do.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { VM, type CallReceipt, type Session } from "../../host-sim/index.js";
import { loadSchema, SchemaCodec } from "../../cli/commands/schema.js";
import { exampleHostQueries } from "../../scripts/host-queries.js";
import { REPO_ROOT } from "../helpers/paths.js";

export const GAS = 1_000_000_000n;

export interface Example {
  name: string;
  wasm: Uint8Array;
  codec: SchemaCodec;
}

export function example(name: string): Example {
  const file = join(REPO_ROOT, "build", `${name}.wasm`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run asbuild\` first`);
  return { name, wasm: new Uint8Array(readFileSync(file)), codec: new SchemaCodec(loadSchema(join(REPO_ROOT, "build", `${name}.schema.json`))) };
}

export function idOf(fill: number): Uint8Array {
  return new Uint8Array(32).fill(fill);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** An ephemeral VM with the example host queries and one session. */
export async function freshSession(meta: Record<string, Uint8Array> = {}): Promise<{ vm: VM; session: Session }> {
  const vm = await VM.ephemeral();
  for (const [name, q] of Object.entries(exampleHostQueries())) vm.registerHostQuery(name, q);
  return { vm, session: await vm.session({ meta }) };
}

export interface Deployed {
  id: Uint8Array;
  ex: Example;
  init?: CallReceipt;
}

export function deploy(session: Session, ex: Example, opts: { owner?: Uint8Array; init?: unknown; id?: Uint8Array } = {}): Deployed {
  const initArg = opts.init === undefined ? undefined : ex.codec.encodeInput("init", opts.init);
  const { contractId, receipt } = session.deploy(ex.wasm, { owner: opts.owner ?? idOf(0), initArg, contractId: opts.id }, GAS);
  return { id: contractId, ex, init: receipt };
}

/** Calls `fn` with a JSON argument; returns the receipt and the result as JSON. */
export function call(session: Session, c: Deployed, fn: string, arg?: unknown, gas = GAS): { receipt: CallReceipt; value: unknown } {
  const receipt = session.callRaw(c.id, fn, c.ex.codec.encodeInput(fn, arg), gas);
  return { receipt, value: c.ex.codec.decodeOutput(fn, receipt.data) };
}

/** The events of a receipt, decoded with the emitting example's schema. */
export function decodedEvents(receipt: CallReceipt, c: Deployed): { topic: string; data: unknown; reverted: boolean }[] {
  return receipt.events.map((e) => ({ topic: e.topic, data: c.ex.codec.decodeEvent(e.topic, e.data), reverted: e.reverted }));
}
