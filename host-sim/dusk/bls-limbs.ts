// Mirrors dusk-bls12_381 0.14.2's Fp and Fp2 arithmetic (src/fp.rs, src/fp2.rs) on raw Montgomery
// limbs, as far as `G1Affine::is_on_curve` and `G2Affine::is_on_curve` use it. An archived point
// can hold limbs ≥ p, which the crate never reduces first: its additions drop the carry out of
// 2^384, negation wraps, and a Montgomery reduction subtracts p at most once, so the curve
// equation is computed on 384-bit integers, not on field elements. Each function below is the
// integer function the Rust code computes (a value is the 6 limbs read as one integer).

const MASK384 = (1n << 384n) - 1n;
const MASK448 = (1n << 448n) - 1n;
const MASK64 = (1n << 64n) - 1n;
/** The field modulus p. */
const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
/** `INV` = -p⁻¹ mod 2^64, the Montgomery reduction's per-limb factor. */
export const FP_INV = 0x89f3fffcfffcfffdn;
/** -p⁻¹ mod 2^384: the six `INV` steps of a reduction make up this one factor. */
const NEG_P_INV_384 = (() => {
  // Newton's iteration for p⁻¹ mod 2^384 (p is odd).
  let x = 1n;
  for (let i = 0; i < 9; i++) x = (x * (2n - P * x)) & MASK384;
  return (-x) & MASK384;
})();

/** `subtract_p`: p taken off once if the value is not below it. */
function subtractP(a: bigint): bigint {
  return a >= P ? a - P : a;
}

/** `montgomery_reduce` of a 768-bit product: (t + m·p) / 2^384 with the carry out of 2^384 lost. */
function reduce(t: bigint): bigint {
  const m = ((t & MASK384) * NEG_P_INV_384) & MASK384;
  return subtractP(((t + m * P) >> 384n) & MASK384);
}

/** `Fp::add`. */
export function fpAdd(a: bigint, b: bigint): bigint {
  return subtractP((a + b) & MASK384);
}

/** `Fp::neg`: p − a wrapping at 2^384, and 0 for 0. */
export function fpNeg(a: bigint): bigint {
  return a === 0n ? 0n : (P - a) & MASK384;
}

/** `Fp::sub`: `(-b) + a`. */
export function fpSub(a: bigint, b: bigint): bigint {
  return fpAdd(fpNeg(b), a);
}

/** `Fp::mul` and `Fp::square`: the exact 768-bit product, then `montgomery_reduce`. */
export function fpMul(a: bigint, b: bigint): bigint {
  return reduce(a * b);
}

/**
 * `Fp::sum_of_products` (Longa's interleaved algorithm): for each limb j of the aᵢ, the row sums
 * Σ aᵢ[j]·bᵢ are added into a 7-limb accumulator (its carry out lost), one Montgomery step adds
 * k·p (carry out lost again) and the accumulator shifts down a limb; `subtract_p` at the end.
 */
export function fpSumOfProducts(a: bigint[], b: bigint[]): bigint {
  let u = 0n;
  for (let j = 0n; j < 6n; j++) {
    let t = u;
    for (let i = 0; i < a.length; i++) t = (t + ((a[i] >> (64n * j)) & MASK64) * b[i]) & MASK448;
    const k = ((t & MASK64) * FP_INV) & MASK64;
    u = ((t + k * P) & MASK448) >> 64n;
  }
  return subtractP(u);
}

/** An Fp2 element as raw limb values. */
export interface Fp2Limbs { c0: bigint; c1: bigint }

/** `Fp2::square`: (c0 + c1)(c0 − c1), (c0 + c0)·c1. */
export function fp2Square(a: Fp2Limbs): Fp2Limbs {
  return { c0: fpMul(fpAdd(a.c0, a.c1), fpSub(a.c0, a.c1)), c1: fpMul(fpAdd(a.c0, a.c0), a.c1) };
}

/** `Fp2::mul`: two sums of products, the first with −a.c1. */
export function fp2Mul(a: Fp2Limbs, b: Fp2Limbs): Fp2Limbs {
  return { c0: fpSumOfProducts([a.c0, fpNeg(a.c1)], [b.c0, b.c1]), c1: fpSumOfProducts([a.c0, a.c1], [b.c1, b.c0]) };
}

/** `Fp2::sub`, component-wise. */
export function fp2Sub(a: Fp2Limbs, b: Fp2Limbs): Fp2Limbs {
  return { c0: fpSub(a.c0, b.c0), c1: fpSub(a.c1, b.c1) };
}

/** g1.rs's and g2.rs's `B`: 4 in Montgomery form (limbs from the crate's constant). */
export const B_MONT = 0x09d645513d83de7e8ec9733bbf78ab2fb1d37ebee6ba24d7478fe97a6b0a807f53cc0032fc34000aaa270000000cfff3n;

/** `G1Affine::is_on_curve` with the infinity flag clear: y² − x²·x equals B limb for limb. */
export function g1OnCurveLimbs(x: bigint, y: bigint): boolean {
  return fpSub(fpMul(y, y), fpMul(fpMul(x, x), x)) === B_MONT;
}

/** `G2Affine::is_on_curve` with the infinity flag clear: B = (4, 4) in Montgomery form. */
export function g2OnCurveLimbs(x: Fp2Limbs, y: Fp2Limbs): boolean {
  const d = fp2Sub(fp2Square(y), fp2Mul(fp2Square(x), x));
  return d.c0 === B_MONT && d.c1 === B_MONT;
}
