// Shared helpers for the ported test contracts: typed arguments and results through the argbuf
// with the SDK's rkyv codec, the way piecrust-uplink's `wrap_call` does it.
// Raw entry points (`export function f(arg_len: u32): u32`) are used only where the SDK's typed
// @contract entry points cannot express a signature yet: results of Result<_, ContractError> or
// of fixed-size arrays ([u8; N]), and Piecrust's own raw-byte contracts.

import { A, ARGBUF_LEN } from "../../../assembly/argbuf";
import { decode, encode } from "../../../assembly/codec";

export { A, ARGBUF_LEN };

/** Validates and decodes A[0..len] as T (wrap_call: invalid arguments panic). */
export function arg<T>(len: u32): T {
  return decode<T>(A, len);
}

/** Serializes `value` at A[0..] and returns its length, the entry point's return value. */
export function ret<T>(value: T): u32 {
  return encode<T>(value, A, <u32>ARGBUF_LEN);
}
