// Rust `()` and unit structs: zero bytes, align 1. An archive of `()` is empty.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";

/**
 * Rust `()` and unit structs: zero bytes, align 1; an archive of `()` is empty. Use it as the argument or
 * return type of a contract function that takes or returns nothing.
 */
export class Unit {
  /** Archive member: the archived size of `()` (zero bytes, align 1) in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 0; }
  /** Archive member: the archived alignment of `()` (zero bytes, align 1) in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 1; }
  /**
   * Archive member: how many invalid bit patterns (niche values) `()` (zero bytes, align 1) has, which
   * rustc's field ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: the byte offset of that niche within `()` (zero bytes, align 1). */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /**
   * Archive member: whether `()` (zero bytes, align 1) has out-of-line data (written before the fixed
   * part).
   */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  /** Archive member: writes nothing, since `()` has no out-of-line data. */
  __archiveDeps(w: ArchiveWriter): void {}
  /** Archive member: writes nothing, since `()` archives to zero bytes. */
  __archiveWrite(w: ArchiveWriter, at: u32): void {}
  /**
   * Archive member: validates `()` (zero bytes, align 1) at offset `at` (bounds, alignment, tags, UTF-8),
   * recording the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  /** Archive member: decodes `()` (zero bytes, align 1) at offset `at` of an already validated archive. */
  __archiveRead(r: ArchiveReader, at: u32): Unit { return new Unit(); }
}
