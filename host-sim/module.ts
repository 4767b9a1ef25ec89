// Mirrors piecrust/src/contract.rs, piecrust/src/store/module.rs and the checks of
// piecrust/src/instance.rs (WrappedInstance::new) and imports.rs (Imports::for_module): Piecrust's
// deploy-time rules, plus the one rewrite host-sim runs each contract through (metering, write
// tracking, imported memory, active data segments applied by the host).
import { VMError } from "./error.js";
import { InstrumentTargets, instrumentBody, NO_PAGE, PAGE_CACHE_SIZE, scanCode, threadedType, threadingWrapper } from "./metering.js";
import { ByteWriter, WasmDecodeError } from "./wasm/bytes.js";
import {
  encodeBody,
  encodeModule,
  ExternKind,
  FuncType,
  functionType,
  parseModule,
  ValType,
  WasmModule,
} from "./wasm/module.js";
import { Code } from "./wasm/ops.js";

type Sig = [params: number[], results: number[]];
const I32 = ValType.I32;
const I64 = ValType.I64;

/** Piecrust's import allow-list with the wasm32 signatures (piecrust/src/imports/wasm32.rs). */
export const HOST_IMPORTS: Record<string, Sig> = {
  c: [[I32, I32, I32, I32, I64], [I32]],
  hq: [[I32, I32, I32], [I32]],
  hd: [[I32, I32], [I32]],
  emit: [[I32, I32, I32], []],
  feed: [[I32], []],
  caller: [[], [I32]],
  callstack: [[], [I32]],
  limit: [[], [I64]],
  spent: [[], [I64]],
  panic: [[I32], []],
  owner: [[I32], [I32]],
  self_id: [[], []],
  hdebug: [[I32], []],
};

export const ARGBUF_LEN = 65536;

export interface DataInit {
  offset: number;
  bytes: Uint8Array;
}

/** A validated contract, rewritten and compiled once, shared by every session of a VM. */
export interface PreparedContract {
  module: WebAssembly.Module;
  /** Names of the original module's function exports. */
  functions: Set<string>;
  /** The original module's imports, for building the import object. */
  imports: Array<{ module: string; name: string }>;
  initialPages: number;
  /** Active data segments, applied by the host at the deploy-time instantiation only. */
  dataInit: DataInit[];
  names: { gas: string; pages: string[]; helpers: string; size: string; globals: string[] };
  usesHdebug: boolean;
  /**
   * No operator can change tables or segment state, so resetting the globals makes an instance
   * indistinguishable from a fresh one and it can be reused across top-level calls.
   */
  reusable: boolean;
  /** How many loops check the fuel once per batch of iterations (see loops.ts). */
  batchedLoops: number;
}

function sameSig(t: FuncType, [params, results]: Sig): boolean {
  return (
    t.params.length === params.length &&
    t.results.length === results.length &&
    t.params.every((p, i) => p === params[i]) &&
    t.results.every((r, i) => r === results[i])
  );
}

/** Evaluates an i32 constant expression (i32.const, global.get of a constant global, extended-const). */
function evalI32(m: WasmModule, expr: Uint8Array, depth = 0): number | undefined {
  if (depth > 16) return undefined;
  const stack: number[] = [];
  let i = 0;
  const leb = (signed: boolean): number => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = expr[i++];
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (signed && b & 0x40) result -= 1n << shift;
        return Number(BigInt.asIntN(32, result));
      }
    }
  };
  while (i < expr.length) {
    const op = expr[i++];
    if (op === 0x0b) break;
    if (op === 0x41) stack.push(leb(true));
    else if (op === 0x23) {
      const g = m.globals[leb(false)];
      if (!g || g.mutable || g.type !== ValType.I32) return undefined;
      const v = evalI32(m, g.init, depth + 1);
      if (v === undefined) return undefined;
      stack.push(v);
    } else if (op === 0x6a || op === 0x6b || op === 0x6c) {
      const b = stack.pop()!;
      const a = stack.pop()!;
      stack.push(op === 0x6a ? (a + b) | 0 : op === 0x6b ? (a - b) | 0 : Math.imul(a, b));
    } else return undefined;
  }
  return stack.length === 1 ? stack[0] : undefined;
}

function uniquePrefix(m: WasmModule): string {
  for (let n = 0; ; n++) {
    const prefix = n === 0 ? "__pcsim_" : `__pcsim${n}_`;
    if (!m.exports.some((e) => e.name.startsWith(prefix))) return prefix;
  }
}

