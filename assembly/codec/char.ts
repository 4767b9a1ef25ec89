// Rust `char` as a value type of its own (AssemblyScript has none): archived
// as a u32 Unicode scalar value, 4 bytes, align 4, with a niche of
// 2^32 - 0x110000 invalid values (used by rustc's field ordering).

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { checkChar } from "./scalars";

export class Char {
  constructor(public code: u32) {}

  // @ts-ignore: decorator
  @inline __archiveSize(): u32 { return 4; }
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return 4; }
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 { return <u32>(0x1_0000_0000 - 0x110000); }
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 { return 0; }
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return false; }

  __archiveDeps(w: ArchiveWriter): void {}

  __archiveWrite(w: ArchiveWriter, at: u32): void {
    const c = this.code;
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) abort("rkyv writer: invalid char value");
    store<u32>(w.base + <usize>at, c);
  }

  __archiveCheck(r: ArchiveReader, at: u32): bool {
    return checkChar(r, at);
  }

  __archiveRead(r: ArchiveReader, at: u32): Char {
    return new Char(load<u32>(r.base + <usize>at));
  }
}
