// Mirrors dusk-bls12_381 0.14.2's Fp and Fp2 arithmetic (src/fp.rs, src/fp2.rs, and src/g1.rs's
// projective doubling and addition) on raw Montgomery limbs, as far as `G1Affine::is_on_curve`,
// `G2Affine::is_on_curve` and `G1Affine::is_torsion_free` use it. An archived point
// can hold limbs ≥ p, which the crate never reduces first, so the curve equation is computed on
// 384-bit integers, not on field elements. Fp's add, neg and mul follow scalar.rs's rules on six limbs
// and are limbs.ts's LimbField at 384 bits; what stays here is what only Fp has (its sub's order,
// sum_of_products, Fp2 and the curves), each function the integer function the Rust code computes
// (a value is the 6 limbs read as one integer).
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { LimbField } from "./limbs.js";

const MASK448 = (1n << 448n) - 1n;
const MASK64 = (1n << 64n) - 1n;
/** The field modulus p. */
const P = bls12_381.fields.Fp.ORDER;
/** Fp's limbs: the crate's Montgomery arithmetic on [u64; 6]. */
const FP = new LimbField(P, 384);
/** `INV` = -p⁻¹ mod 2^64, the Montgomery reduction's per-limb factor. */
export const FP_INV = 0x89f3fffcfffcfffdn;

/** `Fp::add`: the sum with its carry out of 2^384 dropped, then `subtract_p`. */
export function fpAdd(a: bigint, b: bigint): bigint {
  return FP.add(a, b);
}

/** `Fp::neg`: p − a wrapping at 2^384, and 0 for 0. */
export function fpNeg(a: bigint): bigint {
  return FP.neg(a);
}

/**
 * `Fp::sub`: `(-b) + a`. Fp's own: scalar.rs subtracts with a borrow and adds p back, which is a
 * different integer function once the limbs are unreduced (p + 1 minus 0 is 1 here, p + 1 there),
 * so this is not LimbField's `sub`.
 */
export function fpSub(a: bigint, b: bigint): bigint {
  return FP.add(FP.neg(b), a);
}

/** `Fp::mul` and `Fp::square`: the exact 768-bit product, then `montgomery_reduce`. */
export function fpMul(a: bigint, b: bigint): bigint {
  return FP.mul(a, b);
}

/**
 * `Fp::sum_of_products` (Longa's interleaved algorithm): for each limb j of the aᵢ, the row sums
 * Σ aᵢ[j]·bᵢ are added into a 7-limb accumulator (its carry out lost), one Montgomery step adds
 * k·p (carry out lost again) and the accumulator shifts down a limb; `subtract_p` at the end.
 * Fp's own: scalar.rs has no such function, and its carries are lost at 2^448 row by row, so on
 * unreduced limbs it is not `montgomery_reduce` of the summed products.
 */
export function fpSumOfProducts(a: bigint[], b: bigint[]): bigint {
  let u = 0n;
  for (let j = 0n; j < 6n; j++) {
    let t = u;
    for (let i = 0; i < a.length; i++) t = (t + ((a[i] >> (64n * j)) & MASK64) * b[i]) & MASK448;
    const k = ((t & MASK64) * FP_INV) & MASK64;
    u = ((t + k * P) & MASK448) >> 64n;
  }
  return FP.subtractModulus(u);
}

// Fp's own too: Fp2 and the G1/G2 formulas are built on Fp alone (the 256-bit fields have no
// extension here, and their curve, jubjub, is jubjub.ts's with its own formulas).

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

/** Fp::one(): R = 2^384 mod p, 1 in Montgomery form. */
const ONE_MONT = FP.one;
/** g1.rs's `BETA` (a cube root of unity, Montgomery form), for the endomorphism (x, y) ↦ (βx, y). */
export const BETA_MONT = 0x051ba4ab241b61603636b76660701c6ec26a2ff874fd029b16a8ca3ac61577f7f3b8ddab7ece5a2a30f1361b798a64e8n;
/** `BLS_X` = 0xd201_0000_0001_0000 (negative: `BLS_X_IS_NEGATIVE`). */
const BLS_X = 0xd201000000010000n;

/** A G1Projective on raw limbs. */
interface G1Limbs { x: bigint; y: bigint; z: bigint }
const G1_IDENTITY: G1Limbs = { x: 0n, y: ONE_MONT, z: 0n };

/** `mul_by_3b`: ((a + a) + (a + a)) then three of those added: 12a, with `Fp::add`'s wrapping. */
function mulBy3b(a: bigint): bigint {
  const a2 = fpAdd(a, a);
  const a4 = fpAdd(a2, a2);
  return fpAdd(fpAdd(a4, a4), a4);
}

