// Mirrors piecrust/src/store/index.rs (`ContractIndexElement`: page tree, len, page indices, int_pos) plus
// the contract metadata (bytecode, owner) piecrust keeps beside it.
// Divergence: one self-contained, content-addressed record per contract version, in our own binary
// layout instead of rkyv; the page tree is rebuilt from the page list rather than serialised, and the
// memory type (piecrust's `PageTree` variant) is the record's magic.
import { StoreError } from "./errors.js";
import { hash } from "./hash.js";
import { fromHex, toHex } from "../hex.js";
import { MAX_MEM_LEN, MAX_PAGES, PAGE_SIZE, pageTree, pageTreeRoot } from "./page-tree.js";
import type { LeafUpdate, TreeNode } from "./tree.js";

/** What the engine reads back about a committed contract. */
export interface ContractEntry {
  readonly id: Uint8Array;
  readonly bytecodeHash: Uint8Array;
  readonly owner: Uint8Array;
  /** Logical memory length in bytes at the last commit that wrote this element. */
  readonly memLen: number;
  /** Page index -> BLAKE3 of the page, for every page ever written (present in the page tree). */
  readonly pages: ReadonlyMap<number, Uint8Array>;
  /** The contract-tree leaf position (internal index, from 1). */
  readonly intPos: number;
  /** The page-tree root: this contract's leaf value in the state tree. */
  readonly pageRoot: Uint8Array;
  /** A memory64 (wasm64) contract: its page tree is Piecrust's height-13 one. */
  readonly memory64: boolean;
}

/**
 * A wasm32 contract's record keeps the layout (and so the file names) of stores written before the
 * memory type was recorded, which held wasm32 contracts only; a wasm64 one differs in its magic alone.
 */
const MAGIC32 = new TextEncoder().encode("PCASEL02");
const MAGIC64 = new TextEncoder().encode("PCASEL64");
const MAGIC_LEN = MAGIC32.length;
const NO_PARENT = "0".repeat(64);
/** A delta chain is cut (a full record written) once it gets this deep... */
const MAX_CHAIN_DEPTH = 64;
/** ...or once its accumulated page entries exceed max(this, half the contract's pages). */
const MIN_CHAIN_ENTRIES = 64;

/**
 * One version of a contract's index element. On disk it is either a full record (every page) or a
 * delta on its parent (the version it was derived from: only the pages written since), so a commit
 * writing one page of a big contract writes O(1) bytes of index; chains are cut so that their total
 * size stays within about twice a full record, which keeps the cost amortised O(dirty pages).
 */
export class Element implements ContractEntry {
  private pageMap: Map<number, Uint8Array> | undefined;
  private fileKey: string | undefined;
  private root: Uint8Array | undefined;

  constructor(
    readonly id: Uint8Array,
    readonly bytecodeHash: Uint8Array,
    readonly owner: Uint8Array,
    readonly memLen: number,
    /** Persistent page tree; shared with the element this one was derived from. */
    readonly tree: TreeNode | null,
    readonly intPos: number,
    readonly pageCount: number,
    /** Delta parent (disk stores only) and the page entries written on top of it, ascending. */
    readonly parent: Element | null = null,
    readonly delta: readonly LeafUpdate[] = [],
    readonly depth = 0,
    /** Page entries in this delta record and its delta ancestors up to the last full record. */
    readonly chainEntries = 0,
    readonly memory64 = false,
  ) {}

  get pageRoot(): Uint8Array {
    if (!this.root) this.root = pageTreeRoot(this.tree, this.memory64);
    return this.root;
  }

  /** Built on first use: O(pages), so commits never pay for it. */
  get pages(): ReadonlyMap<number, Uint8Array> {
    if (!this.pageMap) this.pageMap = new Map(pageTree.leaves(this.tree));
    return this.pageMap;
  }

  get idHex(): string {
    return toHex(this.id);
  }

  static fresh(id: Uint8Array, bytecodeHash: Uint8Array, owner: Uint8Array, intPos: number, memory64: boolean): Element {
    return new Element(id, bytecodeHash, owner, 0, null, intPos, 0, null, [], 0, 0, memory64);
  }

  /**
   * The next version: `dirty` re-hashed pages, new length. `deltas`: may record it as a delta.
   * `tree`: this element's tree with `dirty` inserted, when the caller already has it.
   */
  withChanges(memLen: number, dirty: readonly LeafUpdate[], intPos: number, deltas: boolean, tree?: TreeNode | null): Element {
    const sorted = [...dirty].sort((a, b) => a.pos - b.pos);
    let added = 0;
    for (const u of sorted) if (pageTree.get(this.tree, u.pos) === undefined) added++;
    tree = tree === undefined ? pageTree.insertMany(this.tree, sorted) : tree;
    const count = this.pageCount + added;
    const chain = this.chainEntries + sorted.length;
    const asDelta = deltas && this.depth < MAX_CHAIN_DEPTH && chain <= Math.max(MIN_CHAIN_ENTRIES, count / 2) && (this.tree !== null || this.parent !== null);
    if (asDelta) return new Element(this.id, this.bytecodeHash, this.owner, memLen, tree, intPos, count, this, sorted, this.depth + 1, chain, this.memory64);
    return new Element(this.id, this.bytecodeHash, this.owner, memLen, tree, intPos, count, null, [], 0, 0, this.memory64);
  }

