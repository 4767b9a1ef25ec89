// piecrust-as deploy <wasm> [--owner hex] [--init json] [--id hex | --dusk-nonce N] [--name N] [--gas N] [--store DIR]
import { basename } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { duskContractId, toHex, VMError } from "#host-sim";
import { CliError, expectPositionals, help, hexArg, parseCommand, parseGas, parseJsonArg, UsageError, vmText } from "./args.js";
import { parseNonce } from "./dusk-id.js";
import { readRegularFile } from "./files.js";
import { VM_HELP, VM_OPTIONS, vmOptionsFrom } from "./vm-flag.js";
import { formatReceipt } from "./receipt.js";
import { readSchemaFile, SchemaCodec, schemaPathFor, type SchemaSource } from "./schema.js";
import { Workspace } from "./store.js";

export const DEPLOY_HELP = `usage: piecrust-as deploy <file.wasm> [options]

Deploys a contract into the store and commits. The id is BLAKE3 of the bytecode unless --id is
given (or --dusk-nonce, for the id Dusk would give it). The schema the build wrote beside the wasm
(build/<name>.schema.json) is copied into the store: the deployment keeps it, whatever later builds write. If the contract has an \`init\`
function it runs once, with --init as its argument (JSON, converted to rkyv with that schema).

options:
  --owner HEX     owner bytes (default: 32 zero bytes)
  --init JSON     the init argument
  --id HEX        an explicit 32-byte contract id
  --dusk-nonce N  the id Dusk gives this deploy: BLAKE2b-256(bytecode, N as u64 LE, owner), as
                  \`piecrust-as dusk-id\` prints it (pass the deployer's 96-byte key as --owner)
  --name NAME     the name to call it by (default: the wasm file's base name)
  --gas N         gas limit of init (default 1000000000)
  --store DIR     store directory (default .piecrust)
${VM_HELP}`;

const OPTIONS = {
  owner: { type: "string" },
  init: { type: "string" },
  id: { type: "string" },
  "dusk-nonce": { type: "string" },
  name: { type: "string" },
  gas: { type: "string" },
  store: { type: "string" },
  ...VM_OPTIONS,
} as const;

export async function deploy(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(DEPLOY_HELP);
  const [file] = expectPositionals(p, 1, 1, "one wasm file");
  const owner = p.values.has("owner") ? hexArg(p.values.get("owner")!, "--owner") : new Uint8Array(32);
  if (p.values.has("id") && p.values.has("dusk-nonce")) throw new UsageError("give either --id or --dusk-nonce, not both");
  const explicitId = p.values.has("id") ? hexArg(p.values.get("id")!, "--id", 32) : undefined;
  const duskNonce = p.values.has("dusk-nonce") ? parseNonce(p.values.get("dusk-nonce")!, "--dusk-nonce") : undefined;
  const gas = parseGas(p.values.get("gas"), 1_000_000_000n);
  const initJson = p.values.has("init") ? parseJsonArg(p.values.get("init")!, "--init") : undefined;
  const name = p.values.get("name") ?? basename(file).replace(/(\.(stub|minimal))?(\.debug)?\.wasm$/, "");

  const bytecode = readRegularFile(file, "wasm file", "check the path, or build the contract first: piecrust-as build");
  const contractId = duskNonce !== undefined ? duskContractId(bytecode, duskNonce, owner) : explicitId;
  const schemaFile = schemaPathFor(file);
  const schema: SchemaSource | undefined = schemaFile ? readSchemaFile(schemaFile) : undefined;
  const codec = schema ? new SchemaCodec(schema.schema) : undefined;
  let initArg: Uint8Array | undefined;
  if (initJson !== undefined) {
    if (!codec) throw new CliError(`--init needs the schema ${file.replace(/\.wasm$/, ".schema.json")} to convert JSON to rkyv (build the contract with piecrust-as build)`);
    initArg = codec.encodeInput("init", initJson);
  }

  const ws = await Workspace.open(p.values.get("store"), { vm: vmOptionsFrom(p) });
  try {
    const schemaRef = schema && ws.keepSchema(schema.bytes);
    const session = await ws.session();
    let result;
    try {
      result = session.deploy(bytecode, { owner, initArg, contractId }, gas);
    } catch (e) {
      if (e instanceof VMError) {
        // The default id is the bytecode's hash, so the same wasm deploys once per store.
        const hint = e.code === "InitalizationError" && /already exists/.test(e.message) ? duskNonce !== undefined ? ` (this bytecode is already deployed by this owner with nonce ${duskNonce}; use another --dusk-nonce)` : " (this bytecode is already deployed; pass --id HEX to deploy another instance)" : "";
        // As for a failed call, Rusk charges a failed deploy its whole limit (rusk.rs, contract_deploy).
        throw new CliError(`deploy of ${file} failed, nothing was committed: ${vmText(e)}${hint}; gas spent ${gas} of ${gas} (a failed deploy is charged its whole limit, as on Dusk)`);
      }
      throw e;
    }
    const root = ws.commit(session);
    try {
      ws.record(result.contractId, name, schemaRef);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      throw new CliError(`deployed ${toHex(result.contractId)} and committed root ${toHex(root)}, but could not record its name and schema (${e.message}); call it by its id`);
    }
    console.log(`deployed  ${name} ${toHex(result.contractId)}`);
    if (duskNonce !== undefined) console.log(`          (Dusk's id for nonce ${duskNonce} and this ${owner.length}-byte owner)`);
    else if (!contractId) console.log(`          (id = blake3 of ${bytecode.length} bytes: ${toHex(blake3(bytecode)).slice(0, 16)}…)`);
    if (result.receipt) console.log(formatReceipt("init", result.receipt, ws));
    console.log(`root      ${toHex(root)}`);
    return 0;
  } finally {
    ws.close();
  }
}
