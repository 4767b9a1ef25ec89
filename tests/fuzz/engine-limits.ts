// The modules suite's engine-limit class (issue #17 point 4): valid contracts at and past the engine's
// limits that host-sim's rewrite would cross — defined functions (through fuel-threaded copies), types,
// globals, exports, imports, tables, parameters and results, locals, body size. V8's real limits take
// seconds per module to reach, so the VM gets small ones (its internal `engineLimits` option) and the
// deploy runs on a scaled engine: WebAssembly.Module refuses, as V8 does at its own limits, any module
// over the small ones. A rewrite that crossed a limit unchecked then fails the compile as it does on
// V8 (the original defect: a code-less error, a HostSimBug), which the suite reports.
import type { EngineLimits } from "../../host-sim/engine-limits.js";
import { ByteWriter } from "../../host-sim/wasm/bytes.js";
import { encodeBody, encodeModule, ExternKind, parseModule, ValType, type Body, type WasmModule } from "../../host-sim/wasm/module.js";
import { Code } from "../../host-sim/wasm/ops.js";
import type { Random } from "../helpers/rng.js";

const I32 = ValType.I32;
const EMPTY_BLOCK_TYPE = 0x40;

/** What one generated module stresses; each name is also a stats key. */
export const DIMENSIONS = ["functions", "types", "globals", "mutableGlobals", "exports", "imports", "tables", "params", "locals", "size"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Small limits, drawn per module so the boundaries move (every limit leaves room for the contract's own). */
export function smallLimits(r: Random): EngineLimits {
  const count = () => 40 + r.int(80);
  return {
    types: count(),
    functions: count(),
    imports: count(),
    globals: count(),
    exports: count(),
    tables: 10 + r.int(30),
    functionParams: 3 + r.int(10),
    functionResults: 3 + r.int(10),
    functionLocals: 40 + r.int(80),
    functionSize: 120 + r.int(200),
  };
}

const body = (...code: number[]): Body => ({ locals: [], code: new Uint8Array([...code, Code.End]), codeOffset: 0 });
const u32 = (n: number) => [...new ByteWriter().u32(n).finish()];

/**
 * A contract stressing `dims`, each at a count near its limit: from a dozen under to a few over,
 * around where the rewrite's additions cross it. Its export `f` takes the argument length and
 * returns 0, so a deployed module can be called.
 */
export function limitModule(r: Random, limits: EngineLimits, dims: Dimension[]): Uint8Array {
  const near = (max: number) => Math.max(1, max - 14 + r.int(18));
  const m: WasmModule = {
    types: [{ params: [I32], results: [I32] }, { params: [], results: [] }, { params: [I32], results: [] }],
    imports: [],
    functions: [0],
    tables: [],
    memories: [{ min: 1n, shared: false, is64: false }],
    globals: [{ type: I32, mutable: false, init: new Uint8Array([Code.I32Const, 0, Code.End]) }],
    exports: [
      { name: "memory", kind: ExternKind.Memory, index: 0 },
      { name: "A", kind: ExternKind.Global, index: 0 },
    ],
    bodies: [body(Code.I32Const, 0)],
    data: [],
    hasTagSection: false,
  };
  // Function indices are fixed last, once the import count is known.
  let calleeChain = 0;
  let wide: number | undefined;
  for (const dim of dims) {
    switch (dim) {
      case "functions":
        calleeChain = near(limits.functions);
        break;
      case "types":
        for (let i = near(limits.types) - m.types.length; i > 0; i--) m.types.push({ params: Array(i % 3).fill(I32), results: [] });
        break;
      case "globals":
        for (let i = near(limits.globals) - m.globals.length; i > 0; i--) m.globals.push({ type: I32, mutable: false, init: new Uint8Array([Code.I32Const, 0, Code.End]) });
        break;
      case "mutableGlobals":
        // Each mutable global costs the rewrite an export as well as a global.
        for (let i = near(Math.min(limits.exports, limits.globals)); i > 0; i--) m.globals.push({ type: I32, mutable: true, init: new Uint8Array([Code.I32Const, 0, Code.End]) });
        break;
      case "exports":
        for (let i = near(limits.exports) - m.exports.length; i > 0; i--) m.exports.push({ name: `x${i}`, kind: ExternKind.Func, index: -1 });
        break;
      case "imports":
        m.imports = Array.from({ length: near(limits.imports) }, () => ({ module: "env", name: "panic", kind: ExternKind.Func, typeIndex: 2 }));
        break;
      case "tables":
        m.tables = Array.from({ length: near(limits.tables) }, () => new Uint8Array([ValType.FuncRef, 0, 0]));
        break;
      case "params":
        wide = near(Math.min(limits.functionParams, limits.functionResults));
        break;
      case "locals":
        m.bodies[0] = { locals: [{ count: near(limits.functionLocals), type: r.pick([I32, ValType.I64]) }], code: new Uint8Array([Code.I32Const, 0, Code.End]), codeOffset: 0 };
        break;
      case "size":
        m.bodies[0] = body(...Array(near(limits.functionSize)).fill(Code.Nop), Code.I32Const, 0);
        break;
    }
  }
  const f = m.imports.length;
  m.exports.push({ name: "f", kind: ExternKind.Func, index: f });
  for (const e of m.exports) if (e.index === -1) e.index = f;
  const prologue: number[] = [];
  if (wide !== undefined) {
    // `f` calls a callee of `wide` parameters and results: a threaded copy would have one more of each.
    const t = m.types.push({ params: Array(wide).fill(I32), results: Array(wide).fill(I32) }) - 1;
    const callee = f + m.functions.length;
    m.functions.push(t);
    m.bodies.push(body(...Array(wide).fill([Code.I32Const, 0]).flat()));
    prologue.push(...Array(wide).fill([Code.I32Const, 0]).flat(), Code.Call, ...u32(callee), ...Array(wide).fill(Code.Drop));
  }
  if (calleeChain > 0) {
    // f calls the first of a chain in which each calls the next under `if (0)`: every one a direct
    // callee, so each would get a fuel-threaded copy.
    const first = f + m.functions.length;
    for (let k = 0; k < calleeChain; k++) {
      m.functions.push(1);
      m.bodies.push(k + 1 < calleeChain ? body(Code.I32Const, 0, Code.If, EMPTY_BLOCK_TYPE, Code.Call, ...u32(first + k + 1), Code.End) : body());
    }
    prologue.push(Code.Call, ...u32(first));
  }
  if (prologue.length) m.bodies[0] = { ...m.bodies[0], code: new Uint8Array([...prologue, ...m.bodies[0].code]) };
  return encodeModule(m, (b) => encodeBody(b.locals, b.code));
}

/** The first of `limits` that `bytes` crosses, as V8 counts them (undefined if none). */
export function crossedLimit(bytes: Uint8Array, limits: EngineLimits): string | undefined {
  let m: WasmModule;
  try {
    m = parseModule(bytes);
  } catch {
    return undefined; // malformed: the real engine says why
  }
  const counts: Array<[keyof EngineLimits, number]> = [
    ["types", m.types.length],
    ["functions", m.functions.length],
    ["imports", m.imports.length],
    ["globals", m.globals.length],
    ["exports", m.exports.length],
    ["tables", m.tables.length],
    ["functionParams", Math.max(0, ...m.types.map((t) => t.params.length))],
    ["functionResults", Math.max(0, ...m.types.map((t) => t.results.length))],
    ["functionLocals", Math.max(0, ...m.bodies.map((b, i) => m.types[m.functions[i]].params.length + b.locals.reduce((n, l) => n + l.count, 0)))],
    ["functionSize", Math.max(0, ...m.bodies.map((b) => encodeBody(b.locals, b.code).length))],
  ];
  const over = counts.find(([limit, count]) => count > limits[limit]);
  return over && `${over[1]} ${over[0]} (limit ${limits[over[0]]})`;
}

/**
 * Runs `fn` with WebAssembly.Module replaced by a scaled engine that refuses, with a CompileError
 * like V8's, every module crossing `limits`; the real one is restored after.
 */
export function onScaledEngine<T>(limits: EngineLimits, fn: () => T): T {
  const Real = WebAssembly.Module;
  class Scaled extends Real {
    constructor(bytes: BufferSource) {
      const crossed = crossedLimit(new Uint8Array(bytes as ArrayBuffer), limits);
      if (crossed) throw new WebAssembly.CompileError(`WebAssembly.Module(): module crosses the engine's limit: ${crossed}`);
      super(bytes);
    }
  }
  WebAssembly.Module = Scaled;
  try {
    return fn();
  } finally {
    WebAssembly.Module = Real;
  }
}
