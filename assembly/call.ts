// Inter-contract calls and host queries, as piecrust-uplink's `call`, `call_with_limit`, `call_raw`,
// `call_raw_with_limit` and `host_query` (piecrust-vm.md §13). The typed forms serialise the
// argument straight into the argbuf with the rkyv codec and validate what comes back.

import * as env from "./env";
import { A, ARGBUF_LEN, argbufBytes, argbufSetBytes, checkArgbuf } from "./argbuf";
import { ContractError, ContractErrorCode, Result } from "./error";
import { ContractId } from "./types";
import { panicStr } from "./panic";
import { encode } from "./codec/api";
import { decodeArgbuf, validateArgbuf } from "./decode";

/**
 * Calls `fnName` on contract `id` with `arg` (rkyv-encoded; pass `new Unit()` for none) and decodes
 * the callee's result as `Ret`. The callee gets Piecrust's default share of the remaining gas (93 %);
 * prefer `callWithLimit`, because a failed callee is charged its whole limit.
 */
export function call<Arg, Ret>(id: ContractId, fnName: string, arg: Arg): Result<Ret> {
  return callWithLimit<Arg, Ret>(id, fnName, arg, 0);
}

/**
 * `call` with an explicit gas limit for the callee (0 = the default share). A callee result that
 * is not a valid `Ret` archive becomes `Panic("Callee return value failed validation: …")`, as uplink does.
 */
export function callWithLimit<Arg, Ret>(id: ContractId, fnName: string, arg: Arg, gasLimit: u64): Result<Ret> {
  const name = String.UTF8.encode(fnName);
  const len = encode<Arg>(arg, A, <u32>ARGBUF_LEN);
  const ret = env.c(id.ptr, changetype<usize>(name), <u32>name.byteLength, len, gasLimit);
  if (ret < 0) return Result.err<Ret>(ContractError.fromCode(ret));
  const problem = validateArgbuf<Ret>(<u32>ret);
  if (problem !== null) {
    return Result.err<Ret>(new ContractError(ContractErrorCode.Panic, "Callee return value failed validation: " + problem));
  }
  return Result.ok<Ret>(decodeArgbuf<Ret>(<u32>ret));
}

/** Calls `fnName` on `id` with raw argument bytes; returns the raw result bytes or the error. */
export function callRaw(id: ContractId, fnName: string, args: Uint8Array, gasLimit: u64 = 0): Result<Uint8Array> {
  const name = String.UTF8.encode(fnName);
  argbufSetBytes(0, args);
  const ret = env.c(id.ptr, changetype<usize>(name), <u32>name.byteLength, <u32>args.length, gasLimit);
  if (ret < 0) return Result.err<Uint8Array>(ContractError.fromCode(ret));
  return Result.ok<Uint8Array>(argbufBytes(0, <u32>ret));
}

/** `callRaw` with an explicit gas limit for the callee. */
export function callRawWithLimit(id: ContractId, fnName: string, args: Uint8Array, gasLimit: u64): Result<Uint8Array> {
  return callRaw(id, fnName, args, gasLimit);
}

/**
 * The same call with the argument already in the argbuf (A[0..argLen]); returns the raw `c`
 * result: the result length (result in A[0..len]) or a negative error code.
 */
export function callInPlace(id: ContractId, fnName: string, argLen: u32, gasLimit: u64 = 0): i32 {
  checkArgbuf(0, argLen);
  const name = String.UTF8.encode(fnName);
  return env.c(id.ptr, changetype<usize>(name), <u32>name.byteLength, argLen, gasLimit);
}

/** Runs host query `name` with `arg` (rkyv) and decodes its answer; panics if the answer is not a valid `Ret`. */
export function hostQuery<Arg, Ret>(name: string, arg: Arg): Ret {
  const n = String.UTF8.encode(name);
  const len = encode<Arg>(arg, A, <u32>ARGBUF_LEN);
  const ret = env.hq(changetype<usize>(n), <u32>n.byteLength, len);
  if (ret > <u32>ARGBUF_LEN) panicStr("hostQuery: answer longer than the argbuf");
  const problem = validateArgbuf<Ret>(ret);
  if (problem !== null) panicStr("Host query return value failed validation: " + problem);
  return decodeArgbuf<Ret>(ret);
}

/** Runs host query `name` with raw `args`; returns the raw answer. */
export function hostQueryRaw(name: string, args: Uint8Array): Uint8Array {
  const n = String.UTF8.encode(name);
  argbufSetBytes(0, args);
  const len = env.hq(changetype<usize>(n), <u32>n.byteLength, <u32>args.length);
  if (len > <u32>ARGBUF_LEN) panicStr("hostQueryRaw: answer longer than the argbuf");
  return argbufBytes(0, len);
}
