// Mirrors piecrust/src/store.rs (`ContractStore`: commits, sessions' bases, delete/finalize, restore on open).
// Divergences: commits are independent snapshots sharing content-addressed files (no base-chain fallback,
// no "main" finalized layer; finalize therefore behaves like delete, keeping whatever other commits use);
// deletion requested while a session holds the commit is deferred to the last release() instead of blocking.
import { CommitState, materialize, prepare, type ContractChange } from "./commit.js";
import type { Disk, FileWrite } from "./disk.js";
import { Element, type ContractEntry } from "./element.js";
import { StoreError } from "./errors.js";
import { hash } from "./hash.js";
import { pageChunkCvs, pageFromChunks } from "./blake3.js";
import { bytesEqual, compareBytes, fromHex, isHash32Hex, toHex } from "../hex.js";
import type { FsLayer } from "./fs-layer.js";
import type { DirLock } from "./lock.js";
import { decodeManifest, encodeManifest } from "./manifest.js";
import { PAGE_SIZE, pageTreeOpening } from "./page-tree.js";
import { contractTree } from "./contract-tree.js";
import { Lru } from "./lru.js";
import { PageHasher } from "./page-hasher.js";

/** Sibling values along a leaf's path, root first (TreeShape.opening). */
export interface TreeOpening {
  leaf: Uint8Array;
  levels: Uint8Array[][];
}

export interface ContractOpenings {
  stateRoot: Uint8Array;
  /** The contract's leaf position in the contract tree. */
  position: number;
  contract: TreeOpening;
  pages: Map<number, TreeOpening>;
  /** The page openings are of a wasm64 (height 13) page tree. */
  memory64: boolean;
}
import type { TreeNode } from "./tree.js";

/** Pages a disk store keeps after reading them (64 KiB each: 16 MiB). */
const PAGE_CACHE_PAGES = 256;

interface Held {
  state: CommitState;
  retained: number;
  /** Deletion/finalization asked for while retained; done at the last release. */
  removal: "delete" | "finalize" | null;
}

interface ElementRef {
  el: Element;
  /** Commits listing this element: while > 0 its pages and bytecode are needed. */
  manifestRefs: number;
  /** Delta elements built on this one (disk): while > 0 its file is needed. */
  childRefs: number;
}

export interface OpenOptions {
  /** File-system layer (tests inject failures); defaults to node:fs. */
  fs?: FsLayer;
}

/** Set by the Node-only on-disk adapter; core code never imports it, so it runs in browsers. */
let diskOpener: ((dir: string, opts: OpenOptions) => Store) | undefined;

export class Store {
  private readonly held = new Map<string, Held>();
  private readonly elementRefs = new Map<string, ElementRef>();
  private readonly pageRefs = new Map<string, number>();
  /**
   * Reference counts of page-tree nodes (parents + registered elements). Elements derived from one
   * another share all but the dirty paths, so registering or dropping one costs O(nodes it does not
   * share) = O(dirty pages × height), not O(pages). A page's count is the number of live leaf nodes
   * holding its hash.
   */
  private readonly nodeRefs = new WeakMap<TreeNode, number>();
  private readonly bytecodeRefs = new Map<string, number>();
  /** In-memory stores keep page and bytecode contents here. */
  private readonly pageBlobs = new Map<string, Uint8Array>();
  private readonly bytecodeBlobs = new Map<string, Uint8Array>();
  /** In-memory stores key elements by identity (no serialisation needed). */
  private readonly memKeys = new WeakMap<Element, string>();
  private memKeyCounter = 0;
  private readonly genesis = CommitState.genesis();
  /** Re-hashes written pages against their committed versions (chunk values cached by page hash). */
  readonly hasher = new PageHasher((hex) => this.pageBytesOf(hex));
  /** Page files (disk) whose bytes were checked against their name since the store was opened. */
  private readonly verifiedPages = new Set<string>();
  /** Page files (disk) read last, by hash hex. */
  private readonly pageCache = new Lru<string, Uint8Array>(PAGE_CACHE_PAGES);
  private closed = false;

