import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CodecError, decode, encode, parseType, type RType } from "../../host-sim/codec/index.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, "hex"));
const rejects = (t: RType, bytes: Uint8Array, pattern: RegExp): void => {
  assert.throws(() => decode(t, bytes), (e: unknown) => e instanceof CodecError && pattern.test(e.message));
};

describe("codec archives: B-tree maps", () => {
  it("600 u64 entries: three leaves under an inner root, as in the vector", () => {
    const t = parseType("BTreeMap<u64, u64>");
    const m = new Map(Array.from({ length: 600 }, (_, i) => [BigInt(i), BigInt(i * 1000)]));
    const b = encode(t, m);
    assert.equal(b.length, 9704);
    assert.deepEqual(decode(t, b), m);
  });

  it("two leaves under a one-entry inner root (rkyv 0.7 allows a single inner entry)", () => {
    const t = parseType("BTreeMap<u64, u64>");
    const m = new Map(Array.from({ length: 300 }, (_, i) => [BigInt(i), 1n]));
    const b = encode(t, m);
    // leaves of 256 and 44 entries, then a 12-byte header + 4 pad + one 16-byte entry, then the map
    assert.equal(b.length, 16 + 256 * 16 + 16 + 44 * 16 + 32 + 8);
    assert.equal(new DataView(b.buffer).getUint16(b.length - 40 + 8, true), 0x8001);
    assert.deepEqual(decode(t, b), m);
  });

  it("two inner levels (140 000 entries) round-trip and validate", () => {
    const t = parseType("BTreeMap<u64, u32>");
    const m = new Map(Array.from({ length: 140_000 }, (_, i) => [BigInt(i * 3), i]));
    const b = encode(t, m);
    const back = decode(t, b) as Map<bigint, number>;
    assert.equal(back.size, m.size);
    assert.deepEqual([...back.keys()].slice(0, 5), [0n, 3n, 6n, 9n, 12n]);
    assert.deepEqual(back, m);
  });

  it("long string keys are repeated in inner nodes and sorted by UTF-8 bytes", () => {
    const t = parseType("BTreeMap<String, Vec<u8>>");
    const m = new Map<string, Uint8Array>();
    for (let i = 0; i < 400; i++) m.set(`key number ${String(i).padStart(4, "0")} with padding`, Uint8Array.of(i & 255, 1, 2));
    m.set("\u{1f980}", Uint8Array.of(9));
    m.set("\uffff", Uint8Array.of(8));
    const back = decode(t, encode(t, m)) as Map<string, Uint8Array>;
    const keys = [...back.keys()];
    assert.deepEqual(keys.slice(-2), ["\uffff", "\u{1f980}"]); // U+FFFF < U+1F980 in UTF-8 order
    assert.deepEqual(back, m);
  });

  it("encodes from unsorted input, Maps or pair arrays, and rejects duplicates", () => {
    const t = parseType("BTreeMap<u32, bool>");
    const a = encode(t, new Map([[3, true], [1, false]]));
    assert.equal(hex(a), hex(encode(t, [[1, false], [3, true]])));
    assert.throws(() => encode(t, [[1, true], [1, false]]), CodecError);
    const s = parseType("BTreeSet<String>");
    assert.deepEqual([...(decode(s, encode(s, ["b", "a", "c"])) as Set<string>)], ["a", "b", "c"]);
  });

  it("rejects a tampered leaf link and a wrong length", () => {
    const t = parseType("BTreeMap<u64, u64>");
    const b = encode(t, new Map(Array.from({ length: 600 }, (_, i) => [BigInt(i), 0n])));
    const badLen = b.slice();
    new DataView(badLen.buffer).setUint32(b.length - 8, 601, true);
    rejects(t, badLen, /entries/);
    const badLink = b.slice();
    // leaf at 4112 links to the leaf at 0; point it at itself instead
    new DataView(badLink.buffer).setInt32(4112 + 4, 0, true);
    rejects(t, badLink, /linked/);
  });
});

