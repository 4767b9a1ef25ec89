// ArchivedString (rkyv 0.7): 8 bytes, align 4.
//   inline (≤ 7 UTF-8 bytes): bytes[0..len], zeros, byte 7 = len (high bit clear)
//   out-of-line (≥ 8 bytes):  { len: u32 @0, offset: i32 @4 }, the offset is
//   measured from the START of the string object (not from the offset field),
//   and the raw bytes are written earlier, unaligned, with no terminator.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { pushResolver, takeResolver } from "./resolvers";
import { utf8Invalid } from "./utf8";
import * as E from "./errors";

export const INLINE_MAX: u32 = 7;

/** UTF-8 length of `s` (lone surrogates count as U+FFFD, as String.UTF8 does). */
// @ts-ignore: decorator
@inline function utf8Len(s: string): u32 {
  return <u32>String.UTF8.byteLength(s, false);
}

/** Out-of-line strings write their bytes now and remember where. */
export function stringDeps(w: ArchiveWriter, s: string): void {
  const n = utf8Len(s);
  if (n <= INLINE_MAX) return;
  const at = w.pos;
  w.ensure(at, n);
  String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, w.base + <usize>at, false);
  w.pos = at + n;
  pushResolver(at);
}

/** Writes the 8-byte object at `at` (region already zeroed). */
export function stringResolve(w: ArchiveWriter, at: u32, s: string): void {
  const n = utf8Len(s);
  const p = w.base + <usize>at;
  if (n <= INLINE_MAX) {
    if (n != 0) String.UTF8.encodeUnsafe(changetype<usize>(s), s.length, p, false);
    store<u8>(p, <u8>n, 7);
    return;
  }
  const bytesAt = takeResolver();
  store<u32>(p, n);
  store<i32>(p, <i32>bytesAt - <i32>at, 4);
}

/** Validates the string object at `at` and claims its out-of-line bytes. */
export function stringCheck(r: ArchiveReader, at: u32): bool {
  const p = r.base + <usize>at;
  const tagByte = load<u8>(p, 7);
  if ((tagByte & 0x80) == 0) {
    if (<u32>tagByte > INLINE_MAX) return r.fail(E.ERR_INLINE_STRING_LEN, at, tagByte);
    const bad = utf8Invalid(p, tagByte);
    return bad < 0 ? true : r.fail(E.ERR_UTF8, at, bad);
  }
  const n = load<u32>(p);
  const t = r.target(at + 4, at, n, 1);
  if (t < 0) return false;
  const bad = utf8Invalid(r.base + <usize>t, n);
  if (bad >= 0) return r.fail(E.ERR_UTF8, <u32>t, bad);
  // Bytes have no children: claiming them only advances the window.
  r.leave(<u32>t, n, r.hi);
  return true;
}

/** Decodes a validated string object at `at`. */
export function stringRead(r: ArchiveReader, at: u32): string {
  const p = r.base + <usize>at;
  const tagByte = load<u8>(p, 7);
  if ((tagByte & 0x80) == 0) {
    if (tagByte == 0) return "";
    return String.UTF8.decodeUnsafe(p, tagByte, false);
  }
  const n = load<u32>(p);
  return String.UTF8.decodeUnsafe(<usize>(<i64>p + <i64>load<i32>(p, 4)), n, false);
}