  private constructor(private readonly disk: Disk | null, private lock: DirLock | null) {}

  /** An ephemeral store: nothing touches the disk. */
  static memory(): Store {
    return new Store(null, null);
  }

  /**
   * Creates or reopens a store directory. Takes the LOCK, removes temp files, verifies every
   * manifest, element and bytecode (size and hash), that every page file is there, and every root,
   * then deletes files no commit references. A page's size and hash are checked when it is first read. Any defect throws a PersistenceError naming the file. Needs Node's file
   * system: the on-disk adapter (disk-store.ts, loaded by store/index.ts and VM.open) installs it.
   */
  static open(dir: string, opts: OpenOptions = {}): Store {
    if (!diskOpener) {
      throw new StoreError("PersistenceError", `store ${dir}: an on-disk store needs Node's file system, which is not available here; use an in-memory store (VM.ephemeral())`);
    }
    return diskOpener(dir, opts);
  }

  /** @internal Installs the on-disk opener (host-sim/store/disk-store.ts). */
  static useDisk(open: (dir: string, opts: OpenOptions) => Store): void {
    diskOpener = open;
  }

  /** @internal A store over an opened directory and its held lock: loads it, releasing the lock on failure. */
  static attach(disk: Disk, lock: DirLock): Store {
    const store = new Store(disk, lock);
    try {
      store.load();
    } catch (e) {
      lock.release();
      throw e;
    }
    return store;
  }

  // ---- queries ----------------------------------------------------------------------------

  /** Roots of the commits held (not deleted or finalized, including pending ones). */
  commits(): Uint8Array[] {
    this.open_();
    const out: Uint8Array[] = [];
    for (const h of this.held.values()) if (!h.removal) out.push(h.state.root);
    return out;
  }

  hasCommit(root: Uint8Array): boolean {
    this.open_();
    const h = this.held.get(toHex(root));
    return !!h && !h.removal;
  }

  contract(base: Uint8Array | null, id: Uint8Array): ContractEntry | undefined {
    return this.state(base).contracts.get(toHex(id));
  }

  /** Ids of the contracts in a commit, ascending. */
  contractIds(base: Uint8Array | null): Uint8Array[] {
    return [...this.state(base).contracts.values()].map((e) => e.id).sort(compareBytes);
  }

  /** Whether `position_from_contract` value `positionKey` is used in the base (deploy collision check). */
  positionTaken(base: Uint8Array | null, positionKey: number): boolean {
    return this.state(base).keyOwners.has(positionKey >>> 0);
  }

  /** The id holding `position_from_contract` value `positionKey` in the base, if any. */
  positionOwner(base: Uint8Array | null, positionKey: number): Uint8Array | undefined {
    const hex = this.state(base).keyOwners.get(positionKey >>> 0);
    return hex === undefined ? undefined : fromHex(hex);
  }

  /**
   * A committed page's 64 KiB, as the store holds them: shared with every other reader, so callers
   * only read them (sessions copy them into a contract's memory; roots compare with them). A disk
   * store keeps the last PAGE_CACHE_PAGES pages it read: every session on a base loads the same
   * pages, and every root compares its written pages with their committed versions.
   */
  pageBytes(pageHash: Uint8Array): Uint8Array {
    return this.pageBytesOf(toHex(pageHash));
  }

