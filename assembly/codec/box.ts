// Box<T> (sized T): a 4-byte relative pointer to the boxed value, which is
// written earlier (its own out-of-line data first, then T at its alignment).
// Option<Box<T>> has no null-pointer niche in rkyv: tag + padding + pointer.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { pushResolver, takeResolver, resolverMark, beginTake, rewindResolvers } from "./resolvers";
import { archivedSize, archivedAlign, isPlain, serializeDeps, resolveAt, checkAt, readAt } from "./dispatch";

/**
 * Rust `Box<T>` (sized `T`): archived as a 4-byte relative pointer to the boxed value, which is written
 * out of line before it. Wrap a value in `Box` where the Rust type has a `Box` field.
 */
export class Box<T> {
  /**
   * Wraps a value.
   * @param value The boxed value.
   */
  constructor(public value: T) {}

  /** Archive member: the archived size of a `Box<T>` (a 4-byte relative pointer) in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 4; }
  /** Archive member: the archived alignment of a `Box<T>` (a 4-byte relative pointer) in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 4; }
  /**
   * Archive member: how many invalid bit patterns (niche values) a `Box<T>` (a 4-byte relative pointer)
   * has, which rustc's field ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  /** Archive member: the byte offset of that niche within a `Box<T>` (a 4-byte relative pointer). */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  /**
   * Archive member: whether a `Box<T>` (a 4-byte relative pointer) has out-of-line data (written before
   * the fixed part).
   */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return true; }

  /**
   * Archive member: writes the out-of-line data of a `Box<T>` (a 4-byte relative pointer) to `w`,
   * recording a resolver for each pointer the fixed part will need.
   */
  __archiveDeps(w: ArchiveWriter): void {
    const mark = resolverMark();
    serializeDeps<T>(w, this.value);
    beginTake(mark);
    const at = w.reserve(archivedSize<T>(), archivedAlign<T>(), !isPlain<T>());
    resolveAt<T>(w, at, this.value);
    rewindResolvers(mark);
    pushResolver(at);
  }

  /**
   * Archive member: writes the fixed part of a `Box<T>` (a 4-byte relative pointer) at offset `at` of
   * `w`'s pre-zeroed region, consuming the resolvers recorded by `__archiveDeps`.
   */
  __archiveWrite(w: ArchiveWriter, at: u32): void {
    store<i32>(w.base + <usize>at, <i32>takeResolver() - <i32>at);
  }

  /**
   * Archive member: validates a `Box<T>` (a 4-byte relative pointer) at offset `at` (bounds, alignment,
   * tags, UTF-8), recording the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const size = archivedSize<T>();
    const t = r.target(at, at, size, archivedAlign<T>());
    if (t < 0) return false;
    const saved = r.enter(<u32>t);
    if (!checkAt<T>(r, <u32>t)) return false;
    r.leave(<u32>t, size, saved);
    return true;
  }

  /**
   * Archive member: decodes a `Box<T>` (a 4-byte relative pointer) at offset `at` of an already validated
   * archive.
   */
  __archiveRead(r: ArchiveReader, at: u32): Box<T> {
    const t = <u32>(<i64>at + <i64>load<i32>(r.base + <usize>at));
    return new Box<T>(readAt<T>(r, t));
  }
}
