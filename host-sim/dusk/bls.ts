// Mirrors dusk-bls12_381's G1Affine/G2Affine archives (src/g1.rs, src/g2.rs, src/fp.rs): a point's
// canonical compressed bytes (what owners and wallets hold) turned into the rkyv form dusk-core's
// BlsPublicKey/BlsSignature take, coordinates as Montgomery-form Fp limbs.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { encode } from "../codec/index.js";
import { DuskProfileError } from "./errors.js";
import { DUSK_DEFS, duskType } from "./types.js";

const P = bls12_381.fields.Fp.ORDER;
/** Montgomery's R for Fp: 2^384 mod p. */
const R = (1n << 384n) % P;

/** An Fp element as dusk-bls12_381 archives it: `Fp([u64; 6])`, value·R mod p, least significant first. */
function fp(v: bigint): [bigint[]] {
  let m = (v * R) % P;
  const limbs: bigint[] = [];
  for (let i = 0; i < 6; i++, m >>= 64n) limbs.push(m & 0xffff_ffff_ffff_ffffn);
  return [limbs];
}

/** dusk-bls12_381's identity: x = 0, y = 1, infinity set. */
function affine<T>(isZero: boolean, coords: () => { x: T; y: T }, zero: T, one: T): { x: T; y: T; infinity: number } {
  return isZero ? { x: zero, y: one, infinity: 1 } : { ...coords(), infinity: 0 };
}

function point<T>(what: string, bytes: Uint8Array, len: number, parse: (b: Uint8Array) => T): T {
  if (!(bytes instanceof Uint8Array) || bytes.length !== len) throw new DuskProfileError(`a compressed ${what} is ${len} bytes, got ${bytes instanceof Uint8Array ? bytes.length : typeof bytes}`);
  try {
    return parse(bytes);
  } catch (e) {
    throw new DuskProfileError(`not a valid compressed ${what}: ${(e as Error).message}`);
  }
}

/** The 200 archived bytes of the BLS public key (a G2 point) whose 96 compressed bytes are `compressed`. */
export function blsPublicKeyToArchived(compressed: Uint8Array): Uint8Array {
  const p = point("BLS public key (G2)", compressed, 96, (b) => bls12_381.G2.Point.fromBytes(b));
  const fp2 = (v: { c0: bigint; c1: bigint }) => ({ c0: fp(v.c0), c1: fp(v.c1) });
  const value = affine(p.is0(), () => {
    const a = p.toAffine();
    return { x: fp2(a.x), y: fp2(a.y) };
  }, fp2({ c0: 0n, c1: 0n }), fp2({ c0: 1n, c1: 0n }));
  return encode(duskType("BlsPublicKey"), [value], DUSK_DEFS);
}

/** The 104 archived bytes of the BLS signature (a G1 point) whose 48 compressed bytes are `compressed`. */
export function blsSignatureToArchived(compressed: Uint8Array): Uint8Array {
  const p = point("BLS signature (G1)", compressed, 48, (b) => bls12_381.G1.Point.fromBytes(b));
  const value = affine(p.is0(), () => {
    const a = p.toAffine();
    return { x: fp(a.x), y: fp(a.y) };
  }, fp(0n), fp(1n));
  return encode(duskType("BlsSignature"), [value], DUSK_DEFS);
}
