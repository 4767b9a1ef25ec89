// Mirrors dusk-bls12_381's `Scalar` (src/scalar.rs, src/scalar/dusk.rs): the BLS12-381 scalar
// field, archived by rkyv as its four Montgomery-form u64 limbs, and `hash_to_scalar`.
import { blake2b } from "@noble/hashes/blake2.js";
import { invert } from "@noble/curves/abstract/modular.js";
import { bytesToNumberLE, numberToBytesLE } from "@noble/curves/utils.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";

/** The BLS12-381 scalar field modulus r. */
export const BLS_SCALAR_MODULUS: bigint = bls12_381.fields.Fr.ORDER;
/** Montgomery's R = 2^256 mod r: the archived form of a scalar s is s·R mod r. */
const R = (1n << 256n) % BLS_SCALAR_MODULUS;
/** R⁻¹ mod r, to turn an archived scalar back into its value. */
const R_INV = invert(R, BLS_SCALAR_MODULUS);

const toLe32 = (n: bigint): Uint8Array => numberToBytesLE(n, 32);
const fromLe = bytesToNumberLE;

/** The 32-byte archived (rkyv) form of the scalar with value `value` (reduced mod r). */
export function scalarToArchived(value: bigint): Uint8Array {
  const v = ((value % BLS_SCALAR_MODULUS) + BLS_SCALAR_MODULUS) % BLS_SCALAR_MODULUS;
  return toLe32((v * R) % BLS_SCALAR_MODULUS);
}

/**
 * The value of an archived scalar. rkyv does not check the limbs, so a contract may pass any 32
 * bytes; dusk-bls12_381 computes with them as they are, which is this value mod r.
 */
export function scalarFromArchived(archived: Uint8Array): bigint {
  if (archived.length !== 32) throw new RangeError(`an archived BlsScalar is 32 bytes, got ${archived.length}`);
  return (fromLe(archived) * R_INV) % BLS_SCALAR_MODULUS;
}

/** dusk-bls12_381's canonical `to_bytes`: the value, 32 bytes little-endian. */
export function scalarToCanonical(value: bigint): Uint8Array {
  return toLe32(((value % BLS_SCALAR_MODULUS) + BLS_SCALAR_MODULUS) % BLS_SCALAR_MODULUS);
}

/** dusk-bls12_381's `from_bytes`: undefined unless the 32 little-endian bytes are below r. */
export function scalarFromCanonical(bytes: Uint8Array): bigint | undefined {
  if (bytes.length !== 32) throw new RangeError(`a canonical BlsScalar is 32 bytes, got ${bytes.length}`);
  const v = fromLe(bytes);
  return v < BLS_SCALAR_MODULUS ? v : undefined;
}

/**
 * `Scalar::hash_to_scalar`: BLAKE2b with a 64-byte digest, read as a 512-bit little-endian
 * integer and reduced mod r (its `reduce_u512_words`).
 */
export function hashToScalar(input: Uint8Array): bigint {
  return fromLe(blake2b(input, { dkLen: 64 })) % BLS_SCALAR_MODULUS;
}
