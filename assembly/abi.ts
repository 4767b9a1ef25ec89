// Who and where: the host-information part of piecrust-uplink's `abi` module (piecrust-vm.md §13).
// Calls, host queries, metadata and events live in call.ts, meta.ts and event.ts.

import * as env from "./env";
import { A, argbufBytes, checkArgbuf } from "./argbuf";
import { ContractId, CONTRACT_ID_BYTES } from "./types";
import { panicStr } from "./panic";

/** The calling contract, or null when this is the top-level (root) frame. */
export function caller(): ContractId | null {
  if (env.caller() == 0) return null;
  return ContractId.fromPtr(A);
}

/** The ids of all ancestors, nearest caller first; empty at the root. */
export function callstack(): ContractId[] {
  const n = env.callstack();
  checkArgbuf(0, <u32>n * <u32>CONTRACT_ID_BYTES);
  const out = new Array<ContractId>(n);
  for (let i = 0; i < n; i++) out[i] = ContractId.fromPtr(A + <usize>(i * CONTRACT_ID_BYTES));
  return out;
}

/** This contract's id (a migrated contract keeps its original id). */
export function selfId(): ContractId {
  env.self_id();
  return ContractId.fromPtr(A);
}

// uplink: "<who>: N (<n>) does not match host owner length (<len>)".
function ownerLengthMismatch(who: string, n: i32, len: i32): void {
  panicStr(who + ": N (" + n.toString() + ") does not match host owner length (" + len.toString() + ")");
}

/**
 * The owner of contract `id` (`n` bytes, uplink's `owner::<N>`), or null when the contract does not
 * exist. Panics when the host's owner has another length.
 */
export function owner(id: ContractId, n: i32 = 32): Uint8Array | null {
  const len = env.owner(id.ptr);
  if (len == 0) return null;
  if (len != n) ownerLengthMismatch("owner", n, len);
  return argbufBytes(0, <u32>len);
}

/** This contract's owner (`n` bytes, uplink's `self_owner::<N>`); panics on a length mismatch. */
export function selfOwner(n: i32 = 32): Uint8Array {
  // Pointer 0 means "self" to the host.
  const len = env.owner(0);
  if (len != n) ownerLengthMismatch("self_owner", n, len);
  return argbufBytes(0, <u32>len);
}

/**
 * This contract's owner at whatever length the deployer gave it: 32 bytes in host-sim's default,
 * the deployer's 96-byte BLS public key on Dusk. Use it where the length is not known in advance.
 */
export function selfOwnerBytes(): Uint8Array {
  return argbufBytes(0, <u32>env.owner(0));
}

/** The owner of contract `id` at whatever length it has, or null when the contract does not exist. */
export function ownerBytes(id: ContractId): Uint8Array | null {
  const len = env.owner(id.ptr);
  return len == 0 ? null : argbufBytes(0, <u32>len);
}

/**
 * The 32-byte account that stands for this contract's owner in a contract that keys balances or
 * rights by ContractId: the owner itself when it is 32 bytes, else its first 32 bytes (on Dusk the
 * start of the owner's 96-byte BLS key). A signer acting for the owner must use the same bytes.
 */
export function selfOwnerAccount(): ContractId {
  const o = selfOwnerBytes();
  if (o.length < 32) panicStr("self_owner_account: the owner has " + o.length.toString() + " bytes, fewer than a 32-byte account");
  return ContractId.fromBytes(o.subarray(0, 32));
}

/** The gas limit of the current frame. */
export function limit(): u64 {
  return env.limit();
}

/** The gas spent so far by the current frame. */
export function spent(): u64 {
  return env.spent();
}
