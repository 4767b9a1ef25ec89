// Values held as their archived bytes: a fixed-size Rust type whose `Archived<T>` a contract keeps
// as it is (dusk-core's keys, signatures and scalars, assembly/dusk), so that it passes through
// host queries and other contracts unchanged. Writing one is a copy, reading one is a copy into a
// new object, and every byte pattern is valid: dusk-bls12_381 0.14.2 (rusk's) archives a point's
// `Choice` as a plain u8 that its check accepts whatever its value, so these types have no niche.
//
// Such a class has an `archived: StaticArray<u8>` field, a constructor taking those bytes as its
// one argument, and an `@inline __archivedBytes(): u64` member giving its layout (see
// archivedBytesLayout) as a compile-time constant, which the dispatcher (dispatch.ts) selects it by:
//
//   export class Key {
//     archived: StaticArray<u8>;
//     constructor(archived: StaticArray<u8> = new StaticArray<u8>(40)) { this.archived = sized(archived, 40, "Key"); }
//     // @ts-ignore: decorator
//     @inline __archivedBytes(): u64 { return archivedBytesLayout(40, 8); }
//   }
//
// Not a base class: a constructor chained through one costs every construction gas.

import { ArchiveReader } from "./reader";

// The packing of a layout: size in the low 32 bits, alignment above them.
const ALIGN_SHIFT: u64 = 32;

/** The archived layout of a class held as its archived bytes, for its `__archivedBytes` member: `size` bytes at alignment `align`. */
// @ts-ignore: decorator
@inline export function archivedBytesLayout(size: u32, align: u32): u64 {
  return <u64>size | (<u64>align << ALIGN_SHIFT);
}

/** The archived size of a class `T` held as its archived bytes. */
// @ts-ignore: decorator
@inline export function archivedBytesSize<T>(): u32 {
  // @ts-ignore: member of the classes held as their archived bytes
  return <u32>changetype<T>(0).__archivedBytes();
}

/** The archived alignment of a class `T` held as its archived bytes. */
// @ts-ignore: decorator
@inline export function archivedBytesAlign<T>(): u32 {
  // @ts-ignore: member of the classes held as their archived bytes
  return <u32>(changetype<T>(0).__archivedBytes() >> ALIGN_SHIFT);
}

/** Copies `bytes`, the archived bytes of a value, to `dst`, its place in the archive being written. */
export function archivedBytesWrite(dst: usize, bytes: StaticArray<u8>): void {
  memory.copy(dst, changetype<usize>(bytes), <usize>bytes.length);
}

/** A new `T` holding the archived bytes at position `at` of a validated archive. */
export function archivedBytesRead<T>(r: ArchiveReader, at: u32): T {
  const size = archivedBytesSize<T>();
  const out = new StaticArray<u8>(<i32>size);
  memory.copy(changetype<usize>(out), r.ptr(at), <usize>size);
  return instantiate<T>(out);
}

/** `bytes` when it has exactly `size` bytes; aborts naming `what` otherwise. */
export function sized(bytes: StaticArray<u8>, size: i32, what: string): StaticArray<u8> {
  if (bytes.length != size) abort(what + " holds " + size.toString() + " archived bytes, got " + bytes.length.toString());
  return bytes;
}
