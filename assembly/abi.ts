// Raw-bytes host ABI, the AssemblyScript counterpart of piecrust-uplink's `abi` module
// (piecrust-vm.md §13). Every function moves bytes through the argbuf `A`.
// Typed variants (`call<A, R>`, `emit<T>`, `hostQuery<A, R>`, `metaData<T>`) are layered on these
// by the rkyv codec: they serialise into the argbuf and then take the same paths as the *Raw forms.

import * as env from "./env";
import { A, ARGBUF_LEN, argbufBytes, argbufSetBytes, checkArgbuf } from "./argbuf";
import { ContractError, Result } from "./error";
import { ContractId, CONTRACT_ID_BYTES } from "./types";
import { panicStr } from "./panic";

/**
 * Calls `fnName` on contract `id` with `args` as the raw argument bytes and `gasLimit` as the
 * callee's limit (0 = Piecrust's default share of the remaining gas; pass an explicit limit,
 * because a failed callee is charged its whole limit). Returns the callee's raw result bytes or
 * the `ContractError` decoded from Piecrust's wire code.
 */
export function callRaw(id: ContractId, fnName: string, args: Uint8Array, gasLimit: u64 = 0): Result<Uint8Array> {
  const name = String.UTF8.encode(fnName);
  argbufSetBytes(0, args);
  const ret = env.c(id.ptr, changetype<usize>(name), <u32>name.byteLength, <u32>args.length, gasLimit);
  if (ret < 0) return Result.err<Uint8Array>(ContractError.fromCode(ret));
  return Result.ok<Uint8Array>(argbufBytes(0, <u32>ret));
}

/**
 * The same call with the argument already in the argbuf (A[0..argLen]); returns the raw `c`
 * result: the result length (result in A[0..len]) or a negative error code. The extension point for
 * codecs that serialise directly into the argbuf.
 */
export function callInPlace(id: ContractId, fnName: string, argLen: u32, gasLimit: u64 = 0): i32 {
  checkArgbuf(0, argLen);
  const name = String.UTF8.encode(fnName);
  return env.c(id.ptr, changetype<usize>(name), <u32>name.byteLength, argLen, gasLimit);
}

/** Emits an event with `topic` and raw `data`. The host charges 4 gas per byte of topic and data. */
export function emitRaw(topic: string, data: Uint8Array): void {
  const t = String.UTF8.encode(topic);
  argbufSetBytes(0, data);
  env.emit(changetype<usize>(t), <u32>t.byteLength, <u32>data.length);
}

/** Sends raw `data` to the feeder (only inside a feeder call; otherwise the host traps). */
export function feedRaw(data: Uint8Array): void {
  argbufSetBytes(0, data);
  env.feed(<u32>data.length);
}

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

/** The owner bytes of contract `id`, or null when it does not exist (or its owner is empty). */
export function owner(id: ContractId): Uint8Array | null {
  const n = env.owner(id.ptr);
  if (n <= 0) return null;
  return argbufBytes(0, <u32>n);
}

/** The owner bytes of this contract (set at deploy). Panics if the host reports none. */
export function selfOwner(): Uint8Array {
  // Pointer 0 means "self" to the host.
  const n = env.owner(0);
  if (n <= 0) panicStr("selfOwner: host reported no owner");
  return argbufBytes(0, <u32>n);
}

/** The gas limit of the current frame. */
export function limit(): u64 {
  return env.limit();
}

/** The gas spent so far by the current frame. */
export function spent(): u64 {
  return env.spent();
}

/** Runs host query `name` with raw `args`; returns the raw answer. */
export function hostQueryRaw(name: string, args: Uint8Array): Uint8Array {
  const n = String.UTF8.encode(name);
  argbufSetBytes(0, args);
  const len = env.hq(changetype<usize>(n), <u32>n.byteLength, <u32>args.length);
  if (len > <u32>ARGBUF_LEN) panicStr("hostQueryRaw: answer longer than the argbuf");
  return argbufBytes(0, len);
}

/** Session metadata `name` as raw bytes, or null when absent (or empty: Piecrust cannot tell). */
export function metaDataRaw(name: string): Uint8Array | null {
  const n = String.UTF8.encode(name);
  const len = env.hd(changetype<usize>(n), <u32>n.byteLength);
  if (len == 0) return null;
  if (len > <u32>ARGBUF_LEN) panicStr("metaDataRaw: value longer than the argbuf");
  return argbufBytes(0, len);
}
