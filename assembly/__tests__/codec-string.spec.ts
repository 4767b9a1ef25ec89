// Edges of the string codec's word-at-a-time paths (assembly/codec/utf8.ts):
// lengths around the 4/8/16 boundaries, ASCII runs broken by a non-ASCII
// character at every position, invalid UTF-8 at every position, inline (<= 7
// bytes) vs out-of-line. Each result is compared with an independent
// reference: String.UTF8 (what the codec used before; WTF-8 for lone
// surrogates) for bytes and units, and a code-point validator written here.

import { encode, decode, validate } from "../codec";
import { utf8Invalid, utf8Decode, utf8Encode, utf8Length, utf8PackShort } from "../codec/utf8";
import { OUT, CAP } from "./codec-helpers";

const BUF: usize = memory.data(4096, 16);
const GUARD: u8 = 0xA5;

// Millions of comparisons run here: as-pect keeps every expect(), so they are
// only made for mismatches (which then fail with both values shown).
function same<T>(a: T, b: T): void {
  if (a != b) expect<T>(a).toBe(b);
}
function accepted(m: u32): void {
  const e = validate<string>(OUT, m);
  if (e !== null) expect<string | null>(e).toBeNull();
}
function rejected(m: u32): void {
  if (validate<string>(OUT, m) === null) expect<string | null>(null).not.toBeNull();
}

/** Strict UTF-8, by decoding code points: offset of the first bad sequence, or -1. */
function refInvalid(p: usize, len: u32): i32 {
  let i: u32 = 0;
  while (i < len) {
    const b = <u32>load<u8>(p + i);
    if (b < 0x80) { i++; continue; }
    let need: u32;
    let cp: u32;
    let min: u32;
    if ((b & 0xE0) == 0xC0) { need = 1; cp = b & 0x1F; min = 0x80; }
    else if ((b & 0xF0) == 0xE0) { need = 2; cp = b & 0x0F; min = 0x800; }
    else if ((b & 0xF8) == 0xF0) { need = 3; cp = b & 0x07; min = 0x10000; }
    else return <i32>i;
    if (i + need >= len) return <i32>i;
    for (let k: u32 = 1; k <= need; k++) {
      const c = <u32>load<u8>(p + i + k);
      if ((c & 0xC0) != 0x80) return <i32>i;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return <i32>i;
    i += need + 1;
  }
  return -1;
}

function hexOf(p: usize, n: u32): string {
  let s = "";
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(p + i);
    s += (b < 16 ? "0" : "") + b.toString(16);
  }
  return s;
}

function hexDigit(c: i32): u32 {
  return c <= 57 ? <u32>(c - 48) : <u32>(c - 87);
}

function ascii(n: i32, seed: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(0x21 + (i * 7 + seed) % 94);
  return s;
}

/** s with the unit(s) at `at` replaced by `ins`. */
function splice(s: string, at: i32, ins: string): string {
  return s.substring(0, at) + ins + s.substring(at + 1);
}

/** Encoding: raw bytes as String.UTF8 gives them, nothing written past them, same length. */
function checkEncode(s: string): void {
  const ref = String.UTF8.encode(s);
  const n = <u32>ref.byteLength;
  same(utf8Length(changetype<usize>(s), <u32>s.length), n);
  memory.fill(BUF, GUARD, 256);
  const m = utf8Encode(changetype<usize>(s), <u32>s.length, BUF + 8);
  same(m, n);
  same(hexOf(BUF + 8, n), hexOf(changetype<usize>(ref), n));
  for (let i: u32 = 0; i < 8; i++) same(load<u8>(BUF + i), GUARD);
  for (let i: u32 = 8 + n; i < 256; i++) same(load<u8>(BUF + i), GUARD);
  if (s.length <= 7) {
    const packed = utf8PackShort(changetype<usize>(s), <u32>s.length);
    same(<u32>(packed >> 56), n);
    if (n <= 7) {
      store<u64>(BUF, packed);
      same(hexOf(BUF, n), hexOf(changetype<usize>(ref), n));
      for (let i: u32 = n; i < 7; i++) same(load<u8>(BUF + i), 0);
    }
  }
}

/** The archive of a root String: inline iff <= 7 bytes, exact layout, and it decodes back. */
function checkArchive(s: string): void {
  const ref = String.UTF8.encode(s);
  const n = <u32>ref.byteLength;
  const m = encode<string>(s, OUT, CAP);
  if (n <= 7) {
    same(m, 8);
    same(hexOf(OUT, 7), hexOf(changetype<usize>(ref), n) + "00000000000000".substr(0, <i32>(7 - n) * 2));
    same(load<u8>(OUT, 7), <u8>n);
  } else {
    const obj = (n + 3) & ~3;
    same(m, obj + 8);
    same(hexOf(OUT, n), hexOf(changetype<usize>(ref), n));
    for (let i = n; i < obj; i++) same(load<u8>(OUT + i), 0);
    same(load<u32>(OUT + obj), n);
    same(load<i32>(OUT + obj, 4), -<i32>obj);
  }
  accepted(m);
  same(decode<string>(OUT, m), s);
}

