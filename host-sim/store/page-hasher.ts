// Mirrors piecrust/src/store/commit.rs (`Commit::insert` re-hashing each dirty page): the leaf value of a
// written page. Divergence: instead of hashing all 64 KiB, only the 1 KiB BLAKE3 chunks that differ from
// the page's committed version are re-hashed; the other chunk chaining values come from a cache keyed by
// the committed page's hash, and 63 parent compressions give the same digest BLAKE3 of the page gives.
import { PAGE_CHUNKS, CHUNK_LEN, comparedWords, diffPage, pageChunkCvs, pageFromChunks, updateChunkCvs } from "./blake3.js";
import { toHex } from "../hex.js";
import { StoreError } from "./errors.js";
import { Lru } from "./lru.js";
import { PAGE_SIZE } from "./page-tree.js";

/** How many pages' chunk values are kept (2 KiB each: 16 MiB at most). */
const CACHE_PAGES = 8192;

/** Copies of changed chunks kept across hashes of the same slot (LRU beyond this). */
const SLOT_BYTES = 32 * 1024 * 1024;
const CHUNK_WORDS = CHUNK_LEN >>> 2;
/** Chunk copies allocated together when the pool runs dry (64 KiB). */
const POOL_BLOCK = 64;

interface Slot {
  /** The committed version the chunks were compared with (hash hex, or "zero"). */
  base: string;
  /** Chunk index -> a copy of its 1 KiB as words (compared word by word). */
  chunks: Map<number, Uint32Array>;
  cvs: Uint32Array;
  digest: Uint8Array;
}

/** Reads a committed page by its hash's hex (the store's pages). */
export type PageReader = (pageHex: string) => Uint8Array;

/**
 * Hashes written pages against their committed versions. One per store; pure apart from the cache,
 * whose content never changes a digest (every cached entry is the chunk values of the page named
 * by its key).
 */
export class PageHasher {
  /** Page hash (hex) -> its 64 chunk chaining values. */
  private readonly cvs = new Lru<string, Uint32Array>(CACHE_PAGES);
  /** Per slot: the chunks that differed from the committed version at the last hash, and the result. */
  private readonly slots = new Map<string, Slot>();
  private slotBytes = 0;
  /** Chunk copies of dropped slots, for the next copies. */
  private readonly chunkPool: Uint32Array[] = [];
  /** Chunks re-hashed and pages hashed since construction (the bench and tests read these). */
  chunksHashed = 0;
  pagesHashed = 0;

  constructor(private readonly read: PageReader) {}

  /** Pages whose changed chunks are kept, live sessions' only (tests read it). */
  get keptPages(): number {
    return this.slots.size;
  }

  /**
   * The BLAKE3 of `page` (64 KiB), given the hash of its committed version (undefined for a page
   * the base does not hold, whose committed version is all zeros). `slot` names where the page
   * lives (contract and index): the chunks it changed are kept per slot, so hashing it again after
   * a write elsewhere re-hashes nothing, and after a write to it only the chunks written since.
   */
  hash(page: Uint8Array, committed: Uint8Array | undefined, slot?: string): Uint8Array {
    if (page.length !== PAGE_SIZE) throw new StoreError("InvalidChange", `a page is ${PAGE_SIZE} bytes, got ${page.length}`);
    this.pagesHashed++;
    let before: Uint8Array;
    let beforeCvs: Uint32Array;
    const baseKey = committed === undefined ? "zero" : toHex(committed);
    if (committed === undefined) {
      ({ page: before, cvs: beforeCvs } = zeroPage());
    } else {
      before = this.read(baseKey);
      const hit = this.cvs.get(baseKey);
      if (hit) {
        beforeCvs = hit;
      } else {
        beforeCvs = pageChunkCvs(before);
        this.chunksHashed += PAGE_CHUNKS;
        this.cvs.set(baseKey, beforeCvs);
      }
    }
    let prev = slot === undefined ? undefined : this.slots.get(slot);
    if (prev !== undefined && prev.base !== baseKey) prev = undefined;
    let out: Uint32Array | null = null;
    /** Chunks differing from the committed version; those equal to the slot's last copy reuse it. */
    const changed: number[] = [];
    /** Changed chunks to hash again (the rest reuse the slot's values), in ascending order. */
    const rehash: number[] = [];
    const reused = new Map<number, Uint32Array>();
    let sameAsPrev = prev !== undefined;
    // A view of the kernel's memory: read whole before its next call (updateChunkCvs).
    const differs = diffPage(page, before);
    // The page's words as diffPage copied them into the kernel: aligned whatever the page's offset,
    // and no new view on the contract memory's shared buffer at every hash.
    const a = comparedWords(page);
    for (let c = 0; c < PAGE_CHUNKS; c++) {
      if (differs[c] === 0) continue;
      out ??= beforeCvs.slice();
      changed.push(c);
      const last = prev?.chunks.get(c);
      if (last !== undefined && sameChunk(a, c, last)) {
        // Same bytes at the same chunk index: the same chaining value (it depends on nothing else).
        out.set(prev!.cvs.subarray(c * 8, c * 8 + 8), c * 8);
        reused.set(c, last);
      } else {
        rehash.push(c);
        sameAsPrev = false;
      }
    }
    if (out !== null && rehash.length > 0) {
      this.chunksHashed += updateChunkCvs(page, rehash, out);
    }
    // Unchanged from its committed version: same digest (and none to compute for a zero page).
    if (out === null) {
      if (slot !== undefined) this.drop(slot);
      return committed ?? zeroPage().hash.slice();
    }
    // Every differing chunk is the one hashed last time, and no other chunk differed then either.
    if (sameAsPrev && prev!.chunks.size === changed.length) return prev!.digest.slice();
    const digest = pageFromChunks(out);
    this.cvs.set(toHex(digest), out);
    if (slot !== undefined) this.keep(slot, baseKey, a, changed, reused, out, digest);
    return digest;
  }

