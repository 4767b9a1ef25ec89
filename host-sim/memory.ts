// Mirrors piecrust/src/store/memory.rs and crumbles/src/lib.rs: one contract memory in a session,
// with a stack of copy-on-write snapshots per 64 KiB page and "dirty = written" tracking.
// Divergence: a WebAssembly.Memory cannot shrink, so the logical length is tracked apart from the
// buffer; see shrinkTo().
import { NO_PAGE } from "./metering.js";

export const PAGE_SIZE = 65536;
export const WASM32_MAX_PAGES = 65536;

/** Spare 64 KiB buffers for snapshot copies: calls copy a few pages each, so reuse avoids GC churn. */
const pagePool: Uint8Array[] = [];
const POOL_MAX = 256;

function copyPage(src: Uint8Array, start: number): Uint8Array {
  const page = pagePool.pop() ?? new Uint8Array(PAGE_SIZE);
  page.set(src.subarray(start, start + PAGE_SIZE));
  return page;
}

function recycle(page: Uint8Array): void {
  if (pagePool.length < POOL_MAX) pagePool.push(page);
}

/**
 * The running instance's page cache: globals holding the bases of pages recorded in the top
 * snapshot, which the rewritten stores check before calling touch(). Only the host writes them, so
 * a mirror saves reading BigInt globals back; the first is always the page recorded last.
 */
export class PageCache {
  private readonly mirror: bigint[];
  private next = 0;

  constructor(private readonly globals: WebAssembly.Global[]) {
    this.mirror = globals.map(() => NO_PAGE);
  }

  record(base: bigint): void {
    const newest = this.mirror[0];
    if (newest === base) return;
    if (newest !== NO_PAGE && this.globals.length > 1) {
      const k = 1 + (this.next++ % (this.globals.length - 1));
      this.mirror[k] = newest;
      this.globals[k].value = newest;
    }
    this.mirror[0] = base;
    this.globals[0].value = base;
  }

  forget(): void {
    for (let k = 0; k < this.mirror.length; k++) {
      if (this.mirror[k] === NO_PAGE) continue;
      this.mirror[k] = NO_PAGE;
      this.globals[k].value = NO_PAGE;
    }
  }
}

interface Snapshot {
  /** Page index → the page's bytes before its first write under this snapshot. */
  saved: Map<number, Uint8Array>;
}

export class ContractMemory {
  memory: WebAssembly.Memory;
  private view: Uint8Array;
  /** Logical length in bytes (what memory.size reports to the contract). */
  private logicalLen: number;
  /** Pages written during the session by calls that did not fail (crumbles' bottom snapshot). */
  readonly sessionDirty = new Set<number>();
  private readonly snapshots: Snapshot[] = [];
  /** The running instance's page cache, forgotten when the top snapshot changes. */
  pageCache: PageCache | null = null;

