// Mirrors dusk-jubjub 0.15.1 at 6e2b63f (rusk's pin, from jubjub-private; the same commit is in
// dusk-network/jubjub) src/lib.rs and src/dusk.rs: `ExtendedPoint` (u, v, z, t1, t2) as its archived
// Montgomery limbs, with the node's formulas (doubling dbl-2008-bbjlp, Hisil–Wong–Carter–Dawson
// addition through Niels form, MSB-first double-and-add over 252 bits) step for step, because a
// contract can pass a point that is off the curve, unnormalised or with unreduced limbs, and only the
// same operations on the same limbs give the node's answer for those.
import { DuskQueryPanic } from "./errors.js";
import { FQ, invertFq } from "./fq.js";

/** A jubjub point in extended coordinates, each a BlsScalar's Montgomery limbs as a 256-bit integer. */
export interface ExtendedPoint {
  u: bigint;
  v: bigint;
  z: bigint;
  t1: bigint;
  t2: bigint;
}

interface NielsPoint {
  vPlusU: bigint;
  vMinusU: bigint;
  z: bigint;
  t2d: bigint;
}

interface CompletedPoint {
  u: bigint;
  v: bigint;
  z: bigint;
  t: bigint;
}

/** `EDWARDS_D` = −10240/10241 and `EDWARDS_D2` = 2d, loaded with `from_raw` from their canonical limbs. */
export const EDWARDS_D = FQ.fromRaw(0x2a9318e74bfa2b48f5fd9207e6bd7fd4292d7f6d37579d2601065fd6d6343eb1n);
const EDWARDS_D2 = FQ.fromRaw(0x552631ce97f45691ebfb240fcd7affa8525afeda6eaf3a4c020cbfadac687d62n);

/** dusk-jubjub's `GENERATOR` (src/dusk.rs; not Zcash's): u = 0x3fd2…eaca, v = 18. */
export const GENERATOR_U = 0x3fd2814c43ac65a6f1fbf02d0fd6cce62e3ebb21fd6c54ed4df7b7ffec7beacan;
export const GENERATOR_V = 0x12n;

/** `GENERATOR_EXTENDED`: (u, v, 1, u, v). */
export const GENERATOR_EXTENDED: ExtendedPoint = (() => {
  const u = FQ.fromRaw(GENERATOR_U);
  const v = FQ.fromRaw(GENERATOR_V);
  return { u, v, z: FQ.one, t1: u, t2: v };
})();

const IDENTITY: ExtendedPoint = { u: 0n, v: FQ.one, z: FQ.one, t1: 0n, t2: 0n };
const IDENTITY_NIELS: NielsPoint = { vPlusU: FQ.one, vMinusU: FQ.one, z: FQ.one, t2d: 0n };

/** jubjub's prime subgroup order, `FR_MODULUS_BYTES`. */
export const JUBJUB_ORDER = 0x0e7db4ea6533afa906673b0101343b00a6682093ccc81082d0970e5ed6f72cb7n;

/** `is_identity`: u's limbs zero and v's equal to z's. */
export function isIdentity(p: ExtendedPoint): boolean {
  return p.u === 0n && p.v === p.z;
}

function toNiels(p: ExtendedPoint): NielsPoint {
  return { vPlusU: FQ.add(p.v, p.u), vMinusU: FQ.sub(p.v, p.u), z: p.z, t2d: FQ.mul(FQ.mul(p.t1, p.t2), EDWARDS_D2) };
}

function intoExtended(c: CompletedPoint): ExtendedPoint {
  return { u: FQ.mul(c.u, c.t), v: FQ.mul(c.v, c.z), z: FQ.mul(c.z, c.t), t1: c.u, t2: c.v };
}

/** `double`. */
export function double(p: ExtendedPoint): ExtendedPoint {
  const uu = FQ.square(p.u);
  const vv = FQ.square(p.v);
  const zz2 = FQ.double(FQ.square(p.z));
  const uv2 = FQ.square(FQ.add(p.u, p.v));
  const vvPlusUu = FQ.add(vv, uu);
  const vvMinusUu = FQ.sub(vv, uu);
  return intoExtended({ u: FQ.sub(uv2, vvPlusUu), v: vvPlusUu, z: vvMinusUu, t: FQ.sub(zz2, vvMinusUu) });
}

function addNiels(p: ExtendedPoint, n: NielsPoint): ExtendedPoint {
  const a = FQ.mul(FQ.sub(p.v, p.u), n.vMinusU);
  const b = FQ.mul(FQ.add(p.v, p.u), n.vPlusU);
  const c = FQ.mul(FQ.mul(p.t1, p.t2), n.t2d);
  const d = FQ.double(FQ.mul(p.z, n.z));
  return intoExtended({ u: FQ.sub(b, a), v: FQ.add(b, a), z: FQ.add(d, c), t: FQ.sub(d, c) });
}

/** `ExtendedPoint + ExtendedPoint`: the right one through its Niels form. */
export function add(p: ExtendedPoint, q: ExtendedPoint): ExtendedPoint {
  return addNiels(p, toNiels(q));
}

/**
 * `multiply(&bytes)`: double-and-add from bit 251 down (the top four bits of the 32 little-endian
 * bytes are skipped), adding the Niels identity on a zero bit, as the constant-time code does.
 */
export function multiply(p: ExtendedPoint, scalar: bigint): ExtendedPoint {
  const niels = toNiels(p);
  let acc = IDENTITY;
  for (let bit = 251; bit >= 0; bit--) {
    acc = addNiels(double(acc), (scalar >> BigInt(bit)) & 1n ? niels : IDENTITY_NIELS);
  }
  return acc;
}

/** `is_torsion_free`: the point times the subgroup order is the identity (limb for limb). */
export function isTorsionFree(p: ExtendedPoint): boolean {
  return isIdentity(multiply(p, JUBJUB_ORDER));
}

/** `JubJubAffine::from`: (u/z, v/z); the node unwraps the inverse, so zero limbs in z panic. */
export function toAffine(p: ExtendedPoint): { u: bigint; v: bigint } {
  const zinv = invertFq(p.z);
  if (zinv === undefined) throw new DuskQueryPanic("dusk-jubjub: a point with z = 0 has no affine form (the node's `unwrap` panics)");
  return { u: FQ.mul(p.u, zinv), v: FQ.mul(p.v, zinv) };
}

/** `JubJubExtended::is_on_curve` (src/dusk.rs): affine form first, then z ≠ 0, the curve equation and u·v·z = t1·t2. */
export function isOnCurve(p: ExtendedPoint): boolean {
  const a = toAffine(p);
  if (p.z === 0n) return false;
  const u2 = FQ.square(a.u);
  const v2 = FQ.square(a.v);
  if (FQ.sub(FQ.sub(v2, u2), FQ.mul(FQ.mul(EDWARDS_D, u2), v2)) !== FQ.one) return false;
  return FQ.mul(FQ.mul(a.u, a.v), p.z) === FQ.mul(p.t1, p.t2);
}

/** `ExtendedPoint == ExtendedPoint`: u·z' = u'·z and v·z' = v'·z, limb for limb. */
export function pointsEqual(p: ExtendedPoint, q: ExtendedPoint): boolean {
  return FQ.mul(p.u, q.z) === FQ.mul(q.u, p.z) && FQ.mul(p.v, q.z) === FQ.mul(q.v, p.z);
}
