// [T; N] as StaticArray<T>: N archived elements back to back, inline in the
// parent, no length field. Element deps are written in index order. Encoding
// takes N from the array; checking and decoding need N from the schema
// (generated code passes it), because the bytes do not carry it.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { archivedSize, isPlain, hasDeps, serializeDeps, resolveAt, checkAt, readAt } from "./dispatch";

/** Writes the out-of-line data of every element of a Rust `[T; N]` (a `StaticArray<T>`), in index order. */
export function fixedDeps<T>(w: ArchiveWriter, arr: StaticArray<T>): void {
  if (!hasDeps<T>()) return;
  const n = <u32>arr.length;
  for (let i: u32 = 0; i < n; i++) serializeDeps<T>(w, unchecked(arr[i]));
}

/**
 * Writes the `arr.length` archived elements of a `[T; N]` back to back at offset `at` (a single copy for
 * plain numeric element types).
 */
export function fixedResolve<T>(w: ArchiveWriter, at: u32, arr: StaticArray<T>): void {
  const n = <u32>arr.length;
  const size = archivedSize<T>();
  if (isPlain<T>()) {
    memory.copy(w.base + <usize>at, changetype<usize>(arr), n * size);
    return;
  }
  for (let i: u32 = 0; i < n; i++) resolveAt<T>(w, at + i * size, unchecked(arr[i]));
}

/** Encodes `arr` as [T; n], aborting if its length is not n (generated code passes n). */
export function fixedResolveN<T>(w: ArchiveWriter, at: u32, arr: StaticArray<T>, n: u32): void {
  if (<u32>arr.length != n) {
    abort("rkyv writer: fixed-size array field expects " + n.toString() +
      " elements, got " + arr.length.toString());
  }
  fixedResolve<T>(w, at, arr);
}

/**
 * Validates the `n` archived elements of a `[T; n]` at offset `at`; `n` comes from the schema because the
 * bytes do not carry it.
 */
export function fixedCheck<T>(r: ArchiveReader, at: u32, n: u32): bool {
  if (isPlain<T>()) return true;
  const size = archivedSize<T>();
  for (let i: u32 = 0; i < n; i++) {
    if (!checkAt<T>(r, at + i * size)) return false;
  }
  return true;
}

/** Decodes the `n` archived elements of a validated `[T; n]` at offset `at` into a new `StaticArray<T>`. */
export function fixedRead<T>(r: ArchiveReader, at: u32, n: u32): StaticArray<T> {
  const arr = new StaticArray<T>(<i32>n);
  const size = archivedSize<T>();
  if (isPlain<T>()) {
    memory.copy(changetype<usize>(arr), r.base + <usize>at, n * size);
  } else {
    for (let i: u32 = 0; i < n; i++) unchecked(arr[i] = readAt<T>(r, at + i * size));
  }
  return arr;
}
