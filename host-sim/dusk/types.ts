// Mirrors the rkyv forms of the dusk-core types the Dusk host queries take (core/src/abi.rs in rusk,
// with dusk-bls12_381's Scalar/Fp/G1Affine/G2Affine/Choice, dusk-jubjub's ExtendedPoint and
// bls12_381-bls's and jubjub-schnorr's key and signature newtypes). Field elements are archived
// as their Montgomery-form u64 limbs, not as canonical bytes.
import { parseDefinitions, parseType, type RType } from "../codec/index.js";

/** Names of the archived types, for use in codec type expressions with DUSK_DEFS. */
export const BLS_SCALAR = "BlsScalar";
export const BLS_PUBLIC_KEY = "BlsPublicKey";
export const BLS_SIGNATURE = "BlsSignature";
export const MULTISIG_SIGNATURE = "MultisigSignature";
export const SCHNORR_PUBLIC_KEY = "SchnorrPublicKey";
export const SCHNORR_SIGNATURE = "SchnorrSignature";

/**
 * Field order and types as the Rust structs declare them. The points' `infinity` is dusk-bls12_381
 * 0.14.2's `Choice(u8)`, whose derived check accepts any byte (the 0/1 check came after 0.14.2),
 * so it is a u8 here: rusk validates, prices and runs an argument whose flag is 2.
 */
export const DUSK_DEFS = parseDefinitions(`
  struct BlsScalar([u64; 4]);
  struct Fp([u64; 6]);
  struct Fp2 { c0: Fp, c1: Fp }
  struct G1Affine { x: Fp, y: Fp, infinity: u8 }
  struct G2Affine { x: Fp2, y: Fp2, infinity: u8 }
  struct BlsPublicKey(G2Affine);
  struct BlsSignature(G1Affine);
  struct MultisigSignature(G1Affine);
  struct JubJubExtended { u: BlsScalar, v: BlsScalar, z: BlsScalar, t1: BlsScalar, t2: BlsScalar }
  struct SchnorrPublicKey(JubJubExtended);
  struct SchnorrSignature { u: [u64; 4], R: JubJubExtended }
`);

/** A codec type expression over the Dusk types above. */
export function duskType(src: string): RType {
  return parseType(src, DUSK_DEFS);
}

/** Archived sizes in bytes, as the SDK's assembly/dusk types hold them. */
export const ARCHIVED_SIZE = {
  /** BlsScalar. */
  BlsScalar: 32,
  /** BlsPublicKey. */
  BlsPublicKey: 200,
  /** BlsSignature. */
  BlsSignature: 104,
  /** MultisigSignature. */
  MultisigSignature: 104,
  /** SchnorrPublicKey. */
  SchnorrPublicKey: 160,
  /** SchnorrSignature. */
  SchnorrSignature: 192,
} as const;

