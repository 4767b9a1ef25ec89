// piecrust-as dusk-id <wasm> --owner HEX --nonce N — the id Dusk will give a deployment.
import { duskContractId, toHex } from "#host-sim";
import { expectPositionals, help, hexArg, parseCommand, UsageError } from "./args.js";
import { readRegularFile } from "./files.js";

export const DUSK_ID_HELP = `usage: piecrust-as dusk-id <file.wasm> --owner HEX --nonce N

Prints the contract id Dusk derives for this bytecode deployed by <owner> with deploy nonce <N>
(dusk-core's gen_contract_id: BLAKE2b-256 of the bytecode, the nonce as u64 little-endian, then the
owner's bytes). On Dusk the owner is the deployer's BLS public key (96 bytes, 192 hex digits).
\`piecrust-as deploy --dusk-nonce N --owner HEX\` deploys locally under the same id.

options:
  --owner HEX     the owner's bytes (required)
  --nonce N       the deploy nonce, a u64 (required)`;

const OPTIONS = { owner: { type: "string" }, nonce: { type: "string" } } as const;

/** A u64 nonce from decimal or 0x-hex text. */
export function parseNonce(text: string, what: string): bigint {
  if (!/^(\d+|0x[0-9a-fA-F]+)$/.test(text)) throw new UsageError(`${what} must be a non-negative integer, got ${JSON.stringify(text)}`);
  const v = BigInt(text);
  if (v >= 1n << 64n) throw new UsageError(`${what} must fit in a u64, got ${text}`);
  return v;
}

export async function duskId(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(DUSK_ID_HELP);
  const [file] = expectPositionals(p, 1, 1, "one wasm file");
  if (!p.values.has("owner")) throw new UsageError("--owner HEX is required (the deployer's public key; 96 bytes on Dusk)");
  if (!p.values.has("nonce")) throw new UsageError("--nonce N is required (the deploy nonce the wallet will send)");
  const owner = hexArg(p.values.get("owner")!, "--owner");
  const nonce = parseNonce(p.values.get("nonce")!, "--nonce");
  const bytecode = readRegularFile(file, "wasm file", "check the path, or build the contract first: piecrust-as build");
  console.log(toHex(duskContractId(bytecode, nonce, owner)));
  return 0;
}
