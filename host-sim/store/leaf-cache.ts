// Mirrors piecrust/src/store/session.rs (`ContractSession::root` re-inserting each dirty page): what a
// session's repeated root() calls can reuse. Divergence: Piecrust re-hashes every dirty page on each
// root; here a page's digest is kept until the page is written again, and the page tree built last time
// is extended with only the pages whose digest changed.
import type { TreeNode } from "./tree.js";

let caches = 0;

/**
 * One contract memory's page digests and last page tree. Its owner (the session's ContractMemory)
 * calls `forget(page)` before every write to a page, so a digest held here is always BLAKE3 of the
 * page's current bytes; the store fills it in when it hashes a page.
 */
export class LeafCache {
  /**
   * Names this memory's pages for the page hasher's kept chunks. Per memory, not per contract: a new
   * session on the same base writes other bytes, and comparing them with another session's chunks
   * only cost time (the first root after 10,000 transfers grew from 7 to 21 ms over four sessions).
   */
  readonly slot = `m${++caches}`;
  /** Page index -> BLAKE3 of the page's current 64 KiB. */
  readonly digests = new Map<number, Uint8Array>();
  /** The committed page tree the last tree was built on (identity), or undefined before any. */
  from: TreeNode | null | undefined = undefined;
  /** `from` with `leaves` inserted. */
  tree: TreeNode | null = null;
  /** The leaves inserted into `from` to give `tree`: page index -> the digest object inserted. */
  readonly leaves = new Map<number, Uint8Array>();

  forget(page: number): void {
    this.digests.delete(page);
  }
}
