// The argument buffer `A`: Piecrust's exchange area for arguments, results and every host import.
//
// Layout of the static reservation (one block, 8-byte aligned like uplink's `[u64; 8192]`):
//   [A, A + 65536)            the argbuf proper
//   [A + 65536, A + 66560)    reserved for the transform's persisted-globals area (see transform/persist.ts)
// Keeping both in one `memory.data` block means the transform finds the save area from `A` alone.
//
// `memory.data` emits a zero-filled data segment. Binaryen drops it only when optimising, so an -O0
// build would carry ~66 KB of zeros; the piecrust-as transform removes all-zero segments from the module
// itself (sound because Piecrust applies data segments once, to a fresh, zeroed memory). That keeps this
// one declaration right at every optimisation level, with no --memoryBase trick.

import { panicStr } from "./panic";
import { utf8Encode } from "./codec/utf8";

/** Size of the argument buffer, as in piecrust-uplink. */
export const ARGBUF_LEN: i32 = 65536;
/** Bytes reserved after the argbuf for the transform's persisted globals. */
export const PERSIST_AREA_LEN: i32 = 1024;

/** Address of the argbuf. Exported by the contract's entry file as the immutable i32 global `A`. */
export const A: usize = memory.data(65536 + 1024, 8);

// Out of line so the inlined bounds check stays small.
function overflow(): void {
  panicStr("argbuf overflow");
}

/** Panics unless [offset, offset + len) lies inside the argbuf. */
@inline
export function checkArgbuf(offset: u32, len: u32): void {
  if (<u64>offset + <u64>len > <u64>ARGBUF_LEN) overflow();
}

/** Copies `len` bytes from `src` into the argbuf at `offset`. */
export function argbufWrite(offset: u32, src: usize, len: u32): void {
  checkArgbuf(offset, len);
  memory.copy(A + offset, src, len);
}

/** Copies `len` bytes from the argbuf at `offset` to `dst`. */
export function argbufRead(offset: u32, dst: usize, len: u32): void {
  checkArgbuf(offset, len);
  memory.copy(dst, A + offset, len);
}

/** Writes `bytes` into the argbuf at `offset`; returns the end offset. */
export function argbufSetBytes(offset: u32, bytes: Uint8Array): u32 {
  const len = <u32>bytes.length;
  argbufWrite(offset, bytes.dataStart, len);
  return offset + len;
}

/** A copy of argbuf[offset, offset + len). */
export function argbufBytes(offset: u32, len: u32): Uint8Array {
  checkArgbuf(offset, len);
  const out = new Uint8Array(<i32>len);
  memory.copy(out.dataStart, A + offset, len);
  return out;
}

/** Reads a little-endian u64 at `offset`. */
export function argbufLoadU64(offset: u32): u64 {
  checkArgbuf(offset, 8);
  return load<u64>(A + offset);
}

/** Writes a little-endian u64 at `offset`. */
export function argbufStoreU64(offset: u32, value: u64): void {
  checkArgbuf(offset, 8);
  store<u64>(A + offset, value);
}

/** Reads a little-endian u32 at `offset`. */
export function argbufLoadU32(offset: u32): u32 {
  checkArgbuf(offset, 4);
  return load<u32>(A + offset);
}

/** Writes a little-endian u32 at `offset`. */
export function argbufStoreU32(offset: u32, value: u32): void {
  checkArgbuf(offset, 4);
  store<u32>(A + offset, value);
}

/**
 * Writes `s` as UTF-8 into the argbuf at `offset` (for names and topics the host reads from
 * memory: no allocation, where String.UTF8.encode costs ~900 gas for 8 characters); returns the
 * byte count, or -1, writing nothing, when the worst case (3 bytes a unit) might not fit.
 */
export function argbufPutUtf8(offset: u32, s: string): i32 {
  const units = <u32>s.length;
  if (<u64>offset + 3 * <u64>units > <u64>ARGBUF_LEN) return -1;
  return <i32>utf8Encode(changetype<usize>(s), units, A + offset);
}
