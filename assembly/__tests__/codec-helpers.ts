// Shared helpers for the codec specs: hex <-> memory, and encode/decode
// assertions against vector bytes. Buffers are 16-aligned static areas, like
// the 8-aligned argbuf (alignment is checked relative to the buffer start).

import { encode, validate, decode, encodeWith, ArchiveWriter } from "../codec";

export const CAP: u32 = 16384;
export const IN: usize = memory.data(16384, 16);
export const OUT: usize = memory.data(16384, 16);

/** Length of the archive last loaded into IN (read by capture-free closures). */
export let inLen: u32 = 0;

function nibble(c: i32): u32 {
  return c <= 57 ? <u32>(c - 48) : <u32>(c - 87);
}

/** Writes `hex` into IN and returns its byte length. */
export function loadHex(hex: string): u32 {
  const n = <u32>hex.length >> 1;
  for (let i: u32 = 0; i < n; i++) {
    store<u8>(IN + i, <u8>((nibble(hex.charCodeAt(i * 2)) << 4) | nibble(hex.charCodeAt(i * 2 + 1))));
  }
  inLen = n;
  return n;
}

export function toHex(ptr: usize, len: u32): string {
  const digits = "0123456789abcdef";
  let s = "";
  for (let i: u32 = 0; i < len; i++) {
    const b = <i32>load<u8>(ptr + i);
    s += digits.charAt(b >> 4) + digits.charAt(b & 15);
  }
  return s;
}

/** encode(v) must give exactly `hex`. */
export function expectEncodes<T>(v: T, hex: string): void {
  const n = encode<T>(v, OUT, CAP);
  expect(toHex(OUT, n)).toBe(hex);
}

/** `hex` must validate as T; returns the decoded value, after checking that it re-encodes to `hex`. */
export function expectDecodes<T>(hex: string): T {
  const n = loadHex(hex);
  const err = validate<T>(IN, n);
  expect(err).toBeNull();
  const v = decode<T>(IN, n);
  const m = encode<T>(v, OUT, CAP);
  expect(toHex(OUT, m)).toBe(hex);
  return v;
}

/** Both directions at once. */
export function roundTrip<T>(v: T, hex: string): T {
  expectEncodes<T>(v, hex);
  return expectDecodes<T>(hex);
}

/** `hex` must be rejected by validation (without aborting). */
export function expectRejects<T>(hex: string): string {
  const n = loadHex(hex);
  const err = validate<T>(IN, n);
  expect(err).not.toBeNull();
  return err !== null ? err : "";
}

export function seq(n: i32, start: i32 = 0): Array<u8> {
  const a = new Array<u8>(n);
  for (let i = 0; i < n; i++) a[i] = <u8>(start + i);
  return a;
}

export function seqStatic(n: i32, start: i32 = 0): StaticArray<u8> {
  const a = new StaticArray<u8>(n);
  for (let i = 0; i < n; i++) a[i] = <u8>(start + i);
  return a;
}

export function filled(n: i32, b: u8): StaticArray<u8> {
  const a = new StaticArray<u8>(n);
  for (let i = 0; i < n; i++) a[i] = b;
  return a;
}

export function writerAt(base: usize, cap: u32): ArchiveWriter {
  return new ArchiveWriter(base, cap);
}

export { encodeWith };
