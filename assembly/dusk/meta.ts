// dusk-core's chain metadata and owners (core/src/abi.rs in rusk): chain_id, block_height, and
// owners as 96-byte BLS public keys.

import { metaDataRaw } from "../meta";
import { ownerBytes, selfOwnerBytes } from "../abi";
import { ContractId } from "../types";
import { panicStr } from "../panic";
import { BlsPublicKey } from "./keys";

/** The size of a BLS public key's canonical (compressed) bytes: an owner on Dusk. */
export const BLS_PUBLIC_KEY_BYTES = 96;

/** `abi::chain_id`: the network's chain id; panics when the node stored none (as dusk-core does). */
export function chainId(): u8 {
  const m = metaDataRaw("chain_id");
  if (m === null || m.length != 1) panicStr("chain_id: the session has no u8 chain_id metadata");
  return m![0];
}

/** `abi::block_height`: the current block height; panics when the node stored none. */
export function blockHeight(): u64 {
  const m = metaDataRaw("block_height");
  if (m === null || m.length != 8) panicStr("block_height: the session has no u64 block_height metadata");
  return load<u64>(m!.dataStart);
}

function key(bytes: Uint8Array, who: string): StaticArray<u8> {
  if (bytes.length != BLS_PUBLIC_KEY_BYTES) {
    panicStr(who + ": the owner has " + bytes.length.toString() + " bytes, not a 96-byte BLS public key");
  }
  const out = new StaticArray<u8>(BLS_PUBLIC_KEY_BYTES);
  memory.copy(changetype<usize>(out), bytes.dataStart, BLS_PUBLIC_KEY_BYTES);
  return out;
}

/**
 * `abi::owner_raw`: the 96 canonical bytes of the BLS public key that owns `contract`, or null when
 * no contract is deployed there. (dusk-core's `owner` also decompresses the key, which needs curve
 * arithmetic this SDK does not have: it panics on bytes that are not a 96-byte key, as dusk-core
 * panics on ones that are not a valid point.)
 */
export function owner(contract: ContractId): StaticArray<u8> | null {
  const o = ownerBytes(contract);
  return o === null ? null : key(o, "owner");
}

/** `abi::self_owner_raw`: the 96 canonical bytes of this contract's owner's BLS public key. */
export function selfOwner(): StaticArray<u8> {
  return key(selfOwnerBytes(), "self_owner");
}

/**
 * `abi::public_sender`: the BLS key of the public (Moonlight) account that sent the running
 * transaction, or null for a shielded one; panics when the node stored no `public_sender`.
 */
export function publicSender(): BlsPublicKey | null {
  const m = metaDataRaw("public_sender");
  // Option<BlsPublicKey>: a tag byte, padding to 8, then the 200 archived bytes.
  if (m === null || m.length != 208 || m[0] > 1) panicStr("public_sender: the session has no Option<BlsPublicKey> public_sender metadata");
  if (m![0] == 0) return null;
  const key = new StaticArray<u8>(200);
  memory.copy(changetype<usize>(key), m!.dataStart + 8, 200);
  return new BlsPublicKey(key);
}