/** `G1Projective::double` (Renes–Costello–Batina algorithm 9, in the crate's order of operations). */
function g1Double(p: G1Limbs): G1Limbs {
  let t0 = fpMul(p.y, p.y);
  let z3 = fpAdd(t0, t0);
  z3 = fpAdd(z3, z3);
  z3 = fpAdd(z3, z3);
  let t1 = fpMul(p.y, p.z);
  let t2 = fpMul(p.z, p.z);
  t2 = mulBy3b(t2);
  let x3 = fpMul(t2, z3);
  let y3 = fpAdd(t0, t2);
  z3 = fpMul(t1, z3);
  t1 = fpAdd(t2, t2);
  t2 = fpAdd(t1, t2);
  t0 = fpSub(t0, t2);
  y3 = fpMul(t0, y3);
  y3 = fpAdd(x3, y3);
  t1 = fpMul(p.x, p.y);
  x3 = fpMul(t0, t1);
  x3 = fpAdd(x3, x3);
  // `conditional_select(tmp, identity, self.is_identity())`: z's limbs all zero.
  return p.z === 0n ? G1_IDENTITY : { x: x3, y: y3, z: z3 };
}

/** `G1Projective::add` (Renes–Costello–Batina algorithm 7, in the crate's order of operations). */
function g1Add(a: G1Limbs, b: G1Limbs): G1Limbs {
  let t0 = fpMul(a.x, b.x);
  let t1 = fpMul(a.y, b.y);
  let t2 = fpMul(a.z, b.z);
  let t3 = fpAdd(a.x, a.y);
  let t4 = fpAdd(b.x, b.y);
  t3 = fpMul(t3, t4);
  t4 = fpAdd(t0, t1);
  t3 = fpSub(t3, t4);
  t4 = fpAdd(a.y, a.z);
  let x3 = fpAdd(b.y, b.z);
  t4 = fpMul(t4, x3);
  x3 = fpAdd(t1, t2);
  t4 = fpSub(t4, x3);
  x3 = fpAdd(a.x, a.z);
  let y3 = fpAdd(b.x, b.z);
  x3 = fpMul(x3, y3);
  y3 = fpAdd(t0, t2);
  y3 = fpSub(x3, y3);
  x3 = fpAdd(t0, t0);
  t0 = fpAdd(x3, t0);
  t2 = mulBy3b(t2);
  let z3 = fpAdd(t1, t2);
  t1 = fpSub(t1, t2);
  y3 = mulBy3b(y3);
  x3 = fpMul(t4, y3);
  t2 = fpMul(t3, t1);
  x3 = fpSub(t2, x3);
  y3 = fpMul(y3, t0);
  t1 = fpMul(t1, z3);
  y3 = fpAdd(t1, y3);
  t0 = fpMul(t0, t3);
  z3 = fpMul(z3, t4);
  z3 = fpAdd(z3, t0);
  return { x: x3, y: y3, z: z3 };
}

/** `G1Projective::mul_by_x`: double-and-add over BLS_X's bits after the lowest, then negated. */
function g1MulByX(p: G1Limbs): G1Limbs {
  let acc = G1_IDENTITY;
  let tmp = p;
  for (let x = BLS_X >> 1n; x !== 0n; x >>= 1n) {
    tmp = g1Double(tmp);
    if (x & 1n) acc = g1Add(acc, tmp);
  }
  return { ...acc, y: fpNeg(acc.y) };
}

/** `G1Projective::ct_eq`: cross-multiplied coordinates compared limb for limb; z zero means identity. */
function g1Eq(a: G1Limbs, b: G1Limbs): boolean {
  const aZero = a.z === 0n;
  const bZero = b.z === 0n;
  if (aZero || bZero) return aZero && bZero;
  return fpMul(a.x, b.z) === fpMul(b.x, a.z) && fpMul(a.y, b.z) === fpMul(b.y, a.z);
}

/**
 * `G1Affine::is_torsion_free` with the infinity flag clear: -[x²]P compared with (βx, y), both
 * computed from the raw limbs (an affine point becomes projective with z = 1).
 */
export function g1TorsionFreeLimbs(x: bigint, y: bigint): boolean {
  const p = { x, y, z: ONE_MONT };
  const m = g1MulByX(g1MulByX(p));
  return g1Eq({ ...m, y: fpNeg(m.y) }, { x: fpMul(x, BETA_MONT), y, z: ONE_MONT });
}
