// Mirrors piecrust/src/store/commit.rs + store/session.rs (`Commit`, `ContractSession::root/commit`): the state
// of one commit and how a session's changes turn a base commit into a new one.
// Divergence: a commit holds the full contract index (shared, immutable elements) instead of falling back
// along a base chain, so commits are independent and deleting one never affects another.
import { contractTree, positionKey } from "./contract-tree.js";
import { Element } from "./element.js";
import { StoreError } from "./errors.js";
import { hash } from "./hash.js";
import { compareBytes, toHex } from "../hex.js";
import { MAX_MEM_LEN, MAX_PAGES, PAGE_SIZE, pageTree } from "./page-tree.js";
import type { LeafCache } from "./leaf-cache.js";
import type { PageHasher } from "./page-hasher.js";
import type { LeafUpdate, TreeNode } from "./tree.js";

export { PAGE_SIZE };

/** One contract the session loaded: what root()/commit() re-insert. */
export interface ContractChange {
  id: Uint8Array;
  /** Deployed (or migrated onto `id`) in this session: starts from an empty page tree. */
  isNew: boolean;
  /** Required when isNew. */
  bytecode?: Uint8Array;
  /** Required when isNew (any length). */
  owner?: Uint8Array;
  /**
   * Whether the contract's memory is 64-bit (Piecrust's `Module::is_64`): read when isNew, and then
   * kept in the store; a contract's committed memory type wins over this one. Default wasm32.
   */
  memory64?: boolean;
  /** Current logical memory length in bytes (multiple of 65536, at most 4 GiB). */
  memLen: number;
  /** Page index -> the page's current 64 KiB (a view; the store copies what it keeps). */
  dirtyPages: Map<number, Uint8Array>;
  /**
   * Digests and the page tree kept from the last root of these pages (the session's, per memory):
   * only pages written since are re-hashed and re-inserted. Its owner must forget a page before
   * writing it; the store fills it in.
   */
  cache?: LeafCache;
}

export class CommitState {
  constructor(
    readonly root: Uint8Array,
    /** The commit this one was made from (informational; null = genesis). */
    readonly base: Uint8Array | null,
    /** id hex -> element. */
    readonly contracts: ReadonlyMap<string, Element>,
    /** position_from_contract(id) -> id hex: the position map's keys (its size gives the next index). */
    readonly keyOwners: ReadonlyMap<number, string>,
    readonly tree: TreeNode | null,
  ) {}

  get rootHex(): string {
    return toHex(this.root);
  }

  static genesis(): CommitState {
    return new CommitState(contractTree.rootOf(null), null, new Map(), new Map(), null);
  }

  /** Rebuilds a commit from its elements (reopen); positions come from each element's int_pos. */
  static fromElements(base: Uint8Array | null, elements: Element[]): CommitState {
    const contracts = new Map<string, Element>();
    const keyOwners = new Map<number, string>();
    const usedPos = new Set<number>();
    for (const el of elements) {
      const idHex = el.idHex;
      if (contracts.has(idHex)) throw new StoreError("PersistenceError", `contract ${idHex} listed twice`);
      const key = positionKey(el.id);
      if (keyOwners.has(key)) throw new StoreError("PersistenceError", `contracts ${keyOwners.get(key)} and ${idHex} share a position key`);
      if (usedPos.has(el.intPos)) throw new StoreError("PersistenceError", `internal position ${el.intPos} used twice`);
      contracts.set(idHex, el);
      keyOwners.set(key, idHex);
      usedPos.add(el.intPos);
    }
    const tree = contractTree.insertMany(null, elements.map((el) => ({ pos: el.intPos, value: el.pageRoot })));
    return new CommitState(contractTree.rootOf(tree), base, contracts, keyOwners, tree);
  }
}

/** A blob a commit needs stored (page or bytecode), with its content hash. */
export interface Blob {
  hash: Uint8Array;
  hex: string;
  data: Uint8Array;
}

export interface Prepared {
  root: Uint8Array;
  tree: TreeNode | null;
  /** One element per change, in ascending id order (reused from the base when nothing changed). */
  elements: Element[];
  /** Keys of the position map added by this commit. */
  newKeys: Map<number, string>;
  /** Dirty page contents (copied) and new bytecodes; only filled when `keepData`. */
  pages: Map<string, Blob>;
  bytecodes: Map<string, Blob>;
}

/**
 * Applies a session's changes to a base commit, the way Piecrust's commit does:
 * contracts are (re)inserted in ascending id order, new ones get index map.size + 1,
 * deployed/migrated ones start from an empty page tree, dirty pages are re-hashed.
 * Cost: O(dirty pages + changed contracts × tree height); the base is not modified.
 * `deltas`: new elements may be recorded as deltas on their predecessor (disk stores).
 * `hasher` re-hashes only what a page changed since its committed version.
 * `copy`: whether kept data is copied; a disk store that writes it before the session can run
 * again passes false, so a commit of N written pages holds no second N pages of host memory.
 */
