// Mirrors the BLAKE3 specification's compression function (piecrust/src/store/hasher.rs wraps the
// `blake3` crate), its walk over one chunk's blocks, and the four-lane SIMD form of both (the
// crate's hash_many), as three WebAssembly functions emitted here and run on the kernel's own
// memory; a fourth finds which chunks of a written page differ from its committed version, so that
// only those are hashed again (page-hasher.ts). Why WebAssembly: the engine runs them compiled from
// their first call, where the same code in JavaScript runs interpreted for its first thousand calls,
// so a process's first 64 KiB page cost 8–9 ms instead of under 2 (issue 21's cold start). Emitted
// at load (about 4.5 KB), so no build step and no file.
import { ByteWriter } from "../wasm/bytes.js";
import { encodeBody, encodeModule, ExternKind, ValType, type WasmModule } from "../wasm/module.js";
import { Code, EMPTY_BLOCK, writeCode } from "../wasm/ops.js";

/** Bytes of one compressed block. */
export const BLOCK_LEN = 64;
const BLOCK_SHIFT = Math.log2(BLOCK_LEN);

/** The domain flags of a compression: a chunk's first and last block, a parent, the root. */
export const CHUNK_START = 1;
export const CHUNK_END = 2;
export const PARENT = 4;
export const ROOT = 8;

/** The initial chaining value, also the key of every parent compression. */
export const IV = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** The message permutation, applied to the word schedule after every round. */
const PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];

/** The four column and four diagonal quarter-rounds: state words (a, b, c, d) of each. */
const QUARTERS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15],
  [0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14],
];

/** compress(cv, m, counterLo, counterHi, blockLen, flags, out): pointers into the kernel's memory. */
const enum Param { Cv, M, CounterLo, CounterHi, BlockLen, Flags, Out, Count }
const M_LOCAL = Param.Count;
const V_LOCAL = M_LOCAL + 16;
const ROUND_LOCAL = V_LOCAL + 16;
const TEMP_LOCAL = ROUND_LOCAL + 1;
const ROUNDS = 7;
/** log2 of the alignment of every word access (4 bytes). */
const WORD_ALIGN = 2;

/** Emits into one function body: locals by index, the opcodes by name. */
class Emitter {
  readonly w = new ByteWriter(2048);
  op(code: Code): this {
    writeCode(this.w, code);
    return this;
  }
  get(l: number): this {
    writeCode(this.w, Code.LocalGet).u32(l);
    return this;
  }
  set(l: number): this {
    writeCode(this.w, Code.LocalSet).u32(l);
    return this;
  }
  i32(v: number): this {
    writeCode(this.w, Code.I32Const).s32(v);
    return this;
  }
  word(code: Code.I32Load | Code.I32Store, index: number): this {
    writeCode(this.w, code).u32(WORD_ALIGN).u32(index * 4);
    return this;
  }
  /** A 16-byte load or store at `offset` from the address on the stack (only 4-byte alignment promised). */
  vector(code: Code.V128Load | Code.V128Store, offset: number): this {
    writeCode(this.w, code).u32(WORD_ALIGN).u32(offset);
    return this;
  }
  /** i8x16.shuffle of the two vectors on the stack, given as the 32-bit lanes to take (0–3 first, 4–7 second). */
  shuffle32(lanes: readonly number[]): this {
    writeCode(this.w, Code.I8x16Shuffle);
    for (const l of lanes) for (let b = 0; b < 4; b++) this.w.byte(4 * l + b);
    return this;
  }
  /** i8x16.shuffle of one vector (pushed twice), given as the byte each output byte takes. */
  bytes(l: number, pattern: readonly number[]): this {
    this.get(l).get(l);
    writeCode(this.w, Code.I8x16Shuffle);
    for (let i = 0; i < 16; i++) this.w.byte(4 * (i >> 2) + pattern[i & 3]);
    return this;
  }
  body(locals: number, vectors = 0): Uint8Array {
    this.op(Code.End);
    const decls = [{ count: locals, type: ValType.I32 }];
    if (vectors > 0) decls.push({ count: vectors, type: ValType.V128 });
    return encodeBody(decls, this.w.finish());
  }
}