  /** pageBytes by the page hash's hex (the page hasher has it already). */
  private pageBytesOf(hex: string): Uint8Array {
    this.open_();
    if (!this.disk) {
      const b = this.pageBlobs.get(hex);
      if (!b) throw new StoreError("PersistenceError", `store: no page ${hex}`);
      return b;
    }
    const kept = this.pageCache.get(hex);
    if (kept !== undefined) return kept;
    const data = this.disk.read("pages", hex);
    if (!this.verifiedPages.has(hex)) {
      // Checked here rather than at open: open costs O(commits), not O(every page in the store) (a
      // 4 GiB contract's 65,536 pages took 17 s to verify at each open), and no page is used unchecked.
      if (data.length !== PAGE_SIZE) this.corrupt("pages", hex, `page file has ${data.length} bytes, not ${PAGE_SIZE} (truncated?)`);
      const cvs = pageChunkCvs(data);
      if (toHex(pageFromChunks(cvs)) !== hex) this.corrupt("pages", hex, "page file does not match its hash");
      // The chunk values just computed are those a later root needs for this page: not hashed twice.
      this.hasher.seed(hex, cvs);
      this.verifiedPages.add(hex);
    }
    this.pageCache.set(hex, data);
    return data;
  }

  private corrupt(area: Parameters<Disk["path"]>[0], name: string, why: string): never {
    throw new StoreError("PersistenceError", `store: ${why}: ${this.disk!.path(area, name)}`);
  }

  readBytecode(bytecodeHash: Uint8Array): Uint8Array {
    this.open_();
    const hex = toHex(bytecodeHash);
    if (!this.disk) {
      const b = this.bytecodeBlobs.get(hex);
      if (!b) throw new StoreError("PersistenceError", `store: no bytecode ${hex}`);
      return b.slice();
    }
    return this.disk.read("bytecode", hex);
  }

  // ---- root and commit -------------------------------------------------------------------

  /** The root commit() would return for these changes; writes nothing. */
  root(base: Uint8Array | null, changes: readonly ContractChange[]): Uint8Array {
    return prepare(this.state(base), changes, this.hasher, false).root;
  }

  /**
   * Inclusion-proof material for contract `id` in the state root(base, changes) would give: the
   * contract-tree opening of its leaf and the page-tree opening of every page it holds.
   */
  openings(base: Uint8Array | null, changes: readonly ContractChange[], id: Uint8Array): ContractOpenings | undefined {
    const baseState = this.state(base);
    const p = prepare(baseState, changes, this.hasher, false);
    const idHex = toHex(id);
    const el = p.elements.find((e) => e.idHex === idHex) ?? baseState.contracts.get(idHex);
    if (!el) return undefined;
    const contract = contractTree.opening(p.tree, el.intPos)!;
    const pages = new Map<number, TreeOpening>();
    for (const index of el.pages.keys()) pages.set(index, pageTreeOpening(el.tree, index, el.memory64)!);
    return { stateRoot: p.root, position: el.intPos, contract, pages, memory64: el.memory64 };
  }