  /** The binary record; its BLAKE3 names the element file (a delta's includes its parent's name). */
  encode(): Uint8Array {
    const entries: Iterable<[number, Uint8Array]> = this.parent ? this.delta.map((u) => [u.pos, u.value] as [number, Uint8Array]) : pageTree.leaves(this.tree);
    const list = [...entries];
    const size = MAGIC_LEN + 32 + 32 + 8 + 4 + 4 + this.owner.length + 32 + 4 + list.length * 36;
    const out = new Uint8Array(size);
    const dv = new DataView(out.buffer);
    let o = 0;
    out.set(this.memory64 ? MAGIC64 : MAGIC32, o); o += MAGIC_LEN;
    out.set(this.id, o); o += 32;
    out.set(this.bytecodeHash, o); o += 32;
    dv.setBigUint64(o, BigInt(this.memLen), true); o += 8;
    dv.setUint32(o, this.intPos, true); o += 4;
    dv.setUint32(o, this.owner.length, true); o += 4;
    out.set(this.owner, o); o += this.owner.length;
    out.set(fromHex(this.parent ? this.parent.key() : NO_PARENT), o); o += 32;
    dv.setUint32(o, list.length, true); o += 4;
    for (const [idx, h] of list) {
      dv.setUint32(o, idx, true);
      out.set(h, o + 4);
      o += 36;
    }
    return out;
  }

  /** Content address of encode(); computed once per element. */
  key(): string {
    if (!this.fileKey) this.fileKey = toHex(hash(this.encode()));
    return this.fileKey;
  }

  /** The parent named by a record, without decoding the rest (null for a full record). */
  static parentKeyOf(bytes: Uint8Array): string | null {
    try {
      const o = MAGIC_LEN + 32 + 32 + 8 + 4;
      const ownerLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(o, true);
      if (o + 4 + ownerLen + 32 > bytes.length) return null;
      const k = toHex(bytes.subarray(o + 4 + ownerLen, o + 4 + ownerLen + 32));
      return k === NO_PARENT ? null : k;
    } catch {
      return null; // decode reports the defect
    }
  }

  /**
   * Parses a record; `parent` must be the decoded element it names. Throws a PersistenceError
   * describing the defect (the caller adds the path).
   */
  static decode(bytes: Uint8Array, knownKey: string, parent: Element | null): Element {
    const fail = (why: string): never => {
      throw new StoreError("PersistenceError", `malformed element: ${why}`);
    };
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let o = 0;
    const need = (n: number) => {
      if (o + n > bytes.length) fail("truncated");
    };
    need(MAGIC_LEN);
    const isMagic = (m: Uint8Array) => m.every((b, i) => bytes[i] === b);
    const memory64 = isMagic(MAGIC64);
    if (!memory64 && !isMagic(MAGIC32)) fail("bad magic");
    o += MAGIC_LEN;
    need(32 + 32 + 8 + 4 + 4);
    const id = bytes.slice(o, o + 32); o += 32;
    const bytecodeHash = bytes.slice(o, o + 32); o += 32;
    const memLenBig = dv.getBigUint64(o, true); o += 8;
    if (memLenBig > BigInt(MAX_MEM_LEN) || memLenBig % BigInt(PAGE_SIZE) !== 0n) fail("bad memory length");
    const intPos = dv.getUint32(o, true); o += 4;
    if (intPos === 0) fail("internal position 0");
    const ownerLen = dv.getUint32(o, true); o += 4;
    need(ownerLen + 32 + 4);
    const owner = bytes.slice(o, o + ownerLen); o += ownerLen;
    const parentKey = toHex(bytes.subarray(o, o + 32)); o += 32;
    if ((parentKey === NO_PARENT) !== (parent === null) || (parent && parent.key() !== parentKey)) fail("parent mismatch");
    if (parent && (toHex(parent.id) !== toHex(id) || parent.intPos !== intPos || parent.memory64 !== memory64)) fail("parent belongs to another contract");
    const count = dv.getUint32(o, true); o += 4;
    if (count > MAX_PAGES) fail("too many pages");
    need(count * 36);
    const ups: LeafUpdate[] = [];
    let prev = -1;
    for (let i = 0; i < count; i++) {
      const idx = dv.getUint32(o, true);
      if (idx <= prev || idx >= MAX_PAGES) fail("page indices not ascending / out of range");
      prev = idx;
      ups.push({ pos: idx, value: bytes.slice(o + 4, o + 36) });
      o += 36;
    }
    if (o !== bytes.length) fail("trailing bytes");
    const memLen = Number(memLenBig);
    let el: Element;
    if (parent) {
      // Share the parent's tree, like the in-process derivation did.
      let added = 0;
      for (const u of ups) if (pageTree.get(parent.tree, u.pos) === undefined) added++;
      el = new Element(id, bytecodeHash, owner, memLen, pageTree.insertMany(parent.tree, ups), intPos, parent.pageCount + added, parent, ups, parent.depth + 1, parent.chainEntries + ups.length, memory64);
    } else {
      el = new Element(id, bytecodeHash, owner, memLen, pageTree.insertMany(null, ups), intPos, count, null, [], 0, 0, memory64);
    }
    el.fileKey = knownKey;
    return el;
  }
}