/**
 * The four quarter-round steps' rotations (16, 12, 8, 7), and the message permutation, emitted for
 * state and message words held in locals `v + i` and `m + i`: scalar i32 locals for compress, and
 * four-lane vectors for many, whose `ops` say how to add, xor and rotate.
 */
interface RoundOps {
  add(e: Emitter): void;
  /** local x = (x ^ y) >>> bits (a right rotation), for locals x and y. */
  xorRotr(e: Emitter, x: number, y: number, bits: number): void;
}

function emitRound(e: Emitter, ops: RoundOps, v: number, m: number, temp: number): void {
  const add = (x: number, y: number, w?: number) => {
    e.get(v + x).get(v + y);
    ops.add(e);
    if (w !== undefined) (e.get(m + w), ops.add(e));
    e.set(v + x);
  };
  QUARTERS.forEach(([a, b, c, d], q) => {
    add(a, b, 2 * q), ops.xorRotr(e, v + d, v + a, 16), add(c, d), ops.xorRotr(e, v + b, v + c, 12);
    add(a, b, 2 * q + 1), ops.xorRotr(e, v + d, v + a, 8), add(c, d), ops.xorRotr(e, v + b, v + c, 7);
  });
  // The permutation, new m[i] = old m[PERMUTATION[i]], one cycle at a time through a temporary.
  const moved = new Set<number>();
  for (let i = 0; i < 16; i++) {
    if (moved.has(i)) continue;
    e.get(m + i).set(temp);
    let j = i;
    for (; PERMUTATION[j] !== i; j = PERMUTATION[j]) (e.get(m + PERMUTATION[j]).set(m + j), moved.add(j));
    e.get(temp).set(m + j);
    moved.add(j);
  }
}

const SCALAR: RoundOps = {
  add: (e) => e.op(Code.I32Add),
  xorRotr: (e, x, y, bits) => e.get(x).get(y).op(Code.I32Xor).i32(bits).op(Code.I32Rotr).set(x),
};

function compressBody(): Uint8Array {
  const e = new Emitter();
  for (let i = 0; i < 16; i++) e.get(Param.M).word(Code.I32Load, i).set(M_LOCAL + i);
  for (let i = 0; i < 8; i++) e.get(Param.Cv).word(Code.I32Load, i).set(V_LOCAL + i);
  for (let i = 0; i < 4; i++) e.i32(IV[i] | 0).set(V_LOCAL + 8 + i);
  [Param.CounterLo, Param.CounterHi, Param.BlockLen, Param.Flags].forEach((p, i) => e.get(p).set(V_LOCAL + 12 + i));
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  emitRound(e, SCALAR, V_LOCAL, M_LOCAL, TEMP_LOCAL);
  e.get(ROUND_LOCAL).i32(1).op(Code.I32Add).set(ROUND_LOCAL);
  e.get(ROUND_LOCAL).i32(ROUNDS).op(Code.I32LtU).op(Code.BrIf).w.u32(0);
  e.op(Code.End);
  // The locals hold everything read, so `out` may alias `cv`.
  for (let i = 0; i < 8; i++) e.get(Param.Out).get(V_LOCAL + i).get(V_LOCAL + 8 + i).op(Code.I32Xor).word(Code.I32Store, i);
  return e.body(TEMP_LOCAL + 1 - Param.Count);
}

/** chunk(at, len, counterLo, counterHi, rootFlag, out): one chunk's blocks, `out` holding the IV. */
const enum ChunkParam { At, Len, CounterLo, CounterHi, Root, Out, Count }
const BLOCK_LOCAL = ChunkParam.Count;
const BLOCKS_LOCAL = BLOCK_LOCAL + 1;
const BLEN_LOCAL = BLOCKS_LOCAL + 1;