export function prepare(base: CommitState, changes: readonly ContractChange[], hasher: PageHasher, keepData: boolean, deltas = false, copy = true): Prepared {
  const sorted = [...changes].sort((a, b) => compareBytes(a.id, b.id));
  const elements: Element[] = [];
  const newKeys = new Map<number, string>();
  const pages = new Map<string, Blob>();
  const bytecodes = new Map<string, Blob>();
  const leafUpdates: LeafUpdate[] = [];
  let prevId: Uint8Array | null = null;

  for (const ch of sorted) {
    if (ch.id.length !== 32) throw new StoreError("InvalidChange", "a contract id is 32 bytes");
    if (prevId && compareBytes(prevId, ch.id) === 0)
      throw new StoreError("InvalidChange", `contract ${toHex(ch.id)} listed twice in one commit`);
    prevId = ch.id;
    const idHex = toHex(ch.id);
    if (!Number.isInteger(ch.memLen) || ch.memLen < 0 || ch.memLen > MAX_MEM_LEN || ch.memLen % PAGE_SIZE !== 0)
      throw new StoreError("InvalidChange", `contract ${idHex}: bad memory length ${ch.memLen}`);

    const existing = base.contracts.get(idHex);
    let intPos: number;
    if (existing) {
      // Migration onto an existing id keeps that id's position (positions are keyed by id).
      intPos = existing.intPos;
    } else {
      const key = positionKey(ch.id);
      const owner = base.keyOwners.get(key) ?? newKeys.get(key);
      if (owner !== undefined && owner !== idHex)
        throw new StoreError("ContractPositionCollision", `contract ${idHex} collides with ${owner} at position key ${key}`);
      newKeys.set(key, idHex);
      intPos = base.keyOwners.size + newKeys.size;
    }

    const dirty: LeafUpdate[] = [];
    // A deployed or migrated contract starts from an empty page tree: its pages were all zeros.
    const committedTree = ch.isNew || !existing ? null : existing.tree;
    for (const [idx, data] of ch.dirtyPages) {
      if (!Number.isInteger(idx) || idx < 0 || idx >= MAX_PAGES)
        throw new StoreError("InvalidChange", `contract ${idHex}: bad page index ${idx}`);
      if (data.length !== PAGE_SIZE)
        throw new StoreError("InvalidChange", `contract ${idHex}: page ${idx} has ${data.length} bytes, not ${PAGE_SIZE}`);
      let h = ch.cache?.digests.get(idx);
      if (h === undefined) {
        h = hasher.hash(data, pageTree.get(committedTree, idx), `${ch.cache?.slot ?? idHex}:${idx}`);
        ch.cache?.digests.set(idx, h);
      }
      dirty.push({ pos: idx, value: h });
      if (keepData) {
        const hex = toHex(h);
        if (!pages.has(hex)) pages.set(hex, { hash: h, hex, data: copy ? data.slice() : data });
      }
    }

    let el: Element;
    if (ch.isNew) {
      if (!ch.bytecode || !ch.owner)
        throw new StoreError("InvalidChange", `new contract ${idHex} needs bytecode and owner`);
      const bh = hash(ch.bytecode);
      if (keepData) {
        const hex = toHex(bh);
        if (!bytecodes.has(hex)) bytecodes.set(hex, { hash: bh, hex, data: ch.bytecode.slice() });
      }
      el = Element.fresh(ch.id.slice(), bh, ch.owner.slice(), intPos, ch.memory64 ?? false).withChanges(ch.memLen, dirty, intPos, deltas, pageTreeOf(null, dirty, ch.cache));
    } else {
      if (!existing) throw new StoreError("ContractDoesNotExist", `contract ${idHex} is not in the base commit`);
      el = dirty.length === 0 && ch.memLen === existing.memLen ? existing : existing.withChanges(ch.memLen, dirty, intPos, deltas, pageTreeOf(existing.tree, dirty, ch.cache));
    }
    elements.push(el);
    leafUpdates.push({ pos: intPos, value: el.pageRoot });
  }

  const tree = contractTree.insertMany(base.tree, leafUpdates);
  return { root: contractTree.rootOf(tree), tree, elements, newKeys, pages, bytecodes };
}

/**
 * `committed` with the `dirty` leaves inserted. With a cache whose last tree was built on the same
 * committed tree from a subset of these pages, only the leaves whose digest changed since (or that
 * are new) are inserted into that tree: the same tree, hashing only their paths.
 */
function pageTreeOf(committed: TreeNode | null, dirty: readonly LeafUpdate[], cache: LeafCache | undefined): TreeNode | null {
  if (cache === undefined) return pageTree.insertMany(committed, dirty);
  let reused = 0;
  const ups: LeafUpdate[] = [];
  if (cache.from === committed) {
    for (const u of dirty) {
      const last = cache.leaves.get(u.pos);
      if (last !== undefined) reused++;
      if (last !== u.value) ups.push(u);
    }
  }
  // A leaf in the last tree but not among these pages: start again from the committed tree.
  if (cache.from !== committed || reused !== cache.leaves.size) {
    cache.from = committed;
    cache.tree = committed;
    cache.leaves.clear();
    ups.length = 0;
    ups.push(...dirty);
  }
  const tree = pageTree.insertMany(cache.tree, ups);
  for (const u of ups) cache.leaves.set(u.pos, u.value);
  cache.tree = tree;
  return tree;
}

/** The commit state a prepared change set produces. */
export function materialize(base: CommitState, baseRoot: Uint8Array | null, p: Prepared): CommitState {
  const contracts = new Map(base.contracts);
  for (const el of p.elements) contracts.set(el.idHex, el);
  const keyOwners = new Map(base.keyOwners);
  for (const [k, v] of p.newKeys) keyOwners.set(k, v);
  return new CommitState(p.root, baseRoot, contracts, keyOwners, p.tree);
}
