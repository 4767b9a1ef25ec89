// dusk-core's BLS and Schnorr key and signature types, held as their archived (rkyv) bytes: field
// elements in Montgomery form and dusk-bls12_381's Choice byte, exactly as a Rust contract's
// `Archived<T>`, so they pass through host queries and other contracts unchanged. dusk-bls12_381
// 0.14.2 (rusk's) archives Choice as a plain u8 that its check accepts whatever its value: these
// types have no niche and no invalid bytes.

import { ArchiveWriter } from "../codec/writer";
import { ArchiveReader } from "../codec/reader";
import { readBytes, sized, writeBytes } from "./archived";

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
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(200)) {
    this.archived = sized(archived, 200, "BlsPublicKey");
  }

  /** Archive member: 200 bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 200; }
  /** Archive member: u64 limbs, align 8. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 8; }
  /** Archive member: no niche (the infinity flag is a u8 Choice, any value valid). */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: no niche. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /** Archive member: no out-of-line data. */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  /** Archive member: nothing out of line. */
  __archiveDeps(w: ArchiveWriter): void {}
  /** Archive member: the archived bytes at `at`. */
  __archiveWrite(w: ArchiveWriter, at: u32): void { writeBytes(w, at, this.archived); }
  /** Archive member: every byte pattern is valid (Choice is not checked in dusk-bls12_381 0.14.2). */
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  /** Archive member: the value at `at`. */
  __archiveRead(r: ArchiveReader, at: u32): BlsPublicKey { return new BlsPublicKey(readBytes(r, at, 200)); }
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
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(104)) {
    this.archived = sized(archived, 104, "BlsSignature");
  }

  /** Archive member: 104 bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 104; }
  /** Archive member: u64 limbs, align 8. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 8; }
  /** Archive member: no niche (the infinity flag is a u8 Choice, any value valid). */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: no niche. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /** Archive member: no out-of-line data. */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  /** Archive member: nothing out of line. */
  __archiveDeps(w: ArchiveWriter): void {}
  /** Archive member: the archived bytes at `at`. */
  __archiveWrite(w: ArchiveWriter, at: u32): void { writeBytes(w, at, this.archived); }
  /** Archive member: every byte pattern is valid (Choice is not checked in dusk-bls12_381 0.14.2). */
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  /** Archive member: the value at `at`. */
  __archiveRead(r: ArchiveReader, at: u32): BlsSignature { return new BlsSignature(readBytes(r, at, 104)); }
}

/**
 * A BLS multisignature (bls12_381-bls `MultisigSignature(G1Affine)`), archived like BlsSignature.
 */
export class MultisigSignature {
  /** The 104 archived bytes. */
  archived: StaticArray<u8>;

  /** A value from its 104 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(104)) {
    this.archived = sized(archived, 104, "MultisigSignature");
  }

  /** Archive member: 104 bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 104; }
  /** Archive member: u64 limbs, align 8. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 8; }
  /** Archive member: no niche (the infinity flag is a u8 Choice, any value valid). */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: no niche. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /** Archive member: no out-of-line data. */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  /** Archive member: nothing out of line. */
  __archiveDeps(w: ArchiveWriter): void {}
  /** Archive member: the archived bytes at `at`. */
  __archiveWrite(w: ArchiveWriter, at: u32): void { writeBytes(w, at, this.archived); }
  /** Archive member: every byte pattern is valid (Choice is not checked in dusk-bls12_381 0.14.2). */
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  /** Archive member: the value at `at`. */
  __archiveRead(r: ArchiveReader, at: u32): MultisigSignature { return new MultisigSignature(readBytes(r, at, 104)); }
}

/**
 * A Schnorr public key (jubjub-schnorr `PublicKey(JubJubExtended)`) as dusk-core archives it: the
 * extended point's u, v, z, t1, t2 as Montgomery-form BLS scalars; 160 bytes, align 8.
 */
export class SchnorrPublicKey {
  /** The 160 archived bytes. */
  archived: StaticArray<u8>;

  /** A value from its 160 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(160)) {
    this.archived = sized(archived, 160, "SchnorrPublicKey");
  }

  /** Archive member: 160 bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 160; }
  /** Archive member: u64 limbs, align 8. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 8; }
  /** Archive member: no niche. */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: where that niche is. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /** Archive member: no out-of-line data. */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  /** Archive member: nothing out of line. */
  __archiveDeps(w: ArchiveWriter): void {}
  /** Archive member: the archived bytes at `at`. */
  __archiveWrite(w: ArchiveWriter, at: u32): void { writeBytes(w, at, this.archived); }
  /** Archive member: any bytes validate (rkyv does not check the limbs). */
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  /** Archive member: the value at `at`. */
  __archiveRead(r: ArchiveReader, at: u32): SchnorrPublicKey { return new SchnorrPublicKey(readBytes(r, at, 160)); }
}

/**
 * A Schnorr signature (jubjub-schnorr `Signature { u: JubJubScalar, R: JubJubExtended }`) as
 * dusk-core archives it: u's Montgomery limbs, then R's five coordinates; 192 bytes, align 8.
 */
export class SchnorrSignature {
  /** The 192 archived bytes. */
  archived: StaticArray<u8>;

  /** A value from its 192 archived bytes. */
  constructor(archived: StaticArray<u8> = new StaticArray<u8>(192)) {
    this.archived = sized(archived, 192, "SchnorrSignature");
  }

  /** Archive member: 192 bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 192; }
  /** Archive member: u64 limbs, align 8. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 8; }
  /** Archive member: no niche. */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: where that niche is. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /** Archive member: no out-of-line data. */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  /** Archive member: nothing out of line. */
  __archiveDeps(w: ArchiveWriter): void {}
  /** Archive member: the archived bytes at `at`. */
  __archiveWrite(w: ArchiveWriter, at: u32): void { writeBytes(w, at, this.archived); }
  /** Archive member: any bytes validate (rkyv does not check the limbs). */
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  /** Archive member: the value at `at`. */
  __archiveRead(r: ArchiveReader, at: u32): SchnorrSignature { return new SchnorrSignature(readBytes(r, at, 192)); }
}
