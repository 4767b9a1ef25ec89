// What the transform's generated entry points call: decode the argument archive from the argbuf,
// encode the result back into it. The counterpart of piecrust-uplink's `wrap_call`.
//
// Arguments are validated like `check_archived_root` (root at the end, every pointer, tag, bool and
// UTF-8 checked) and fully decoded into fresh heap objects before the method runs, so user code
// never sees argbuf bytes that a later host call could overwrite.

import { u128, i128 } from "as-bignum/assembly";
import { A, ARGBUF_LEN } from "./argbuf";
import { ArchiveReader, sharedReader } from "./codec/reader";
import { archivedSize, readAt } from "./codec/dispatch";
import { checkRoot, encodeWith } from "./codec/api";
import { sharedWriter } from "./codec/writer";
import * as E from "./codec/errors";
import { putRaw, putI64 } from "./panic";
import { panic } from "./env";

/**
 * Panics like uplink's wrap_call: "Argument should correctly deserialize: <reason> (value <v>, at
 * archive position <at>)", where <reason> is the codec's error text (codec/errors.ts). Written
 * straight into the argbuf. `reason`/`reasonLen` is a static UTF-8 block, so a contract whose
 * arguments are plain numbers carries no allocator for its failure path.
 */
function failArgument(reason: usize, reasonLen: u32, at: u32, value: i64): void {
  const prefix = memory.data<u8>([65, 114, 103, 117, 109, 101, 110, 116, 32, 115, 104, 111, 117, 108, 100, 32, 99, 111, 114, 114, 101, 99, 116, 108, 121, 32, 100, 101, 115, 101, 114, 105, 97, 108, 105, 122, 101, 58, 32]);
  let pos = putRaw(0, prefix, 39); // "Argument should correctly deserialize: "
  pos = putRaw(pos, reason, reasonLen);
  pos = putRaw(pos, memory.data<u8>([32, 40, 118, 97, 108, 117, 101, 32]), 8); // " (value "
  pos = putI64(pos, value);
  pos = putRaw(pos, memory.data<u8>([44, 32, 97, 116, 32, 97, 114, 99, 104, 105, 118, 101, 32, 112, 111, 115, 105, 116, 105, 111, 110, 32]), 22); // ", at archive position "
  pos = putI64(pos, at);
  pos = putRaw(pos, memory.data<u8>([41]), 1); // ")"
  panic(pos);
  unreachable();
}

// The three reasons a lone number or bool can fail (texts of codec/errors.ts).
function tooSmall(len: u32): void {
  const t = memory.data<u8>([98, 117, 102, 102, 101, 114, 32, 116, 111, 111, 32, 115, 109, 97, 108, 108, 32, 102, 111, 114, 32, 116, 104, 101, 32, 114, 111, 111, 116, 32, 111, 98, 106, 101, 99, 116]);
  failArgument(t, 36, 0, len); // "buffer too small for the root object"
}

function unaligned(root: u32): void {
  const t = memory.data<u8>([117, 110, 97, 108, 105, 103, 110, 101, 100, 32, 114, 111, 111, 116, 32, 111, 98, 106, 101, 99, 116]);
  failArgument(t, 21, root, root); // "unaligned root object"
}

function badBool(at: u32, b: u8): void {
  const t = memory.data<u8>([99, 104, 101, 99, 107, 32, 102, 97, 105, 108, 101, 100, 32, 102, 111, 114, 32, 98, 111, 111, 108, 58, 32, 101, 120, 112, 101, 99, 116, 101, 100, 32, 48, 32, 111, 114, 32, 49]);
  failArgument(t, 38, at, b); // "check failed for bool: expected 0 or 1"
}

function badArgument(r: ArchiveReader): void {
  const text = String.UTF8.encode(E.errorText(r.error));
  failArgument(changetype<usize>(text), <u32>text.byteLength, r.errorAt, r.errorValue);
}

/** The single argument of an entry point, decoded from A[0..argLen]. */
export function __pcas_arg<T>(argLen: i32): T {
  const len = <u32>argLen;
  // Builtin conditions (not codec helpers) so asc compiles only the branch for T: a counter's
  // entry points then carry no reader, no writer and no allocator.
  if ((isInteger<T>() && !isBoolean<T>()) || isFloat<T>()) {
    // A lone integer/float: the root is the last sizeof<T> bytes and must be aligned.
    if (len < sizeof<T>()) tooSmall(len);
    const root = len - sizeof<T>();
    if ((root & (sizeof<T>() - 1)) != 0) unaligned(root);
    return load<T>(A + root);
  } else if (isBoolean<T>()) {
    if (len < 1) tooSmall(len);
    const b = load<u8>(A + len - 1);
    if (b > 1) badBool(len - 1, b);
    return <T>(b != 0);
  } else {
    const r = sharedReader(A, len);
    if (!checkRoot<T>(r)) badArgument(r);
    return readAt<T>(r, len - archivedSize<T>());
  }
}

/** Encodes an entry point's result into the argbuf; returns its length. */
export function __pcas_ret<T>(value: T): i32 {
  if ((isInteger<T>() && !isBoolean<T>()) || isFloat<T>()) {
    store<T>(A, value);
    return sizeof<T>();
  } else if (isBoolean<T>()) {
    store<u8>(A, value ? 1 : 0);
    return 1;
  } else if (idof<T>() == idof<u128>() || idof<T>() == idof<i128>()) {
    // A lone u128 archive is its 16 bytes, which as-bignum keeps in the same order.
    memory.copy(A, changetype<usize>(value), 16);
    return 16;
  } else {
    return <i32>encodeWith<T>(sharedWriter(A, <u32>ARGBUF_LEN), value);
  }
}
