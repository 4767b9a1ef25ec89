// ArchiveWriter: forward-only rkyv 0.7 serializer over a raw memory region
// (in contracts: the 64 KiB argument buffer, whose start is 8-aligned).
// Positions are offsets from the region start, which is what rkyv measures
// alignment and relative pointers against. Padding is always zero; the
// region is never written past `capacity` (overflow aborts first).

import { alignUp } from "./layout";

// Unmanaged: codec helpers pass it around constantly, and a managed reference would be spilled
// to the incremental runtime's shadow stack (a 16-gas store) at every such call. Being unmanaged,
// one made with `new` is never collected: contracts use sharedWriter() (static memory) or encode/decode.
/**
 * Forward-only rkyv 0.7 serializer over a raw memory region (in contracts, the 64 KiB argument buffer).
 * Positions are offsets from the region start; padding is zero and writing past `capacity` aborts.
 * Contracts use `sharedWriter()` or `encode`.
 */
@unmanaged
export class ArchiveWriter {
  /** Absolute address of position 0. */
  base: usize;
  /** Bytes available from `base`. */
  capacity: u32;
  /** Current end of the archive. */
  pos: u32 = 0;

  constructor(base: usize, capacity: u32) {
    this.base = base;
    this.capacity = capacity;
  }

  /** Reuses this writer for another region (avoids an allocation per call). */
  reset(base: usize, capacity: u32): ArchiveWriter {
    // Compare first: a store costs 16 gas, and the argbuf writer is reset onto the same region.
    if (this.base != base) this.base = base;
    if (this.capacity != capacity) this.capacity = capacity;
    this.pos = 0;
    return this;
  }

  /** Fails unless `n` more bytes fit after `from`. */
  ensure(from: u32, n: u32): void {
    if (<u64>from + <u64>n > <u64>this.capacity) {
      abort(
        "rkyv writer: archive needs " + (<u64>from + <u64>n).toString() +
        " bytes but the buffer holds " + this.capacity.toString(),
      );
    }
  }

  /** Zero-pads up to a multiple of `align`. */
  padTo(align: u32): void {
    const pos = this.pos;
    const p = alignUp(pos, align);
    if (p != pos) {
      this.ensure(pos, p - pos);
      memory.fill(this.base + pos, 0, p - pos);
      this.pos = p;
    }
  }

  /**
   * Pads to `align`, then claims `size` bytes and returns their position.
   * With `zero`, the claimed bytes are cleared (objects with inner padding);
   * one memory.fill costs 1 gas, far less than storing padding bytes.
   */
  reserve(size: u32, align: u32, zero: bool): u32 {
    this.padTo(align);
    const at = this.pos;
    this.ensure(at, size);
    if (zero) memory.fill(this.base + at, 0, size);
    this.pos = at + size;
    return at;
  }

  /** Appends raw bytes with no alignment (string bytes); returns their position. */
  writeBytes(src: usize, len: u32): u32 {
    const at = this.pos;
    this.ensure(at, len);
    memory.copy(this.base + at, src, len);
    this.pos = at + len;
    return at;
  }

  /** Absolute address of position `at`. */
  // @ts-ignore: decorator
  @inline ptr(at: u32): usize {
    return this.base + <usize>at;
  }
}

const sharedArea: usize = memory.data(<i32>offsetof<ArchiveWriter>(), 8);

/** A process-wide writer in static memory, reset onto (base, capacity): never allocates. */
export function sharedWriter(base: usize, capacity: u32): ArchiveWriter {
  return changetype<ArchiveWriter>(sharedArea).reset(base, capacity);
}