  /**
   * Forgets the kept chunks of every page of `owner` (the slot prefix of one contract memory, a
   * LeafCache's): its session is over, so no hash can name them again, and their copies go back to
   * the pool. Until then a closed session's chunks stayed until the budget evicted them, so every
   * new session's root allocated its copies afresh (about a third of a root after 10,000 transfers).
   */
  release(owner: string): void {
    const prefix = `${owner}:`;
    for (const k of [...this.slots.keys()]) if (k.startsWith(prefix)) this.drop(k);
  }

  /**
   * Keeps copies of the chunks `page` changed as `slot`'s entry, evicting the least recently kept
   * slots first so their copies are reused: a commit of many pages allocates no more copies than
   * the budget holds, instead of a copy of every page that is garbage at once.
   */
  private keep(slot: string, base: string, pw: Uint32Array, changed: number[], reused: Map<number, Uint32Array>, cvs: Uint32Array, digest: Uint8Array): void {
    this.drop(slot, reused);
    const need = changed.length * CHUNK_LEN;
    for (const k of this.slots.keys()) {
      if (this.slotBytes + need <= SLOT_BYTES) break;
      this.drop(k);
    }
    const chunks = new Map<number, Uint32Array>();
    for (const c of changed) chunks.set(c, reused.get(c) ?? this.copyChunk(pw, c));
    this.slots.set(slot, { base, chunks, cvs, digest });
    this.slotBytes += need;
  }

  /** Forgets `slot`'s entry; its chunk copies (but those in `keep`) go back to the pool. */
  private drop(slot: string, keep?: Map<number, Uint32Array>): void {
    const old = this.slots.get(slot);
    if (old === undefined) return;
    this.slots.delete(slot);
    this.slotBytes -= old.chunks.size * CHUNK_LEN;
    for (const [c, copy] of old.chunks) if (keep?.get(c) !== copy && this.chunkPool.length < SLOT_BYTES / CHUNK_LEN) this.chunkPool.push(copy);
  }

  /**
   * A copy of chunk `c` of the page diffPage compared, from the kernel's copy of it (`src`): the
   * page itself is a contract memory's, shared, which V8 copies from 3–4 times slower. The copy is
   * one of the pool's buffers; an empty pool is refilled with a block of them at once: one typed
   * array per chunk made a root after 10,000 transfers (1,250 changed chunks) spend half its time
   * allocating.
   */
  private copyChunk(src: Uint32Array, c: number): Uint32Array {
    if (this.chunkPool.length === 0) {
      const block = new Uint32Array(POOL_BLOCK * CHUNK_WORDS);
      for (let k = POOL_BLOCK - 1; k >= 0; k--) this.chunkPool.push(block.subarray(k * CHUNK_WORDS, (k + 1) * CHUNK_WORDS));
    }
    const copy = this.chunkPool.pop()!;
    copy.set(src.subarray(c * CHUNK_WORDS, (c + 1) * CHUNK_WORDS));
    return copy;
  }

  /** Keeps the chunk values of the page whose hash is `pageHex`, computed elsewhere (a page verified as it was read). */
  seed(pageHex: string, cvs: Uint32Array): void {
    this.cvs.set(pageHex, cvs);
  }
}

/** The all-zero page and its chunk values, computed on first use (not by every store a process opens). */
let zero: { page: Uint8Array; cvs: Uint32Array; hash: Uint8Array } | undefined;
function zeroPage(): { page: Uint8Array; cvs: Uint32Array; hash: Uint8Array } {
  if (zero === undefined) {
    const page = new Uint8Array(PAGE_SIZE);
    const cvs = pageChunkCvs(page);
    zero = { page, cvs, hash: pageFromChunks(cvs) };
  }
  return zero;
}

/** Whether chunk `c` of the page whose words are `pw` equals a kept copy. */
function sameChunk(pw: Uint32Array, c: number, copy: Uint32Array): boolean {
  const o = c * CHUNK_WORDS;
  for (let i = 0; i < CHUNK_WORDS; i++) if (pw[o + i] !== copy[i]) return false;
  return true;
}
