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

/** The gas limit of the current frame. */
export function limit(): u64 {
  return env.limit();
}

/** The gas spent so far by the current frame. */
export function spent(): u64 {
  return env.spent();
}
