// ArchivedString (rkyv 0.7): 8 bytes, align 4.
//   inline (≤ 7 UTF-8 bytes): bytes[0..len], zeros, byte 7 = len (high bit clear)
//   out-of-line (≥ 8 bytes):  { len: u32 @0, offset: i32 @4 }, the offset is
//   measured from the START of the string object (not from the offset field),
//   and the raw bytes are written earlier, unaligned, with no terminator.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { pushResolver, takeResolver } from "./resolvers";
import { utf8Invalid, utf8Decode, utf8Encode, utf8Length, utf8PackShort, inlineIsAscii, inlineAsciiDecode } from "./utf8";
import * as E from "./errors";
import { Utf8String } from "../utf8-string";

export const INLINE_MAX: u32 = 7;

// UTF-8 never has fewer bytes than the UTF-16 string has units, so a string
// of more than INLINE_MAX units is always out-of-line; only shorter ones need
// their exact length to decide, and utf8PackShort gives it (with the inline
// bytes) in one short pass.

/** The out-of-line object at `at`: byte count, then the bytes' offset from the object's start. */
// @ts-ignore: decorator
@inline function storeOutOfLine(w: ArchiveWriter, at: u32, bytesAt: u32, n: u32): void {
  const p = w.base + <usize>at;
  store<u32>(p, n);
  store<i32>(p, <i32>bytesAt - <i32>at, 4);
}

/**
 * Out-of-line strings write their bytes now and push two resolvers: where the
 * bytes are and how many, so stringResolve need not measure the string again.
 */
// The string arrives as an address, not a reference: a managed parameter would be spilled to the
// incremental runtime's shadow stack (16 gas a store) around every call made here.
export function stringDeps(w: ArchiveWriter, src: usize): void {
  const units = <u32>changetype<string>(src).length;
  if (units <= INLINE_MAX && <u32>(utf8PackShort(src, units) >> 56) <= INLINE_MAX) return;
  pushResolver(w.pos);
  pushResolver(stringBytes(w, src, units));
}

/** Writes the UTF-8 of `units` units at `src` from `w.pos` on; returns the byte count. */
function stringBytes(w: ArchiveWriter, src: usize, units: u32): u32 {
  const at = w.pos;
  let n: u32;
  if (<u64>at + <u64>units * 3 <= <u64>w.capacity) {
    // The worst case (3 bytes per unit) fits: encode without measuring first.
    n = utf8Encode(src, units, w.base + <usize>at);
  } else {
    // Near the end of the buffer: measure, fail as before if it does not fit.
    n = utf8Length(src, units);
    w.ensure(at, n);
    utf8Encode(src, units, w.base + <usize>at);
  }
  w.pos = at + n;
  return n;
}

/** Writes the 8-byte object at `at` (region already zeroed). */
export function stringResolve(w: ArchiveWriter, at: u32, src: usize): void {
  const p = w.base + <usize>at;
  const units = <u32>changetype<string>(src).length;
  if (units <= INLINE_MAX) {
    // Bytes, zero padding and the length byte in one i64 store.
    const packed = utf8PackShort(src, units);
    if (<u32>(packed >> 56) <= INLINE_MAX) {
      store<u64>(p, packed);
      return;
    }
  }
  const bytesAt = takeResolver();
  storeOutOfLine(w, at, bytesAt, takeResolver());
}

/** Validates the string object at `at` and claims its out-of-line bytes. */
export function stringCheck(r: ArchiveReader, at: u32): bool {
  const p = r.base + <usize>at;
  const tagByte = load<u8>(p, 7);
  if ((tagByte & 0x80) == 0) {
    if (<u32>tagByte > INLINE_MAX) return r.fail(E.ERR_INLINE_STRING_LEN, at, tagByte);
    if (inlineIsAscii(p, tagByte)) return true;
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
    return inlineIsAscii(p, tagByte) ? inlineAsciiDecode(p, tagByte) : utf8Decode(p, tagByte);
  }
  const n = load<u32>(p);
  return utf8Decode(<usize>(<i64>p + <i64>load<i32>(p, 4)), n);
}

// Utf8String (../utf8-string.ts) has the same archived form; its bytes need no transcoding.

export function utf8StringDeps(w: ArchiveWriter, src: usize): void {
  const n = <u32>changetype<Utf8String>(src).byteLength;
  if (n <= INLINE_MAX) return;
  pushResolver(w.writeBytes(src, n));
  pushResolver(n);
}

/** Writes the 8-byte object at `at` (region already zeroed). */
export function utf8StringResolve(w: ArchiveWriter, at: u32, src: usize): void {
  const p = w.base + <usize>at;
  const n = <u32>changetype<Utf8String>(src).byteLength;
  if (n <= INLINE_MAX) {
    memory.copy(p, src, n);
    store<u8>(p, <u8>n, 7);
    return;
  }
  const bytesAt = takeResolver();
  storeOutOfLine(w, at, bytesAt, takeResolver());
}

/** Decodes a validated string object at `at` (stringCheck) without transcoding. */
export function utf8StringRead(r: ArchiveReader, at: u32): Utf8String {
  const p = r.base + <usize>at;
  const tagByte = load<u8>(p, 7);
  if ((tagByte & 0x80) == 0) return Utf8String.fromRawUnchecked(p, tagByte);
  return Utf8String.fromRawUnchecked(<usize>(<i64>p + <i64>load<i32>(p, 4)), load<u32>(p));
}

/**
 * A string as the archive root: its out-of-line bytes, then the object, written directly (the
 * positions are at hand, so the resolver stack is not needed). `src` is a `string` when `utf16`,
 * else a Utf8String. Returns the archive's end.
 */
export function stringRoot(w: ArchiveWriter, src: usize, utf16: bool): u32 {
  if (utf16) {
    const units = <u32>changetype<string>(src).length;
    if (units <= INLINE_MAX) {
      const packed = utf8PackShort(src, units);
      if (<u32>(packed >> 56) <= INLINE_MAX) {
        store<u64>(w.base + <usize>w.reserve(8, 4, false), packed);
        return w.pos;
      }
    }
    const bytesAt = w.pos;
    const n = stringBytes(w, src, units);
    storeOutOfLine(w, w.reserve(8, 4, false), bytesAt, n);
    return w.pos;
  }
  const n = <u32>changetype<Utf8String>(src).byteLength;
  if (n <= INLINE_MAX) {
    const p = w.base + <usize>w.reserve(8, 4, true);
    memory.copy(p, src, n);
    store<u8>(p, <u8>n, 7);
    return w.pos;
  }
  // Bytes, zero padding to 4, then the object: one bounds check and one store of `pos`.
  const bytesAt = w.pos;
  const padded = (<u64>bytesAt + <u64>n + 3) & ~3; // u64: no wrap before the bounds check
  w.ensure(bytesAt, <u32>(padded + 8 - <u64>bytesAt));
  const at = <u32>padded;
  const p = w.base + <usize>bytesAt;
  memory.copy(p, src, n);
  memory.fill(p + n, 0, at - bytesAt - n);
  storeOutOfLine(w, at, bytesAt, n);
  w.pos = at + 8;
  return at + 8;
}

