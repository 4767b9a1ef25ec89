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

export class Option<T> {
  isSome: bool;
  value: T;

  constructor(isSome: bool, value: T) {
    this.isSome = isSome;
    this.value = value;
  }

  static some<T>(value: T): Option<T> {
    return new Option<T>(true, value);
  }

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
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return optionSize(archivedSize<T>(), archivedAlign<T>()); }
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return max<u32>(archivedAlign<T>(), 1); }
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 254; }
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return hasDeps<T>(); }

  __archiveDeps(w: ArchiveWriter): void {
    if (this.isSome) serializeDeps<T>(w, this.value);
  }

  __archiveWrite(w: ArchiveWriter, at: u32): void {
    if (!this.isSome) return; // zeroed region = None
    store<u8>(w.base + <usize>at, 1);
    resolveAt<T>(w, at + max<u32>(archivedAlign<T>(), 1), this.value);
  }

  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const tag = load<u8>(r.base + <usize>at);
    if (tag == 0) return true;
    if (tag != 1) return r.fail(E.ERR_ENUM_TAG, at, tag);
    return checkAt<T>(r, at + max<u32>(archivedAlign<T>(), 1));
  }

  __archiveRead(r: ArchiveReader, at: u32): Option<T> {
    if (load<u8>(r.base + <usize>at) == 0) return Option.none<T>();
    return new Option<T>(true, readAt<T>(r, at + max<u32>(archivedAlign<T>(), 1)));
  }
}
