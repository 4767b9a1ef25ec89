// Mirrors piecrust/src/store/memory.rs and crumbles/src/lib.rs: one contract memory in a session,
// a static 4 GiB address space with a logical length apart from it, a stack of copy-on-write
// snapshots per 64 KiB page and "dirty = written" tracking.
import { NO_PAGE } from "./metering.js";
import { LeafCache } from "./store/leaf-cache.js";
import { HostMemoryExhausted, HostSimBug } from "./error.js";

/** Size in bytes of a wasm memory page (64 KiB), the unit of contract memory and of its page tree. */
export const PAGE_SIZE = 65536;
export const WASM32_MAX_PAGES = 65536;
/** Piecrust's reservation for a wasm32 memory: plain loads and stores anywhere below it succeed. */
export const WASM32_BYTES = WASM32_MAX_PAGES * PAGE_SIZE;

/** Spare 64 KiB buffers for snapshot copies: calls copy a few pages each, so reuse avoids GC churn. */
const pagePool: Uint8Array[] = [];
const POOL_MAX = 256;

function copyPage(src: Uint8Array, start: number): Uint8Array {
  const page = pagePool.pop() ?? new Uint8Array(PAGE_SIZE);
  page.set(src.subarray(start, start + PAGE_SIZE));
  return page;
}

function recycle(page: Uint8Array | null | typeof STORED): void {
  if (page instanceof Uint8Array && pagePool.length < POOL_MAX) pagePool.push(page);
}

/**
 * Whether contract memories are shared memories. V8 counts an unshared memory's 4 GiB as
 * this isolate's external memory, and each new one then forces a full garbage collection
 * ("external memory pressure": 3–12 ms on a fresh process, more on a larger heap); a shared one is
 * not counted, and costs 0.1 ms. Contracts cannot tell: the validator refuses atomics and their own
 * shared memories, so only plain loads and stores reach it, which V8 compiles the same. Hosts that
 * gate shared memory (a browser page without cross-origin isolation) get an unshared one.
 */
export const SHARED_MEMORY: boolean = (() => {
  try {
    return new WebAssembly.Memory({ initial: 0, maximum: 0, shared: true }).buffer.byteLength === 0;
  } catch {
    return false;
  }
})();

/**
 * Spare 4 GiB memories. A process can hold about a thousand (V8 reserves each one's address
 * space), and zeroing the few pages a session touched costs microseconds, so a memory released by
 * a closed session is handed to the next contract loaded. It is wiped then, not at release: the
 * pages the next contract loads are overwritten anyway, so only the others are zeroed (a session
 * ending, e.g. by commit(), costs nothing for the pages it merely loaded).
 */
interface Spare {
  memory: WebAssembly.Memory;
  /** Pages that may hold non-zero bytes. */
  used: Iterable<number>;
}
const spareMemories: Spare[] = [];
/** The same for memory64 contracts: their memory's type is its own (4 GiB too, see memory64.ts). */
const spareMemories64: Spare[] = [];
const SPARE_MAX = 16;

function takeMemory(is64: boolean): Spare {
  const spare = (is64 ? spareMemories64 : spareMemories).pop();
  if (spare) return spare;
  try {
    if (is64) {
      // Node 20's typings know no 64-bit memory descriptor; memory64.ts checked that the engine has one
      const pages = BigInt(WASM32_MAX_PAGES);
      return { memory: new WebAssembly.Memory({ initial: pages, maximum: pages, address: "i64", shared: SHARED_MEMORY } as unknown as WebAssembly.MemoryDescriptor), used: [] };
    }
    return { memory: new WebAssembly.Memory({ initial: WASM32_MAX_PAGES, maximum: WASM32_MAX_PAGES, shared: SHARED_MEMORY }), used: [] };
  } catch (e) {
    throw new HostMemoryExhausted(e);
  }
}

