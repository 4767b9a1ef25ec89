// Mirrors dusk-bls12_381 0.14.2's src/scalar.rs limb arithmetic (dusk-jubjub's src/fr.rs is the same
// code over jubjub's r): Montgomery-form [u64; 4] limbs taken as they are. rkyv never checks archived
// limbs, so a contract can hand the node any 256-bit value, reduced or not; this arithmetic drops the
// carries the Rust code drops and subtracts the modulus at most once, so its limbs are the node's for
// every input. (@noble/curves' fields always reduce: right for reduced limbs, wrong for the others.)
import { invert } from "@noble/curves/abstract/modular.js";

const MASK_256 = (1n << 256n) - 1n;
const MASK_512 = (1n << 512n) - 1n;

/** A prime field's elements as dusk's Rust code holds them: a 256-bit Montgomery representative. */
export class LimbField {
  /** Montgomery's R = 2^256 mod p: the limbs of one. */
  readonly one: bigint;
  private readonly r2: bigint;
  /** −p⁻¹ mod 2^256: the multiplier montgomery_reduce builds word by word. */
  private readonly negInv: bigint;

  constructor(readonly modulus: bigint) {
    this.one = (1n << 256n) % modulus;
    this.r2 = (this.one * this.one) % modulus;
    this.negInv = (MASK_256 + 1n - invert(modulus, 1n << 256n)) & MASK_256;
  }

  /** `sub`: the 256-bit difference, plus p (carry dropped) when it borrowed. */
  sub(a: bigint, b: bigint): bigint {
    const d = a - b;
    return d >= 0n ? d : (d + (1n << 256n) + this.modulus) & MASK_256;
  }

  /** `add`: the sum with its carry out of 256 bits dropped, then one conditional subtraction of p. */
  add(a: bigint, b: bigint): bigint {
    return this.sub((a + b) & MASK_256, this.modulus);
  }

  /** `double` is `add(self, self)`. */
  double(a: bigint): bigint {
    return this.add(a, a);
  }

  /** `neg`: p − a without the final borrow, and zero limbs stay zero. */
  neg(a: bigint): bigint {
    return a === 0n ? 0n : (this.modulus - a) & MASK_256;
  }

  /**
   * `montgomery_reduce` of a 512-bit value: (t + m·p) / 2^256 with m chosen to clear the low half,
   * the carry out of 512 bits dropped (it is only there when t is near 2^512, i.e. both factors
   * unreduced), then one conditional subtraction of p.
   */
  reduceWide(t: bigint): bigint {
    const m = ((t & MASK_256) * this.negInv) & MASK_256;
    return this.sub(((t + m * this.modulus) & MASK_512) >> 256n, this.modulus);
  }

  /** `mul` and `square`: the exact 512-bit product, Montgomery-reduced. */
  mul(a: bigint, b: bigint): bigint {
    return this.reduceWide(a * b);
  }

  square(a: bigint): bigint {
    return this.reduceWide(a * a);
  }

  /** `reduce()` / the first step of `to_bytes`: montgomery_reduce(limbs, 0, 0, 0, 0), the canonical value. */
  reduce(a: bigint): bigint {
    return this.reduceWide(a);
  }

  /** `from_raw`: limbs read as an integer, times R² reduced (so a·R mod p for a value below 2^256). */
  fromRaw(value: bigint): bigint {
    return this.mul(value, this.r2);
  }

  /** The Montgomery limbs of a canonical value (what `from(u64)`, `from_bytes` and friends give). */
  fromCanonical(value: bigint): bigint {
    return this.fromRaw(((value % this.modulus) + this.modulus) % this.modulus);
  }
}

/** Four little-endian u64 limbs (rkyv's `[u64; 4]`) as one 256-bit integer. */
export function limbsToBigint(limbs: readonly bigint[]): bigint {
  return limbs[0] | (limbs[1] << 64n) | (limbs[2] << 128n) | (limbs[3] << 192n);
}

/** A 256-bit integer as four little-endian u64 limbs. */
export function bigintToLimbs(n: bigint): bigint[] {
  const mask = (1n << 64n) - 1n;
  return [n & mask, (n >> 64n) & mask, (n >> 128n) & mask, (n >> 192n) & mask];
}