function runtimeError(message: string): VMError {
  return new VMError("RuntimeError", message);
}

/**
 * Runs Piecrust's deploy checks that depend only on the bytecode, in Piecrust's order
 * (compile, single exported memory, exported function types, imports, start, `A`), and produces
 * the rewritten module. `A`'s bounds are checked against the memory at instantiation.
 */
export interface PrepareOptions {
  /** Whether `hdebug` may be imported. */
  debug: boolean;
  /** Thread the fuel through direct calls (see metering.ts instrumentBody); default true. */
  threadFuel?: boolean;
  /** Check the fuel once per batch of iterations in small call-free loops (see loops.ts); default true. */
  batchLoops?: boolean;
}

export function prepareContract(bytecode: Uint8Array, opts: PrepareOptions): PreparedContract {
  // 2. Compile with the engine's feature set.
  let m: WasmModule;
  try {
    m = parseModule(bytecode);
  } catch (e) {
    if (e instanceof WasmDecodeError) throw runtimeError(`failed to compile contract: ${e.message}`);
    throw e;
  }
  try {
    new WebAssembly.Module(bytecode as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw runtimeError(`failed to compile contract: ${(e as Error).message}`);
  }
  if (m.hasTagSection) throw runtimeError("failed to compile contract: exception handling is not enabled");
  if (m.memories.length + m.imports.filter((i) => i.kind === ExternKind.Memory).length > 1) {
    throw runtimeError("failed to compile contract: multiple memories are not enabled");
  }
  const memLimits = m.memories[0] ?? m.imports.find((i) => i.kind === ExternKind.Memory)?.memory;
  if (memLimits?.shared) throw runtimeError("failed to compile contract: shared memories (threads) are not enabled");

  // 3. Exactly one exported memory (the export name is not checked).
  const memExports = m.exports.filter((e) => e.kind === ExternKind.Memory).length;
  if (memExports !== 1) {
    throw new VMError("PersistenceError", `module has ${memExports} memories, but only one is allowed`, {
      memories: memExports,
    });
  }
  if (memLimits?.is64) {
    throw runtimeError("memory64 contracts are not supported by host-sim (Node 20 has no memory64)");
  }

  // Steps 5 to 8 happen when Piecrust instantiates, after its Merkle-position check (step 4).
  try {
    return { ...instantiationChecks(m, opts), initialPages: Number(memLimits!.min) };
  } catch (e) {
    // Operators Piecrust's engine refuses (tail calls, exceptions, atomics) are only met while
    // rewriting the bodies; V8 accepts some of them, wasmtime fails the compile (step 2).
    if (e instanceof WasmDecodeError) throw runtimeError(`failed to compile contract: ${e.message}`);
    if (e instanceof VMError) e.details.stage = "instantiate";
    throw e;
  }
}

function instantiationChecks(m: WasmModule, opts: PrepareOptions): Omit<PreparedContract, "initialPages"> {
  // 5. Every exported function is (i32) -> i32.
  for (const e of m.exports) {
    if (e.kind !== ExternKind.Func) continue;
    const t = functionType(m, e.index);
    if (!t || !sameSig(t, [[I32], [I32]])) {
      throw new VMError("InvalidFunction", `Invalid function: ${e.name}`, { name: e.name });
    }
  }

  // 6. Imports resolve by field name only, against the allow-list.
  let usesHdebug = false;
  for (const imp of m.imports) {
    const allowed = HOST_IMPORTS[imp.name] !== undefined && (imp.name !== "hdebug" || opts.debug);
    if (!allowed || imp.kind !== ExternKind.Func) {
      throw new VMError("InvalidFunction", `Invalid function: ${imp.name}`, { name: imp.name });
    }
    if (imp.name === "hdebug") usesHdebug = true;
  }
  for (const imp of m.imports) {
    if (!sameSig(m.types[imp.typeIndex!], HOST_IMPORTS[imp.name])) {
      throw runtimeError(`incompatible import type for \`${imp.module}::${imp.name}\``);
    }
  }

  // 7. A start function always runs out of fuel: Piecrust instantiates with 0 fuel.
  if (m.start !== undefined) {
    throw runtimeError("error while executing at wasm backtrace: wasm trap: all fuel consumed by WebAssembly");
  }

  // 8. `A`: an immutable i32 global export (its bounds are checked against the memory later).
  const a = m.exports.find((e) => e.kind === ExternKind.Global && e.name === "A");
  const aGlobal = a && a.index >= 0 ? m.globals[a.index] : undefined;
  if (!aGlobal || aGlobal.mutable || aGlobal.type !== ValType.I32) {
    throw new VMError("InvalidArgumentBuffer", "Invalid global");
  }

  const dataInit: DataInit[] = [];
  for (const d of m.data) {
    if (!d.active) continue;
    const offset = evalI32(m, d.offsetExpr!);
    if (offset === undefined) throw runtimeError("unsupported data segment offset expression");
    dataInit.push({ offset: offset >>> 0, bytes: d.bytes });
  }

  return { ...rewrite(m, opts.threadFuel ?? true, opts.batchLoops ?? true), dataInit, usesHdebug };
}

function rewrite(m: WasmModule, threadFuel: boolean, batchLoops: boolean): Omit<PreparedContract, "dataInit" | "usesHdebug" | "initialPages"> {
  const prefix = uniquePrefix(m);
  const names = {
    gas: `${prefix}gas`,
    pages: Array.from({ length: PAGE_CACHE_SIZE }, (_, k) => `${prefix}page${k}`),
    helpers: `${prefix}h`,
    size: `${prefix}size`,
    globals: m.globals.flatMap((g, i) => (g.mutable ? [`${prefix}g${i}`] : [])),
  };
  const types = [...m.types];
  const touchType = types.push({ params: [I32, I32, I32], results: [] }) - 1;
  const rangeType = types.push({ params: [I32, I32], results: [] }) - 1;
  const growType = types.push({ params: [I32], results: [I32] }) - 1;
  const addedTypes = new Map<string, number>();
  const typeIndex = (t: FuncType): number => {
    const key = `${t.params.join(",")}>${t.results.join(",")}`;
    let idx = addedTypes.get(key);
    if (idx === undefined) {
      idx = types.push(t) - 1;
      addedTypes.set(key, idx);
    }
    return idx;
  };
  // Every direct callee gets a fuel-threaded copy appended after the defined functions; its own index
  // keeps a wrapper, so exports, tables and ref.func never see the extra parameter.
  const firstDefined = m.imports.filter((i) => i.kind === ExternKind.Func).length;
  const scan = scanCode(m.bodies, firstDefined);
  const threaded = new Map<number, number>();
  if (threadFuel) for (const f of scan.callees) threaded.set(f, firstDefined + m.functions.length + threaded.size);
  const targets: InstrumentTargets = {
    gasGlobal: m.globals.length,
    pageGlobals: Array.from({ length: PAGE_CACHE_SIZE }, (_, k) => m.globals.length + 1 + k),
    helperTable: m.tables.length,
    touchType,
    rangeType,
    growType,
    sizeGlobal: m.globals.length + 1 + PAGE_CACHE_SIZE,
    blockTypeFor(results) {
      if (results.length === 0) return 0x40;
      if (results.length === 1) return results[0];
      return typeIndex({ params: [], results });
    },
    batchLoops,
    threadedCallee: (f) => threaded.get(f) ?? -1,
  };
  const typeOf = (f: number) => m.types[m.functions[f - firstDefined]];
  const bodies = m.bodies.map((b, i) => {
    const copy = threaded.get(firstDefined + i);
    const type = m.types[m.functions[i]];
    return copy === undefined ? instrumentBody(b, type, targets, scan.stores[i]) : threadingWrapper(type, copy, targets.gasGlobal);
  });
  const threadedFunctions: number[] = [];
  for (const f of threaded.keys()) {
    bodies.push(instrumentBody(m.bodies[f - firstDefined], typeOf(f), targets, scan.stores[f - firstDefined], true));
    threadedFunctions.push(typeIndex(threadedType(typeOf(f))));
  }

  const out: WasmModule = {
    ...m,
    types,
    functions: [...m.functions, ...threadedFunctions],
    bodies: bodies.map((b) => ({ locals: b.locals, code: b.code, codeOffset: 0 })),
    imports: [
      ...m.imports,
      { module: "__pcsim", name: "memory", kind: ExternKind.Memory, memory: { min: 0n, shared: false, is64: false } },
    ],
    memories: [],
    tables: [...m.tables, new Uint8Array([ValType.FuncRef, 0x01, HELPERS, HELPERS])],
    globals: [
      ...m.globals,
      { type: ValType.I64, mutable: true, init: new Uint8Array([0x42, 0x00, 0x0b]) },
      ...targets.pageGlobals.map(() => ({ type: ValType.I64, mutable: true, init: new ByteWriter().byte(0x42).s64(NO_PAGE).byte(0x0b).finish() })),
      { type: ValType.I32, mutable: true, init: new Uint8Array([Code.I32Const, 0, Code.End]) },
    ],
    exports: [
      ...m.exports,
      { name: names.gas, kind: ExternKind.Global, index: targets.gasGlobal },
      ...names.pages.map((name, k) => ({ name, kind: ExternKind.Global, index: targets.pageGlobals[k] })),
      { name: names.helpers, kind: ExternKind.Table, index: targets.helperTable },
      { name: names.size, kind: ExternKind.Global, index: targets.sizeGlobal },
      // Every mutable global is exported too, so an instance can be re-created with its globals.
      ...m.globals.flatMap((g, i) => (g.mutable ? [{ name: `${prefix}g${i}`, kind: ExternKind.Global, index: i }] : [])),
    ],
    // A segment that was applied is "dropped": an empty passive segment behaves exactly the same.
    data: m.data.map((d) => (d.active ? { active: false, memory: 0, bytes: new Uint8Array(0) } : d)),
  };
  const bytes = encodeModule(out, (b) => encodeBody(b.locals, b.code));
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new Error(`host-sim produced an invalid rewrite of a valid contract (a host-sim bug): ${(e as Error).message}`);
  }
  return {
    module,
    functions: new Set(m.exports.filter((e) => e.kind === ExternKind.Func).map((e) => e.name)),
    imports: m.imports.map((i) => ({ module: i.module, name: i.name })),
    names,
    reusable: !bodies.some((b) => b.mutatesInstance),
    batchedLoops: bodies.reduce((n, b) => n + b.batchedLoops, 0),
  };
}

