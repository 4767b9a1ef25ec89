// Mirrors the BLAKE3 specification's compression function (piecrust/src/store/hasher.rs wraps the
// `blake3` crate), as one WebAssembly function emitted here and run on the kernel's own memory.
// Why WebAssembly: the engine runs it at full speed from its first call, where the same function in
// JavaScript runs interpreted for its first thousand calls, so a process's first 64 KiB page cost
// 10–14 ms instead of 0.2 (issue 21's cold start). Emitted at load, so no build step and no file.
import { ByteWriter } from "../wasm/bytes.js";
import { encodeBody, encodeModule, ExternKind, ValType, type WasmModule } from "../wasm/module.js";
import { Code, writeCode } from "../wasm/ops.js";

/** Bytes of one compressed block. */
export const BLOCK_LEN = 64;

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
/** log2 of the alignment of every word access (4 bytes). */
const WORD_ALIGN = 2;

function compressBody(): Uint8Array {
  const w = new ByteWriter(8192);
  const get = (l: number) => writeCode(w, Code.LocalGet).u32(l);
  const set = (l: number) => writeCode(w, Code.LocalSet).u32(l);
  const load = (base: number, word: number) => (get(base), writeCode(w, Code.I32Load).u32(WORD_ALIGN).u32(word * 4));
  for (let i = 0; i < 16; i++) (load(Param.M, i), set(M_LOCAL + i));
  for (let i = 0; i < 8; i++) (load(Param.Cv, i), set(V_LOCAL + i));
  for (let i = 0; i < 4; i++) (writeCode(w, Code.I32Const).s32(IV[i] | 0), set(V_LOCAL + 8 + i));
  [Param.CounterLo, Param.CounterHi, Param.BlockLen, Param.Flags].forEach((p, i) => (get(p), set(V_LOCAL + 12 + i)));
  // x = x + y (+ message word): the additions of the quarter-round.
  const add = (x: number, y: number, m?: number) => {
    get(V_LOCAL + x), get(V_LOCAL + y), writeCode(w, Code.I32Add);
    if (m !== undefined) (get(M_LOCAL + m), writeCode(w, Code.I32Add));
    set(V_LOCAL + x);
  };
  // x = (x ^ y) >>> bits
  const xorRotr = (x: number, y: number, bits: number) => {
    get(V_LOCAL + x), get(V_LOCAL + y), writeCode(w, Code.I32Xor), writeCode(w, Code.I32Const).s32(bits), writeCode(w, Code.I32Rotr);
    set(V_LOCAL + x);
  };
  // The permutation is applied to the schedule while emitting, so the rounds read the message locals directly.
  let schedule = Array.from({ length: 16 }, (_, i) => i);
  for (let round = 0; round < 7; round++) {
    QUARTERS.forEach(([a, b, c, d], q) => {
      add(a, b, schedule[2 * q]), xorRotr(d, a, 16), add(c, d), xorRotr(b, c, 12);
      add(a, b, schedule[2 * q + 1]), xorRotr(d, a, 8), add(c, d), xorRotr(b, c, 7);
    });
    schedule = PERMUTATION.map((p) => schedule[p]);
  }
  // The locals hold everything read, so `out` may alias `cv`.
  for (let i = 0; i < 8; i++) {
    get(Param.Out), get(V_LOCAL + i), get(V_LOCAL + 8 + i), writeCode(w, Code.I32Xor);
    writeCode(w, Code.I32Store).u32(WORD_ALIGN).u32(i * 4);
  }
  writeCode(w, Code.End);
  return encodeBody([{ count: 32, type: ValType.I32 }], w.finish());
}

/** Bytes of the kernel's memory: two wasm pages, laid out by blake3.ts. */
export const KERNEL_BYTES = 2 * 65536;

function kernelModule(): Uint8Array {
  const m: WasmModule = {
    types: [{ params: new Array(Param.Count).fill(ValType.I32), results: [] }],
    imports: [],
    functions: [0],
    tables: [],
    memories: [{ min: BigInt(KERNEL_BYTES / 65536), max: BigInt(KERNEL_BYTES / 65536), shared: false, is64: false }],
    globals: [],
    exports: [{ name: "compress", kind: ExternKind.Func, index: 0 }, { name: "memory", kind: ExternKind.Memory, index: 0 }],
    bodies: [{ locals: [], code: new Uint8Array(0), codeOffset: 0 }],
    data: [],
    hasTagSection: false,
  };
  const body = compressBody();
  return encodeModule(m, () => body);
}

/** One BLAKE3 compression over the kernel's memory (every argument a byte offset but the counter, flags and length). */
export type Compress = (cv: number, m: number, counterLo: number, counterHi: number, blockLen: number, flags: number, out: number) => void;

/** The kernel's compression and views of its memory, where every pointer argument points. */
export interface Kernel {
  compress: Compress;
  bytes: Uint8Array;
  words: Uint32Array;
}

/** The kernel, instantiated once per process (about 4 KiB of code, compiled synchronously). */
export function createKernel(): Kernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModule() as Uint8Array<ArrayBuffer>));
  const { compress, memory } = instance.exports as { compress: Compress; memory: WebAssembly.Memory };
  return { compress, bytes: new Uint8Array(memory.buffer), words: new Uint32Array(memory.buffer) };
}
