// Values held as their archived bytes: a fixed-size Rust type whose `Archived<T>` a contract keeps
// as it is (dusk-core's keys, signatures and scalars, assembly/dusk), so that it passes through
// host queries and other contracts unchanged. Writing one is a copy, reading one is a copy into a
// new object, validating one checks its dusk-bls12_381 `Choice` byte, if it has one.
//
// Such a class has an `archived: StaticArray<u8>` field, a constructor taking those bytes as its
// one argument, and an `@inline __archivedBytes(): u64` member giving its layout (see
// archivedBytesLayout) as a compile-time constant, which the dispatcher (dispatch.ts) selects it by:
//
//   export class Key {
//     archived: StaticArray<u8>;
//     constructor(archived: StaticArray<u8> = new StaticArray<u8>(40)) { this.archived = sized(archived, 40, "Key"); }
//     // @ts-ignore: decorator
//     @inline __archivedBytes(): u64 { return archivedBytesLayout(40, 8, 32); }  // a Choice at byte 32
//   }
//
// Not a base class: a constructor chained through one costs every construction gas.

import { ArchiveReader } from "./reader";
import { archivedNiche, checkAt } from "./dispatch";

// The packing of a layout: size in the low 32 bits, alignment in the next 8, the Choice byte's
// offset + 1 (0: no Choice) above them.
const ALIGN_SHIFT: u64 = 32;
const CHOICE_SHIFT: u64 = 40;

/**
 * The archived layout of a class held as its archived bytes, for its `__archivedBytes` member:
 * `size` bytes at alignment `align`, with a `Choice` (0 or 1; its 254 other values are the niche
 * rustc's layouts use) at byte `choiceAt`, or none when it is omitted.
 */
// @ts-ignore: decorator
@inline export function archivedBytesLayout(size: u32, align: u32, choiceAt: i32 = -1): u64 {
  return <u64>size | (<u64>align << ALIGN_SHIFT) | (<u64>(choiceAt + 1) << CHOICE_SHIFT);
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
  return <u32>((changetype<T>(0).__archivedBytes() >> ALIGN_SHIFT) & 0xff);
}

/** Whether a class `T` held as its archived bytes has a Choice byte. */
// @ts-ignore: decorator
@inline export function archivedBytesHasChoice<T>(): bool {
  // @ts-ignore: member of the classes held as their archived bytes
  return (changetype<T>(0).__archivedBytes() >> CHOICE_SHIFT) != 0;
}

/** The niche of a class `T` held as its archived bytes: its Choice byte's, a bool's, if it has one. */
// @ts-ignore: decorator
@inline export function archivedBytesNiche<T>(): u32 {
  return archivedBytesHasChoice<T>() ? archivedNiche<bool>() : 0;
}

/** The offset of the Choice byte of a class `T` held as its archived bytes (0 when it has none). */
// @ts-ignore: decorator
@inline export function archivedBytesChoiceAt<T>(): u32 {
  // @ts-ignore: member of the classes held as their archived bytes
  const c = <u32>(changetype<T>(0).__archivedBytes() >> CHOICE_SHIFT);
  return c == 0 ? 0 : c - 1;
}

/** Copies `bytes`, the archived bytes of a value, to `dst`, its place in the archive being written. */
export function archivedBytesWrite(dst: usize, bytes: StaticArray<u8>): void {
  memory.copy(dst, changetype<usize>(bytes), <usize>bytes.length);
}

/** Validates the archived `T` at `at`: dusk-bls12_381's `Choice` is checked as a bool is, 0 or 1. */
export function archivedBytesCheck<T>(r: ArchiveReader, at: u32): bool {
  if (!archivedBytesHasChoice<T>()) return true;
  return checkAt<bool>(r, at + archivedBytesChoiceAt<T>());
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
