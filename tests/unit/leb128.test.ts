// Signed LEB128 as the wasm binary format defines it (host-sim/wasm/bytes.ts): byte sequences
// worked out by hand, both the double-precision fast paths and the BigInt path, and rejections.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteReader, ByteWriter, WasmDecodeError } from "../../host-sim/wasm/bytes.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytes = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

// value → encoding: 7 bits per byte, low first, high bit = more; the last byte's bit 6 is the sign
const KNOWN: Array<[bigint, string]> = [
  [0n, "00"],
  [63n, "3f"],
  [64n, "c000"],
  [-1n, "7f"],
  [-64n, "40"],
  [-65n, "bf7f"],
  [624485n, "e58e26"],
  [-123456n, "c0bb78"],
  [2147483647n, "ffffffff07"],
  [-2147483648n, "8080808078"],
  [65536n - 4n, "fcff03"],
  [-(1n << 40n), "808080808060"],
  [(1n << 53n) - 1n, "ffffffffffffff0f"],
  [1n << 53n, "8080808080808010"],
  [-(1n << 53n), "8080808080808070"],
  [(1n << 63n) - 1n, "ffffffffffffffffff00"],
  [-(1n << 63n), "8080808080808080807f"],
];

test("s64 writes and reads the hand-worked encodings, on both sides of 2^53", () => {
  for (const [v, h] of KNOWN) {
    assert.equal(hex(new ByteWriter().s64(v).finish()), h, `write ${v}`);
    const r = new ByteReader(bytes(h));
    assert.equal(r.s64(), v, `read ${h}`);
    assert.ok(r.eof);
    const skip = new ByteReader(bytes(h));
    skip.skipS64();
    assert.equal(skip.pos, h.length / 2, `skip ${h}`);
  }
});

test("s32 writes and reads the 32-bit ones, and s33 reads block-type indices", () => {
  for (const [v, h] of KNOWN) {
    if (v < -(1n << 31n) || v >= 1n << 31n) continue;
    assert.equal(hex(new ByteWriter().s32(Number(v)).finish()), h);
    assert.equal(new ByteReader(bytes(h)).s32(), Number(v));
  }
  assert.equal(new ByteReader(bytes("ffffffff0f")).s33(), 4294967295);
  assert.equal(new ByteReader(bytes("40")).s33(), -64);
});

test("s64 round-trips values of every width", () => {
  for (let bits = 0; bits < 64; bits++) {
    for (const v of [1n << BigInt(bits), (1n << BigInt(bits)) - 1n, -(1n << BigInt(bits)), -(1n << BigInt(bits)) + 1n, (1n << BigInt(bits)) / 3n]) {
      const enc = new ByteWriter().s64(v).finish();
      const r = new ByteReader(enc);
      assert.equal(r.s64(), BigInt.asIntN(64, v), `${v}`);
      assert.ok(r.eof);
    }
  }
});

test("over-wide and overlong encodings are rejected", () => {
  const rejects = (h: string, read: (r: ByteReader) => unknown, why: RegExp) =>
    assert.throws(() => read(new ByteReader(bytes(h))), (e: unknown) => e instanceof WasmDecodeError && why.test(e.message), h);
  rejects("ffffffff0f", (r) => r.s32(), /s32 LEB128 out of range/); // 2^32 − 1
  rejects("8080808070", (r) => r.s32(), /s32 LEB128 out of range/); // −2^32
  rejects("808080808000", (r) => r.s32(), /s32 LEB128 too long/);
  rejects("ffffffff1f", (r) => r.s33(), /s33 LEB128 out of range/);
  rejects("80808080808080808001", (r) => r.s64(), /s64 LEB128 out of range/); // 2^63
  rejects("80808080808080808001", (r) => r.skipS64(), /s64 LEB128 out of range/);
  rejects("8080808080808080808000", (r) => r.s64(), /s64 LEB128 too long/);
  rejects("8080", (r) => r.s64(), /unexpected end/);
});