function chunkBody(): Uint8Array {
  const e = new Emitter();
  // blocks = ceil(len / 64), and 1 for the empty input.
  e.get(ChunkParam.Len).i32(BLOCK_LEN - 1).op(Code.I32Add).i32(BLOCK_SHIFT).op(Code.I32ShrU);
  e.get(ChunkParam.Len).op(Code.I32Eqz).op(Code.I32Or).set(BLOCKS_LOCAL);
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  // blen = min(64, len - 64·block)
  e.get(ChunkParam.Len).get(BLOCK_LOCAL).i32(BLOCK_SHIFT).op(Code.I32Shl).op(Code.I32Sub).set(BLEN_LOCAL);
  e.i32(BLOCK_LEN).get(BLEN_LOCAL).get(BLEN_LOCAL).i32(BLOCK_LEN).op(Code.I32GtU).op(Code.Select).set(BLEN_LOCAL);
  e.get(ChunkParam.Out).get(ChunkParam.At).get(BLOCK_LOCAL).i32(BLOCK_SHIFT).op(Code.I32Shl).op(Code.I32Add);
  e.get(ChunkParam.CounterLo).get(ChunkParam.CounterHi).get(BLEN_LOCAL);
  // flags = CHUNK_START on the first block | (CHUNK_END | root) on the last
  e.get(BLOCK_LOCAL).op(Code.I32Eqz).i32(CHUNK_START).op(Code.I32Mul);
  e.i32(CHUNK_END).get(ChunkParam.Root).op(Code.I32Or).i32(0);
  e.get(BLOCK_LOCAL).i32(1).op(Code.I32Add).get(BLOCKS_LOCAL).op(Code.I32Eq).op(Code.Select).op(Code.I32Or);
  e.get(ChunkParam.Out).op(Code.Call).w.u32(COMPRESS);
  e.get(BLOCK_LOCAL).i32(1).op(Code.I32Add).set(BLOCK_LOCAL);
  e.get(BLOCK_LOCAL).get(BLOCKS_LOCAL).op(Code.I32LtU).op(Code.BrIf).w.u32(0);
  e.op(Code.End);
  return e.body(BLEN_LOCAL + 1 - ChunkParam.Count);
}

/**
 * many(at, stride, blocks, counterLo, counterStep, flags, flagsStart, flagsEnd, out): four inputs
 * hashed at once, one per 32-bit lane of each vector (BLAKE3's hash_many): input `l` is `blocks`
 * full blocks at `at + l·stride` starting from the IV, with counter `counterLo + l·counterStep`,
 * `flags` on every block, `flagsStart` on the first and `flagsEnd` on the last; its chaining value
 * goes to `out + 32·l`. Four whole chunks (16 blocks, CHUNK_START, CHUNK_END) or four parents
 * (1 block, PARENT) per call. Each lane computes exactly what compress computes for it.
 */
const enum ManyParam { At, Stride, Blocks, CounterLo, CounterStep, Flags, FlagsStart, FlagsEnd, Out, Count }
const MANY_BLOCK = ManyParam.Count;
const MANY_ROUND = MANY_BLOCK + 1;
/** The four lanes' block addresses. */
const MANY_P = MANY_ROUND + 1;
const MANY_I32_END = MANY_P + 4;
const H = MANY_I32_END;
const MV = H + 8;
const MM = MV + 16;
const MT = MM + 16;
/** Four vectors for the transposes, and the lanes' counters. */
const MU = MT + 1;
const MCOUNTER = MU + 4;
const MANY_END = MCOUNTER + 1;
/** The 4×4 transpose of four vectors (rows) into their columns: two rounds of lane shuffles. */
const PAIR_LOW = [0, 4, 1, 5];
const PAIR_HIGH = [2, 6, 3, 7];
const HALF_LOW = [0, 1, 4, 5];
const HALF_HIGH = [2, 3, 6, 7];
/** Byte rotations of each 32-bit lane: right by 16 and by 8 are byte shuffles. */
const ROTR_BYTES: Record<number, readonly number[]> = { 16: [2, 3, 0, 1], 8: [1, 2, 3, 0] };

