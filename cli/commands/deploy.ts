// piecrust-as deploy <wasm> [--owner hex] [--init json] [--id hex] [--name N] [--gas N] [--store DIR]
import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { fromHex, toHex, VMError } from "../../host-sim/index.js";
import { recordContract } from "../../scripts/workspace.js";
import { CliError, vmText, parseFlags, parseGas, parseJsonArg } from "./args.js";
import { formatReceipt } from "./receipt.js";
import { loadSchema, SchemaCodec, schemaPathFor } from "./schema.js";
import { Workspace } from "./store.js";

export const DEPLOY_HELP = `usage: piecrust-as deploy <file.wasm> [options]

Deploys a contract into the store and commits. The id is BLAKE3 of the bytecode unless --id is
given. If the contract has an \`init\` function it runs once, with --init as its argument (JSON,
converted to rkyv with the schema build/<name>.schema.json).

options:
  --owner HEX     owner bytes (default: 32 zero bytes)
  --init JSON     the init argument
  --id HEX        an explicit 32-byte contract id
  --name NAME     the name to call it by (default: the wasm file's base name)
  --gas N         gas limit of init (default 1000000000)
  --store DIR     store directory (default .piecrust)`;

export async function deploy(args: string[]): Promise<number> {
  const p = parseFlags("deploy", args, ["owner", "init", "id", "name", "gas", "store"]);
  if (p.booleans.has("help")) return help(DEPLOY_HELP);
  if (p.positional.length !== 1) throw new CliError("deploy takes exactly one wasm file (see piecrust-as deploy --help)");
  const file = p.positional[0];
  let bytecode: Uint8Array;
  try {
    bytecode = new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const owner = p.values.has("owner") ? hexArg(p.values.get("owner")!, "--owner") : new Uint8Array(32);
  const contractId = p.values.has("id") ? hexArg(p.values.get("id")!, "--id", 32) : undefined;
  const schemaFile = schemaPathFor(file);
  const codec = schemaFile ? new SchemaCodec(loadSchema(schemaFile)) : undefined;
  let initArg: Uint8Array | undefined;
  if (p.values.has("init")) {
    const json = parseJsonArg(p.values.get("init")!, "--init");
    if (!codec) throw new CliError(`--init needs the schema ${file.replace(/\.wasm$/, ".schema.json")} to convert JSON to rkyv`);
    initArg = codec.encodeInput("init", json);
  }
  const gas = parseGas(p.values.get("gas"), 1_000_000_000n);
  const name = p.values.get("name") ?? basename(file).replace(/(\.(stub|minimal))?(\.debug)?\.wasm$/, "");

  const ws = await Workspace.open(p.values.get("store"));
  try {
    const session = await ws.session();
    let result;
    try {
      result = session.deploy(bytecode, { owner, initArg, contractId }, gas);
    } catch (e) {
      if (e instanceof VMError) {
        // The default id is the bytecode's hash, so the same wasm deploys once per store.
        const hint = e.code === "InitalizationError" && /already exists/.test(e.message) ? " (this bytecode is already deployed; pass --id HEX to deploy another instance)" : "";
        throw new CliError(`deploy failed: ${vmText(e)}${hint}`);
      }
      throw e;
    }
    const root = ws.commit(session);
    recordContract(ws.dir, result.contractId, { name, schema: schemaFile, wasm: resolve(file) });
    ws.refreshRegistry();
    console.log(`deployed  ${name} ${toHex(result.contractId)}`);
    if (!contractId) console.log(`          (id = blake3 of ${bytecode.length} bytes: ${toHex(blake3(bytecode)).slice(0, 16)}…)`);
    if (result.receipt) console.log(formatReceipt("init", result.receipt, ws));
    console.log(`root      ${toHex(root)}`);
    return 0;
  } finally {
    ws.close();
  }
}

export function hexArg(text: string, what: string, len?: number): Uint8Array {
  try {
    return fromHex(text, len, what);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export function help(text: string): number {
  console.log(text);
  return 0;
}
