// Mirrors the BLAKE3 specification's compression function (piecrust/src/store/hasher.rs wraps the
// `blake3` crate) and its walk over one chunk's blocks, as two WebAssembly functions emitted here and
// run on the kernel's own memory. Why WebAssembly: the engine runs them compiled from their first
// call, where the same code in JavaScript runs interpreted for its first thousand calls, so a
// process's first 64 KiB page cost 8–9 ms instead of under 2 (issue 21's cold start). Emitted at
// load (about 1.2 KB), so no build step and no file.
import { ByteWriter } from "../wasm/bytes.js";
import { encodeBody, encodeModule, ExternKind, ValType, type WasmModule } from "../wasm/module.js";
import { Code, EMPTY_BLOCK, writeCode } from "../wasm/ops.js";

/** Bytes of one compressed block. */
export const BLOCK_LEN = 64;
const BLOCK_SHIFT = Math.log2(BLOCK_LEN);

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
  body(locals: number): Uint8Array {
    this.op(Code.End);
    return encodeBody([{ count: locals, type: ValType.I32 }], this.w.finish());
  }
}

function compressBody(): Uint8Array {
  const e = new Emitter();
  for (let i = 0; i < 16; i++) e.get(Param.M).word(Code.I32Load, i).set(M_LOCAL + i);
  for (let i = 0; i < 8; i++) e.get(Param.Cv).word(Code.I32Load, i).set(V_LOCAL + i);
  for (let i = 0; i < 4; i++) e.i32(IV[i] | 0).set(V_LOCAL + 8 + i);
  [Param.CounterLo, Param.CounterHi, Param.BlockLen, Param.Flags].forEach((p, i) => e.get(p).set(V_LOCAL + 12 + i));
  // x = x + y (+ message word m), then x = (x ^ y) >>> bits: the two steps of a quarter-round.
  const add = (x: number, y: number, m?: number) => {
    e.get(V_LOCAL + x).get(V_LOCAL + y).op(Code.I32Add);
    if (m !== undefined) e.get(M_LOCAL + m).op(Code.I32Add);
    e.set(V_LOCAL + x);
  };
  const xorRotr = (x: number, y: number, bits: number) => e.get(V_LOCAL + x).get(V_LOCAL + y).op(Code.I32Xor).i32(bits).op(Code.I32Rotr).set(V_LOCAL + x);
  e.op(Code.Loop).w.byte(EMPTY_BLOCK);
  QUARTERS.forEach(([a, b, c, d], q) => {
    add(a, b, 2 * q), xorRotr(d, a, 16), add(c, d), xorRotr(b, c, 12);
    add(a, b, 2 * q + 1), xorRotr(d, a, 8), add(c, d), xorRotr(b, c, 7);
  });
  // The permutation, new m[i] = old m[PERMUTATION[i]], one cycle at a time through a temporary.
  const moved = new Set<number>();
  for (let i = 0; i < 16; i++) {
    if (moved.has(i)) continue;
    e.get(M_LOCAL + i).set(TEMP_LOCAL);
    let j = i;
    for (; PERMUTATION[j] !== i; j = PERMUTATION[j]) (e.get(M_LOCAL + PERMUTATION[j]).set(M_LOCAL + j), moved.add(j));
    e.get(TEMP_LOCAL).set(M_LOCAL + j);
    moved.add(j);
  }
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
const CHUNK_START = 1;
const CHUNK_END = 2;

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

const COMPRESS = 0;
const CHUNK = 1;

/** Bytes of the kernel's memory: two wasm pages, laid out by blake3.ts. */
export const KERNEL_BYTES = 2 * 65536;

function kernelModule(): Uint8Array {
  const i32s = (n: number) => new Array<number>(n).fill(ValType.I32);
  const pages = BigInt(KERNEL_BYTES / 65536);
  const bodies = [compressBody(), chunkBody()];
  const m: WasmModule = {
    types: [{ params: i32s(Param.Count), results: [] }, { params: i32s(ChunkParam.Count), results: [] }],
    imports: [],
    functions: [COMPRESS, CHUNK],
    tables: [],
    memories: [{ min: pages, max: pages, shared: false, is64: false }],
    globals: [],
    exports: [
      { name: "compress", kind: ExternKind.Func, index: COMPRESS },
      { name: "chunk", kind: ExternKind.Func, index: CHUNK },
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
  bytes: Uint8Array;
  words: Uint32Array;
}

/** The kernel, instantiated once per process (about 1.2 KB of code, compiled synchronously). */
export function createKernel(): Kernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModule() as Uint8Array<ArrayBuffer>));
  const { compress, chunk, memory } = instance.exports as Pick<Kernel, "compress" | "chunk"> & { memory: WebAssembly.Memory };
  return { compress, chunk, bytes: new Uint8Array(memory.buffer), words: new Uint32Array(memory.buffer) };
}