describe("codec archives: validation details", () => {
  it("rejects an inline string length above 7 but accepts a short out-of-line string", () => {
    const t = parseType("String");
    rejects(t, unhex("6162636465666708"), /inline string length 8/);
    assert.equal(decode(t, unhex("6162000002000000fcffffff")), "ab");
  });

  it("rejects NonZero 0, bad Result tags and trailing bytes that move the root", () => {
    rejects(parseType("NonZeroU32"), unhex("00000000"), /NonZero/);
    rejects(parseType("Result<u8, u8>"), unhex("0200"), /invalid tag/);
    rejects(parseType("bool"), unhex("0102"), /bool/);
  });

  it("tuple children are validated from the last element to the first", () => {
    const t = parseType("(String, String)");
    const b = encode(t, ["first long string", "second long string"]);
    assert.deepEqual(decode(t, b), ["first long string", "second long string"]);
    // Swap the two out-of-line byte runs' pointers: now in first-to-last order, which is rejected.
    const swapped = b.slice();
    const dv = new DataView(swapped.buffer);
    const root = b.length - 16;
    dv.setUint32(root, 18, true);
    dv.setInt32(root + 4, -root, true);
    dv.setUint32(root + 8, 17, true);
    dv.setInt32(root + 12, 18 - (root + 8), true);
    rejects(t, swapped, /subtree pointer/);
  });

  it("a too-short archive is an error, not an out-of-bounds read", () => {
    rejects(parseType("u64"), unhex("0102"), /too short/);
    rejects(parseType("Vec<u32>"), unhex("f0ffffff01000000"), /out of bounds/);
  });

  it("huge counts of zero-sized elements are refused quickly", () => {
    rejects(parseType("Vec<()>"), unhex("00000000ffffffff"), /zero-sized/);
    assert.deepEqual(decode(parseType("Vec<()>"), unhex("0000000003000000")), [null, null, null]);
    // Many vectors of many units: the budget is per archive, not per vector.
    const nested = new Uint8Array(8 * 1001);
    const dv = new DataView(nested.buffer);
    for (let k = 0; k < 1000; k++) {
      dv.setInt32(8 * k, -8 * k, true); // all point at 0, the only place the window allows
      dv.setUint32(8 * k + 4, 1 << 19, true);
    }
    dv.setInt32(8000, -8000, true);
    dv.setUint32(8004, 1000, true);
    rejects(parseType("Vec<Vec<()>>"), nested, /zero-sized/);
  });

  it("deep recursion through Box decodes or fails with CodecError, never a RangeError", () => {
    const t = parseType("enum List { Nil, Cons(u32, Box<List>) }");
    let v: unknown = "Nil";
    for (let i = 0; i < 400; i++) v = { variant: "Cons", fields: [i, v] };
    assert.deepEqual(decode(t, encode(t, v)), v);
    let deep: unknown = "Nil";
    for (let i = 0; i < 5000; i++) deep = { variant: "Cons", fields: [i, deep] };
    assert.throws(() => encode(t, deep), CodecError);
    // A hand-built 5000-deep archive: each node is {tag, pad, u32, rel} and points at the previous one.
    const bytes = new Uint8Array(12 * 5001);
    const dv = new DataView(bytes.buffer);
    for (let k = 1; k <= 5000; k++) {
      dv.setUint8(12 * k, 1);
      dv.setUint32(12 * k + 4, k, true);
      dv.setInt32(12 * k + 8, -(12 * k + 8) + 12 * (k - 1), true);
    }
    assert.throws(() => decode(t, bytes), CodecError);
  });

  it("nested options use {some} for the inner level", () => {
    const t = parseType("Option<Option<u8>>");
    assert.equal(hex(encode(t, { some: null })), "010000");
    assert.equal(hex(encode(t, { some: 5 })), "010105");
    assert.deepEqual(decode(t, unhex("010105")), { some: 5 });
    assert.throws(() => encode(t, 5), /some/);
  });

  it("wrong JS values give path-named errors", () => {
    const t = parseType("struct P { name: String, amounts: Vec<u64> }");
    assert.throws(() => encode(t, { name: "x", amounts: [1n, "2"] }), (e: unknown) => e instanceof CodecError && e.path === "root.amounts[1]");
    assert.throws(() => encode(t, { name: "x" }), /missing field amounts/);
    assert.throws(() => encode(parseType("u8"), 256), /out of range/);
    assert.throws(() => encode(parseType("char"), "ab"), /one-character/);
    assert.throws(() => encode(parseType("String"), "\ud800"), /surrogate/);
  });

  it("Node Buffers and unaligned views decode like plain arrays", () => {
    const t = parseType("Vec<String>");
    const b = encode(t, ["a long string value", "x"]);
    const buf = Buffer.alloc(b.length + 16);
    buf.set(b, 16);
    assert.deepEqual(decode(t, buf.subarray(16)), ["a long string value", "x"]);
    const out = decode(parseType("Vec<u8>"), Buffer.from(encode(parseType("Vec<u8>"), Uint8Array.of(1, 2))));
    assert.ok(out instanceof Uint8Array && !Buffer.isBuffer(out));
  });
});
