// Option<T> for any T. Nullable references (`string | null`, `Foo | null`)
// are handled directly by the dispatcher; this class exists for value types
// (u64, bool, ...) that cannot be null in AssemblyScript, and for when an
// explicit wrapper reads better. Archived layout (no niche optimisation):
// u8 tag (0 None, 1 Some) at 0, payload at align(T), size rounded to align(T).

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import {
  archivedSize, archivedAlign, hasDeps, optionSize, serializeDeps, resolveAt, checkAt, readAt,
} from "./dispatch";
import * as E from "./errors";

/**
 * Rust `Option<T>` for value types (u64, bool, ...) that cannot be null in AssemblyScript; nullable
 * references (`string | null`) are encoded as `Option` directly. Archived as a u8 tag (0 None, 1 Some)
 * followed by the payload at `T`'s alignment.
 */
export class Option<T> {
  /** True for `Some`, false for `None`. */
  isSome: bool;
  /** The payload; zero (or null) when `isSome` is false. */
  value: T;

  constructor(isSome: bool, value: T) {
    this.isSome = isSome;
    this.value = value;
  }

  /** An `Option` holding `value` (Rust `Some(value)`). */
  static some<T>(value: T): Option<T> {
    return new Option<T>(true, value);
  }

  /** An empty `Option` (Rust `None`); its `value` is zero or null. */
  static none<T>(): Option<T> {
    if (isReference<T>()) return new Option<T>(false, changetype<T>(0));
    // @ts-ignore: numeric zero for value types
    return new Option<T>(false, <T>0);
  }

  /** The payload; aborts on None. */
  unwrap(): T {
    if (!this.isSome) abort("called unwrap on None");
    return this.value;
  }

  // --- archive members (member contract: transform/archive-codegen.ts) ---
  /** Archive member: the archived size of an `Option<T>` in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return optionSize(archivedSize<T>(), archivedAlign<T>()); }
  /** Archive member: the archived alignment of an `Option<T>` in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return max<u32>(archivedAlign<T>(), 1); }
  /**
   * Archive member: how many invalid bit patterns (niche values) an `Option<T>` has, which rustc's field
   * ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 254; }
  /** Archive member: the byte offset of that niche within an `Option<T>`. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /** Archive member: whether an `Option<T>` has out-of-line data (written before the fixed part). */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return hasDeps<T>(); }

  /**
   * Archive member: writes the out-of-line data of an `Option<T>` to `w`, recording a resolver for each
   * pointer the fixed part will need.
   */
  __archiveDeps(w: ArchiveWriter): void {
    if (this.isSome) serializeDeps<T>(w, this.value);
  }

  /**
   * Archive member: writes the fixed part of an `Option<T>` at offset `at` of `w`'s pre-zeroed region,
   * consuming the resolvers recorded by `__archiveDeps`.
   */
  __archiveWrite(w: ArchiveWriter, at: u32): void {
    if (!this.isSome) return; // zeroed region = None
    store<u8>(w.base + <usize>at, 1);
    resolveAt<T>(w, at + max<u32>(archivedAlign<T>(), 1), this.value);
  }

  /**
   * Archive member: validates an `Option<T>` at offset `at` (bounds, alignment, tags, UTF-8), recording
   * the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const tag = load<u8>(r.base + <usize>at);
    if (tag == 0) return true;
    if (tag != 1) return r.fail(E.ERR_ENUM_TAG, at, tag);
    return checkAt<T>(r, at + max<u32>(archivedAlign<T>(), 1));
  }

  /** Archive member: decodes an `Option<T>` at offset `at` of an already validated archive. */
  __archiveRead(r: ArchiveReader, at: u32): Option<T> {
    if (load<u8>(r.base + <usize>at) == 0) return Option.none<T>();
    return new Option<T>(true, readAt<T>(r, at + max<u32>(archivedAlign<T>(), 1)));
  }
}
