// Mirrors piecrust/src/store/tree.rs (`PageTree::Wasm32`/`Wasm64`): one per contract, leaf = BLAKE3 of a page.
// Divergence: a wasm64 tree is kept as its height-8 subtree under child 0 of the top five levels (host-sim
// holds at most 65,536 pages, all inside it); its root and openings are lifted to height 13 on demand.
import { StoreError } from "./errors.js";
import { hash, hashNode, ZERO_HASH } from "./hash.js";
import { TreeShape, type TreeNode } from "./tree.js";

export const PAGE_SIZE = 65536;
export const PAGE_TREE_HEIGHT = 8;
export const PAGE_TREE_ARITY = 4;
/** 4^8 = 65536 pages of 64 KiB = the 4 GiB wasm32 reservation. */
export const MAX_PAGES = PAGE_TREE_ARITY ** PAGE_TREE_HEIGHT;
export const MAX_MEM_LEN = MAX_PAGES * PAGE_SIZE;

export const pageTree = new TreeShape(PAGE_TREE_HEIGHT, PAGE_TREE_ARITY);

/** Piecrust's wasm64 page tree: height 13, arity 4 (2^26 pages, the 4 TiB reservation). */
export const PAGE64_TREE_HEIGHT = 13;
const LIFT = PAGE64_TREE_HEIGHT - PAGE_TREE_HEIGHT;

/**
 * The values on the path from a height-8 root up to the height-13 root, bottom first: pages below
 * 4^8 all sit in child 0 of each of the five levels above, whose three other children are empty.
 */
function liftPath(root8: Uint8Array): Uint8Array[] {
  const path = [root8];
  const empty = new Array<null>(PAGE_TREE_ARITY - 1).fill(null);
  for (let i = 0; i < LIFT; i++) path.push(hashNode([path[i], ...empty]));
  return path;
}

/** The page-tree root Piecrust gives this memory: the contract's leaf in the state tree. */
export function pageTreeRoot(tree: TreeNode | null, memory64: boolean): Uint8Array {
  // An empty tree's root is the empty subtree (zeros) at any height.
  if (!memory64 || tree === null) return pageTree.rootOf(tree);
  return liftPath(tree.value)[LIFT];
}

/** `pageTree.opening` at the memory's own height (13 levels for wasm64), root level first. */
export function pageTreeOpening(tree: TreeNode | null, pos: number, memory64: boolean): { leaf: Uint8Array; levels: Uint8Array[][] } | undefined {
  const inner = pageTree.opening(tree, pos);
  if (!inner || !memory64) return inner;
  const path = liftPath(tree!.value);
  const top: Uint8Array[][] = [];
  for (let i = LIFT - 1; i >= 0; i--) top.push([path[i], ZERO_HASH, ZERO_HASH, ZERO_HASH]);
  return { leaf: inner.leaf, levels: [...top, ...inner.levels] };
}

/** The leaf value of a written page. */
export function pageHash(page: Uint8Array): Uint8Array {
  if (page.length !== PAGE_SIZE) throw new StoreError("InvalidChange", `a page is ${PAGE_SIZE} bytes, got ${page.length}`);
  return hash(page);
}
