// Mirrors the BLAKE3 specification (piecrust/src/store/hasher.rs wraps the `blake3` crate): the
// chunk/parent tree over the compression function of blake3-kernel.ts, exposed so a page's hash can be
// rebuilt from cached chunk chaining values. @noble/hashes does not expose the tree; the digests are
// checked against @noble/hashes and the official vectors.
import { BLOCK_LEN, CHUNK_END, CHUNK_START, createKernel, IV, PARENT, ROOT } from "./blake3-kernel.js";
import { HostSimBug } from "../error.js";

export const CHUNK_LEN = 1024;

/** Chunks in a 64 KiB page: a perfect binary tree of depth 6. */
export const PAGE_CHUNKS = 64;
const CV_LEN = 32;

// The kernel's memory: a window of input, the committed pages a window is compared with, a page's
// chunk values, the CV stack, one result, the IV, and the comparison's chunk flags.
const WINDOW = 0;
const WINDOW_LEN = PAGE_CHUNKS * CHUNK_LEN;
const BEFORE = WINDOW + WINDOW_LEN;
/**
 * Committed pages kept in the kernel's memory between comparisons: a root compares each written
 * page with the same committed one as the session's last root did, and every session on a base
 * with the same ones, so copying it in again cost a third of a page's comparison.
 */
const BEFORE_SLOTS = 8;
const CVS = BEFORE + BEFORE_SLOTS * WINDOW_LEN;
const STACK = CVS + PAGE_CHUNKS * CV_LEN;
/** The stack holds one value per level of a tree of 2^54 chunks, and one more for the last merge. */
const STACK_SLOTS = 56;
const OUT = STACK + STACK_SLOTS * CV_LEN;
const IV_AT = OUT + CV_LEN;
const FLAGS = IV_AT + CV_LEN;
const KERNEL_BYTES = FLAGS + PAGE_CHUNKS;

const kernel = createKernel(KERNEL_BYTES);
const { compress, chunk, many, diff, bytes: mem, words } = kernel;
const flags = mem.subarray(FLAGS, FLAGS + PAGE_CHUNKS);
const windowWords = words.subarray(WINDOW >>> 2, (WINDOW + WINDOW_LEN) >>> 2);
/** Inputs `many` hashes per call: one per 32-bit lane of a vector. */
const LANES = 4;
/** The IV as the kernel reads it: little-endian words, whatever the host's byte order. */
const IV_BYTES = new Uint8Array(CV_LEN);
IV.forEach((w, i) => new DataView(IV_BYTES.buffer).setUint32(4 * i, w, true));
mem.set(IV_BYTES, IV_AT);

/** The page diffPage left in the window, until anything else is loaded there. */
let compared: Uint8Array | null = null;

/**
 * Ends an input of `len` bytes written at the window: zero-padded to whole blocks (the compression
 * reads 64 bytes), and no longer the page diffPage compared.
 */
function sealWindow(len: number): void {
  compared = null;
  const padded = Math.max(BLOCK_LEN, Math.ceil(len / BLOCK_LEN) * BLOCK_LEN);
  if (padded > len) mem.fill(0, WINDOW + len, WINDOW + padded);
}

/** Copies `data` into the window, sealed. */
function load(data: Uint8Array): void {
  mem.set(data, WINDOW);
  sealWindow(data.length);
}

/**
 * The chaining value of chunk `index` whose bytes are at `at` in the kernel's memory (`len` of them,
 * 0 < len ≤ 1024, or 0 for the empty input), written at `out`; `root` marks the chunk as the whole input.
 */
function chunkCv(at: number, len: number, index: number, root: boolean, out: number): void {
  mem.set(IV_BYTES, out);
  chunk(at, len, index >>> 0, Math.floor(index / 0x100000000), root ? ROOT : 0, out);
}

/**
 * The chaining values of the `count` whole chunks at `at` (chunk indexes from `index`), written
 * from `out` on: `many` for each four, chunkCv for the rest. `many` takes 32-bit chunk counters,
 * enough for any input under 4 TiB.
 */
