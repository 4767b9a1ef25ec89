// Writer bounds, tuple layout rules and the resolver stack beyond its static area.
import { OUT, toHex } from "./codec-helpers";
import { encode, decode, validate, Tuple2, Tuple3, Tuple4, ContractId, archivedSize, tupleLayout, ArchiveWriter, encodeWith } from "../codec";

const SMALL: usize = memory.data(64, 16);

describe("ArchiveWriter", () => {
  it("aborts instead of writing past the capacity", () => {
    store<u8>(SMALL + 8, 0xAA);
    expect(() => { encode<string>("abcdefghijklmnop", SMALL, 8); }).toThrow();
    expect(load<u8>(SMALL + 8)).toBe(0xAA); // nothing written beyond capacity
    expect(() => { encode<u64>(1, SMALL, 7); }).toThrow();
    expect(encode<u64>(1, SMALL, 8)).toBe(8);
  });
  it("encodes after existing bytes (positions relative to the region start)", () => {
    const w = new ArchiveWriter(OUT, 64);
    w.pos = 1; // e.g. a caller-owned prefix
    expect(encodeWith<u32>(w, 0x01020304)).toBe(8); // padded to 4
    expect(toHex(OUT + 1, 7)).toBe("00000004030201");
  });
  it("many out-of-line strings (resolver stack grows past 256 entries)", () => {
    const a = new Array<string>(600);
    for (let i = 0; i < 600; i++) a[i] = "string number " + i.toString();
    const n = encode<Array<string>>(a, OUT, 16384);
    expect(validate<Array<string>>(OUT, n)).toBeNull();
    expect(decode<Array<string>>(OUT, n)[599]).toBe("string number 599");
  });
});

describe("tuple layout (rustc: last element stays last)", () => {
  it("(u8, u16, u32) -> u16@0 u8@2 u32@4", () => {
    const l = tupleLayout(3, 1, 1, 0, 0, 2, 2, 0, 0, 4, 4, 0, 0, 0, 1);
    expect(<u32>(l & 0xFFFF)).toBe(2);
    expect(<u32>((l >> 16) & 0xFFFF)).toBe(0);
    expect(<u32>((l >> 32) & 0xFFFF)).toBe(4);
    expect(archivedSize<Tuple3<u8, u16, u32>>()).toBe(8);
  });
  it("(ContractId, i32, i32, i32) -> 0, 32, 36, 40; size 44", () => {
    expect(archivedSize<Tuple4<ContractId, i32, i32, i32>>()).toBe(44);
    const l = tupleLayout(4, 32, 1, 0, 0, 4, 4, 0, 0, 4, 4, 0, 0, 4, 4);
    expect(<u32>((l >> 16) & 0xFFFF)).toBe(32);
    expect(<u32>((l >> 32) & 0xFFFF)).toBe(36);
    expect(<u32>((l >> 48) & 0xFFFF)).toBe(40);
  });
  it("(bool, u64) keeps declaration order; (bool, u64, u8) sorts the prefix", () => {
    expect(archivedSize<Tuple2<bool, u64>>()).toBe(16);
    // prefix sorted by pass 1: u64@0, bool@8, then the last element u8@9 -> 16 bytes
    expect(archivedSize<Tuple3<bool, u64, u8>>()).toBe(16);
  });
});