  constructor(pages: number, content?: (page: number) => Uint8Array | undefined, pageIndices?: Iterable<number>) {
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: WASM32_MAX_PAGES });
    this.view = new Uint8Array(this.memory.buffer);
    this.logicalLen = pages * PAGE_SIZE;
    if (content && pageIndices) {
      for (const p of pageIndices) {
        const bytes = content(p);
        // Pages beyond the persisted length stay readable by Piecrust's host, not by wasm; they
        // are still part of the state, so they are loaded when they fit.
        if (bytes && (p + 1) * PAGE_SIZE <= this.view.length) this.view.set(bytes, p * PAGE_SIZE);
      }
    }
  }

  get length(): number {
    this.syncLength();
    return this.logicalLen;
  }

  get pages(): number {
    return this.length / PAGE_SIZE;
  }

  bytes(): Uint8Array {
    // A grow replaces the ArrayBuffer, so identity alone says whether the view is stale.
    const buffer = this.memory.buffer;
    if (this.view.buffer !== buffer) this.view = new Uint8Array(buffer);
    return this.view;
  }

  /** Brings the logical length in line after wasm grew the memory itself. */
  syncLength(): void {
    const physical = this.memory.buffer.byteLength;
    if (physical > this.logicalLen && !this.shrinkPending) this.logicalLen = physical;
  }

  private shrinkPending = false;

  /**
   * Restores a recorded length after a failed frame. A WebAssembly.Memory cannot shrink, so the
   * buffer is swapped for a copy of the right size; instances holding the old buffer must be
   * re-created by the caller (it knows whether the contract still has live frames).
   */
  setLength(len: number): boolean {
    this.syncLength();
    if (len >= this.logicalLen) {
      if (len > this.memory.buffer.byteLength) this.memory.grow((len - this.memory.buffer.byteLength) / PAGE_SIZE);
      this.logicalLen = len;
      return false;
    }
    this.logicalLen = len;
    this.shrinkPending = true;
    return true;
  }

  /** Replaces the buffer by one of exactly the logical length; returns the new memory. */
  realizeShrink(): WebAssembly.Memory {
    const old = this.bytes();
    const next = new WebAssembly.Memory({ initial: this.pages, maximum: WASM32_MAX_PAGES });
    new Uint8Array(next.buffer).set(old.subarray(0, this.logicalLen));
    this.memory = next;
    this.view = new Uint8Array(next.buffer);
    this.shrinkPending = false;
    return next;
  }

  get needsShrink(): boolean {
    return this.shrinkPending;
  }

  /** Records `page` as about to be written (the write fault of crumbles). */
  touchPage(page: number): void {
    const top = this.snapshots[this.snapshots.length - 1];
    if (top === undefined) {
      this.sessionDirty.add(page);
      return;
    }
    if (!top.saved.has(page)) {
      const start = page * PAGE_SIZE;
      top.saved.set(page, copyPage(this.bytes(), start));
    }
  }

  /** Called (through the bridge) before a wasm store of `size` bytes at `addr + offset`. */
  touch(addr: number, offset: number, size: number): void {
    const ea = (addr >>> 0) + (offset >>> 0);
    const first = Math.floor(ea / PAGE_SIZE);
    const last = Math.floor((ea + size - 1) / PAGE_SIZE);
    const limit = this.bytes().length / PAGE_SIZE;
    // An out-of-bounds store traps right after this; recording nothing keeps that harmless.
    if (last >= limit) return;
    for (let p = first; p <= last; p++) this.touchPage(p);
    this.pageCache?.record(BigInt(last * PAGE_SIZE));
  }

  /** Called before memory.fill/copy/init writes `len` bytes at `dst`. */
  touchRange(dst: number, len: number): void {
    const n = len >>> 0;
    if (n === 0) return;
    const start = dst >>> 0;
    const end = start + n;
    if (end > this.bytes().length) return;
    const last = Math.floor((end - 1) / PAGE_SIZE);
    for (let p = Math.floor(start / PAGE_SIZE); p <= last; p++) this.touchPage(p);
  }

  /** A host write (argument buffer, data segments): records the pages, then copies. */
  write(offset: number, data: Uint8Array): void {
    if (data.length === 0) return;
    const last = Math.floor((offset + data.length - 1) / PAGE_SIZE);
    for (let p = Math.floor(offset / PAGE_SIZE); p <= last; p++) this.touchPage(p);
    this.bytes().set(data, offset);
  }

  read(offset: number, len: number): Uint8Array {
    return this.bytes().slice(offset, offset + len);
  }

  private forgetLastPage(): void {
    this.pageCache?.forget();
  }

  snap(): void {
    this.snapshots.push({ saved: new Map() });
    this.forgetLastPage();
  }

  /** Undoes every write made since the matching snap(), un-dirtying pages first written there. */
  revert(): void {
    const top = this.snapshots.pop();
    if (top === undefined) throw new Error("revert without a snapshot");
    const view = this.bytes();
    for (const [page, bytes] of top.saved) {
      const start = page * PAGE_SIZE;
      if (start + PAGE_SIZE <= view.length) view.set(bytes, start);
      recycle(bytes);
    }
    this.forgetLastPage();
  }

  /** Merges the top snapshot into the one below, keeping the older original of each page. */
  apply(): void {
    const top = this.snapshots.pop();
    if (top === undefined) throw new Error("apply without a snapshot");
    const below = this.snapshots[this.snapshots.length - 1];
    if (below === undefined) {
      for (const [page, bytes] of top.saved) {
        this.sessionDirty.add(page);
        recycle(bytes);
      }
    } else {
      for (const [page, bytes] of top.saved) {
        if (below.saved.has(page)) recycle(bytes);
        else below.saved.set(page, bytes);
      }
    }
    // The cached pages are now recorded in the new top, so the cache stays valid.
  }

  get depth(): number {
    return this.snapshots.length;
  }

  /** Pages written in this session (for commits and roots), with their current contents. */
  dirtyPages(): Map<number, Uint8Array> {
    const out = new Map<number, Uint8Array>();
    const view = this.bytes();
    for (const p of [...this.sessionDirty].sort((a, b) => a - b)) {
      const start = p * PAGE_SIZE;
      out.set(p, start + PAGE_SIZE <= view.length ? view.subarray(start, start + PAGE_SIZE) : new Uint8Array(PAGE_SIZE));
    }
    return out;
  }
}