/** Slots of the helper table: touch, range, grow. */
const HELPERS = 3;

/** A tiny module whose exports wrap JS callbacks so they can sit in a funcref table. */
let bridge: { touch: Function; range: Function; grow: Function } | undefined;
export let bridgeTarget: {
  touch(addr: number, offset: number, size: number): void;
  range(dst: number, len: number): void;
  grow(delta: number): number;
} = {
  touch() {},
  range() {},
  grow: () => -1,
};

export function bridgeFunctions(): { touch: Function; range: Function; grow: Function } {
  if (bridge) return bridge;
  const m: WasmModule = {
    types: [
      { params: [I32, I32, I32], results: [] },
      { params: [I32, I32], results: [] },
      { params: [I32], results: [I32] },
    ],
    imports: [
      { module: "b", name: "touch", kind: ExternKind.Func, typeIndex: 0 },
      { module: "b", name: "range", kind: ExternKind.Func, typeIndex: 1 },
      { module: "b", name: "grow", kind: ExternKind.Func, typeIndex: 2 },
    ],
    functions: [0, 1, 2],
    tables: [],
    memories: [],
    globals: [],
    exports: [
      { name: "touch", kind: ExternKind.Func, index: 3 },
      { name: "range", kind: ExternKind.Func, index: 4 },
      { name: "grow", kind: ExternKind.Func, index: 5 },
    ],
    bodies: [],
    data: [],
    hasTagSection: false,
  };
  const code = [
    new Uint8Array([0x20, 0, 0x20, 1, 0x20, 2, 0x10, 0, 0x0b]),
    new Uint8Array([0x20, 0, 0x20, 1, 0x10, 1, 0x0b]),
    new Uint8Array([0x20, 0, 0x10, 2, 0x0b]),
  ];
  m.bodies = code.map((c) => ({ locals: [], code: c, codeOffset: 0 }));
  const bytes = encodeModule(m, (b) => encodeBody([], b.code));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {
    b: {
      touch: (a: number, o: number, s: number) => bridgeTarget.touch(a, o, s),
      range: (d: number, l: number) => bridgeTarget.range(d, l),
      grow: (d: number) => bridgeTarget.grow(d),
    },
  });
  bridge = { touch: inst.exports.touch as Function, range: inst.exports.range as Function, grow: inst.exports.grow as Function };
  return bridge;
}

/** Points the write-tracking bridge at the memory of the contract that is about to run. */
export function setBridgeTarget(t: typeof bridgeTarget): typeof bridgeTarget {
  const prev = bridgeTarget;
  bridgeTarget = t;
  return prev;
}
