// Mirrors bls12_381-bls's src/keys/public.rs and src/hash.rs (rev 2bbf457, the code of v0.6.0) as
// dusk-core's `signatures::bls` calls them by BlsVersion (V1 before Aegis, V2 from it), on
// dusk-bls12_381 0.14.2's archived points: `verify`/`verify_insecure` and
// `aggregate`/`aggregate_insecure` followed by `MultisigPublicKey::verify(_insecure)`.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { g1OnCurveLimbs, g1TorsionFreeLimbs, g2OnCurveLimbs } from "./bls-limbs.js";
import type { HardFork } from "./forks.js";
import { hashToScalar } from "./scalar.js";

const { G1, G2 } = bls12_381;
const { Fp, Fp2, Fp12 } = bls12_381.fields;
type G1Point = InstanceType<typeof G1.Point>;
type G2Point = InstanceType<typeof G2.Point>;
type Fp2Value = ReturnType<typeof Fp2.fromBigTuple>;

/** dusk-core's `BlsVersion`: V1 (the insecure legacy hash) before Aegis, V2 from Aegis on. */
export type BlsVersion = "V1" | "V2";

/** `HardFork::bls_version`. */
export function blsVersion(fork: HardFork): BlsVersion {
  return fork === "PreFork" ? "V1" : "V2";
}

/** `H0_DST`: V2's hash-to-curve domain (RFC 9380, BLS12381G1_XMD:SHA-256_SSWU_RO_). */
export const H0_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_DUSK_V2";
/** `H1_DST`: prefixed to a key's compressed bytes for V2's multisig coefficient. */
export const H1_DST = "BLS_SIG_BLS12381_SCALAR_SHA256_DUSK_H1_V2";

/** An archived `Fp([u64; 6])` as the codec decodes it: Montgomery limbs, least significant first. */
type ArchivedFp = [bigint[]];
/** An archived G1Affine (a signature): `infinity` is dusk-bls12_381 0.14.2's unchecked Choice byte. */
export interface ArchivedG1 { x: ArchivedFp; y: ArchivedFp; infinity: number }
/** An archived G2Affine (a public key). */
export interface ArchivedG2 { x: { c0: ArchivedFp; c1: ArchivedFp }; y: { c0: ArchivedFp; c1: ArchivedFp }; infinity: number }

/**
 * What bls12_381-bls's `is_valid` (torsion-free, on the curve, not the identity) makes of an
 * archived point: a point it accepts, "invalid" where it refuses, or "unmatched" where host-sim
 * cannot tell what the node answers. Coordinates whose limbs are p or more go through the
 * crate's own integer arithmetic (bls-limbs.ts), whose additions, negations and reductions wrap
 * at 2^384 instead of working mod p. A signature (G1) meets its limbs only there and, in the
 * pairing, in products with reduced line coefficients, which reduce them: one that passes the
 * crate's curve and subgroup tests is the point its limbs stand for mod p, and that point decides
 * the pairing. A key (G2) that passes the crate's curve equation, and a signature whose limbs
 * pass its tests while standing for no G1 point, are "unmatched": the key's limbs run through the
 * whole pairing unreduced, which host-sim does not reproduce.
 */
type Checked<T> = { point: T } | "invalid" | "unmatched";

const P = Fp.ORDER;
/** Montgomery's R⁻¹ for Fp: an archived limb value v stands for v·R⁻¹ mod p. */
const R_INV = Fp.inv((1n << 384n) % P);
const NOT_CANONICAL = Symbol("limbs ≥ p");

/** The six limbs as one integer. */
function limbs(fp: ArchivedFp): bigint {
  let v = 0n;
  for (let i = 5; i >= 0; i--) v = (v << 64n) | fp[0][i];
  return v;
}

function fpValue(fp: ArchivedFp): bigint | typeof NOT_CANONICAL {
  const v = limbs(fp);
  return v < P ? Fp.mul(v, R_INV) : NOT_CANONICAL;
}

/** `is_identity` reads the Choice byte as `!= 0` (release builds, no debug assertion). */
function checkG1(a: ArchivedG1): Checked<G1Point> {
  if (a.infinity !== 0) return "invalid";
  const x = fpValue(a.x);
  const y = fpValue(a.y);
  if (x === NOT_CANONICAL || y === NOT_CANONICAL) {
    const [lx, ly] = [limbs(a.x), limbs(a.y)];
    if (!g1OnCurveLimbs(lx, ly) || !g1TorsionFreeLimbs(lx, ly)) return "invalid";
    const [rx, ry] = [Fp.mul(lx % P, R_INV), Fp.mul(ly % P, R_INV)];
    if (!Fp.eql(Fp.sqr(ry), Fp.add(Fp.mul(Fp.sqr(rx), rx), 4n))) return "unmatched";
    const point = G1.Point.fromAffine({ x: rx, y: ry });
    return point.isTorsionFree() ? { point } : "unmatched";
  }
  // y² = x³ + 4; tested before building the point, as noble reads (0, 0) as the identity.
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), 4n))) return "invalid";
  const point = G1.Point.fromAffine({ x, y });
  return point.isTorsionFree() ? { point } : "invalid";
}

