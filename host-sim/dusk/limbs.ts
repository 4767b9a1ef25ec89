// Mirrors dusk-bls12_381 0.14.2's src/scalar.rs limb arithmetic (dusk-jubjub's src/fr.rs is the same
// code over jubjub's r, and src/fp.rs's add, neg, mul, square and montgomery_reduce are the same rules
// on six limbs instead of four): Montgomery-form [u64; n] limbs taken as they are. rkyv never checks
// archived limbs, so a contract can hand the node any value of the limbs' width, reduced or not; this
// arithmetic drops the carries the Rust code drops and subtracts the modulus at most once, so its limbs
// are the node's for every input. (@noble/curves' fields always reduce: right for reduced limbs, wrong
// for the others.)
import { invert } from "@noble/curves/abstract/modular.js";

/**
 * A prime field's elements as dusk's Rust code holds them: a Montgomery representative of `bits`
 * bits (256 for Scalar and jubjub's Fr, 384 for BLS12-381's Fp), R = 2^bits.
 */
export class LimbField {
  /** Montgomery's R = 2^bits mod p: the limbs of one. */
  readonly one: bigint;
  private readonly r2: bigint;
  /** −p⁻¹ mod 2^bits: the multiplier montgomery_reduce builds word by word. */
  private readonly negInv: bigint;
  // The widths as bigints, kept so the hot paths do not rebuild them per call.
  private readonly width: bigint;
  private readonly radix: bigint;
  private readonly mask: bigint;

  /**
   * @param modulus the odd prime p, below 2^bits.
   * @param bits the limbs' width: 64 times the Rust type's limb count.
   */
  constructor(readonly modulus: bigint, readonly bits = 256) {
    // Anything else is not limbs the Rust code could hold, and its reductions would mean nothing.
    if (!Number.isInteger(bits) || bits <= 0 || bits % 64 !== 0) throw new RangeError(`LimbField: ${bits} bits is not a whole number of u64 limbs`);
    this.width = BigInt(bits);
    this.radix = 1n << this.width;
    this.mask = this.radix - 1n;
    if (modulus <= 1n || modulus >= this.radix || (modulus & 1n) === 0n) throw new RangeError(`LimbField: the modulus must be odd and between 1 and 2^${bits}`);
    this.one = this.radix % modulus;
    this.r2 = (this.one * this.one) % modulus;
    this.negInv = (this.radix - invert(modulus, this.radix)) & this.mask;
  }

  /**
   * `sub` (scalar.rs): the difference, plus p (carry dropped) when it borrowed. fp.rs subtracts
   * another way, (−b) + a, which is bls-limbs.ts's `fpSub`, not this.
   */
  sub(a: bigint, b: bigint): bigint {
    const d = a - b;
    return d >= 0n ? d : (d + this.radix + this.modulus) & this.mask;
  }

  /**
   * The conditional subtraction that ends `add` and `montgomery_reduce`: p taken off once if the value
   * is not below it. scalar.rs writes it `sub(&MODULUS)`, fp.rs `subtract_p`; on values below 2^bits
   * (all they are given) the two are this one integer function.
   */
  subtractModulus(a: bigint): bigint {
    return a >= this.modulus ? a - this.modulus : a;
  }

  /** `add`: the sum with its carry out of 2^bits dropped, then one conditional subtraction of p. */
  add(a: bigint, b: bigint): bigint {
    return this.subtractModulus((a + b) & this.mask);
  }

  /** `double` is `add(self, self)`. */
  double(a: bigint): bigint {
    return this.add(a, a);
  }

  /** `neg`: p − a without the final borrow, and zero limbs stay zero. */
  neg(a: bigint): bigint {
    return a === 0n ? 0n : (this.modulus - a) & this.mask;
  }

  /**
   * `montgomery_reduce` of a 2·bits-bit value: (t + m·p) / 2^bits with m chosen to clear the low half,
   * the carry out of 2·bits bits dropped (it is only there when t is near 2^(2·bits), i.e. both
   * factors unreduced), then one conditional subtraction of p.
   */
  reduceWide(t: bigint): bigint {
    const m = ((t & this.mask) * this.negInv) & this.mask;
    return this.subtractModulus(((t + m * this.modulus) >> this.width) & this.mask);
  }

  /** `mul`: the exact double-width product, Montgomery-reduced. */
  mul(a: bigint, b: bigint): bigint {
    return this.reduceWide(a * b);
  }

  /** `square`: `mul(self, self)` (the Rust code's doubled cross products give the same limbs). */
  square(a: bigint): bigint {
    return this.reduceWide(a * a);
  }

  /** `reduce()` / the first step of `to_bytes`: montgomery_reduce(limbs, 0, …, 0), the canonical value. */
  reduce(a: bigint): bigint {
    return this.reduceWide(a);
  }

  /** `from_raw`: limbs read as an integer, times R² reduced (so a·R mod p for a value below 2^bits). */
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