  /**
   * Commits the changes on top of `base` and returns the root (the commit id). If that root is
   * already held, nothing is written and the existing commit (with its memory lengths) wins.
   * On a write failure the store is left as it was and a PersistenceError is thrown.
   */
  commit(base: Uint8Array | null, changes: readonly ContractChange[]): Uint8Array {
    const baseState = this.state(base);
    // A disk store writes the pages below, while the session's memory cannot change: views suffice.
    const p = prepare(baseState, changes, this.hasher, true, this.disk !== null, this.disk === null);
    const rootHex = toHex(p.root);
    const existing = this.held.get(rootHex);
    if (existing) {
      // Re-committing a root whose deletion is pending revives it (its files were never removed).
      existing.removal = null;
      return existing.state.root;
    }
    const state = materialize(baseState, base ? baseState.root : null, p);

    if (this.disk) {
      const files: FileWrite[] = [];
      for (const b of p.pages.values()) if (!this.pageRefs.has(b.hex)) files.push({ area: "pages", name: b.hex, data: b.data });
      for (const b of p.bytecodes.values())
        if (!this.bytecodeRefs.has(b.hex)) files.push({ area: "bytecode", name: b.hex, data: b.data });
      const seen = new Set<string>();
      for (const el of p.elements) {
        // A delta's parent is the base's element, already stored; the walk is only a safeguard.
        for (let e: Element | null = el; e; e = e.parent) {
          const k = e.key();
          if (this.elementRefs.has(k) || seen.has(k)) break;
          seen.add(k);
          files.push({ area: "elements", name: k, data: e.encode() });
        }
      }
      const manifest = encodeManifest({
        rootHex,
        baseHex: base ? baseState.rootHex : null,
        contracts: [...state.contracts.values()].map((el) => [el.idHex, el.key()] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      });
      this.disk.writeAll(files, { area: "commits", name: rootHex, data: manifest });
    } else {
      for (const b of p.pages.values()) if (!this.pageBlobs.has(b.hex)) this.pageBlobs.set(b.hex, b.data);
      for (const b of p.bytecodes.values()) if (!this.bytecodeBlobs.has(b.hex)) this.bytecodeBlobs.set(b.hex, b.data);
    }
    this.register(state);
    if (!this.disk) this.dropUnreferencedBlobs(p.pages.keys());
    return state.root;
  }

  // ---- lifetime --------------------------------------------------------------------------

  /** A live session is based on `root`: deletion/finalization waits until it is released. */
  retain(root: Uint8Array | null): void {
    if (!root) return;
    const h = this.visible(root);
    h.retained++;
  }

  release(root: Uint8Array | null): void {
    if (!root || this.closed) return;
    const h = this.held.get(toHex(root));
    if (!h || h.retained === 0) return;
    h.retained--;
    if (h.retained === 0 && h.removal) this.drop(h.state.rootHex);
  }

  /** Removes a commit (deferred while retained). Unknown roots are ignored. */
  deleteCommit(root: Uint8Array): void {
    this.requestRemoval(root, "delete");
  }

  /**
   * Finalizes a commit: it leaves commits() and cannot be a base any more; data that other commits
   * use stays. With independent snapshots this is the same as delete. Unknown roots: no-op.
   */
  finalizeCommit(root: Uint8Array): void {
    this.requestRemoval(root, "finalize");
  }

  /**
   * Carries out removals still pending, then releases the lock. The store is closed even when one
   * of those fails; the first failure is then thrown (LockNotRemoved if only the LOCK stayed).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const lock = this.lock;
    this.lock = null;
    try {
      for (const h of [...this.held.values()]) if (h.removal) this.drop(h.state.rootHex);
    } finally {
      lock?.release();
    }
  }

  // ---- internals -------------------------------------------------------------------------

  private open_(): void {
    if (this.closed) throw new StoreError("StoreClosed", "store is closed");
  }

  private visible(root: Uint8Array): Held {
    this.open_();
    const h = this.held.get(toHex(root));
    if (!h || h.removal) throw new StoreError("PersistenceError", `No such base commit: ${toHex(root)}`);
    return h;
  }

  /** A base a session may use: any held commit, including one whose removal waits for a release. */
  private state(base: Uint8Array | null): CommitState {
    this.open_();
    if (!base) return this.genesis;
    const h = this.held.get(toHex(base));
    if (!h) throw new StoreError("PersistenceError", `No such base commit: ${toHex(base)}`);
    return h.state;
  }

  private requestRemoval(root: Uint8Array, kind: "delete" | "finalize"): void {
    this.open_();
    const hex = toHex(root);
    const h = this.held.get(hex);
    if (!h || h.removal) return;
    if (h.retained > 0) h.removal = kind;
    else this.drop(hex);
  }

  private keyOf(el: Element): string {
    if (this.disk) return el.key();
    let k = this.memKeys.get(el);
    if (!k) {
      k = `m${++this.memKeyCounter}`;
      this.memKeys.set(el, k);
    }
    return k;
  }

  private register(state: CommitState): void {
    for (const el of state.contracts.values()) {
      const ref = this.elementRefs.get(this.keyOf(el)) ?? this.addElement(el);
      if (ref.manifestRefs++ === 0) {
        this.refTree(ref.el.tree);
        inc(this.bytecodeRefs, toHex(ref.el.bytecodeHash));
      }
    }
    this.held.set(state.rootHex, { state, retained: 0, removal: null });
  }

  private addElement(el: Element): ElementRef {
    const ref: ElementRef = { el, manifestRefs: 0, childRefs: 0 };
    this.elementRefs.set(this.keyOf(el), ref);
    if (el.parent) {
      const parent = this.elementRefs.get(this.keyOf(el.parent)) ?? this.addElement(el.parent);
      parent.childRefs++;
    }
    return ref;
  }

  /** Forgets an element nothing needs any more, and then possibly its delta parent. */
  private maybeFreeElement(ref: ElementRef, freed: string[]): void {
    if (ref.manifestRefs > 0 || ref.childRefs > 0) return;
    const k = this.keyOf(ref.el);
    this.elementRefs.delete(k);
    freed.push(k);
    if (ref.el.parent) {
      const parent = this.elementRefs.get(this.keyOf(ref.el.parent))!;
      parent.childRefs--;
      this.maybeFreeElement(parent, freed);
    }
  }

  /** Forgets a commit and deletes what nothing else references: manifest first, then data. */
  private drop(rootHex: string): void {
    const h = this.held.get(rootHex);
    if (!h) return;
    const elements: string[] = [];
    const pages: string[] = [];
    const bytecodes: string[] = [];
    for (const el of h.state.contracts.values()) {
      const ref = this.elementRefs.get(this.keyOf(el))!;
      if (--ref.manifestRefs === 0) {
        this.unrefTree(ref.el.tree, pages);
        if (dec(this.bytecodeRefs, toHex(ref.el.bytecodeHash))) bytecodes.push(toHex(ref.el.bytecodeHash));
      }
      this.maybeFreeElement(ref, elements);
    }
    this.held.delete(rootHex);
    if (this.disk) {
      // Once the manifest is gone the commit is gone; a crash before the data files are removed
      // only leaves orphans, which the next open collects.
      this.disk.remove("commits", [rootHex]);
      this.disk.remove("elements", elements);
      this.disk.remove("pages", pages);
      for (const p of pages) this.pageCache.delete(p);
      this.disk.remove("bytecode", bytecodes);
    } else {
      for (const p of pages) this.pageBlobs.delete(p);
      for (const b of bytecodes) this.bytecodeBlobs.delete(b);
    }
  }

  private refTree(node: TreeNode | null): void {
    if (!node) return;
    const n = this.nodeRefs.get(node);
    if (n) {
      this.nodeRefs.set(node, n + 1);
      return;
    }
    this.nodeRefs.set(node, 1);
    if (node.children) for (const c of node.children) this.refTree(c);
    else inc(this.pageRefs, toHex(node.value));
  }

  private unrefTree(node: TreeNode | null, freedPages: string[]): void {
    if (!node) return;
    const n = this.nodeRefs.get(node)!;
    if (n > 1) {
      this.nodeRefs.set(node, n - 1);
      return;
    }
    this.nodeRefs.delete(node);
    if (node.children) for (const c of node.children) this.unrefTree(c, freedPages);
    else {
      const hex = toHex(node.value);
      if (dec(this.pageRefs, hex)) freedPages.push(hex);
    }
  }

  private dropUnreferencedBlobs(candidates: Iterable<string>): void {
    for (const hex of candidates) if (!this.pageRefs.has(hex)) this.pageBlobs.delete(hex);
  }

  /** Reads, verifies and indexes everything on disk (Store.open). */
  private load(): void {
    const disk = this.disk!;
    const corrupt = (area: Parameters<Disk["path"]>[0], name: string, why: string): never => this.corrupt(area, name, why);
    const manifests = new Map<string, ReturnType<typeof decodeManifest>>();
    for (const name of disk.list("commits")) {
      if (!isHash32Hex(name)) continue;
      let m;
      try {
        m = decodeManifest(disk.read("commits", name));
      } catch (e) {
        corrupt("commits", name, `corrupt commit manifest (${(e as Error).message})`);
      }
      if (m!.rootHex !== name) corrupt("commits", name, "commit manifest names another root");
      manifests.set(name, m!);
    }

    const elements = new Map<string, Element>();
    const elementIds = new Map<string, string>();
    for (const m of manifests.values())
      for (const [id, key] of m.contracts) {
        const prevId = elementIds.get(key);
        if (prevId !== undefined && prevId !== id) corrupt("elements", key, `element claimed by contracts ${prevId} and ${id}`);
        elementIds.set(key, id);
      }
    const loadElement = (key: string, id: string, chain: Set<string>): Element => {
      const done = elements.get(key);
      if (done) return done;
      if (chain.has(key)) corrupt("elements", key, "element delta chain loops");
      chain.add(key);
      if (disk.size("elements", key) === undefined) corrupt("elements", key, "missing element file");
      const bytes = disk.read("elements", key);
      if (toHex(hash(bytes)) !== key) corrupt("elements", key, "element file does not match its hash (corrupt or truncated)");
      const parentKey = Element.parentKeyOf(bytes);
      const parent = parentKey ? loadElement(parentKey, id, chain) : null;
      let el: Element;
      try {
        el = Element.decode(bytes, key, parent);
      } catch (e) {
        return corrupt("elements", key, (e as Error).message);
      }
      if (el.idHex !== id) corrupt("elements", key, `element belongs to contract ${el.idHex}, not ${id}`);
      elements.set(key, el);
      return el;
    };
    const pagesNeeded = new Set<string>();
    const bytecodesNeeded = new Set<string>();
    for (const [key, id] of elementIds) {
      const el = loadElement(key, id, new Set());
      for (const h of el.pages.values()) pagesNeeded.add(toHex(h));
      bytecodesNeeded.add(toHex(el.bytecodeHash));
    }
    // A page's size and bytes are checked when it is first read (pageBytes); here only that it is there.
    const pageFiles = new Set(disk.list("pages"));
    for (const hex of pagesNeeded) if (!pageFiles.has(hex)) corrupt("pages", hex, "missing page file");
    for (const hex of bytecodesNeeded) {
      if (disk.size("bytecode", hex) === undefined) corrupt("bytecode", hex, "missing bytecode file");
      if (toHex(hash(disk.read("bytecode", hex))) !== hex) corrupt("bytecode", hex, "bytecode file does not match its hash");
    }

    for (const [name, m] of manifests) {
      let state: CommitState;
      try {
        state = CommitState.fromElements(m.baseHex ? fromHex(m.baseHex) : null, m.contracts.map(([, k]) => elements.get(k)!));
      } catch (e) {
        return corrupt("commits", name, `inconsistent commit (${(e as Error).message})`);
      }
      if (!bytesEqual(state.root, fromHex(name))) corrupt("commits", name, `recomputed root ${state.rootHex} differs from the manifest`);
      this.register(state);
    }

    // Garbage: anything content-addressed that no commit references (e.g. from an interrupted commit
    // or deletion).
    disk.remove("elements", disk.list("elements").filter((n) => isHash32Hex(n) && !this.elementRefs.has(n)));
    disk.remove("pages", [...pageFiles].filter((n) => isHash32Hex(n) && !this.pageRefs.has(n)));
    disk.remove("bytecode", disk.list("bytecode").filter((n) => isHash32Hex(n) && !this.bytecodeRefs.has(n)));
  }
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** Decrements; true when the count reached zero (entry removed). */
function dec(m: Map<string, number>, k: string): boolean {
  const n = (m.get(k) ?? 0) - 1;
  if (n > 0) {
    m.set(k, n);
    return false;
  }
  m.delete(k);
  return true;
}
