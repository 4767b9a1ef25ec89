// Utf8String: a string kept as UTF-8, archived exactly like Rust's `String` (rkyv 0.7).
//
// AssemblyScript's `string` is UTF-16, so every `string` argument or result is transcoded
// (about 11 gas per ASCII character each way, more for other characters). A contract that
// only stores, compares or forwards text can take `Utf8String` instead: decoding is the
// UTF-8 check plus one allocation and one `memory.copy` (1 gas at any length), encoding is
// one `memory.copy`, the same work a Rust contract does.
//
// Like `String`, the object is a single allocation whose payload is the bytes themselves
// (the byte count is the runtime header's rtSize), so there is no second buffer to allocate
// and nothing for the collector to trace.

import { OBJECT, TOTAL_OVERHEAD } from "rt/common";
import { utf8Invalid, utf8Decode, utf8Encode, utf8Length } from "./codec/utf8";
import { panicStr } from "./panic";

/**
 * A string kept as UTF-8, archived exactly like Rust's `String` (rkyv 0.7). Taking and returning it
 * instead of `string` avoids UTF-16 transcoding (about 11 gas per ASCII character each way) for text a
 * contract only stores, compares or forwards.
 */
@final
export class Utf8String {
  /** A copy of `len` bytes at `ptr`, not checked: the caller has validated them as UTF-8. */
  static fromRawUnchecked(ptr: usize, len: u32): Utf8String {
    const out = __new(<usize>len, idof<Utf8String>());
    memory.copy(out, ptr, len);
    return changetype<Utf8String>(out);
  }

  /** The UTF-8 form of an AssemblyScript string (lone surrogates become U+FFFD, as TextEncoder does). */
  static fromString(s: string): Utf8String {
    const units = <u32>s.length;
    const src = changetype<usize>(s);
    const n = utf8Length(src, units);
    const out = __new(<usize>n, idof<Utf8String>());
    utf8Encode(src, units, out);
    // The encoder writes a lone surrogate as its 3-byte WTF-8 form (ED A0..BF xx), the only
    // invalid sequence it can produce; U+FFFD is 3 bytes too, so it is patched in place.
    let at: u32 = 0;
    while (at < n) {
      const bad = utf8Invalid(out + at, n - at);
      if (bad < 0) break;
      at += <u32>bad;
      store<u16>(out + at, 0xBFEF);
      store<u8>(out + at, 0xBD, 2);
      at += 3;
    }
    return changetype<Utf8String>(out);
  }

  /** A copy of `bytes`; panics (naming the offset) when they are not valid UTF-8. */
  static fromBytes(bytes: Uint8Array): Utf8String {
    const bad = utf8Invalid(bytes.dataStart, <u32>bytes.length);
    if (bad >= 0) panicStr("Utf8String.fromBytes: invalid UTF-8 at byte " + bad.toString());
    return Utf8String.fromRawUnchecked(bytes.dataStart, <u32>bytes.length);
  }

  /** Number of UTF-8 bytes. */
  get byteLength(): i32 {
    return changetype<OBJECT>(changetype<usize>(this) - TOTAL_OVERHEAD).rtSize;
  }

  /** Address of the first byte (valid while this object is alive). */
  get dataStart(): usize {
    return changetype<usize>(this);
  }

  /** True when the string has no bytes. */
  get isEmpty(): bool {
    return this.byteLength == 0;
  }

  /** The text as an AssemblyScript (UTF-16) string. */
  toString(): string {
    return utf8Decode(changetype<usize>(this), <u32>this.byteLength);
  }

  /** A copy of the bytes. */
  toBytes(): Uint8Array {
    const n = this.byteLength;
    const out = new Uint8Array(n);
    memory.copy(out.dataStart, changetype<usize>(this), n);
    return out;
  }

  /** Same bytes. (`==` compares references, as for every class; use this for content.) */
  equals(other: Utf8String): bool {
    const n = this.byteLength;
    return n == other.byteLength && memory.compare(changetype<usize>(this), changetype<usize>(other), n) == 0;
  }

  /** Byte-wise order, which for UTF-8 is code point order (Rust's `Ord for String`). */
  compare(other: Utf8String): i32 {
    const a = this.byteLength;
    const b = other.byteLength;
    const c = memory.compare(changetype<usize>(this), changetype<usize>(other), <usize>min(a, b));
    return c != 0 ? c : a - b;
  }
}