const VECTOR: RoundOps = {
  add: (e) => e.op(Code.I32x4Add),
  xorRotr: (e, x, y, bits) => {
    e.get(x).get(y).op(Code.V128Xor).set(MT);
    const bytes = ROTR_BYTES[bits];
    if (bytes) e.bytes(MT, bytes);
    else e.get(MT).i32(bits).op(Code.I32x4ShrU).get(MT).i32(32 - bits).op(Code.I32x4Shl).op(Code.V128Or);
    e.set(x);
  },
};

/** Columns of the rows in locals `rows[0..4]`: column j goes to `put(j)` (which consumes it from the stack). */
function transpose(e: Emitter, rows: readonly number[], put: (j: number) => void): void {
  e.get(rows[0]).get(rows[1]).shuffle32(PAIR_LOW).set(MU);
  e.get(rows[0]).get(rows[1]).shuffle32(PAIR_HIGH).set(MU + 1);
  e.get(rows[2]).get(rows[3]).shuffle32(PAIR_LOW).set(MU + 2);
  e.get(rows[2]).get(rows[3]).shuffle32(PAIR_HIGH).set(MU + 3);
  [[MU, HALF_LOW], [MU, HALF_HIGH], [MU + 1, HALF_LOW], [MU + 1, HALF_HIGH]].forEach(([u, lanes], j) => {
    e.get(u as number).get((u as number) + 2).shuffle32(lanes as number[]);
    put(j);
  });
}

function manyBody(): Uint8Array {
  const e = new Emitter();
  for (let i = 0; i < 8; i++) e.i32(IV[i] | 0).op(Code.I32x4Splat).set(H + i);
  // counters = counterLo + [0, 1, 2, 3] · counterStep
  e.get(ManyParam.CounterLo).op(Code.I32x4Splat).get(ManyParam.CounterStep).op(Code.I32x4Splat);
  writeCode(e.w, Code.V128Const);
  for (let l = 0; l < 4; l++) e.w.byte(l).byte(0).byte(0).byte(0);
  e.op(Code.I32x4Mul).op(Code.I32x4Add).set(MCOUNTER);
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  for (let l = 0; l < 4; l++) {
    e.get(ManyParam.At).get(MANY_BLOCK).i32(BLOCK_SHIFT).op(Code.I32Shl).op(Code.I32Add);
    if (l > 0) e.get(ManyParam.Stride).i32(l).op(Code.I32Mul).op(Code.I32Add);
    e.set(MANY_P + l);
  }
  // The message: word i of the four lanes in vector M + i (each lane's 16 words transposed by fours).
  for (let k = 0; k < 4; k++) {
    for (let l = 0; l < 4; l++) e.get(MANY_P + l).vector(Code.V128Load, 16 * k).set(MM + 4 * k + l);
    // transpose reads its rows before the first put, so the columns can land in the same four locals.
    transpose(e, [MM + 4 * k, MM + 4 * k + 1, MM + 4 * k + 2, MM + 4 * k + 3], (j) => e.set(MM + 4 * k + j));
  }
  for (let i = 0; i < 8; i++) e.get(H + i).set(MV + i);
  for (let i = 0; i < 4; i++) e.i32(IV[i] | 0).op(Code.I32x4Splat).set(MV + 8 + i);
  e.get(MCOUNTER).set(MV + 12);
  e.i32(0).op(Code.I32x4Splat).set(MV + 13);
  e.i32(BLOCK_LEN).op(Code.I32x4Splat).set(MV + 14);
  // flags | flagsStart on the first block | flagsEnd on the last
  e.get(ManyParam.Flags);
  e.get(ManyParam.FlagsStart).i32(0).get(MANY_BLOCK).op(Code.I32Eqz).op(Code.Select).op(Code.I32Or);
  e.get(ManyParam.FlagsEnd).i32(0).get(MANY_BLOCK).i32(1).op(Code.I32Add).get(ManyParam.Blocks).op(Code.I32Eq).op(Code.Select).op(Code.I32Or);
  e.op(Code.I32x4Splat).set(MV + 15);
  e.i32(0).set(MANY_ROUND);
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  emitRound(e, VECTOR, MV, MM, MT);
  e.get(MANY_ROUND).i32(1).op(Code.I32Add).set(MANY_ROUND);
  e.get(MANY_ROUND).i32(ROUNDS).op(Code.I32LtU).op(Code.BrIf).w.u32(0);
  e.op(Code.End);
  for (let i = 0; i < 8; i++) e.get(MV + i).get(MV + 8 + i).op(Code.V128Xor).set(H + i);
  e.get(MANY_BLOCK).i32(1).op(Code.I32Add).set(MANY_BLOCK);
  e.get(MANY_BLOCK).get(ManyParam.Blocks).op(Code.I32LtU).op(Code.BrIf).w.u32(0);
  e.op(Code.End);
  // Lane l's chaining value is column l of H0..H3, then of H4..H7.
  for (let half = 0; half < 2; half++) {
    transpose(e, [H + 4 * half, H + 4 * half + 1, H + 4 * half + 2, H + 4 * half + 3], (l) => {
      e.set(MT).get(ManyParam.Out).i32(32 * l).op(Code.I32Add).get(MT).vector(Code.V128Store, 16 * half);
    });
  }
  return e.body(MANY_I32_END - ManyParam.Count, MANY_END - MANY_I32_END);
}

