// Rust `char` as a value type of its own (AssemblyScript has none): archived
// as a u32 Unicode scalar value, 4 bytes, align 4, with a niche of
// 2^32 - 0x110000 invalid values (used by rustc's field ordering).

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { checkChar } from "./scalars";

/**
 * Rust `char` as a value type (AssemblyScript has none): archived as a u32 Unicode scalar value, 4 bytes,
 * align 4; surrogates and values above 0x10FFFF are invalid.
 */
export class Char {
  /**
   * Wraps a Unicode scalar value.
   * @param code The Unicode scalar value (0..0x10FFFF, no surrogates); writing an invalid one aborts.
   */
  constructor(public code: u32) {}

  /** Archive member: the archived size of a `char` (4-byte u32 scalar value) in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 4; }
  /** Archive member: the archived alignment of a `char` (4-byte u32 scalar value) in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 4; }
  /**
   * Archive member: how many invalid bit patterns (niche values) a `char` (4-byte u32 scalar value) has,
   * which rustc's field ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return <u32>(0x1_0000_0000 - 0x110000); }
  /** Archive member: the byte offset of that niche within a `char` (4-byte u32 scalar value). */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /**
   * Archive member: whether a `char` (4-byte u32 scalar value) has out-of-line data (written before the
   * fixed part).
   */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }

  /** Archive member: writes nothing, since a `char` has no out-of-line data. */
  __archiveDeps(w: ArchiveWriter): void {}

  /**
   * Archive member: writes the fixed part of a `char` (4-byte u32 scalar value) at offset `at` of `w`'s
   * pre-zeroed region, consuming the resolvers recorded by `__archiveDeps`.
   */
  __archiveWrite(w: ArchiveWriter, at: u32): void {
    const c = this.code;
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) abort("rkyv writer: invalid char value");
    store<u32>(w.base + <usize>at, c);
  }

  /**
   * Archive member: validates a `char` (4-byte u32 scalar value) at offset `at` (bounds, alignment, tags,
   * UTF-8), recording the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool {
    return checkChar(r, at);
  }

  /**
   * Archive member: decodes a `char` (4-byte u32 scalar value) at offset `at` of an already validated
   * archive.
   */
  __archiveRead(r: ArchiveReader, at: u32): Char {
    return new Char(load<u32>(r.base + <usize>at));
  }
}
