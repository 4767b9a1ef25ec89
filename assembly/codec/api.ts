// Entry points: encode a value as a whole archive (root last), and validate /
// decode a whole archive (root at the end, check_archived_root semantics).
//
//   encode<T>(value, ptr, capacity): u32          archive length; aborts on overflow
//   validate<T>(ptr, len): string | null          null when valid, else the reason
//   check<T>(ptr, len): i32                       0 when valid, else an errors.ts code
//   decode<T>(ptr, len): T                        aborts "rkyv: invalid archive: ..." when invalid
//   decodeUnchecked<T>(ptr, len): T               trusts the bytes (wrap_call_unchecked)
//   ...Fixed<E>(..., n)                           the same for a root [E; n] (StaticArray<E>)

import { ArchiveWriter, sharedWriter } from "./writer";
import { ArchiveReader, sharedReader } from "./reader";
import { resolverMark, beginTake, rewindResolvers } from "./resolvers";
import {
  archivedSize, archivedAlign, isPlain, isFixed, serializeDeps, resolveAt, checkAt, readAt,
} from "./dispatch";
import { fixedDeps, fixedResolve, fixedCheck, fixedRead } from "./fixed";
import * as E from "./errors";
import { stringRoot } from "./string";
import { Utf8String } from "../utf8-string";

/** Serializes `value` as the root of an archive starting at `w.pos` (normally 0); returns the end. */
export function encodeWith<T>(w: ArchiveWriter, value: T): u32 {
  const mark = resolverMark();
  if (isReference<T>() && !isNullable<T>()) {
    if (isString<T>() || idof<T>() == idof<Utf8String>()) {
      // A string root travels as an address all the way down: every call taking a managed
      // argument costs shadow-stack stores (16 gas each) under the incremental runtime.
      return stringRoot(w, changetype<usize>(value), isString<T>());
    }
  }
  if (isFixed<T>()) {
    const arr = changetype<StaticArray<valueof<T>>>(value);
    fixedDeps<valueof<T>>(w, arr);
    beginTake(mark);
    const at = w.reserve(<u32>arr.length * archivedSize<valueof<T>>(), archivedAlign<valueof<T>>(), !isPlain<valueof<T>>());
    fixedResolve<valueof<T>>(w, at, arr);
  } else {
    serializeDeps<T>(w, value);
    beginTake(mark);
    const at = w.reserve(archivedSize<T>(), archivedAlign<T>(), !isPlain<T>());
    resolveAt<T>(w, at, value);
  }
  rewindResolvers(mark);
  return w.pos;
}

/** Serializes `value` into [ptr, ptr + capacity); returns the archive length. */
export function encode<T>(value: T, ptr: usize, capacity: u32): u32 {
  if (isPlain<T>()) {
    // Fast path for a lone integer/float: one store, no writer state.
    if (capacity < sizeof<T>()) sharedWriter(ptr, capacity).ensure(0, sizeof<T>());
    store<T>(ptr, value);
    return sizeof<T>();
  }
  return encodeWith<T>(sharedWriter(ptr, capacity), value);
}

/** Runs check_archived_root::<T> on `r`'s buffer; false with r.error set when invalid. */
export function checkRoot<T>(r: ArchiveReader): bool {
  const size = archivedSize<T>();
  if (r.len < size) return r.fail(E.ERR_ROOT_TOO_SMALL, 0, r.len);
  const root = r.len - size;
  // The buffer start is assumed aligned (the argbuf is 8-aligned, test buffers 16-aligned).
  if ((root & (archivedAlign<T>() - 1)) != 0) return r.fail(E.ERR_ROOT_UNALIGNED, root, root);
  r.lo = 0;
  r.hi = root; // children of the root lie before it
  return checkAt<T>(r, root);
}

/** check_archived_root for a root [E; n]. */
export function checkRootFixed<E>(r: ArchiveReader, n: u32): bool {
  const size = <u64>n * <u64>archivedSize<E>();
  if (<u64>r.len < size) return r.fail(E.ERR_ROOT_TOO_SMALL, 0, r.len);
  const root = r.len - <u32>size;
  if ((root & (archivedAlign<E>() - 1)) != 0) return r.fail(E.ERR_ROOT_UNALIGNED, root, root);
  r.lo = 0;
  r.hi = root;
  return fixedCheck<E>(r, root, n);
}

/** 0 when the archive is a valid T, else an error code (errors.ts). Never aborts. */
export function check<T>(ptr: usize, len: u32): i32 {
  if (isPlain<T>()) return len < sizeof<T>() ? E.ERR_ROOT_TOO_SMALL : ((len - sizeof<T>()) & (sizeof<T>() - 1)) != 0 ? E.ERR_ROOT_UNALIGNED : 0;
  const r = sharedReader(ptr, len);
  checkRoot<T>(r);
  return r.error;
}

/** null when the archive is a valid T, else a description of the first problem. Never aborts. */
export function validate<T>(ptr: usize, len: u32): string | null {
  const r = sharedReader(ptr, len);
  if (checkRoot<T>(r)) return null;
  return r.errorMessage();
}

/**
 * Like `validate`, for a root that is a Rust `[E; n]` (`StaticArray<E>` of length `n`): null when valid,
 * else a description of the first problem. Never aborts.
 */
export function validateFixed<E>(ptr: usize, len: u32, n: u32): string | null {
  const r = sharedReader(ptr, len);
  if (checkRootFixed<E>(r, n)) return null;
  return r.errorMessage();
}

/** Validates, then decodes; aborts with the validation error when invalid. */
export function decode<T>(ptr: usize, len: u32): T {
  if (isPlain<T>()) {
    // Fast path for a lone integer/float: nothing to validate but the root position.
    const root = len - sizeof<T>();
    if (len >= sizeof<T>() && (root & (sizeof<T>() - 1)) == 0) return load<T>(ptr + root);
  }
  const r = sharedReader(ptr, len);
  if (!checkRoot<T>(r)) abort("rkyv: invalid archive: " + r.errorMessage());
  return readAt<T>(r, len - archivedSize<T>());
}

/** Decodes without validation (only for trusted bytes). */
export function decodeUnchecked<T>(ptr: usize, len: u32): T {
  return readAt<T>(sharedReader(ptr, len), len - archivedSize<T>());
}

/** decode for a root [E; n]. */
export function decodeFixed<E>(ptr: usize, len: u32, n: u32): StaticArray<E> {
  const r = sharedReader(ptr, len);
  if (!checkRootFixed<E>(r, n)) abort("rkyv: invalid archive: " + r.errorMessage());
  return fixedRead<E>(r, len - n * archivedSize<E>(), n);
}
