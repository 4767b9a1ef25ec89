// Dusk's contract ids (mirrors dusk-core's abi.rs `gen_contract_id`): on Dusk a deployed contract's id
// is not the bytecode's BLAKE3 (Piecrust's default) but BLAKE2b with a 32-byte digest over the
// bytecode, the deploy nonce and the owner's bytes (the deployer's 96-byte BLS key on the network).
import { blake2b } from "@noble/hashes/blake2.js";

const U64_MAX = (1n << 64n) - 1n;

/** The id Dusk gives `bytecode` deployed by `owner` with `nonce` (u64, written little-endian). */
export function duskContractId(bytecode: Uint8Array, nonce: bigint, owner: Uint8Array): Uint8Array {
  if (!(bytecode instanceof Uint8Array)) throw new TypeError("bytecode must be a Uint8Array");
  if (!(owner instanceof Uint8Array)) throw new TypeError("owner must be a Uint8Array");
  if (typeof nonce !== "bigint" || nonce < 0n || nonce > U64_MAX) throw new RangeError(`nonce must be a u64 bigint, got ${String(nonce)}`);
  const nonceBytes = new Uint8Array(8);
  new DataView(nonceBytes.buffer).setBigUint64(0, nonce, true);
  // A 32-byte digest in BLAKE2b's parameter block, not a cut-down BLAKE2b-512: the two differ.
  const h = blake2b.create({ dkLen: 32 });
  h.update(bytecode);
  h.update(nonceBytes);
  h.update(owner);
  return h.digest();
}
