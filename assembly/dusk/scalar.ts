// dusk-core's BlsScalar (dusk-bls12_381 `Scalar`): archived by rkyv as its four Montgomery-form u64
// limbs (s·2^256 mod r), not as the canonical little-endian value that `to_bytes` gives.

import { archivedBytesLayout, sized } from "../codec/bytes";

/** The scalar field modulus r, as 32-bit words, least significant first. */
const MODULUS: StaticArray<u32> = [0x00000001, 0xffffffff, 0xfffe5bfe, 0x53bda402, 0x09a1d805, 0x3339d808, 0x299d7d48, 0x73eda753];
/** 2^512 mod r: multiplying by it (Montgomery) turns a value into its archived form. */
const R2: StaticArray<u32> = [0xf3f29c6d, 0xc999e990, 0x87925c23, 0x2b6cedcb, 0x7254398f, 0x05d31496, 0x9f59ff11, 0x0748d9d9];
const ONE: StaticArray<u32> = [1, 0, 0, 0, 0, 0, 0, 0];
const MASK: u64 = 0xffffffff;

function words(bytes: StaticArray<u8>): StaticArray<u32> {
  const out = new StaticArray<u32>(8);
  memory.copy(changetype<usize>(out), changetype<usize>(bytes), 32);
  return out;
}

function toBytes(w: StaticArray<u32>): StaticArray<u8> {
  const out = new StaticArray<u8>(32);
  memory.copy(changetype<usize>(out), changetype<usize>(w), 32);
  return out;
}

/** a < r, on 32-bit words. */
function belowModulus(a: StaticArray<u32>): bool {
  for (let i = 7; i >= 0; i--) {
    if (a[i] != MODULUS[i]) return a[i] < MODULUS[i];
  }
  return false;
}

/**
 * Montgomery multiplication a·b·2^-256 mod r (CIOS over 32-bit words; r ≡ 1 mod 2^32, so the
 * per-word factor is simply -t[0]). Inputs below r give a result below r.
 */
function montMul(a: StaticArray<u32>, b: StaticArray<u32>): StaticArray<u32> {
  const t = new StaticArray<u64>(10);
  for (let i = 0; i < 8; i++) {
    let c: u64 = 0;
    const bi = <u64>b[i];
    for (let j = 0; j < 8; j++) {
      const s = t[j] + <u64>a[j] * bi + c;
      t[j] = s & MASK;
      c = s >> 32;
    }
    let s = t[8] + c;
    t[8] = s & MASK;
    t[9] = s >> 32;
    const m = (t[0] * MASK) & MASK;
    c = (t[0] + m * <u64>MODULUS[0]) >> 32;
    for (let j = 1; j < 8; j++) {
      s = t[j] + m * <u64>MODULUS[j] + c;
      t[j - 1] = s & MASK;
      c = s >> 32;
    }
    s = t[8] + c;
    t[7] = s & MASK;
    t[8] = t[9] + (s >> 32);
  }
  const out = new StaticArray<u32>(8);
  for (let i = 0; i < 8; i++) out[i] = <u32>t[i];
  if (t[8] != 0 || !belowModulus(out)) {
    let borrow: i64 = 0;
    for (let i = 0; i < 8; i++) {
      const d = <i64>out[i] - <i64>MODULUS[i] + borrow;
      out[i] = <u32>(d & <i64>MASK);
      borrow = d >> 32;
    }
  }
  return out;
}

/** A BLS12-381 scalar as dusk-core archives it: 32 bytes of Montgomery limbs, align 8. */
export class BlsScalar {
  /** The archived bytes (Montgomery form), exactly as a Rust contract's `Archived<BlsScalar>`. */
  archived: StaticArray<u8>;

  /** A scalar from its 32 archived bytes (as another contract or the host wrote them). */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(32)) {
    this.archived = sized(archived, 32, "BlsScalar");
  }

  /** Archived: 32 bytes of u64 limbs (align 8); any bytes validate (rkyv does not check the limbs). */
  // @ts-ignore: decorator
  @inline __archivedBytes(): u64 { return archivedBytesLayout(32, 8); }

  /**
   * The scalar whose canonical bytes (`to_bytes`: the value, 32 bytes little-endian) are `bytes`, or
   * null when they are not below r (dusk-bls12_381's `from_bytes` refuses them too).
   */
  static fromCanonical(bytes: StaticArray<u8>): BlsScalar | null {
    const w = words(sized(bytes, 32, "canonical BlsScalar"));
    if (!belowModulus(w)) return null;
    return new BlsScalar(toBytes(montMul(w, R2)));
  }

  /** The scalar with value `v` (`BlsScalar::from(u64)`). */
  static fromU64(v: u64): BlsScalar {
    const w = new StaticArray<u32>(8);
    w[0] = <u32>(v & MASK);
    w[1] = <u32>(v >> 32);
    return new BlsScalar(toBytes(montMul(w, R2)));
  }

  /** The canonical bytes (`to_bytes`): the value, 32 bytes little-endian. */
  toCanonical(): StaticArray<u8> {
    return toBytes(montMul(words(this.archived), ONE));
  }

  /** Whether both hold the same archived bytes. */
  equals(other: BlsScalar): bool {
    return memory.compare(changetype<usize>(this.archived), changetype<usize>(other.archived), 32) == 0;
  }
}
