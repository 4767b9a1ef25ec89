// Mirrors piecrust/src/store/tree.rs (`PageTree`, wasm32 parameters): one per contract, leaf = BLAKE3 of a page.
// Divergence: wasm64 (H = 13) is not supported; host-sim runs wasm32 contracts only.
import { StoreError } from "./errors.js";
import { hash } from "./hash.js";
import { TreeShape } from "./tree.js";

export const PAGE_SIZE = 65536;
export const PAGE_TREE_HEIGHT = 8;
export const PAGE_TREE_ARITY = 4;
/** 4^8 = 65536 pages of 64 KiB = the 4 GiB wasm32 reservation. */
export const MAX_PAGES = PAGE_TREE_ARITY ** PAGE_TREE_HEIGHT;
export const MAX_MEM_LEN = MAX_PAGES * PAGE_SIZE;

export const pageTree = new TreeShape(PAGE_TREE_HEIGHT, PAGE_TREE_ARITY);

/** The leaf value of a written page. */
export function pageHash(page: Uint8Array): Uint8Array {
  if (page.length !== PAGE_SIZE) throw new StoreError("InvalidChange", `a page is ${PAGE_SIZE} bytes, got ${page.length}`);
  return hash(page);
}
