// Mirrors the BLAKE3 specification (piecrust/src/store/hasher.rs wraps the `blake3` crate): the
// compression function and the chunk/parent tree, exposed so a page's hash can be rebuilt from cached
// chunk chaining values. @noble/hashes does not expose the tree, and its compression is about 10x
// slower on this engine; the digests are checked against @noble/hashes and the official vectors.

export const CHUNK_LEN = 1024;
export const BLOCK_LEN = 64;
const CHUNK_START = 1;
const CHUNK_END = 2;
const PARENT = 4;
const ROOT = 8;

const IV = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * One compression: `cv` (8 words at `cvOff`) and the 16-word block at `mOff` of `m` give the new
 * chaining value, written to `out` at `outOff` (may alias `cv`). Rounds are unrolled in local
 * variables; the message permutation is a renaming of the locals between rounds.
 */
function compress(
  cv: Uint32Array, cvOff: number, m: Uint32Array, mOff: number,
  counter: number, blockLen: number, flags: number, out: Uint32Array, outOff: number,
): void {
  let m0 = m[mOff] | 0, m1 = m[mOff + 1] | 0, m2 = m[mOff + 2] | 0, m3 = m[mOff + 3] | 0;
  let m4 = m[mOff + 4] | 0, m5 = m[mOff + 5] | 0, m6 = m[mOff + 6] | 0, m7 = m[mOff + 7] | 0;
  let m8 = m[mOff + 8] | 0, m9 = m[mOff + 9] | 0, m10 = m[mOff + 10] | 0, m11 = m[mOff + 11] | 0;
  let m12 = m[mOff + 12] | 0, m13 = m[mOff + 13] | 0, m14 = m[mOff + 14] | 0, m15 = m[mOff + 15] | 0;
  let v0 = cv[cvOff] | 0, v1 = cv[cvOff + 1] | 0, v2 = cv[cvOff + 2] | 0, v3 = cv[cvOff + 3] | 0;
  let v4 = cv[cvOff + 4] | 0, v5 = cv[cvOff + 5] | 0, v6 = cv[cvOff + 6] | 0, v7 = cv[cvOff + 7] | 0;
  let v8 = 0x6a09e667 | 0, v9 = 0xbb67ae85 | 0, v10 = 0x3c6ef372 | 0, v11 = 0xa54ff53a | 0;
  // The counter is below 2^32 for every input this project hashes (4 GiB / 1 KiB chunks).
  let v12 = counter | 0, v13 = (counter / 0x100000000) | 0, v14 = blockLen | 0, v15 = flags | 0;
  for (let r = 0; r < 7; r++) {
    // Columns.
    v0 = (v0 + v4 + m0) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
    v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
    v0 = (v0 + v4 + m1) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
    v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
    v1 = (v1 + v5 + m2) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
    v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
    v1 = (v1 + v5 + m3) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
    v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
    v2 = (v2 + v6 + m4) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
    v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
    v2 = (v2 + v6 + m5) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
    v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
    v3 = (v3 + v7 + m6) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
    v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
    v3 = (v3 + v7 + m7) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
    v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
    // Diagonals.
    v0 = (v0 + v5 + m8) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
    v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
    v0 = (v0 + v5 + m9) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
    v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
    v1 = (v1 + v6 + m10) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
    v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
    v1 = (v1 + v6 + m11) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
    v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
    v2 = (v2 + v7 + m12) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
    v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
    v2 = (v2 + v7 + m13) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
    v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
    v3 = (v3 + v4 + m14) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
    v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
    v3 = (v3 + v4 + m15) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
    v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
    // The message permutation [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8] as a renaming.
    const t0 = m0, t1 = m1;
    m0 = m2; m2 = m3; m3 = m10; m10 = m12; m12 = m9; m9 = m11; m11 = m5; m5 = t0;
    m1 = m6; m6 = m4; m4 = m7; m7 = m13; m13 = m14; m14 = m15; m15 = m8; m8 = t1;
  }
  out[outOff] = v0 ^ v8; out[outOff + 1] = v1 ^ v9; out[outOff + 2] = v2 ^ v10; out[outOff + 3] = v3 ^ v11;
  out[outOff + 4] = v4 ^ v12; out[outOff + 5] = v5 ^ v13; out[outOff + 6] = v6 ^ v14; out[outOff + 7] = v7 ^ v15;
}

/** Scratch: one block of message words, aligned, for input that is not word-aligned. */
const blockWords = new Uint32Array(16);
const blockBytes = new Uint8Array(blockWords.buffer);
const parentWords = new Uint32Array(16);

/** Message words of `data[off, off + len)` (len ≤ 64, zero-padded), as a Uint32Array and its offset. */
function wordsAt(data: Uint8Array, off: number, len: number, aligned: Uint32Array | null): [Uint32Array, number] {
  if (aligned !== null && len === BLOCK_LEN) return [aligned, (data.byteOffset + off) >>> 2];
  blockWords.fill(0);
  blockBytes.set(data.subarray(off, off + len));
  if (!LITTLE_ENDIAN) for (let i = 0; i < 16; i++) blockWords[i] = swap32(blockWords[i]);
  return [blockWords, 0];
}

