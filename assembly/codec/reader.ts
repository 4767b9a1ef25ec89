// ArchiveReader: bounds and claim state for check_archived_root-equivalent
// validation, plus the base address used by the (unchecked) readers.
//
// Claims follow rkyv 0.7's ArchiveValidator: every relative pointer targets a
// range that must lie in the current "subtree window" [lo, hi). While the
// target's own children are checked the window is [lo, target); afterwards it
// becomes [target + size, hi). So out-of-line data must appear in visiting
// order and may not be shared. Zero-sized claims may sit anywhere in [lo, hi].

import * as E from "./errors";

// Unmanaged: codec helpers pass it around constantly, and a managed reference would be spilled
// to the incremental runtime's shadow stack (a 16-gas store) at every such call. Being unmanaged,
// one made with `new` is never collected: contracts use sharedReader() (static memory) or encode/decode.
/**
 * Validation and read state over one rkyv 0.7 archive in memory: the bounds, the subtree window that
 * rkyv's validator claims ranges from, and the first error found. Contracts use `sharedReader()` or
 * `decode`; one made with `new` is never freed.
 */
@unmanaged
export class ArchiveReader {
  /** Absolute address of position 0. */
  base: usize;
  /** Archive length in bytes. */
  len: u32;
  /** Current subtree window. */
  lo: u32 = 0;
  /** End (exclusive) of the current subtree window; `lo` is its start. */
  hi: u32 = 0;
  /** First error found (0 = none) and where. */
  error: i32 = 0;
  /** Archive position where the first error was found (meaningful only when `error` is non-zero). */
  errorAt: u32 = 0;
  /** The offending value of the first error (e.g. the bad tag or pointer target), for the message. */
  errorValue: i64 = 0;

  constructor(base: usize, len: u32) {
    this.base = base;
    this.len = len;
    this.hi = len;
  }

  /**
   * Reuses this reader. Stores cost 16-32 gas each, so only what every check
   * needs is reset: the window is set by checkRoot, and errorAt/errorValue
   * are only meaningful once `error` is non-zero (fail() writes all three).
   */
  reset(base: usize, len: u32): ArchiveReader {
    // Compare first: the argbuf reader is reset onto the same base, normally with no error left.
    if (this.base != base) this.base = base;
    this.len = len;
    if (this.error != 0) this.error = 0;
    return this;
  }

  /** Records the first error; always returns false so checks can `return r.fail(...)`. */
  fail(code: i32, at: u32, value: i64 = 0): bool {
    if (this.error == 0) {
      this.error = code;
      this.errorAt = at;
      this.errorValue = value;
    }
    return false;
  }

  /** Human-readable description of the first error ("" when valid). */
  errorMessage(): string {
    if (this.error == 0) return "";
    return E.errorText(this.error) + " (value " + this.errorValue.toString() +
      ", at archive position " + this.errorAt.toString() + ")";
  }

  /** The absolute memory address of archive position `at`. */
  // @ts-ignore: decorator
  @inline ptr(at: u32): usize {
    return this.base + <usize>at;
  }

  /**
   * Checks the relative pointer stored at `field` (offset relative to
   * `origin`) for a claim of `size` bytes aligned to `align`. Returns the
   * target position, or -1 after recording an error. Does not move the window.
   */
  target(field: u32, origin: u32, size: u64, align: u32): i64 {
    const off = load<i32>(this.base + <usize>field);
    const t = <i64>origin + <i64>off;
    if (t < 0 || t > <i64>this.len) {
      this.fail(E.ERR_PTR_OUT_OF_BOUNDS, field, t);
      return -1;
    }
    if (<u64>t + size > <u64>this.len) {
      this.fail(E.ERR_PTR_OVERRUN, field, t);
      return -1;
    }
    if ((<u32>t & (align - 1)) != 0) {
      this.fail(E.ERR_PTR_UNALIGNED, field, t);
      return -1;
    }
    if (!this.inWindow(<u32>t, size)) {
      this.fail(size == 0 ? E.ERR_SUBTREE_OUT_OF_BOUNDS : this.windowError(<u32>t), field, t);
      return -1;
    }
    return t;
  }

  /** Is [t, t+size) inside the current window (size 0: t in [lo, hi])? */
  inWindow(t: u32, size: u64): bool {
    if (size == 0) return t >= this.lo && t <= this.hi;
    return t >= this.lo && t < this.hi && <u64>(this.hi - t) >= size;
  }

  private windowError(t: u32): i32 {
    return t >= this.lo && t < this.hi ? E.ERR_SUBTREE_OVERRUN : E.ERR_SUBTREE_OUT_OF_BOUNDS;
  }

  /** Starts checking the children of a claimed range at `t`: returns the window end to restore. */
  // @ts-ignore: decorator
  @inline enter(t: u32): u32 {
    const saved = this.hi;
    this.hi = t;
    return saved;
  }

  /** Ends a claim of [t, t+size): the next sibling must start after it. */
  // @ts-ignore: decorator
  @inline leave(t: u32, size: u32, savedHi: u32): void {
    this.lo = t + size;
    this.hi = savedHi;
  }
}

const sharedArea: usize = memory.data(<i32>offsetof<ArchiveReader>(), 8);

/** A process-wide reader in static memory, reset onto (base, len): never allocates. */
export function sharedReader(base: usize, len: u32): ArchiveReader {
  return changetype<ArchiveReader>(sharedArea).reset(base, len);
}
