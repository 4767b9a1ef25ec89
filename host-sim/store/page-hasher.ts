// Mirrors piecrust/src/store/commit.rs (`Commit::insert` re-hashing each dirty page): the leaf value of a
// written page. Divergence: instead of hashing all 64 KiB, only the 1 KiB BLAKE3 chunks that differ from
// the page's committed version are re-hashed; the other chunk chaining values come from a cache keyed by
// the committed page's hash, and 63 parent compressions give the same digest BLAKE3 of the page gives.
import { PAGE_CHUNKS, CHUNK_LEN, pageChunkCvs, pageFromChunks, updateChunkCv } from "./blake3.js";
import { toHex } from "../hex.js";
import { StoreError } from "./errors.js";
import { PAGE_SIZE } from "./page-tree.js";

/** How many pages' chunk values are kept (2 KiB each: 16 MiB at most). */
const CACHE_PAGES = 8192;

/** Reads a committed page by its hash (the store's pages). */
export type PageReader = (pageHash: Uint8Array) => Uint8Array;

/**
 * Hashes written pages against their committed versions. One per store; pure apart from the cache,
 * whose content never changes a digest (every cached entry is the chunk values of the page named
 * by its key).
 */
export class PageHasher {
  /** Page hash (hex) -> its 64 chunk chaining values; a Map iterates in insertion order: LRU. */
  private readonly cvs = new Map<string, Uint32Array>();
  private readonly zeroPage = new Uint8Array(PAGE_SIZE);
  private readonly zeroCvs = pageChunkCvs(this.zeroPage);
  private readonly zeroHash = pageFromChunks(this.zeroCvs);
  /** Chunks re-hashed and pages hashed since construction (the bench and tests read these). */
  chunksHashed = 0;
  pagesHashed = 0;

  constructor(private readonly read: PageReader) {}

  /**
   * The BLAKE3 of `page` (64 KiB), given the hash of its committed version (undefined for a page
   * the base does not hold, whose committed version is all zeros).
   */
  hash(page: Uint8Array, committed: Uint8Array | undefined): Uint8Array {
    if (page.length !== PAGE_SIZE) throw new StoreError("InvalidChange", `a page is ${PAGE_SIZE} bytes, got ${page.length}`);
    this.pagesHashed++;
    let before: Uint8Array;
    let beforeCvs: Uint32Array;
    if (committed === undefined) {
      before = this.zeroPage;
      beforeCvs = this.zeroCvs;
    } else {
      before = this.read(committed);
      const key = toHex(committed);
      const hit = this.cvs.get(key);
      if (hit) {
        this.cvs.delete(key);
        this.cvs.set(key, hit);
        beforeCvs = hit;
      } else {
        beforeCvs = pageChunkCvs(before);
        this.chunksHashed += PAGE_CHUNKS;
        this.remember(key, beforeCvs);
      }
    }
    let out: Uint32Array | null = null;
    const a = words(page);
    const b = words(before);
    for (let c = 0; c < PAGE_CHUNKS; c++) {
      if (chunkEqual(page, before, a, b, c)) continue;
      out ??= beforeCvs.slice();
      updateChunkCv(page, c, out);
      this.chunksHashed++;
    }
    // Unchanged from its committed version: same digest (and none to compute for a zero page).
    if (out === null) return committed ?? this.zeroHash.slice();
    const digest = pageFromChunks(out);
    this.remember(toHex(digest), out);
    return digest;
  }

  private remember(key: string, cvs: Uint32Array): void {
    this.cvs.set(key, cvs);
    if (this.cvs.size > CACHE_PAGES) this.cvs.delete(this.cvs.keys().next().value!);
  }
}

function words(bytes: Uint8Array): Int32Array | null {
  return bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : null;
}

function chunkEqual(x: Uint8Array, y: Uint8Array, xw: Int32Array | null, yw: Int32Array | null, c: number): boolean {
  if (xw !== null && yw !== null) {
    const end = (c + 1) * (CHUNK_LEN >>> 2);
    for (let i = c * (CHUNK_LEN >>> 2); i < end; i++) if (xw[i] !== yw[i]) return false;
    return true;
  }
  const end = (c + 1) * CHUNK_LEN;
  for (let i = c * CHUNK_LEN; i < end; i++) if (x[i] !== y[i]) return false;
  return true;
}
