// Mirrors ark-ec 0.4.2's BN pairing (models/bn/mod.rs and g2.rs) as ark-bn254 0.4.0 configures it:
// G2Prepared's line coefficients, the multi-Miller loop that consumes them one by one, and the final
// exponentiation. A prepared key read from bytes is used as given, so the loop is ark's to the letter.
import { bn254 } from "@noble/curves/bn254.js";
import type { Fp2, Fp12 } from "@noble/curves/abstract/tower.js";
import { G2_B, type G1Affine, type G2Affine } from "./ark-serialize.js";

const { Fp, Fp2: F2, Fp6: F6, Fp12: F12 } = bn254.fields;

/** One line's coefficients, in ark's order for a D-type twist. */
export type EllCoeff = readonly [Fp2, Fp2, Fp2];
/** ark-ec's G2Prepared: the coefficients of every line of the Miller loop, and the infinity flag. */
export interface G2Prepared {
  ellCoeffs: EllCoeff[];
  infinity: boolean;
}

/**
 * ark-bn254's ATE_LOOP_COUNT: 6x+2 in signed binary digits, least significant first. It is not the
 * NAF (it has adjacent non-zero digits), and which digits are non-zero decides where the loop adds.
 */
export const ATE_LOOP_COUNT: readonly number[] = [
  0, 0, 0, 1, 0, 1, 0, -1, 0, 0, 1, -1, 0, 0, 1, 0, 0, 1, 1, 0, -1, 0, 0, 1, 0, -1, 0, 0, 0, 0, 1, 1, 1, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0,
  0, -1, 0, 0, 1, 1, 0, 0, -1, 0, 0, 0, 1, 1, 0, -1, 0, 0, 1, 0, 1, 1,
];

const XI = F2.fromBigTuple([9n, 1n]);
/** ark-bn254's TWIST_MUL_BY_Q_X and _Y: ξ^((q-1)/3) and ξ^((q-1)/2), ξ = u + 9, for π on the twist. */
export const TWIST_MUL_BY_Q_X: Fp2 = F2.pow(XI, (Fp.ORDER - 1n) / 3n);
export const TWIST_MUL_BY_Q_Y: Fp2 = F2.pow(XI, (Fp.ORDER - 1n) / 2n);
const TWO_INV = Fp.inv(2n);

/** The Miller loop reached for a coefficient the prepared key does not have. */
export class ArkworksPanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArkworksPanic";
  }
}

const scale = (a: Fp2, s: bigint): Fp2 => F2.fromBigTuple([Fp.mul(a.c0, s), Fp.mul(a.c1, s)]);

interface HomProjective {
  x: Fp2;
  y: Fp2;
  z: Fp2;
}

/** ark's doubling step in homogeneous projective coordinates (eprint 2013/722), for a D-type twist. */
function doubleInPlace(r: HomProjective): EllCoeff {
  const a = scale(F2.mul(r.x, r.y), TWO_INV);
  const b = F2.sqr(r.y);
  const c = F2.sqr(r.z);
  const e = F2.mul(G2_B, F2.add(F2.add(c, c), c));
  const f = F2.add(F2.add(e, e), e);
  const g = scale(F2.add(b, f), TWO_INV);
  const h = F2.sub(F2.sqr(F2.add(r.y, r.z)), F2.add(b, c));
  const i = F2.sub(e, b);
  const j = F2.sqr(r.x);
  const e2 = F2.sqr(e);
  r.x = F2.mul(a, F2.sub(b, f));
  r.y = F2.sub(F2.sqr(g), F2.add(F2.add(e2, e2), e2));
  r.z = F2.mul(b, h);
  return [F2.neg(h), F2.add(F2.add(j, j), j), i];
}

/** ark's mixed addition step (projective r plus affine q), for a D-type twist. */
function addInPlace(r: HomProjective, q: { x: Fp2; y: Fp2 }): EllCoeff {
  const theta = F2.sub(r.y, F2.mul(q.y, r.z));
  const lambda = F2.sub(r.x, F2.mul(q.x, r.z));
  const c = F2.sqr(theta);
  const d = F2.sqr(lambda);
  const e = F2.mul(lambda, d);
  const f = F2.mul(r.z, c);
  const g = F2.mul(r.x, d);
  const h = F2.sub(F2.add(e, f), F2.add(g, g));
  r.x = F2.mul(lambda, h);
  r.y = F2.sub(F2.mul(theta, F2.sub(g, h)), F2.mul(e, r.y));
  r.z = F2.mul(r.z, e);
  const j = F2.sub(F2.mul(theta, q.x), F2.mul(lambda, q.y));
  return [lambda, F2.neg(theta), j];
}