/**
 * diff(a, b, chunks, out): which of `chunks` 1 KiB chunks at `a` differ from those at `b`, as one byte
 * per chunk at `out` (1 differs, 0 equal). Here rather than in JavaScript, 16 bytes a step instead of
 * a typed array's 4: copies into this memory included, a page with one changed chunk hashes in
 * 20–31 µs instead of 65–75, most of which the comparison loop had taken.
 */
const enum DiffParam { A, B, Chunks, Out, Count }
const DIFF_CHUNK_LOCAL = DiffParam.Count;
const DIFF_END_LOCAL = DIFF_CHUNK_LOCAL + 1;
const DIFF_ACC_LOCAL = DIFF_END_LOCAL + 1;
/** Bytes compared per step of the inner loop: four vectors. */
const DIFF_STEP = 64;
const DIFF_CHUNK = 1024;

function diffBody(): Uint8Array {
  const e = new Emitter();
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  // acc = 0; end = a + 1 KiB
  e.i32(0).op(Code.I32x4Splat).set(DIFF_ACC_LOCAL);
  e.get(DiffParam.A).i32(DIFF_CHUNK).op(Code.I32Add).set(DIFF_END_LOCAL);
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  e.get(DIFF_ACC_LOCAL);
  for (let v = 0; v < DIFF_STEP; v += 16) {
    e.get(DiffParam.A).vector(Code.V128Load, v).get(DiffParam.B).vector(Code.V128Load, v).op(Code.V128Xor).op(Code.V128Or);
  }
  e.set(DIFF_ACC_LOCAL);
  e.get(DiffParam.A).i32(DIFF_STEP).op(Code.I32Add).set(DiffParam.A);
  e.get(DiffParam.B).i32(DIFF_STEP).op(Code.I32Add).set(DiffParam.B);
  e.get(DiffParam.A).get(DIFF_END_LOCAL).op(Code.I32LtU).op(Code.BrIf).w.u32(0);
  e.op(Code.End);
  // out[chunk] = any lane of acc set
  e.get(DiffParam.Out).get(DIFF_CHUNK_LOCAL).op(Code.I32Add).get(DIFF_ACC_LOCAL).op(Code.V128AnyTrue);
  writeCode(e.w, Code.I32Store8).u32(0).u32(0);
  e.get(DIFF_CHUNK_LOCAL).i32(1).op(Code.I32Add).set(DIFF_CHUNK_LOCAL);
  e.get(DIFF_CHUNK_LOCAL).get(DiffParam.Chunks).op(Code.I32LtU).op(Code.BrIf).w.u32(0);
  e.op(Code.End);
  return e.body(DIFF_ACC_LOCAL - DiffParam.Count, 1);
}