function swap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** A word view of the whole buffer when `data` can be read in place (little-endian, aligned). */
function alignedView(data: Uint8Array): Uint32Array | null {
  return LITTLE_ENDIAN && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, 0, Math.floor(data.buffer.byteLength / 4)) : null;
}

/**
 * The chaining value of chunk `index` holding `data[off, off + len)` (0 < len ≤ 1024, or 0 for the
 * empty input), written to `out` at `outOff`; `root` marks the chunk as the whole input.
 */
function chunkCv(data: Uint8Array, off: number, len: number, index: number, root: boolean, aligned: Uint32Array | null, out: Uint32Array, outOff: number): void {
  out.set(IV, outOff);
  const blocks = Math.max(1, Math.ceil(len / BLOCK_LEN));
  for (let b = 0; b < blocks; b++) {
    const blen = Math.min(BLOCK_LEN, len - b * BLOCK_LEN);
    let flags = b === 0 ? CHUNK_START : 0;
    if (b === blocks - 1) flags |= CHUNK_END | (root ? ROOT : 0);
    const [w, wOff] = wordsAt(data, off + b * BLOCK_LEN, blen, aligned);
    compress(out, outOff, w, wOff, index, blen, flags, out, outOff);
  }
}

/** The parent of two chaining values (left at `l`, right at `r` in `cvs`), written to `out` at `outOff`. */
function parentCv(cvs: Uint32Array, l: number, r: number, root: boolean, out: Uint32Array, outOff: number): void {
  for (let i = 0; i < 8; i++) {
    parentWords[i] = cvs[l + i];
    parentWords[8 + i] = cvs[r + i];
  }
  compress(IV, 0, parentWords, 0, 0, BLOCK_LEN, PARENT | (root ? ROOT : 0), out, outOff);
}

function digestOf(words: Uint32Array, off: number): Uint8Array {
  const out = new Uint8Array(32);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) dv.setUint32(i * 4, words[off + i], true);
  return out;
}

/** BLAKE3 with a 32-byte output of `data`. */
export function blake3(data: Uint8Array): Uint8Array {
  const aligned = alignedView(data);
  const out = new Uint32Array(8);
  if (data.length <= CHUNK_LEN) {
    chunkCv(data, 0, data.length, 0, true, aligned, out, 0);
    return digestOf(out, 0);
  }
  // The CV stack of the left-balanced tree: merging whenever the chunk count's trailing bits say so.
  const chunks = Math.ceil(data.length / CHUNK_LEN);
  const stack = new Uint32Array(8 * 40);
  let depth = 0;
  for (let c = 0; c < chunks - 1; c++) {
    chunkCv(data, c * CHUNK_LEN, CHUNK_LEN, c, false, aligned, stack, depth * 8);
    depth++;
    for (let total = c + 1; (total & 1) === 0; total >>>= 1) {
      depth--;
      parentCv(stack, (depth - 1) * 8, depth * 8, false, stack, (depth - 1) * 8);
    }
  }
  const last = chunks - 1;
  chunkCv(data, last * CHUNK_LEN, data.length - last * CHUNK_LEN, last, false, aligned, out, 0);
  while (depth > 0) {
    depth--;
    stack.set(out, (depth + 1) * 8);
    parentCv(stack, depth * 8, (depth + 1) * 8, depth === 0, out, 0);
  }
  return digestOf(out, 0);
}

/** Chunks in a 64 KiB page: a perfect binary tree of depth 6. */
export const PAGE_CHUNKS = 64;

/** The 64 chunk chaining values of a 64 KiB page (8 words each), for pageFromChunks. */
export function pageChunkCvs(page: Uint8Array, into: Uint32Array = new Uint32Array(PAGE_CHUNKS * 8)): Uint32Array {
  const aligned = alignedView(page);
  for (let c = 0; c < PAGE_CHUNKS; c++) chunkCv(page, c * CHUNK_LEN, CHUNK_LEN, c, false, aligned, into, c * 8);
  return into;
}

/** Recomputes chunk `c`'s chaining value in `cvs` from the page's current bytes. */
export function updateChunkCv(page: Uint8Array, c: number, cvs: Uint32Array): void {
  chunkCv(page, c * CHUNK_LEN, CHUNK_LEN, c, false, alignedView(page), cvs, c * 8);
}

const levelScratch = new Uint32Array(PAGE_CHUNKS * 8);

/** The BLAKE3 digest of a 64 KiB page from its 64 chunk chaining values (63 parent compressions). */
export function pageFromChunks(cvs: Uint32Array): Uint8Array {
  levelScratch.set(cvs);
  for (let n = PAGE_CHUNKS / 2; n >= 1; n >>>= 1)
    for (let i = 0; i < n; i++) parentCv(levelScratch, 16 * i, 16 * i + 8, n === 1, levelScratch, 8 * i);
  return digestOf(levelScratch, 0);
}
