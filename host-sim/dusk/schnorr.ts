// Mirrors jubjub-schnorr 0.7.0-rc.0's `PublicKey::verify` (src/keys/public.rs) and `challenge_hash`
// (src/signatures.rs), as rusk's `verify_schnorr` runs it on the archived key and signature: both
// points must be torsion-free, on the curve and not the identity (the key checked first), then
// u·G + c·PK must equal R, with c the Poseidon hash of R's and the key's affine coordinates and the
// message, truncated to a jubjub scalar.
import { add, GENERATOR_EXTENDED, isIdentity, isOnCurve, isTorsionFree, JUBJUB_ORDER, multiply, pointsEqual, toAffine, type ExtendedPoint } from "./jubjub.js";
import { LimbField } from "./limbs.js";
import { poseidonDigestTruncated } from "./poseidon.js";

/** dusk-jubjub's Fr, for the signature's `u` limbs. */
const FR = new LimbField(JUBJUB_ORDER);

/** `is_valid` of a key or of a signature's R: identity read first, then torsion, then the curve (which can panic on z = 0). */
function isValid(p: ExtendedPoint): boolean {
  const identity = isIdentity(p);
  return isTorsionFree(p) && isOnCurve(p) && !identity;
}

/**
 * `pk.verify(&sig, msg).is_ok()` on archived limbs: `msg` a BlsScalar's, `u` the signature's jubjub
 * scalar's (read through `to_bytes`, so any limbs become a value below the order).
 */
export function verifySchnorr(msg: bigint, pk: ExtendedPoint, u: bigint, R: ExtendedPoint): boolean {
  if (!isValid(pk) || !isValid(R)) return false;
  const r = toAffine(R);
  const k = toAffine(pk);
  const c = poseidonDigestTruncated([r.u, r.v, k.u, k.v, msg]);
  const lhs = add(multiply(GENERATOR_EXTENDED, FR.reduce(u)), multiply(pk, c));
  return pointsEqual(lhs, R);
}