function chunkCvs(at: number, count: number, index: number, out: number): void {
  let c = 0;
  for (; c + LANES <= count; c += LANES) many(at + c * CHUNK_LEN, CHUNK_LEN, CHUNK_LEN / BLOCK_LEN, index + c, 1, 0, CHUNK_START, CHUNK_END, out + c * CV_LEN);
  for (; c < count; c++) chunkCv(at + c * CHUNK_LEN, CHUNK_LEN, index + c, false, out + c * CV_LEN);
}

/** The parent of the two chaining values at `at` and `at + 32`, written at `out`. */
function parentCv(at: number, root: boolean, out: number): void {
  compress(IV_AT, at, 0, 0, BLOCK_LEN, PARENT | (root ? ROOT : 0), out);
}

function digestAt(at: number): Uint8Array {
  return mem.slice(at, at + CV_LEN);
}

/**
 * BLAKE3 of 1 to 32 32-byte `parts` laid end to end (one chunk), null standing for 32 zero bytes:
 * a tree node's hash, its input written straight into the kernel's window instead of built first.
 */
export function blake3Of(parts: ReadonlyArray<Uint8Array | null>): Uint8Array {
  const len = parts.length * CV_LEN;
  if (len === 0 || len > CHUNK_LEN) throw HostSimBug.because(`host-sim hashed ${parts.length} tree values as one node`);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === null) mem.fill(0, WINDOW + i * CV_LEN, WINDOW + (i + 1) * CV_LEN);
    else mem.set(p, WINDOW + i * CV_LEN);
  }
  sealWindow(len);
  chunkCv(WINDOW, len, 0, true, OUT);
  return digestAt(OUT);
}

