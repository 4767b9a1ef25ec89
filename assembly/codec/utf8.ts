// UTF-8 for the string codec: strict validation, decoding to UTF-16 and
// encoding from UTF-16, priced for Piecrust's gas model.
//
// Why it looks like this: every wasm operator costs 1 gas but an i32 store
// (store8/store16 included) costs 16 and an i64 store 32, so a loop writing
// one character per store pays >= 16 gas per character for the store alone.
// ASCII runs are therefore tested 8 bytes (or 4 UTF-16 units) per i64 load
// with one mask and moved in bulk: encoding narrows 8 units into one i64
// store, decoding copies each byte into the zero-filled new string with a
// memory.copy (flat 1 gas). Tight inner loops keep loop control cheap.
// Non-ASCII characters take a per-character path that produces the exact
// bytes/units String.UTF8 did. SIMD would be cheaper still, but asc builds
// without it, so everything here is plain i64 arithmetic.
//
// Bounds: nothing here reads outside [src, src+len) and nothing writes
// outside the destination range the caller sized (see each function).

/** High bit of every byte: a word of UTF-8 is ASCII iff (w & HI8) == 0. */
// @ts-ignore: decorator
@inline const HI8: u64 = 0x8080808080808080;
/** Bits 7..15 of every UTF-16 unit: four units are ASCII iff (w & HI16) == 0. */
// @ts-ignore: decorator
@inline const HI16: u64 = 0xFF80FF80FF80FF80;

/**
 * Four u16 lanes narrowed to four bytes in the low 32 bits (upper bits are
 * left dirty: callers mask or shift them away). Output byte j is lo(unit j)
 * OR'd with the high byte of unit j or j-1, so it is exact whenever units
 * 0..j are ASCII.
 */
// @ts-ignore: decorator
@inline function narrow4(x: u64): u64 {
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFF;
  return x | (x >> 16);
}

/**
 * Strict UTF-8 validation (as Rust's str::from_utf8): no overlongs, no
 * surrogates, nothing above U+10FFFF, no truncated sequences. Returns -1 when
 * valid, else the offset of the first bad sequence (ASCII skipping never
 * changes which offset that is: it only steps over bytes < 0x80).
 */
