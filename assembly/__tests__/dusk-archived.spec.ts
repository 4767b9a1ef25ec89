// The codec on the SDK's values held as their archived bytes (assembly/codec/bytes.ts): dusk-core's
// BlsScalar, keys and signatures. Layouts are dusk-core's (rkyv 0.7): field elements as u64 limbs
// (align 8); a G1/G2 affine point ends in its infinity flag, dusk-bls12_381 0.14.2's Choice: a u8
// whose check accepts every value, padded to 8 bytes. So no byte pattern is invalid and there is no niche.
import { IN, OUT, CAP, loadHex, toHex, seqStatic } from "./codec-helpers";
import {
  encode, decode, validate, archivedSize, archivedAlign, archivedNiche, archivedNicheOffset, hasDeps, Tuple2,
} from "../codec";
import { BlsScalar, BlsPublicKey, BlsSignature, MultisigSignature, SchnorrPublicKey, SchnorrSignature } from "../dusk";

/** `n` bytes of `b`, as hex. */
function repeat(b: string, n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += b;
  return s;
}

/** The hex of `seqStatic(n, start)`: start, start + 1, … (below 256). */
function seqHex(n: i32, start: i32 = 0): string {
  const digits = "0123456789abcdef";
  let s = "";
  for (let i = start; i < start + n; i++) s += digits.charAt(i >> 4) + digits.charAt(i & 15);
  return s;
}

/** T's archived size, alignment, and niche with its offset, as "size/align niche@offset". */
function layout<T>(): string {
  return archivedSize<T>().toString() + "/" + archivedAlign<T>().toString() + " " +
    archivedNiche<T>().toString() + "@" + archivedNicheOffset<T>().toString();
}

describe("dusk archived bytes: layout facts", () => {
  it("dusk-core's sizes, align 8; no niche (the infinity flag is an unchecked u8)", () => {
    expect(layout<BlsPublicKey>()).toBe("200/8 0@0"); // Fp2 x, y: 24 limbs, then the flag padded to 8
    expect(layout<BlsSignature>()).toBe("104/8 0@0"); // Fp x, y: 12 limbs, then the flag padded to 8
    expect(layout<MultisigSignature>()).toBe("104/8 0@0");
    expect(layout<SchnorrPublicKey>()).toBe("160/8 0@0"); // five coordinates of 4 limbs, no niche
    expect(layout<SchnorrSignature>()).toBe("192/8 0@0"); // u, then R's five coordinates
    expect(layout<BlsScalar>()).toBe("32/8 0@0");
  });
  it("nothing out of line; Option<T> is a tag padded to 8 before the bytes", () => {
    expect(hasDeps<BlsPublicKey>()).toBe(false);
    expect(hasDeps<BlsScalar>()).toBe(false);
    expect(archivedSize<BlsSignature | null>()).toBe(112);
    expect(archivedSize<Tuple2<u8, BlsScalar>>()).toBe(40); // the last element stays last: u8@0, scalar@8
  });
});

describe("dusk archived bytes: encoding and decoding", () => {
  it("a value archives as its bytes, unchanged", () => {
    const n = encode<BlsPublicKey>(new BlsPublicKey(seqStatic(200)), OUT, CAP);
    expect(n).toBe(200);
    expect(toHex(OUT, n)).toBe(seqHex(200));
    const m = encode<SchnorrSignature>(new SchnorrSignature(seqStatic(192, 7)), OUT, CAP);
    expect(toHex(OUT, m)).toBe(seqHex(192, 7));
  });
  it("Some(signature): tag 1, seven bytes of padding, the 104 bytes", () => {
    const n = encode<BlsSignature | null>(new BlsSignature(seqStatic(104)), OUT, CAP);
    expect(toHex(OUT, n)).toBe("01" + repeat("00", 7) + seqHex(104));
  });
  it("decoding copies the bytes into a new value of the type", () => {
    const hex = seqHex(96) + "01" + seqHex(7, 97); // the infinity flag set
    const n = loadHex(hex);
    const s = decode<MultisigSignature>(IN, n);
    expect(s instanceof MultisigSignature).toBe(true);
    expect(toHex(changetype<usize>(s.archived), 104)).toBe(hex);
    store<u8>(IN, 0xee); // the decoded value keeps its own copy
    expect(s.archived[0]).toBe(0);
    const k = decode<BlsScalar>(IN, loadHex(repeat("ff", 32)));
    expect(toHex(changetype<usize>(k.archived), 32)).toBe(repeat("ff", 32));
  });
});

describe("dusk archived bytes: validation", () => {
  it("any infinity flag byte is valid, as dusk-bls12_381 0.14.2's Choice check accepts every u8", () => {
    const body = repeat("ab", 192);
    expect(validate<BlsPublicKey>(IN, loadHex(body + "01" + repeat("cd", 7)))).toBeNull();
    expect(validate<BlsPublicKey>(IN, loadHex(body + "02" + repeat("00", 7)))).toBeNull();
    expect(validate<BlsSignature>(IN, loadHex(repeat("00", 96) + "ff" + repeat("00", 7)))).toBeNull();
    // Some(signature): no niche, so the Option's own tag (1) decides, and the flag inside may be anything.
    expect(validate<BlsSignature | null>(IN, loadHex("01" + repeat("00", 7) + repeat("00", 96) + "05" + repeat("00", 7)))).toBeNull();
    expect(validate<BlsSignature | null>(IN, loadHex("02" + repeat("00", 7) + repeat("00", 104)))).not.toBeNull();
  });
  it("limbs are not checked: any bytes are a scalar or a Schnorr key or signature", () => {
    expect(validate<BlsScalar>(IN, loadHex(repeat("ff", 32)))).toBeNull();
    expect(validate<SchnorrPublicKey>(IN, loadHex(repeat("ff", 160)))).toBeNull();
    expect(validate<SchnorrSignature>(IN, loadHex(repeat("fe", 192)))).toBeNull();
  });
  it("a buffer shorter than the value is refused", () => {
    expect(validate<BlsSignature>(IN, loadHex(repeat("00", 103)))).not.toBeNull();
  });
});

describe("dusk archived bytes: construction", () => {
  it("a value of the wrong length aborts; the default is all zeros", () => {
    expect(() => { new BlsPublicKey(new StaticArray<u8>(199)); }).toThrow();
    expect(() => { new BlsSignature(new StaticArray<u8>(105)); }).toThrow();
    expect(() => { new MultisigSignature(new StaticArray<u8>(0)); }).toThrow();
    expect(() => { new SchnorrPublicKey(new StaticArray<u8>(192)); }).toThrow();
    expect(() => { new SchnorrSignature(new StaticArray<u8>(160)); }).toThrow();
    expect(() => { new BlsScalar(new StaticArray<u8>(31)); }).toThrow();
    const z = new BlsPublicKey();
    expect(z.archived.length).toBe(200);
    expect(toHex(changetype<usize>(z.archived), 200)).toBe(repeat("00", 200));
  });
});