function checkG2(a: ArchivedG2): Checked<G2Point> {
  if (a.infinity !== 0) return "invalid";
  const parts = [a.x.c0, a.x.c1, a.y.c0, a.y.c1].map(fpValue);
  if (parts.includes(NOT_CANONICAL)) {
    const onCurve = g2OnCurveLimbs({ c0: limbs(a.x.c0), c1: limbs(a.x.c1) }, { c0: limbs(a.y.c0), c1: limbs(a.y.c1) });
    return onCurve ? "unmatched" : "invalid";
  }
  const [x0, x1, y0, y1] = parts as bigint[];
  const x: Fp2Value = Fp2.fromBigTuple([x0, x1]);
  const y: Fp2Value = Fp2.fromBigTuple([y0, y1]);
  const b = Fp2.fromBigTuple([4n, 4n]);
  if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), b))) return "invalid";
  const point = G2.Point.fromAffine({ x, y });
  return point.isTorsionFree() ? { point } : "invalid";
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const H1_DST_BYTES = utf8(H1_DST);

/** `h0` (V2, RFC 9380 hash-to-curve) or `h0_insecure` (V1: the generator times `hash_to_scalar`). */
function h0(msg: Uint8Array, v: BlsVersion): G1Point {
  if (v === "V2") return G1.hashToCurve(msg, { DST: H0_DST }) as G1Point;
  const s = hashToScalar(msg);
  return s === 0n ? G1.Point.ZERO : G1.Point.BASE.multiply(s);
}

/** `h1` / `h1_insecure`: the multisig coefficient of a key, from its 96 compressed bytes. */
function h1(pk: G2Point, v: BlsVersion): bigint {
  const bytes = pk.toBytes(true);
  if (v === "V1") return hashToScalar(bytes);
  const material = new Uint8Array(H1_DST_BYTES.length + bytes.length);
  material.set(H1_DST_BYTES);
  material.set(bytes, H1_DST_BYTES.length);
  return hashToScalar(material);
}

/** `aggregate` / `aggregate_insecure` on keys already found valid: Σ pkᵢ · h1(pkᵢ). */
export function aggregateBlsKeys(keys: G2Point[], v: BlsVersion): G2Point {
  let apk = G2.Point.ZERO;
  for (const k of keys) {
    const t = h1(k, v);
    if (t !== 0n) apk = apk.add(k.multiply(t));
  }
  return apk;
}

/** `verify_signature`'s pairing check, e(sig, g2) · e(-h0(msg), pk) = 1, on valid points. */
function pairingHolds(pk: G2Point, sig: G1Point, msg: Uint8Array, v: BlsVersion): boolean {
  const h = h0(msg, v);
  // e(-O, pk) = 1 and e(sig, g2) ≠ 1 for a valid sig; noble's pairing refuses the identity.
  if (h.is0()) return false;
  const gt = bls12_381.pairingBatch([{ g1: sig, g2: G2.Point.BASE }, { g1: h.negate(), g2: pk }]);
  return Fp12.eql(gt, Fp12.ONE);
}

/**
 * `bls::verify(pk, sig, msg, version).is_ok()`, or undefined where host-sim cannot reproduce
 * the node (see `Checked`): the caller must then not answer at all.
 */
export function verifyBls(msg: Uint8Array, pk: ArchivedG2, sig: ArchivedG1, v: BlsVersion): boolean | undefined {
  const k = checkG2(pk);
  const s = checkG1(sig);
  // Either point refused is InvalidPoint whatever the other is.
  if (k === "invalid" || s === "invalid") return false;
  if (k === "unmatched" || s === "unmatched") return undefined;
  return pairingHolds(k.point, s.point, msg, v);
}

/**
 * rusk's `verify_bls_multisig`: false for no keys, then `bls::aggregate(keys, version)` (every key
 * valid, each times its `h1` coefficient, summed) and `bls::verify_multisig`; undefined where
 * host-sim cannot reproduce the node.
 */
export function verifyBlsMultisig(msg: Uint8Array, keys: ArchivedG2[], sig: ArchivedG1, v: BlsVersion): boolean | undefined {
  if (keys.length === 0) return false;
  const checked = keys.map(checkG2);
  const s = checkG1(sig);
  // An invalid key fails the aggregation; an invalid signature fails the verification after it.
  if (checked.includes("invalid") || s === "invalid") return false;
  if (checked.includes("unmatched") || s === "unmatched") return undefined;
  const apk = aggregateBlsKeys((checked as { point: G2Point }[]).map((c) => c.point), v);
  // The aggregate key goes through `is_valid` too: only the identity can fail it here.
  if (apk.is0()) return false;
  return pairingHolds(apk, s.point, msg, v);
}
