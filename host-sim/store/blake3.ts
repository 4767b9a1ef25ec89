// Mirrors the BLAKE3 specification (piecrust/src/store/hasher.rs wraps the `blake3` crate): the
// chunk/parent tree over the compression function of blake3-kernel.ts, exposed so a page's hash can be
// rebuilt from cached chunk chaining values. @noble/hashes does not expose the tree; the digests are
// checked against @noble/hashes and the official vectors.
import { BLOCK_LEN, createKernel, IV } from "./blake3-kernel.js";

export const CHUNK_LEN = 1024;
const PARENT = 4;
const ROOT = 8;

/** Chunks in a 64 KiB page: a perfect binary tree of depth 6. */
export const PAGE_CHUNKS = 64;
const CV_LEN = 32;

// The kernel's memory: a window of input, a page's chunk values, the CV stack, one result, the IV.
const WINDOW = 0;
const WINDOW_LEN = PAGE_CHUNKS * CHUNK_LEN;
const CVS = WINDOW + WINDOW_LEN;
const STACK = CVS + PAGE_CHUNKS * CV_LEN;
/** The stack holds one value per level of a tree of 2^54 chunks, and one more for the last merge. */
const STACK_SLOTS = 56;
const OUT = STACK + STACK_SLOTS * CV_LEN;
const IV_AT = OUT + CV_LEN;

const kernel = createKernel();
const { compress, chunk, bytes: mem, words } = kernel;
/** The IV as the kernel reads it: little-endian words, whatever the host's byte order. */
const IV_BYTES = new Uint8Array(CV_LEN);
IV.forEach((w, i) => new DataView(IV_BYTES.buffer).setUint32(4 * i, w, true));
mem.set(IV_BYTES, IV_AT);

/** Copies `data` into the window, zero-padded to whole blocks (the compression reads 64 bytes). */
function load(data: Uint8Array): void {
  mem.set(data, WINDOW);
  const end = WINDOW + data.length;
  const padded = WINDOW + Math.max(BLOCK_LEN, Math.ceil(data.length / BLOCK_LEN) * BLOCK_LEN);
  if (padded > end) mem.fill(0, end, padded);
}

/**
 * The chaining value of chunk `index` whose bytes are at `at` in the kernel's memory (`len` of them,
 * 0 < len ≤ 1024, or 0 for the empty input), written at `out`; `root` marks the chunk as the whole input.
 */
function chunkCv(at: number, len: number, index: number, root: boolean, out: number): void {
  mem.set(IV_BYTES, out);
  chunk(at, len, index >>> 0, Math.floor(index / 0x100000000), root ? ROOT : 0, out);
}

/** The parent of the two chaining values at `at` and `at + 32`, written at `out`. */
function parentCv(at: number, root: boolean, out: number): void {
  compress(IV_AT, at, 0, 0, BLOCK_LEN, PARENT | (root ? ROOT : 0), out);
}

function digestAt(at: number): Uint8Array {
  return mem.slice(at, at + CV_LEN);
}

/** BLAKE3 with a 32-byte output of `data`. */
export function blake3(data: Uint8Array): Uint8Array {
  if (data.length <= CHUNK_LEN) {
    load(data);
    chunkCv(WINDOW, data.length, 0, true, OUT);
    return digestAt(OUT);
  }
  // The CV stack of the left-balanced tree: merging whenever the chunk count's trailing bits say so.
  const chunks = Math.ceil(data.length / CHUNK_LEN);
  let depth = 0;
  for (let first = 0; first < chunks; first += PAGE_CHUNKS) {
    const inWindow = Math.min(PAGE_CHUNKS, chunks - first);
    load(data.subarray(first * CHUNK_LEN, Math.min(data.length, (first + inWindow) * CHUNK_LEN)));
    for (let c = first; c < first + inWindow; c++) {
      const at = WINDOW + (c - first) * CHUNK_LEN;
      if (c === chunks - 1) {
        chunkCv(at, data.length - c * CHUNK_LEN, c, false, OUT);
        break;
      }
      chunkCv(at, CHUNK_LEN, c, false, STACK + depth * CV_LEN);
      depth++;
      for (let total = c + 1; (total & 1) === 0; total >>>= 1) {
        depth--;
        parentCv(STACK + (depth - 1) * CV_LEN, false, STACK + (depth - 1) * CV_LEN);
      }
    }
  }
  while (depth > 0) {
    depth--;
    mem.copyWithin(STACK + (depth + 1) * CV_LEN, OUT, OUT + CV_LEN);
    parentCv(STACK + depth * CV_LEN, depth === 0, OUT);
  }
  return digestAt(OUT);
}

/** The 64 chunk chaining values of a 64 KiB page (8 words each, as the kernel stores them: only for pageFromChunks and updateChunkCv). */
export function pageChunkCvs(page: Uint8Array, into: Uint32Array = new Uint32Array(PAGE_CHUNKS * 8)): Uint32Array {
  mem.set(page, WINDOW);
  for (let c = 0; c < PAGE_CHUNKS; c++) chunkCv(WINDOW + c * CHUNK_LEN, CHUNK_LEN, c, false, CVS + c * CV_LEN);
  into.set(words.subarray(CVS >>> 2, (CVS >>> 2) + PAGE_CHUNKS * 8));
  return into;
}

/** Recomputes chunk `c`'s chaining value in `cvs` from the page's current bytes. */
export function updateChunkCv(page: Uint8Array, c: number, cvs: Uint32Array): void {
  mem.set(page.subarray(c * CHUNK_LEN, (c + 1) * CHUNK_LEN), WINDOW);
  chunkCv(WINDOW, CHUNK_LEN, c, false, OUT);
  cvs.set(words.subarray(OUT >>> 2, (OUT >>> 2) + 8), c * 8);
}

/** The BLAKE3 digest of a 64 KiB page from its 64 chunk chaining values (63 parent compressions). */
export function pageFromChunks(cvs: Uint32Array): Uint8Array {
  words.set(cvs, CVS >>> 2);
  for (let n = PAGE_CHUNKS / 2; n >= 1; n >>>= 1)
    for (let i = 0; i < n; i++) parentCv(CVS + 2 * CV_LEN * i, n === 1, CVS + CV_LEN * i);
  return digestAt(CVS);
}
