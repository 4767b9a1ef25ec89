// Box<T> (sized T): a 4-byte relative pointer to the boxed value, which is
// written earlier (its own out-of-line data first, then T at its alignment).
// Option<Box<T>> has no null-pointer niche in rkyv: tag + padding + pointer.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { pushResolver, takeResolver, resolverMark, beginTake, rewindResolvers } from "./resolvers";
import { archivedSize, archivedAlign, isPlain, serializeDeps, resolveAt, checkAt, readAt } from "./dispatch";

export class Box<T> {
  constructor(public value: T) {}

  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 4; }
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 4; }
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return true; }

  __archiveDeps(w: ArchiveWriter): void {
    const mark = resolverMark();
    serializeDeps<T>(w, this.value);
    beginTake(mark);
    const at = w.reserve(archivedSize<T>(), archivedAlign<T>(), !isPlain<T>());
    resolveAt<T>(w, at, this.value);
    rewindResolvers(mark);
    pushResolver(at);
  }

  __archiveWrite(w: ArchiveWriter, at: u32): void {
    store<i32>(w.base + <usize>at, <i32>takeResolver() - <i32>at);
  }

  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const size = archivedSize<T>();
    const t = r.target(at, at, size, archivedAlign<T>());
    if (t < 0) return false;
    const saved = r.enter(<u32>t);
    if (!checkAt<T>(r, <u32>t)) return false;
    r.leave(<u32>t, size, saved);
    return true;
  }

  __archiveRead(r: ArchiveReader, at: u32): Box<T> {
    const t = <u32>(<i64>at + <i64>load<i32>(r.base + <usize>at));
    return new Box<T>(readAt<T>(r, t));
  }
}