/** ark's `mul_by_char`: the Frobenius endomorphism π on the twist. */
function mulByChar(q: { x: Fp2; y: Fp2 }): { x: Fp2; y: Fp2 } {
  return { x: F2.mul(F2.frobeniusMap(q.x, 1), TWIST_MUL_BY_Q_X), y: F2.mul(F2.frobeniusMap(q.y, 1), TWIST_MUL_BY_Q_Y) };
}

/** ark-ec's `G2Prepared::from(G2Affine)`: 91 coefficients for a finite point, none for infinity. */
export function prepareG2(q: G2Affine): G2Prepared {
  if (q === null) return { ellCoeffs: [], infinity: true };
  const ellCoeffs: EllCoeff[] = [];
  const r: HomProjective = { x: q.x, y: q.y, z: F2.ONE };
  const negQ = { x: q.x, y: F2.neg(q.y) };
  for (let i = ATE_LOOP_COUNT.length - 2; i >= 0; i--) {
    ellCoeffs.push(doubleInPlace(r));
    if (ATE_LOOP_COUNT[i] === 1) ellCoeffs.push(addInPlace(r, q));
    else if (ATE_LOOP_COUNT[i] === -1) ellCoeffs.push(addInPlace(r, negQ));
  }
  const q1 = mulByChar(q);
  const q2 = mulByChar(q1);
  // BN254's x is positive, so r.y keeps its sign.
  ellCoeffs.push(addInPlace(r, q1));
  ellCoeffs.push(addInPlace(r, { x: q2.x, y: F2.neg(q2.y) }));
  return { ellCoeffs, infinity: false };
}

/**
 * ark's `ell` for a D-type twist: f times the line c0·y + (c1·x + c2·v)·w at p (its `mul_by_034`).
 */
function ell(f: Fp12, [c0, c1, c2]: EllCoeff, p: { x: bigint; y: bigint }): Fp12 {
  const line = F12.create({
    c0: F6.create({ c0: scale(c0, p.y), c1: F2.ZERO, c2: F2.ZERO }),
    c1: F6.create({ c0: scale(c1, p.x), c1: c2, c2: F2.ZERO }),
  });
  return F12.mul(f, line);
}

/**
 * ark-ec's `multi_miller_loop`: pairs with a G1 point at infinity or an infinite G2Prepared are left
 * out; every other pair's coefficients are taken in order, one per line, and running out of them is
 * ark's `coeffs.next().unwrap()` on None, a panic in rusk's node. Extra coefficients are ignored.
 */
export function multiMillerLoop(pairs: readonly (readonly [G1Affine, G2Prepared])[]): Fp12 {
  const live = pairs
    .filter(([p, q]) => p !== null && !q.infinity)
    .map(([p, q]) => ({ p: p!, coeffs: q.ellCoeffs, next: 0 }));
  const take = (pair: (typeof live)[number]): EllCoeff => {
    const c = pair.coeffs[pair.next++];
    if (c === undefined) {
      throw new ArkworksPanic(
        `ark-ec's Miller loop needs line coefficient ${pair.next - 1} of a G2Prepared that has only ${pair.coeffs.length} ` +
          `(ark-bn254 uses 91): rusk's node panics here (Option::unwrap on None)`,
      );
    }
    return c;
  };
  let f = F12.ONE;
  const top = ATE_LOOP_COUNT.length - 1;
  for (let i = top; i >= 1; i--) {
    if (i !== top) f = F12.sqr(f);
    for (const pair of live) f = ell(f, take(pair), pair.p);
    if (ATE_LOOP_COUNT[i - 1] !== 0) for (const pair of live) f = ell(f, take(pair), pair.p);
  }
  for (const pair of live) f = ell(f, take(pair), pair.p);
  for (const pair of live) f = ell(f, take(pair), pair.p);
  return f;
}

/**
 * ark-ec's `final_exponentiation`: None (null) for a zero Miller-loop value (no inverse), otherwise
 * f^((q^12-1)/r · 2x(6x²+3x+1)). noble's BN254 finalExponentiate runs the same Fuentes-Castañeda
 * chain as ark's, so the same power; the vectors of tests/dusk/groth16.test.ts confirm it.
 */
export function finalExponentiation(f: Fp12): Fp12 | null {
  if (F12.is0(f)) return null;
  return F12.finalExponentiate(f);
}
