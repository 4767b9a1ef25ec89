import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encode, layoutOf, parseType, univariant, type TypeDefs } from "../../host-sim/codec/index.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("codec layout", () => {
  // Sizes and offsets measured with rustc 1.95 (shared/docs/piecrust-vm.md §12.1).
  const tuples: [string, number[], number, number?][] = [
    ["(String, Vec<u8>)", [0, 8], 16],
    ["(ContractId, u64)", [0, 32], 40, 8],
    ["(ContractId, String)", [0, 32], 40],
    ["(ContractId, String, Vec<u8>)", [0, 32, 40], 48],
    ["(u64, u64)", [0, 8], 16],
    ["(i32, i32)", [0, 4], 8],
    ["(ContractId, i32, i32, i32)", [0, 32, 36, 40], 44],
    ["(u8, u64)", [0, 8], 16],
    ["(bool, u64)", [0, 8], 16],
    ["(u64, u64, u64, u64, u64)", [0, 8, 16, 24, 32], 40],
    ["(u8, u16, u32)", [2, 0, 4], 8],
  ];
  for (const [src, offsets, size, align] of tuples) {
    it(`tuple ${src}`, () => {
      const l = layoutOf(parseType(src));
      assert.deepEqual(l.offsets, offsets);
      assert.equal(l.size, size);
      if (align) assert.equal(l.align, align);
    });
  }

  it("enum payloads sit at their own alignment after the tag", () => {
    const l = layoutOf(parseType("Result<bool, ContractError>"));
    assert.equal(l.size, 16);
    assert.deepEqual(l.variants!.map((v) => v.offsets[0]), [1, 4]);
    const u = layoutOf(parseType("Result<u64, ContractError>"));
    assert.deepEqual([u.size, u.variants![0]!.offsets[0]], [16, 8]);
    const a = layoutOf(parseType("Result<[u8; 32], ContractError>"));
    assert.deepEqual([a.size, a.variants![0]!.offsets[0]], [36, 1]);
    assert.equal(layoutOf(parseType("Result<(), ContractError>")).size, 16);
    assert.equal(layoutOf(parseType("ContractError")).size, 12);
  });

  it("Option has no niche optimisation", () => {
    assert.equal(layoutOf(parseType("Option<[u8; 33]>")).size, 34);
    const t = parseType("Option<i16>");
    assert.equal(hex(encode(t, 0x11)), "01001100");
    assert.equal(hex(encode(t, null)), "00000000");
  });

  it("end-biased pass puts a niche field last when that moves it off the middle", () => {
    // flag would sit in the middle after pass 1; pass 2 moves it to the end.
    const l = layoutOf(parseType("struct S { a: u8, flag: bool, b: u16, c: u32 }"));
    assert.deepEqual(l.fieldOffsets, { a: 6, flag: 7, b: 4, c: 0 });
  });

  it("nested structs carry their niche into the parent's sort", () => {
    const defs: TypeDefs = {};
    parseType("struct Inner { x: u32, b: bool }", defs);
    const l = layoutOf(parseType("struct Outer { a: u8, inner: Inner, z: u16 }", defs));
    assert.equal(l.size, 12);
    assert.equal(l.offsets!.length, 3);
  });

  it("repr(C) keeps declaration order with C padding", () => {
    const l = layoutOf(parseType("#[repr(C)] struct C { a: u8, b: u32, c: u8 }"));
    assert.deepEqual(l.offsets, [0, 4, 8]);
    assert.equal(l.size, 12);
  });

  it("u128 is 16-aligned and ZST fields take no room", () => {
    assert.deepEqual([layoutOf(parseType("u128")).align, layoutOf(parseType("(u8, u128)")).size], [16, 32]);
    const l = layoutOf(parseType("struct Z { a: (), b: u32, u: () }"));
    assert.equal(l.size, 4);
  });

  it("univariant is usable directly by the compiler transform", () => {
    const u = univariant(
      [
        { size: 1, align: 1, niche: null },
        { size: 8, align: 8, niche: null },
        { size: 2, align: 2, niche: null },
      ],
      { reorder: true, unsizedTail: false },
    );
    assert.deepEqual(u.offsets, [10, 0, 8]);
    assert.equal(u.size, 16);
  });

  it("infinitely sized recursion is reported, recursion through Box is fine", () => {
    assert.throws(() => layoutOf(parseType("struct Bad { next: Option<Bad> }")), /infinite size/);
    assert.equal(layoutOf(parseType("struct Good { next: Option<Box<Good>> }")).size, 8);
  });
});
