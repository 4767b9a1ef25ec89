// Rust `()` and unit structs: zero bytes, align 1. An archive of `()` is empty.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";

export class Unit {
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 1; }
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }
  __archiveDeps(w: ArchiveWriter): void {}
  __archiveWrite(w: ArchiveWriter, at: u32): void {}
  __archiveCheck(r: ArchiveReader, at: u32): bool { return true; }
  __archiveRead(r: ArchiveReader, at: u32): Unit { return new Unit(); }
}