/** Decoding valid UTF-8 bytes: same string as String.UTF8.decode. */
function checkDecode(s: string): void {
  const ref = String.UTF8.encode(s);
  const n = <u32>ref.byteLength;
  memory.copy(BUF, changetype<usize>(ref), n);
  same(utf8Invalid(BUF, n), -1);
  const d = utf8Decode(BUF, n);
  same(d, s);
  same(d.length, s.length);
}

/** Every kind of character, for insertion into ASCII runs. */
const OTHERS: string[] = ["é", "ß", "€", "日", "\uFFFF", "🦀", "\u0080", "\u07FF", "\u0800"];

describe("string codec: word-at-a-time edges", () => {
  it("ASCII of every length 0..40 (inline and out-of-line)", () => {
    for (let n = 0; n <= 40; n++) {
      const s = ascii(n, n);
      checkEncode(s);
      checkArchive(s);
      checkDecode(s);
    }
  });

  it("ASCII runs broken by a non-ASCII character at every position", () => {
    for (let o = 0; o < OTHERS.length; o++) {
      const c = OTHERS[o];
      for (let n = 1; n <= 34; n++) {
        for (let at = 0; at < n; at++) {
          const s = splice(ascii(n, at), at, c);
          checkEncode(s);
          checkArchive(s);
          checkDecode(s);
        }
      }
    }
  });

  it("two non-ASCII characters at every pair of positions mod 8", () => {
    for (let n = 2; n <= 26; n++) {
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n && b < a + 9; b++) {
          const s = splice(splice(ascii(n, a + b), a, "é"), b + 1, "🦀");
          checkEncode(s);
          checkArchive(s);
          checkDecode(s);
        }
      }
    }
  });

  it("non-ASCII runs with ASCII at every position", () => {
    for (let n = 1; n <= 30; n++) {
      let base = "";
      for (let i = 0; i < n; i++) base += (i & 1) ? "€" : "é";
      checkEncode(base);
      checkArchive(base);
      checkDecode(base);
      for (let at = 0; at < n; at++) {
        const s = splice(base, at, "a");
        checkEncode(s);
        checkArchive(s);
        checkDecode(s);
      }
    }
  });

  it("lone surrogates encode as WTF-8, as String.UTF8 does", () => {
    const lone: string[] = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];
    for (let o = 0; o < lone.length; o++) {
      for (let n = 1; n <= 20; n++) {
        for (let at = 0; at < n; at++) {
          const s = splice(ascii(n, at), at, lone[o]);
          checkEncode(s);
          // A lone surrogate at the end, or before ASCII, is not a pair.
          checkEncode(s + lone[o]);
        }
      }
    }
  });

  it("invalid UTF-8 at every position is found where a code-point validator finds it", () => {
    const bad: u8[] = [0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xF8, 0xFF];
    const bases: string[] = [ascii(40, 3), "aé€🦀bcdefghijklmnopqrstuvwxyz0123456789", "éééééééééééééééééééé"];
    for (let bi = 0; bi < bases.length; bi++) {
      const ref = String.UTF8.encode(bases[bi]);
      const total = <u32>ref.byteLength;
      for (let len: u32 = 0; len <= total; len++) {
        for (let at: u32 = 0; at < len; at++) {
          for (let k = 0; k < bad.length; k++) {
            memory.copy(BUF, changetype<usize>(ref), len);
            store<u8>(BUF + at, bad[k]);
            same(utf8Invalid(BUF, len), refInvalid(BUF, len));
          }
        }
        // Unmodified prefixes: valid unless cut inside a character.
        memory.copy(BUF, changetype<usize>(ref), len);
        same(utf8Invalid(BUF, len), refInvalid(BUF, len));
      }
    }
  });

  it("overlongs, surrogates and > U+10FFFF after ASCII runs of every length", () => {
    const seqs: string[] = ["c0af", "e080af", "eda080", "edbfbf", "f08fbfbf", "f4908080", "e282", "f09f98", "c3", "e2ac82", "f09fa680"];
    for (let q = 0; q < seqs.length; q++) {
      const h = seqs[q];
      const sl = <u32>h.length >> 1;
      for (let run: u32 = 0; run <= 20; run++) {
        for (let after: u32 = 0; after <= 9; after += 3) {
          for (let i: u32 = 0; i < run; i++) store<u8>(BUF + i, <u8>(0x41 + i % 26));
          for (let j: u32 = 0; j < sl; j++) store<u8>(BUF + run + j, <u8>((hexDigit(h.charCodeAt(j * 2)) << 4) | hexDigit(h.charCodeAt(j * 2 + 1))));
          for (let i: u32 = 0; i < after; i++) store<u8>(BUF + run + sl + i, 0x61);
          const len = run + sl + after;
          same(utf8Invalid(BUF, len), refInvalid(BUF, len));
        }
      }
    }
  });

  it("invalid inline and out-of-line archives are rejected", () => {
    for (let n = 1; n <= 20; n++) {
      for (let at = 0; at < n; at++) {
        // A root String's bytes start at position 0, inline or not.
        const m = encode<string>(ascii(n, at), OUT, CAP);
        const save = load<u8>(OUT + at);
        store<u8>(OUT + at, 0xFF);
        rejected(m);
        store<u8>(OUT + at, 0xC3); // a lead byte followed by ASCII or by nothing
        rejected(m);
        store<u8>(OUT + at, save);
        accepted(m);
      }
    }
  });
});
