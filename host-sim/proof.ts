// Mirrors piecrust/src/store/tree.rs (PageOpening, InnerPageOpening): the proof that a page of
// contract memory is part of a state root, verifiable without the VM.
import { bytesEqual } from "./hex.js";
import { hash as blake3 } from "./store/hash.js";
import { CONTRACT_TREE_ARITY, CONTRACT_TREE_HEIGHT } from "./store/contract-tree.js";
import { PAGE64_TREE_HEIGHT, PAGE_TREE_ARITY, PAGE_TREE_HEIGHT } from "./store/page-tree.js";
import type { TreeOpening } from "./store/index.js";

const PAGE_TREE = { height: PAGE_TREE_HEIGHT, arity: PAGE_TREE_ARITY };
const PAGE64_TREE = { height: PAGE64_TREE_HEIGHT, arity: PAGE_TREE_ARITY };
const CONTRACT_TREE = { height: CONTRACT_TREE_HEIGHT, arity: CONTRACT_TREE_ARITY };

/** Recomputes a root from a leaf and its opening (sibling values, root level first). */
function climb(leaf: Uint8Array, opening: TreeOpening, shape: { height: number; arity: number }, pos: number): Uint8Array {
  let cur = leaf;
  for (let d = shape.height - 1; d >= 0; d--) {
    const span = shape.arity ** (shape.height - d - 1);
    const idx = Math.floor(pos / span) % shape.arity;
    const children = opening.levels[d];
    if (!children || children.length !== shape.arity) return new Uint8Array(32);
    const buf = new Uint8Array(shape.arity * 32);
    children.forEach((c, i) => buf.set(i === idx ? cur : c, i * 32));
    cur = blake3(buf);
  }
  return cur;
}

/**
 * A proof that one memory page of a contract is part of a state root (Piecrust's page opening), from
 * `Session.memoryPages`.
 */
export class PageOpening {
  /**
   * Made by `Session.memoryPages`.
   * @param pageIndex Index of the page in the contract's memory (byte offset / PAGE_SIZE).
   */
  constructor(
    readonly pageIndex: number,
    /** The contract's leaf position in the contract tree. */
    readonly position: number,
    private readonly page: TreeOpening,
    private readonly contract: TreeOpening,
    private readonly stateRoot: Uint8Array,
    /** The contract's memory is 64-bit: its page tree is Piecrust's height-13 one (`InnerPageOpening::Wasm64`). */
    readonly memory64 = false,
  ) {}

  /** The state root this opening proves membership in; compare it with session.root(). */
  root(): Uint8Array {
    return new Uint8Array(this.stateRoot);
  }

  /** Whether `page` (64 KiB) is the page this opening was made for, under root(). */
  verify(page: Uint8Array): boolean {
    const pageRoot = climb(blake3(page), this.page, this.memory64 ? PAGE64_TREE : PAGE_TREE, this.pageIndex);
    if (!bytesEqual(pageRoot, this.contract.leaf)) return false;
    return bytesEqual(climb(pageRoot, this.contract, CONTRACT_TREE, this.position), this.stateRoot);
  }
}