/** BLAKE3 with a 32-byte output of `data`. */
export function blake3(data: Uint8Array): Uint8Array {
  if (data.length <= CHUNK_LEN) {
    load(data);
    chunkCv(WINDOW, data.length, 0, true, OUT);
    return digestAt(OUT);
  }
  // A whole page, the state's usual input, is a perfect tree: reduced level by level, four at a time.
  if (data.length === PAGE_CHUNKS * CHUNK_LEN) {
    pageCvsAtCvs(data);
    return reduceCvs();
  }
  // The CV stack of the left-balanced tree: merging whenever the chunk count's trailing bits say so.
  const chunks = Math.ceil(data.length / CHUNK_LEN);
  let depth = 0;
  for (let first = 0; first < chunks; first += PAGE_CHUNKS) {
    const inWindow = Math.min(PAGE_CHUNKS, chunks - first);
    load(data.subarray(first * CHUNK_LEN, Math.min(data.length, (first + inWindow) * CHUNK_LEN)));
    // Every chunk of the window but the input's last is whole: their values first, four at a time.
    const last = first + inWindow === chunks;
    chunkCvs(WINDOW, last ? inWindow - 1 : inWindow, first, CVS);
    for (let c = first; c < first + inWindow; c++) {
      if (c === chunks - 1) {
        chunkCv(WINDOW + (c - first) * CHUNK_LEN, data.length - c * CHUNK_LEN, c, false, OUT);
        break;
      }
      mem.copyWithin(STACK + depth * CV_LEN, CVS + (c - first) * CV_LEN, CVS + (c - first + 1) * CV_LEN);
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

/** The 64 chunk chaining values of a 64 KiB page, left at CVS in the kernel's memory. */
function pageCvsAtCvs(page: Uint8Array): void {
  compared = null;
  mem.set(page, WINDOW);
  chunkCvs(WINDOW, PAGE_CHUNKS, 0, CVS);
}

/** The 64 chunk chaining values of a 64 KiB page (8 words each, as the kernel stores them: only for pageFromChunks and updateChunkCvs). */
export function pageChunkCvs(page: Uint8Array, into: Uint32Array = new Uint32Array(PAGE_CHUNKS * 8)): Uint32Array {
  pageCvsAtCvs(page);
  into.set(words.subarray(CVS >>> 2, (CVS >>> 2) + PAGE_CHUNKS * 8));
  return into;
}

/**
 * Which of the 64 chunks of the 64 KiB `page` differ from those of `before`: one byte each, 1 where
 * any byte differs. The view is the kernel's, valid until its next call. `page` stays in the window
 * for updateChunkCvs, which hashes its chunks where they lie.
 */
export function diffPage(page: Uint8Array, before: Uint8Array): Uint8Array {
  mem.set(page, WINDOW);
  diff(WINDOW, beforeAt(before), PAGE_CHUNKS, FLAGS);
  compared = page;
  return flags;
}

/**
 * The committed page each before slot holds, by identity, and when it was last compared. Identity
 * is enough: a committed page's bytes are the store's, which nothing writes (Store.pageBytes), and
 * a slot keeps its array alive, so no other array can be taken for it.
 */
const slotPages: (Uint8Array | null)[] = new Array<Uint8Array | null>(BEFORE_SLOTS).fill(null);
const slotUsed = new Array<number>(BEFORE_SLOTS).fill(0);
let comparisons = 0;

/** Where `before` lies in the kernel's memory: copied into the least recently used slot if absent. */
function beforeAt(before: Uint8Array): number {
  let slot = slotPages.indexOf(before);
  if (slot < 0) {
    slot = 0;
    for (let i = 1; i < BEFORE_SLOTS; i++) if (slotUsed[i] < slotUsed[slot]) slot = i;
    mem.set(before, BEFORE + slot * WINDOW_LEN);
    slotPages[slot] = before;
  }
  slotUsed[slot] = ++comparisons;
  return BEFORE + slot * WINDOW_LEN;
}

/**
 * The words of `page` as diffPage last copied it into the kernel (a view of the kernel's memory,
 * valid until the window is loaded again): what the page hasher keeps copies of chunks from.
 */
export function comparedWords(page: Uint8Array): Uint32Array {
  requireCompared(page);
  return windowWords;
}

/** Refuses a page that is not the one diffPage left in the window: a host-sim bug, not a user's error. */
function requireCompared(page: Uint8Array): void {
  if (compared !== page) throw HostSimBug.because("host-sim read chunks of a page diffPage did not just compare");
}

/**
 * Recomputes the chaining values of `chunks` (ascending chunk indexes) in `cvs` from the bytes of
 * `page` as diffPage last compared them (the caller writes nothing to it in between). Where two or
 * more fall in one aligned group of four, the whole group is hashed with one `many` call (a chunk's
 * value depends only on its bytes and index, so the group's unchanged chunks get the values they
 * had); a chunk alone in its group is hashed by itself. Returns how many chunks were hashed.
 */
export function updateChunkCvs(page: Uint8Array, chunks: readonly number[], cvs: Uint32Array): number {
  requireCompared(page);
  let hashed = 0;
  for (let k = 0; k < chunks.length; ) {
    const group = chunks[k] & ~(LANES - 1);
    let end = k + 1;
    while (end < chunks.length && chunks[end] < group + LANES) end++;
    const alone = end - k < 2;
    const first = alone ? chunks[k] : group;
    const count = alone ? 1 : LANES;
    chunkCvs(WINDOW + first * CHUNK_LEN, count, first, CVS + first * CV_LEN);
    cvs.set(words.subarray((CVS >>> 2) + first * 8, (CVS >>> 2) + (first + count) * 8), first * 8);
    hashed += count;
    k = end;
  }
  return hashed;
}

/** The BLAKE3 digest of a 64 KiB page from its 64 chunk chaining values (63 parent compressions). */
export function pageFromChunks(cvs: Uint32Array): Uint8Array {
  words.set(cvs, CVS >>> 2);
  return reduceCvs();
}

/** The page digest of the 64 chunk chaining values at CVS (they are overwritten). */
function reduceCvs(): Uint8Array {
  // Level by level in place: a call writes below what it and every later call of its level read.
  for (let n = PAGE_CHUNKS / 2; n >= 1; n >>>= 1) {
    let i = 0;
    for (; i + LANES <= n; i += LANES) many(CVS + 2 * CV_LEN * i, 2 * CV_LEN, 1, 0, 0, PARENT, 0, 0, CVS + CV_LEN * i);
    for (; i < n; i++) parentCv(CVS + 2 * CV_LEN * i, n === 1, CVS + CV_LEN * i);
  }
  return digestAt(CVS);
}
