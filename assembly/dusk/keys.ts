// dusk-core's BLS and Schnorr key and signature types, held as their archived (rkyv) bytes: field
// elements in Montgomery form and dusk-bls12_381's Choice byte, exactly as a Rust contract's
// `Archived<T>`, so they pass through host queries and other contracts unchanged. dusk-bls12_381
// 0.14.2 (rusk's) archives Choice as a plain u8 that its check accepts whatever its value: these
// types have no niche and no invalid bytes.

import { archivedBytesLayout, sized } from "../codec/bytes";

/**
 * A BLS public key (bls12_381-bls `PublicKey(G2Affine)`) as dusk-core archives it: x and y in Fp2 as
 * Montgomery-form u64 limbs (c0 then c1, six limbs each), then the infinity flag; 200 bytes, align 8.
 * Its canonical form, the 96-byte compressed point that owners are, differs: see host-sim's
 * `dusk.blsPublicKeyToArchived`.
 */
export class BlsPublicKey {
  /** The 200 archived bytes. */
  archived: StaticArray<u8>;
  /** A value from its 200 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(200)) { this.archived = sized(archived, 200, "BlsPublicKey"); }
  /** Archived: 200 bytes of u64 limbs (align 8), the infinity flag a u8 Choice at byte 192 (unchecked). */
  // @ts-ignore: decorator
  @inline __archivedBytes(): u64 { return archivedBytesLayout(200, 8); }
}

/**
 * A BLS signature (bls12_381-bls `Signature(G1Affine)`) as dusk-core archives it: x and y as
 * Montgomery-form u64 limbs, then the infinity flag; 104 bytes, align 8 (canonical: 48 compressed
 * bytes, see host-sim's `dusk.blsSignatureToArchived`).
 */
export class BlsSignature {
  /** The 104 archived bytes. */
  archived: StaticArray<u8>;
  /** A value from its 104 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(104)) { this.archived = sized(archived, 104, "BlsSignature"); }
  /** Archived: 104 bytes of u64 limbs (align 8), the infinity flag a u8 Choice at byte 96 (unchecked). */
  // @ts-ignore: decorator
  @inline __archivedBytes(): u64 { return archivedBytesLayout(104, 8); }
}

/**
 * A BLS multisignature (bls12_381-bls `MultisigSignature(G1Affine)`), archived like BlsSignature.
 */
export class MultisigSignature {
  /** The 104 archived bytes. */
  archived: StaticArray<u8>;
  /** A value from its 104 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(104)) { this.archived = sized(archived, 104, "MultisigSignature"); }
  /** Archived: 104 bytes of u64 limbs (align 8), the infinity flag a u8 Choice at byte 96 (unchecked). */
  // @ts-ignore: decorator
  @inline __archivedBytes(): u64 { return archivedBytesLayout(104, 8); }
}

/**
 * A Schnorr public key (jubjub-schnorr `PublicKey(JubJubExtended)`) as dusk-core archives it: the
 * extended point's u, v, z, t1, t2 as Montgomery-form BLS scalars; 160 bytes, align 8.
 */
export class SchnorrPublicKey {
  /** The 160 archived bytes. */
  archived: StaticArray<u8>;
  /** A value from its 160 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(160)) { this.archived = sized(archived, 160, "SchnorrPublicKey"); }
  /** Archived: 160 bytes of u64 limbs (align 8); any bytes validate (rkyv does not check the limbs). */
  // @ts-ignore: decorator
  @inline __archivedBytes(): u64 { return archivedBytesLayout(160, 8); }
}

/**
 * A Schnorr signature (jubjub-schnorr `Signature { u: JubJubScalar, R: JubJubExtended }`) as
 * dusk-core archives it: u's Montgomery limbs, then R's five coordinates; 192 bytes, align 8.
 */
export class SchnorrSignature {
  /** The 192 archived bytes. */
  archived: StaticArray<u8>;
  /** A value from its 192 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(192)) { this.archived = sized(archived, 192, "SchnorrSignature"); }
  /** Archived: 192 bytes of u64 limbs (align 8); any bytes validate (rkyv does not check the limbs). */
  // @ts-ignore: decorator
  @inline __archivedBytes(): u64 { return archivedBytesLayout(192, 8); }
}