/** How many released 4 GiB memories wait for reuse (for tests and benches). */
export function spareMemoryCount(): number {
  return spareMemories.length;
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

/**
 * A top-level frame's entry for a page still as the store holds it: reverting reads it from the
 * store again, so a call that rewrites N stored pages keeps no N-page copy (freed copies of 64 KiB
 * stay resident in the process's heap long after the frame has ended).
 */
const STORED = Symbol("as stored");

interface Snapshot {
  /**
   * Page index → the page's bytes before its first write under this snapshot, or null when the
   * page was still untouched (all zero): those are not copied, so a call that writes fresh pages
   * holds no second copy of them.
   */
  saved: Map<number, Uint8Array | null | typeof STORED>;
}

export class ContractMemory {
  /** The whole 4 GiB address space: the OS backs only the pages written (or loaded). */
  readonly memory: WebAssembly.Memory;
  private view: Uint8Array;
  /** Logical length in bytes (Piecrust's current_len: memory_len, the persisted length, grow's base). */
  private logicalLen: number;
  /** Pages written during the session by calls that did not fail (crumbles' bottom snapshot). */
  readonly sessionDirty = new Set<number>();
  /** Pages written in this session and not reverted to untouched since. */
  private readonly modified = new Set<number>();
  /** Pages holding stored bytes, loaded when the contract was. */
  private readonly loaded = new Set<number>();
  private readonly snapshots: Snapshot[] = [];
  private released = false;
  /** The running instance's page cache, forgotten when the top snapshot changes. */
  pageCache: PageCache | null = null;
  /** Digests of the dirty pages as last hashed for a root; a page's is forgotten before it is written. */
  readonly leafCache = new LeafCache();

  constructor(
    pages: number,
    private readonly stored?: (page: number) => Uint8Array | undefined,
    pageIndices?: Iterable<number>,
    /** A memory64 contract's: the wasm memory is 64-bit, host-sim's address space still 4 GiB. */
    readonly is64 = false,
  ) {
    const spare = takeMemory(is64);
    this.memory = spare.memory;
    this.view = new Uint8Array(this.memory.buffer);
    this.logicalLen = pages * PAGE_SIZE;
    if (stored && pageIndices) {
      // Pages beyond the persisted length are state too: wasm reads them with plain loads.
      for (const p of pageIndices) {
        const bytes = stored(p);
        if (bytes === undefined) continue;
        this.view.set(bytes, p * PAGE_SIZE);
        this.loaded.add(p);
      }
    }
    for (const p of spare.used) if (!this.loaded.has(p)) this.view.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
  }

  get length(): number {
    return this.logicalLen;
  }

  get pages(): number {
    return this.logicalLen / PAGE_SIZE;
  }

  bytes(): Uint8Array {
    if (this.released) throw HostSimBug.because("host-sim used a contract memory after its session released it");
    return this.view;
  }

  /**
   * memory.grow as wasmtime runs it on Piecrust's memory: the old size is the logical length (not
   * what the instance last saw), and the only limit is the 4 GiB reservation; nothing is cleared,
   * so bytes written beyond the length come inside it. Returns the old length in pages, or -1.
   */
  grow(delta: number): number {
    const old = this.pages;
    const d = delta >>> 0;
    if (old + d > WASM32_MAX_PAGES) return -1;
    this.logicalLen = (old + d) * PAGE_SIZE;
    return old;
  }

  /** Restores the length recorded when a failed frame was pushed (Piecrust's set_len). */
  setLength(len: number): void {
    this.logicalLen = len;
  }

  /** Records `page` as about to be written (the write fault of crumbles). */
  touchPage(page: number): void {
    this.leafCache.forget(page);
    const top = this.snapshots[this.snapshots.length - 1];
    if (top === undefined) {
      this.sessionDirty.add(page);
      this.modified.add(page);
      return;
    }
    if (!top.saved.has(page)) {
      const asStored = !this.modified.has(page);
      const entry = asStored && !this.loaded.has(page) ? null : asStored && this.snapshots.length === 1 && this.stored ? STORED : copyPage(this.view, page * PAGE_SIZE);
      top.saved.set(page, entry);
      this.modified.add(page);
    }
  }

  /** Called (through the bridge) before a wasm store of `size` bytes at `addr + offset`. */
  touch(addr: number, offset: number, size: number): void {
    const ea = (addr >>> 0) + (offset >>> 0);
    const first = Math.floor(ea / PAGE_SIZE);
    const last = Math.floor((ea + size - 1) / PAGE_SIZE);
    // A store crossing 4 GiB traps right after this; its part below is recorded all the same, so
    // whatever the CPU may have written there is reverted with the failed frame.
    for (let p = first; p <= last && p < WASM32_MAX_PAGES; p++) this.touchPage(p);
    if (last < WASM32_MAX_PAGES) this.pageCache?.record(BigInt(last * PAGE_SIZE));
  }

  /** Called before memory.fill/copy/init writes `len` bytes at `dst` (the rewrite checked the bounds). */
  touchRange(dst: number, len: number): void {
    const n = len >>> 0;
    if (n === 0) return;
    const start = dst >>> 0;
    const last = Math.min(Math.floor((start + n - 1) / PAGE_SIZE), WASM32_MAX_PAGES - 1);
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
    if (top === undefined) throw HostSimBug.because("a contract memory was reverted without a snapshot");
    const view = this.bytes();
    for (const [page, bytes] of top.saved) {
      const start = page * PAGE_SIZE;
      if (bytes === STORED) {
        view.set(this.stored!(page)!, start);
        this.modified.delete(page);
        continue;
      }
      if (bytes !== null) {
        view.set(bytes, start);
        recycle(bytes);
        continue;
      }
      view.fill(0, start, start + PAGE_SIZE);
      this.modified.delete(page);
    }
    this.forgetLastPage();
  }

  /** Merges the top snapshot into the one below, keeping the older original of each page. */
  apply(): void {
    const top = this.snapshots.pop();
    if (top === undefined) throw HostSimBug.because("a contract memory applied a snapshot it did not take");
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
      out.set(p, view.subarray(start, start + PAGE_SIZE));
    }
    return out;
  }

  /**
   * Gives the address space back for reuse once nothing can run on it any more (its session ended),
   * with the pages loaded or written for the next user to wipe: this costs nothing per page.
   */
  release(): void {
    if (this.released) return;
    for (const s of this.snapshots) for (const bytes of s.saved.values()) recycle(bytes);
    this.snapshots.length = 0;
    this.released = true;
    this.pageCache = null;
    const spares = this.is64 ? spareMemories64 : spareMemories;
    if (spares.length < SPARE_MAX) {
      const used = new Set(this.loaded);
      for (const p of this.modified) used.add(p);
      spares.push({ memory: this.memory, used });
    }
  }
}