export function utf8Invalid(ptr: usize, len: u32): i32 {
  let i: u32 = 0;
  while (i < len) {
    const b0 = <u32>load<u8>(ptr + i);
    if (b0 < 0x80) {
      // The word paths pay off only when b0 starts a run: a lone ASCII byte
      // between multi-byte characters (common in accented text) is cheaper
      // one at a time.
      if (len - i >= 8 && (<u32>load<u8>(ptr + i + 1) & 0x80) != 0) {
        i++;
        continue;
      }
      if (len - i >= 16) {
        // Long ASCII runs: 16 bytes per turn of a tight loop; on leaving it,
        // skip the ASCII bytes before the first high bit.
        let m0: u64 = 0;
        let m1: u64 = 0;
        do {
          m0 = load<u64>(ptr + i) & HI8;
          m1 = load<u64>(ptr + i, 8) & HI8;
          if ((m0 | m1) != 0) break;
          i += 16;
        } while (len - i >= 16);
        if (m0 != 0) i += <u32>ctz(m0) >> 3;
        else if (m1 != 0) i += 8 + (<u32>ctz(m1) >> 3);
        continue;
      }
      if (len - i >= 8) {
        const m = load<u64>(ptr + i) & HI8;
        i += m == 0 ? 8 : <u32>ctz(m) >> 3;
        continue;
      }
      // Under 8 bytes left: everything before i is already valid, so if the
      // last 8 bytes are all ASCII the rest is too (one load, not a loop).
      if (len >= 8 && (load<u64>(ptr + len - 8) & HI8) == 0) return -1;
      i++;
      continue;
    }
    if (b0 - 0xC2 <= 0xDF - 0xC2) {
      // Two-byte sequences first (the commonest in Latin, Greek, Cyrillic):
      // same checks as below, fewer comparisons.
      if (len - i < 2 || (<u32>load<u8>(ptr + i + 1) & 0xC0) != 0x80) return <i32>i;
      i += 2;
      continue;
    }
    let n: u32;
    let lo: u32 = 0x80;
    let hi: u32 = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 2;
      if (b0 == 0xE0) lo = 0xA0; // overlong
      else if (b0 == 0xED) hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 3;
      if (b0 == 0xF0) lo = 0x90; // overlong
      else if (b0 == 0xF4) hi = 0x8F; // > U+10FFFF
    } else {
      return <i32>i;
    }
    if (i + n >= len) return <i32>i; // truncated sequence
    const b1 = <u32>load<u8>(ptr + i + 1);
    if (b1 < lo || b1 > hi) return <i32>i;
    if (n >= 2) {
      if ((<u32>load<u8>(ptr + i + 2) & 0xC0) != 0x80) return <i32>i;
      if (n == 3 && (<u32>load<u8>(ptr + i + 3) & 0xC0) != 0x80) return <i32>i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * Decodes `len` bytes of VALIDATED UTF-8 at `src` into a new string (the
 * same units String.UTF8.decodeUnsafe gives for valid input).
 *
 * The string is allocated at 2*len bytes (one unit per byte at most),
 * zero-filled (one memory.fill) and shrunk at the end. The zeros are what
 * make the ASCII path cheap: an ASCII unit is its byte followed by a zero, so copying the byte
 * alone with memory.copy (1 gas, plus its operands) writes the unit, where a
 * store16 costs 16 and widening bytes to words in registers costs more
 * operators than the copies. High (odd) bytes are therefore only ever written
 * with a unit's real value; copies of bytes that turn out not to be ASCII
 * land on low bytes at or past the current unit and are overwritten in order
 * (or cleared by the final fill).
 *
 * Output never runs ahead of 2*(bytes consumed), so copies for n bytes made
 * while >= n input bytes remain stay inside the allocation; the 4-byte branch
 * checks its input length so that even unvalidated bytes cannot write past
 * the end.
 */
export function utf8Decode(src: usize, len: u32): string {
  const cap = <usize>len << 1;
  const dst = __new(cap, idof<String>());
  // The incremental runtime's __new zero-fills, the minimal one does not.
  memory.fill(dst, 0, cap);
  const end = src + <usize>len;
  // 1 whenever the loop below runs (len != 0), but not a constant to the
  // optimizer: binaryen rewrites a memory.copy of constant size 1 into a
  // load8 + store8, which costs 16 gas instead of 1.
  const one = <usize>(len != 0);
  let s = src;
  let d = dst;
  while (s < end) {
    const c = <u32>load<u8>(s);
    if (c < 0x80) {
      // A lone ASCII byte between multi-byte characters: one copy, no word test.
      if (end - s >= 8 && (<u32>load<u8>(s, 1) & 0x80) != 0) {
        memory.copy(d, s, one);
        s++;
        d += 2;
        continue;
      }
      if (end - s >= 16) {
        // Long ASCII runs: 16 bytes per turn of a tight loop.
        let m0: u64 = 0;
        let m1: u64 = 0;
        do {
          m0 = load<u64>(s) & HI8;
          m1 = load<u64>(s, 8) & HI8;
          if ((m0 | m1) != 0) break;
          copy16(d, s, one);
          s += 16;
          d += 32;
        } while (end - s >= 16);
        if ((m0 | m1) != 0) {
          // k ASCII bytes (possibly 0 after the loop advanced) precede a
          // multi-byte character: copying 16 or 8 at once is cheaper than
          // one at a time when k >= 8 or k >= 4 (junk: see above).
          const k = <usize>(m0 != 0 ? ctz(m0) >> 3 : 8 + (ctz(m1) >> 3));
          if (k >= 8) copy16(d, s, one);
          else if (k >= 4) copy8(d, s, one);
          else if (k != 0) memory.copy(d, s, one);
          const step = k >= 4 ? k : k != 0 ? 1 : 0;
          s += step;
          d += step << 1;
        }
        continue;
      }
      if (end - s >= 8) {
        const m = load<u64>(s) & HI8;
        const k: usize = m == 0 ? <usize>8 : <usize>(ctz(m) >> 3); // >= 2 here
        if (k >= 4) {
          copy8(d, s, one);
          s += k;
          d += k << 1;
          continue;
        }
      } else if (len >= 8 && (load<u64>(end - 8) & HI8) == 0) {
        // Under 8 bytes left and the last 8 input bytes are all ASCII: those
        // among them already decoded are single units right before d, so the
        // copies for all 8, ending at the output's end, rewrite them unchanged.
        const t = d + ((end - s) << 1) - 16;
        copy8(t, end - 8, one);
        d = t + 16;
        break;
      }
      memory.copy(d, s, one);
      s++;
      d += 2;
    } else if (c < 0xE0) {
      store<u16>(d, (c & 0x1F) << 6 | (<u32>load<u8>(s, 1) & 0x3F));
      s += 2;
      d += 2;
    } else if (c < 0xF0) {
      store<u16>(d, (c & 0x0F) << 12 | (<u32>load<u8>(s, 1) & 0x3F) << 6 | (<u32>load<u8>(s, 2) & 0x3F));
      s += 3;
      d += 2;
    } else {
      if (end - s < 4) break; // only unvalidated input gets here
      const cp = ((c & 0x07) << 18 | (<u32>load<u8>(s, 1) & 0x3F) << 12 |
        (<u32>load<u8>(s, 2) & 0x3F) << 6 | (<u32>load<u8>(s, 3) & 0x3F)) - 0x10000;
      store<u32>(d, (cp >> 10 | 0xD800) | ((cp & 0x3FF) | 0xDC00) << 16);
      s += 4;
      d += 4;
    }
  }
  const used = d - dst;
  if (used == cap) return changetype<string>(dst);
  // Shorter than allocated: clear the tail (copied junk) so nothing stale
  // is left in the block past the string's end, then shrink.
  memory.fill(d, 0, cap - used);
  return changetype<string>(__renew(dst, used));
}

/**
 * rkyv's inline string (the 8-byte object at `p`, length byte n <= 7) when
 * its bytes are all ASCII: one load and mask instead of a byte loop.
 */
export function inlineIsAscii(p: usize, n: u32): bool {
  return (load<u64>(p) & HI8 & ((<u64>1 << (<u64>n << 3)) - 1)) == 0;
}

/**
 * Decodes an all-ASCII inline string (n in 1..7 bytes at `p`, see
 * inlineIsAscii): one copy per byte into the zero-filled string, unrolled.
 */
export function inlineAsciiDecode(p: usize, n: u32): string {
  const d = __new(<usize>n << 1, idof<String>());
  memory.fill(d, 0, <usize>n << 1); // high bytes must be 0 (see utf8Decode)
  const one = <usize>(n != 0); // see utf8Decode
  switch (n) {
    case 7: memory.copy(d + 12, p + 6, one);
    case 6: memory.copy(d + 10, p + 5, one);
    case 5: memory.copy(d + 8, p + 4, one);
    case 4: memory.copy(d + 6, p + 3, one);
    case 3: memory.copy(d + 4, p + 2, one);
    case 2: memory.copy(d + 2, p + 1, one);
    case 1: memory.copy(d, p, one);
  }
  return changetype<string>(d);
}

/** Copies bytes s[0..8) to the low bytes of units d[0..8). */
// @ts-ignore: decorator
@inline function copy8(d: usize, s: usize, one: usize): void {
  memory.copy(d, s, one);
  memory.copy(d + 2, s + 1, one);
  memory.copy(d + 4, s + 2, one);
  memory.copy(d + 6, s + 3, one);
  memory.copy(d + 8, s + 4, one);
  memory.copy(d + 10, s + 5, one);
  memory.copy(d + 12, s + 6, one);
  memory.copy(d + 14, s + 7, one);
}

/** Copies bytes s[0..16) to the low bytes of units d[0..16). */
// @ts-ignore: decorator
@inline function copy16(d: usize, s: usize, one: usize): void {
  copy8(d, s, one);
  copy8(d + 16, s + 8, one);
}

/**
 * UTF-8 length of `units` UTF-16 units at `src`, exactly as
 * String.UTF8.byteLength counts it (a lone surrogate is 3 bytes).
 */
export function utf8Length(src: usize, units: u32): u32 {
  const end = src + (<usize>units << 1);
  let s = src;
  let n: u32 = 0;
  while (s < end) {
    if (end - s >= 8 && (load<u64>(s) & HI16) == 0) {
      n += 4;
      s += 8;
      continue;
    }
    const c = <u32>load<u16>(s);
    if (c < 0x80) {
      n += 1;
    } else if (c < 0x800) {
      n += 2;
    } else {
      if ((c & 0xFC00) == 0xD800 && end - s > 2 && (<u32>load<u16>(s, 2) & 0xFC00) == 0xDC00) {
        n += 4;
        s += 4;
        continue;
      }
      n += 3;
    }
    s += 2;
  }
  return n;
}

/**
 * For short strings (the inline case, `units` <= 7): the UTF-8 length and,
 * when it is <= 7, the bytes themselves, packed as rkyv's inline object is
 * laid out (bytes 0..n-1, zeros, byte 7 = n) so one i64 store writes it.
 * Returns (n << 56) | bytes; the bytes are meaningless when n > 7.
 */
export function utf8PackShort(src: usize, units: u32): u64 {
  const end = src + (<usize>units << 1);
  let s = src;
  let acc: u64 = 0;
  let n: u32 = 0;
  while (s < end) {
    const c = <u32>load<u16>(s);
    let v: u32;
    let k: u32;
    if (c < 0x80) {
      v = c;
      k = 1;
    } else if (c < 0x800) {
      v = (c >> 6 | 0xC0) | (c & 0x3F | 0x80) << 8;
      k = 2;
    } else {
      if ((c & 0xFC00) == 0xD800 && end - s > 2) {
        const c2 = <u32>load<u16>(s, 2);
        if ((c2 & 0xFC00) == 0xDC00) {
          const cp = 0x10000 + ((c & 0x3FF) << 10) | (c2 & 0x3FF);
          v = (cp >> 18 | 0xF0) | (cp >> 12 & 0x3F | 0x80) << 8 | (cp >> 6 & 0x3F | 0x80) << 16 | (cp & 0x3F | 0x80) << 24;
          k = 4;
          s += 2;
        } else {
          v = (c >> 12 | 0xE0) | (c >> 6 & 0x3F | 0x80) << 8 | (c & 0x3F | 0x80) << 16;
          k = 3;
        }
      } else {
        // Includes lone surrogates, written as WTF-8 (String.UTF8's default).
        v = (c >> 12 | 0xE0) | (c >> 6 & 0x3F | 0x80) << 8 | (c & 0x3F | 0x80) << 16;
        k = 3;
      }
    }
    if (n + k <= 7) acc |= <u64>v << (<u64>n << 3);
    n += k;
    s += 2;
  }
  return acc | (<u64>n << 56);
}

/** Eight ASCII units (x0, x1) as eight bytes (exact up to the first non-ASCII unit). */
// @ts-ignore: decorator
@inline function narrow8(x0: u64, x1: u64): u64 {
  return (narrow4(x0) & 0xFFFFFFFF) | (narrow4(x1) << 32);
}

/**
 * Encodes `units` UTF-16 units at `src` into `dst` exactly as
 * String.UTF8.encodeUnsafe(src, units, dst) does (WTF-8: a lone surrogate
 * becomes its 3-byte form) and returns the byte count. The caller makes sure
 * that count fits at `dst` (3 * units always does).
 *
 * Every word store lands inside [dst, dst + result): a store covering 8
 * bytes is made only while >= 8 units remain, and 8 units encode to >= 8
 * bytes; bytes it writes past the current character are junk that the next
 * characters' own bytes overwrite.
 */
export function utf8Encode(src: usize, units: u32, dst: usize): u32 {
  const end = src + (<usize>units << 1);
  let s = src;
  let d = dst;
  while (s < end) {
    const c = <u32>load<u16>(s);
    if (c < 0x80) {
      // A lone ASCII unit between non-ASCII ones: one byte, no word test.
      if (end - s >= 16 && <u32>load<u16>(s, 2) >= 0x80) {
        store<u8>(d, c);
        s += 2;
        d += 1;
        continue;
      }
      if (end - s >= 16) {
        // Long ASCII runs: 8 units per turn of a tight loop.
        let x0: u64 = 0;
        let x1: u64 = 0;
        let m: u64 = 0;
        do {
          x0 = load<u64>(s);
          x1 = load<u64>(s, 8);
          m = (x0 | x1) & HI16;
          if (m != 0) break;
          store<u64>(d, narrow8(x0, x1));
          s += 16;
          d += 8;
        } while (end - s >= 16);
        if (m != 0) {
          // k ASCII units (possibly 0 after the loop advanced) precede a
          // non-ASCII one; the word's first k bytes are exact.
          const m0 = x0 & HI16;
          const k = <usize>(m0 != 0 ? ctz(m0) >> 4 : 4 + (ctz(x1 & HI16) >> 4));
          if (k >= 2) {
            store<u64>(d, narrow8(x0, x1));
            s += k << 1;
            d += k;
          } else if (k != 0) {
            store<u8>(d, <u8>x0);
            s += 2;
            d += 1;
          }
        }
        continue;
      }
      // Under 8 units left. If the last 8 units are all ASCII, the ones
      // already written are the single bytes right before d: one word ending
      // at the output's end rewrites them unchanged.
      if (units >= 8) {
        const x0 = load<u64>(end - 16);
        const x1 = load<u64>(end - 8);
        if (((x0 | x1) & HI16) == 0) {
          const t = d + ((end - s) >> 1) - 8;
          store<u64>(t, narrow8(x0, x1));
          d = t + 8;
          break;
        }
      }
      store<u8>(d, c);
      s += 2;
      d += 1;
    } else if (c < 0x800) {
      store<u16>(d, (c >> 6 | 0xC0) | (c & 0x3F | 0x80) << 8);
      s += 2;
      d += 2;
    } else {
      if ((c & 0xFC00) == 0xD800 && end - s > 2) {
        const c2 = <u32>load<u16>(s, 2);
        if ((c2 & 0xFC00) == 0xDC00) {
          const cp = 0x10000 + ((c & 0x3FF) << 10) | (c2 & 0x3FF);
          store<u32>(d, (cp >> 18 | 0xF0) | (cp >> 12 & 0x3F | 0x80) << 8 | (cp >> 6 & 0x3F | 0x80) << 16 | (cp & 0x3F | 0x80) << 24);
          s += 4;
          d += 4;
          continue;
        }
      }
      // Three bytes (lone surrogates too, as WTF-8).
      const v = (c >> 12 | 0xE0) | (c >> 6 & 0x3F | 0x80) << 8 | (c & 0x3F | 0x80) << 16;
      if (end - s > 2) {
        // More units follow and write at least d[3]: one store, not two.
        store<u32>(d, v);
      } else {
        store<u16>(d, v);
        store<u8>(d, v >> 16, 2);
      }
      s += 2;
      d += 3;
    }
  }
  return <u32>(d - dst);
}