const COMPRESS = 0;
const CHUNK = 1;
const MANY = 2;
const DIFF = 3;

/** A wasm page: the unit of the kernel memory's size. */
const WASM_PAGE = 65536;

function kernelModule(bytes: number): Uint8Array {
  const i32s = (n: number) => new Array<number>(n).fill(ValType.I32);
  const pages = BigInt(Math.ceil(bytes / WASM_PAGE));
  const bodies = [compressBody(), chunkBody(), manyBody(), diffBody()];
  const m: WasmModule = {
    // one type per function, in function order
    types: [
      { params: i32s(Param.Count), results: [] },
      { params: i32s(ChunkParam.Count), results: [] },
      { params: i32s(ManyParam.Count), results: [] },
      { params: i32s(DiffParam.Count), results: [] },
    ],
    imports: [],
    functions: [COMPRESS, CHUNK, MANY, DIFF],
    tables: [],
    memories: [{ min: pages, max: pages, shared: false, is64: false }],
    globals: [],
    exports: [
      { name: "compress", kind: ExternKind.Func, index: COMPRESS },
      { name: "chunk", kind: ExternKind.Func, index: CHUNK },
      { name: "many", kind: ExternKind.Func, index: MANY },
      { name: "diff", kind: ExternKind.Func, index: DIFF },
      { name: "memory", kind: ExternKind.Memory, index: 0 },
    ],
    bodies: bodies.map(() => ({ locals: [], code: new Uint8Array(0), codeOffset: 0 })),
    data: [],
    hasTagSection: false,
  };
  return encodeModule(m, (_, i) => bodies[i]);
}

/** One BLAKE3 compression over the kernel's memory (every argument a byte offset but the counter, flags and length). */
export type Compress = (cv: number, m: number, counterLo: number, counterHi: number, blockLen: number, flags: number, out: number) => void;

/** The kernel's compression and views of its memory, where every pointer argument points. */
export interface Kernel {
  compress: Compress;
  /** The chaining value of one chunk: `len` bytes (0–1024) at `at`, written over the IV at `out`. */
  chunk: (at: number, len: number, counterLo: number, counterHi: number, rootFlag: number, out: number) => void;
  /** Four chaining values at once (see manyBody): four whole chunks, or four parents. */
  many: (at: number, stride: number, blocks: number, counterLo: number, counterStep: number, flags: number, flagsStart: number, flagsEnd: number, out: number) => void;
  /** Which of `chunks` 1 KiB chunks at `a` differ from those at `b`: a byte each (1 or 0) from `out` on. */
  diff: (a: number, b: number, chunks: number, out: number) => void;
  bytes: Uint8Array;
  words: Uint32Array;
}

/**
 * The kernel with at least `bytes` of memory (blake3.ts lays it out), instantiated once per process
 * (about 4.5 KB of code, compiled synchronously).
 */
export function createKernel(bytes: number): Kernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModule(bytes) as Uint8Array<ArrayBuffer>));
  const { compress, chunk, many, diff, memory } = instance.exports as Pick<Kernel, "compress" | "chunk" | "many" | "diff"> & { memory: WebAssembly.Memory };
  return { compress, chunk, many, diff, bytes: new Uint8Array(memory.buffer), words: new Uint32Array(memory.buffer) };
}
