// Mirrors piecrust/src/contract.rs (WrappedContract: a contract checked and compiled once): Piecrust's
// deploy rules (validate.ts), then the one rewrite host-sim runs each contract through (metering,
// write tracking, imported memory, active data segments applied by the host).
import { checkEngineLimits, EngineLimitError, V8_LIMITS, type EngineLimits } from "./engine-limits.js";
import { HostSimBug, VMError } from "./error.js";
import { FrameSizer } from "./depth.js";
import { SHARED_MEMORY, WASM32_MAX_PAGES } from "./memory.js";
import { checkMemory64 } from "./memory64.js";
import { compileRewritten } from "./engine-flags.js";
import { BRANCH_HINT_SECTION, branchHints } from "./wasm/branch-hints.js";
import { funcSegments, withSegments } from "./wasm/elements.js";
import { type CodeScan, InstrumentTargets, instrumentBody, NO_PAGE, PAGE_CACHE_SIZE, scanCode, THREADED_PARAMS, threadedType, threadingWrapper } from "./metering.js";
import { checkBytecode } from "./validate.js";
import { OffsetMap, type OffsetMapping } from "./backtrace.js";
import { constValue } from "./wasm/const-expr.js";
import { ByteWriter, WasmDecodeError } from "./wasm/bytes.js";
import {
  Body,
  encodeBody,
  encodeModule,
  ExternKind,
  FuncType,
  LimitsFlag,
  ValType,
  WasmModule,
} from "./wasm/module.js";
import { Code, EMPTY_BLOCK } from "./wasm/ops.js";

const I32 = ValType.I32;
const I64 = ValType.I64;

// Re-exported for the host files that take it from here.
export { ARGBUF_LEN } from "./abi.js";

export interface DataInit {
  offset: number;
  bytes: Uint8Array;
}

/** A validated contract, rewritten and compiled once, shared by every session of a VM. */
export interface PreparedContract {
  module: WebAssembly.Module;
  /** The rewritten module's bytes (what `module` was compiled from; prepared-cache.ts stores them). */
  wasm: Uint8Array;
  /** Names of the original module's function exports. */
  functions: Set<string>;
  /** The original module's imports, for building the import object. */
  imports: Array<{ module: string; name: string }>;
  initialPages: number;
  /** The argument buffer's offset: `A`'s value. */
  argbuf: number;
  /** A memory64 (wasm64) contract: 64-bit addresses, and pointers as i64 in the imports that take them. */
  memory64: boolean;
  /** Active data segments, applied by the host at the deploy-time instantiation only. */
  dataInit: DataInit[];
  names: { gas: string; pages: string[]; helpers: string; depth: string; size: string; globals: string[] };
  /**
   * No operator can change tables or segment state, so resetting the globals makes an instance
   * indistinguishable from a fresh one and it can be reused across top-level calls.
   */
  reusable: boolean;
  /** How many loops check the fuel once per batch of iterations (see loops.ts). */
  batchedLoops: number;
  /** How many direct callees got a fuel-threaded copy (see metering.ts instrumentBody). */
  threadedFunctions: number;
  /** What maps the rewritten module's code offsets back to the original's (backtrace.ts). */
  offsets: OffsetMapping;
  /** Whether its functions report entry and exit to a gas profiler (profile.ts, helper slots 3 and 4). */
  profiled: boolean;
}

/** The most locals the rewrite adds to one body (metering.ts instrumentBody's scratch locals). */
const ADDED_LOCALS = 32;

/** Whether a fuel-threaded copy (THREADED_PARAMS more parameters, one more result) stays within V8's limits. */
function threadable(type: FuncType, body: Body, limits: EngineLimits): boolean {
  const locals = type.params.length + THREADED_PARAMS + body.locals.reduce((n, l) => n + l.count, 0) + ADDED_LOCALS;
  return type.params.length + THREADED_PARAMS <= limits.functionParams && type.results.length < limits.functionResults && locals <= limits.functionLocals;
}

function uniquePrefix(m: WasmModule): string {
  for (let n = 0; ; n++) {
    const prefix = n === 0 ? "__pcsim_" : `__pcsim${n}_`;
    if (!m.exports.some((e) => e.name.startsWith(prefix))) return prefix;
  }
}

export interface PrepareOptions {
  /** Whether `hdebug` may be imported. */
  debug: boolean;
  /** Thread the fuel through direct calls (see metering.ts instrumentBody); default true. */
  threadFuel?: boolean;
  /** Check the fuel once per batch of iterations in small call-free loops (see loops.ts); default true. */
  batchLoops?: boolean;
  /** @internal The engine's limits (default V8's); tests set smaller ones to reach them cheaply. */
  limits?: EngineLimits;
  /** Report every function's entry and exit with its fuel to a gas profiler (profile.ts); default false. */
  profile?: boolean;
}

/**
 * Applies Piecrust's deploy rules (validate.ts; the first problem is the deploy's error, its
 * `details.stage` telling the session whether the Merkle-position check comes first), then
 * produces the rewritten module.
 */
export function prepareContract(bytecode: Uint8Array, opts: PrepareOptions): PreparedContract {
  const { module: m, facts, problems } = checkBytecode(bytecode, { debug: opts.debug });
  if (problems.length) {
    const p = problems[0];
    throw new VMError(p.code, p.message, { stage: p.stage, problem: p.explain });
  }
  const memory = facts!.memories[0];
  // host-sim's own refusals come where Piecrust would go on, so its position check comes first.
  if (memory.is64) checkMemory64(memory.min);
  const a = facts!.exports.find((e) => e.name === "A")?.global?.value;
  // constValue evaluates every constant i32 expression an engine accepts without imported globals,
  // and an imported global cannot pass the import rule.
  if (a === undefined) throw HostSimBug.because("a contract that passed the deploy rules has no known `A`");
  const argbuf = Number(a);
  const dataInit = m!.data.flatMap((d) => (d.active ? [{ offset: Number(constValue(m!, d.offsetExpr!, memory.is64 ? 64 : 32)), bytes: d.bytes }] : []));
  try {
    return {
      ...rewrite(m!, memory.is64, opts.threadFuel ?? true, opts.batchLoops ?? true, opts.limits ?? V8_LIMITS, opts.profile ?? false),
      memory64: memory.is64,
      initialPages: Number(memory.min),
      argbuf,
      dataInit,
    };
  } catch (e) {
    // Operators Piecrust's engine refuses (tail calls, exceptions, atomics) are only met while
    // rewriting the bodies; V8 accepts some of them, wasmtime fails the compile (step 2).
    if (e instanceof WasmDecodeError) throw new VMError("RuntimeError", `failed to compile contract: ${e.message}`, { stage: "compile" });
    if (e instanceof EngineLimitError) e.details.stage = "instantiate";
    throw e;
  }
}

/** The rewrite's result: all of a PreparedContract but what the caller adds from the bytecode. */
type Rewritten = Omit<PreparedContract, "dataInit" | "initialPages" | "argbuf" | "memory64">;

/**
 * The instrumented module: every body metered and write-tracked, the host-sim globals, helper table
 * and memory import added, then encoded, checked against the engine's limits and compiled.
 */
function rewrite(m: WasmModule, memory64: boolean, threadFuel: boolean, batchLoops: boolean, limits: EngineLimits, profile: boolean): Rewritten {
  const prefix = uniquePrefix(m);
  const names = {
    gas: `${prefix}gas`,
    pages: Array.from({ length: PAGE_CACHE_SIZE }, (_, k) => `${prefix}page${k}`),
    helpers: `${prefix}h`,
    depth: `${prefix}depth`,
    size: `${prefix}size`,
    globals: m.globals.flatMap((g, i) => (g.mutable ? [`${prefix}g${i}`] : [])),
  };
  const types = new TypeList(m.types);
  const firstDefined = m.imports.filter((i) => i.kind === ExternKind.Func).length;
  const funcTypes = [...m.imports.filter((i) => i.kind === ExternKind.Func).map((i) => m.types[i.typeIndex!]), ...m.functions.map((t) => m.types[t])];
  const scan = scanCode(m.bodies, firstDefined, new FrameSizer(m.types, funcTypes, firstDefined, memory64));
  const segments = threadFuel ? tableZeroSegments(m, scan, firstDefined, limits) : null;
  const reached = segments ? [...new Set([...scan.callees, ...segments.flatMap((s) => s.funcs)])].sort((a, b) => a - b) : scan.callees;
  let threaded = threadFuel ? threadedCopies(m, reached, firstDefined, limits) : new Map<number, number>();
  // every function of table 0 needs its copy, or no call through table 0 is threaded; then table 0's
  // functions get no copy for it either, which would only put a wrapper's call in every indirect call
  const twins = segments?.every((s) => s.funcs.every((f) => threaded.has(f))) ? segments.map((s) => ({ offset: s.offset, funcs: s.funcs.map((f) => threaded.get(f)!) })) : null;
  if (segments && !twins) threaded = threadedCopies(m, scan.callees, firstDefined, limits);
  const targets = instrumentTargets(m, types, threaded, batchLoops, memory64, profile, twins !== null);
  const { bodies, threadedFunctions } = instrumentBodies(m, scan, targets, threaded, types, firstDefined, profile);
  const out = withHostParts(m, types.all, [...m.functions, ...threadedFunctions], bodies, targets, names, memory64, profile, twins);
  const { module, bytes } = compileRewrite(out, limits, firstDefined, bodies.map((b) => b.unlikely));
  const origins = [...m.bodies.map((_, i) => firstDefined + i), ...threaded.keys()];
  const offsets = new OffsetMap(bytes, firstDefined, origins, bodies.map((b) => b.marks), m.bodies.map((b) => b.codeOffset));
  return {
    module,
    wasm: bytes,
    offsets,
    profiled: profile,
    functions: new Set(m.exports.filter((e) => e.kind === ExternKind.Func).map((e) => e.name)),
    imports: m.imports.map((i) => ({ module: i.module, name: i.name })),
    names,
    reusable: !bodies.some((b) => b.mutatesInstance),
    batchedLoops: bodies.reduce((n, b) => n + b.batchedLoops, 0),
    threadedFunctions: threaded.size,
  };
}

/** The module's types, and those the rewrite adds (each new signature once). */
class TypeList {
  readonly all: FuncType[];
  private readonly added = new Map<string, number>();

  constructor(types: FuncType[]) {
    this.all = [...types];
  }

  /** Appends `t` (a helper's own type: always a new entry, whatever the module has). */
  push(t: FuncType): number {
    return this.all.push(t) - 1;
  }

  /** The index of `t` among the added types, appending it the first time. */
  indexOf(t: FuncType): number {
    const key = `${t.params.join(",")}>${t.results.join(",")}`;
    let idx = this.added.get(key);
    if (idx === undefined) {
      idx = this.push(t);
      this.added.set(key, idx);
    }
    return idx;
  }
}

/**
 * Which direct callees get a fuel-threaded copy, and its function index: copies go after the defined
 * functions, and each callee's own index keeps a wrapper, so exports, tables and ref.func never see
 * the extra parameters. Threading only saves time, so it stops where a copy would cross one of V8's limits.
 */
function threadedCopies(m: WasmModule, callees: Iterable<number>, firstDefined: number, limits: EngineLimits): Map<number, number> {
  const threaded = new Map<number, number>();
  for (const f of callees) {
    if (m.functions.length + threaded.size >= limits.functions) break;
    if (threadable(m.types[m.functions[f - firstDefined]], m.bodies[f - firstDefined], limits)) {
      threaded.set(f, firstDefined + m.functions.length + threaded.size);
    }
  }
  return threaded;
}

/**
 * Table 0's active segments, when a `call_indirect` through table 0 can reach the fuel-threaded
 * copies of its functions through a twin table fixed at instantiation: table 0 is the module's own,
 * holds functions, is not exported and nothing writes it (so it keeps what its active segments put
 * there), every segment lists defined functions (elements.ts), and the engine takes one table more
 * (the rewrite adds its helper table anyway). Null otherwise.
 */
function tableZeroSegments(m: WasmModule, scan: CodeScan, firstDefined: number, limits: EngineLimits): Array<{ offset: number; funcs: number[] }> | null {
  if (m.tables.length === 0 || m.tables[0][0] !== ValType.FuncRef || scan.writesTables || m.tables.length + 2 > limits.tables) return null;
  if (m.exports.some((e) => e.kind === ExternKind.Table && e.index === 0)) return null;
  const segments = funcSegments(m.elementSection);
  if (segments === null) return null;
  const active = segments.flatMap((s) => (s.offset === undefined ? [] : [{ offset: s.offset, funcs: s.funcs }]));
  return active.every((s) => s.funcs.every((f) => f >= firstDefined)) ? active : null;
}

/** Where the instrumented code finds what the rewrite adds: globals after the module's, the helper table and table 0's twin after its tables. */
function instrumentTargets(m: WasmModule, types: TypeList, threaded: Map<number, number>, batchLoops: boolean, memory64: boolean, profile: boolean, twins: boolean): InstrumentTargets {
  return {
    gasGlobal: m.globals.length,
    pageGlobals: Array.from({ length: PAGE_CACHE_SIZE }, (_, k) => m.globals.length + 1 + k),
    depthGlobal: m.globals.length + 1 + PAGE_CACHE_SIZE,
    helperTable: m.tables.length,
    touchType: types.push({ params: [I32, I32, I32], results: [] }),
    rangeType: types.push({ params: [I32, I32], results: [] }),
    growType: types.push({ params: [I32], results: [I32] }),
    sizeGlobal: m.globals.length + 2 + PAGE_CACHE_SIZE,
    blockTypeFor(results) {
      if (results.length === 0) return EMPTY_BLOCK;
      if (results.length === 1) return results[0];
      return types.indexOf({ params: [], results });
    },
    batchLoops,
    memory64,
    threadedCallee: (f) => threaded.get(f) ?? -1,
    twinTable: twins ? m.tables.length + 1 : -1,
    threadedTypeOf: (t) => types.indexOf(threadedType(m.types[t])),
    profileType: profile ? types.push({ params: [I32, I64], results: [] }) : undefined,
  };
}

/** Every defined body instrumented (a threaded callee's becomes a wrapper of its copy), then the threaded copies. */
function instrumentBodies(
  m: WasmModule,
  scan: ReturnType<typeof scanCode>,
  targets: InstrumentTargets,
  threaded: Map<number, number>,
  types: TypeList,
  firstDefined: number,
  profile: boolean,
): { bodies: ReturnType<typeof instrumentBody>[]; threadedFunctions: number[] } {
  const typeOf = (f: number) => m.types[m.functions[f - firstDefined]];
  const bodies = m.bodies.map((b, i) => {
    const copy = threaded.get(firstDefined + i);
    const type = m.types[m.functions[i]];
    const profiled = profile ? firstDefined + i : -1;
    return copy === undefined ? instrumentBody(b, type, targets, scan.bodies[i], false, profiled) : threadingWrapper(type, copy, targets.gasGlobal, targets.depthGlobal);
  });
  const threadedFunctions: number[] = [];
  for (const f of threaded.keys()) {
    bodies.push(instrumentBody(m.bodies[f - firstDefined], typeOf(f), targets, scan.bodies[f - firstDefined], true, profile ? f : -1));
    threadedFunctions.push(types.indexOf(threadedType(typeOf(f))));
  }
  return { bodies, threadedFunctions };
}

/** The rewritten module: the new bodies, and host-sim's memory import, helper table, globals and exports. */
function withHostParts(
  m: WasmModule,
  types: FuncType[],
  functions: number[],
  bodies: ReturnType<typeof instrumentBody>[],
  targets: InstrumentTargets,
  names: PreparedContract["names"],
  memory64: boolean,
  profile: boolean,
  twins: Array<{ offset: number; funcs: number[] }> | null,
): WasmModule {
  const helpers = profile ? PROFILED_HELPERS : HELPERS;
  const mutable = m.globals.flatMap((g, i) => (g.mutable ? [i] : []));
  const constant = (op: Code, value: bigint) => new ByteWriter().byte(op).s64(value).byte(Code.End).finish();
  return {
    ...m,
    types,
    functions,
    bodies: bodies.map((b) => ({ locals: b.locals, code: b.code, codeOffset: 0 })),
    imports: [
      ...m.imports,
      // A shared memory's import must be shared and state a maximum (memory.ts says why it is shared).
      {
        module: "__pcsim",
        name: "memory",
        kind: ExternKind.Memory,
        memory: SHARED_MEMORY ? { min: 0n, max: BigInt(WASM32_MAX_PAGES), shared: true, is64: memory64 } : { min: 0n, shared: false, is64: memory64 },
      },
    ],
    memories: [],
    // table 0's twin has its limits: nothing grows either
    tables: [...m.tables, new Uint8Array([ValType.FuncRef, LimitsFlag.HasMax, helpers, helpers]), ...(twins ? [m.tables[0]] : [])],
    elementSection: twins ? withSegments(m.elementSection, targets.twinTable, twins) : m.elementSection,
    globals: [
      ...m.globals,
      { type: ValType.I64, mutable: true, init: constant(Code.I64Const, 0n) },
      ...targets.pageGlobals.map(() => ({ type: ValType.I64, mutable: true, init: constant(Code.I64Const, NO_PAGE) })),
      // the stack-depth counter (depth.ts), then the instance's memory.size
      { type: ValType.I32, mutable: true, init: constant(Code.I32Const, 0n) },
      { type: ValType.I32, mutable: true, init: constant(Code.I32Const, 0n) },
    ],
    exports: [
      ...m.exports,
      { name: names.gas, kind: ExternKind.Global, index: targets.gasGlobal },
      ...names.pages.map((name, k) => ({ name, kind: ExternKind.Global, index: targets.pageGlobals[k] })),
      { name: names.helpers, kind: ExternKind.Table, index: targets.helperTable },
      { name: names.depth, kind: ExternKind.Global, index: targets.depthGlobal },
      { name: names.size, kind: ExternKind.Global, index: targets.sizeGlobal },
      // Every mutable global is exported too, so an instance can be re-created with its globals.
      ...mutable.map((index, k) => ({ name: names.globals[k], kind: ExternKind.Global, index })),
    ],
    // A segment that was applied is "dropped": an empty passive segment behaves exactly the same.
    data: m.data.map((d) => (d.active ? { active: false, memory: 0, bytes: new Uint8Array(0) } : d)),
  };
}

/**
 * Encodes the rewrite within the engine's limits, with its unlikely branches hinted (`unlikely`, per
 * body, as InstrumentedBody has them), and compiles it; a module V8 refuses here is host-sim's bug.
 */
function compileRewrite(out: WasmModule, limits: EngineLimits, firstDefined: number, unlikely: number[][]): { module: WebAssembly.Module; bytes: Uint8Array } {
  const encoded = out.bodies.map((b) => encodeBody(b.locals, b.code));
  checkEngineLimits(out, encoded.map((b) => b.length), limits);
  // a hint's offset counts from the body's start, which is its locals' declaration
  const hints = branchHints(out.bodies.map((b, i) => ({ index: firstDefined + i, offsets: unlikely[i].map((at) => at + encoded[i].length - b.code.length) })));
  const bytes = encodeModule(out, (_, i) => encoded[i], hints ? [{ name: BRANCH_HINT_SECTION, content: hints }] : []);
  try {
    return { module: compileRewritten(bytes), bytes };
  } catch (e) {
    throw HostSimBug.because(`host-sim produced an invalid rewrite of a valid contract: ${(e as Error).message}`);
  }
}

/** Slots of the helper table: touch, range, grow; with a gas profile also entered, leaving. */
const HELPERS = 3;
const PROFILED_HELPERS = 5;

/** A tiny module whose exports wrap JS callbacks so they can sit in a funcref table. */
let bridge: Bridge | undefined;
interface Bridge {
  touch: Function;
  range: Function;
  grow: Function;
  entered: Function;
  leaving: Function;
}
export let bridgeTarget: {
  touch(addr: number, offset: number, size: number): void;
  range(dst: number, len: number): void;
  grow(delta: number): number;
  /** A profiled function (module.ts `profile`) started, with `fuel` left. */
  entered?(func: number, fuel: bigint): void;
  /** A profiled function returns, with `fuel` left. */
  leaving?(func: number, fuel: bigint): void;
} = {
  touch() {},
  range() {},
  grow: () => -1,
};

export function bridgeFunctions(): Bridge {
  if (bridge) return bridge;
  const m: WasmModule = {
    types: [
      { params: [I32, I32, I32], results: [] },
      { params: [I32, I32], results: [] },
      { params: [I32], results: [I32] },
      { params: [I32, I64], results: [] },
    ],
    imports: [
      { module: "b", name: "touch", kind: ExternKind.Func, typeIndex: 0 },
      { module: "b", name: "range", kind: ExternKind.Func, typeIndex: 1 },
      { module: "b", name: "grow", kind: ExternKind.Func, typeIndex: 2 },
      { module: "b", name: "entered", kind: ExternKind.Func, typeIndex: 3 },
      { module: "b", name: "leaving", kind: ExternKind.Func, typeIndex: 3 },
    ],
    functions: [0, 1, 2, 3, 3],
    tables: [],
    memories: [],
    globals: [],
    exports: [
      { name: "touch", kind: ExternKind.Func, index: 5 },
      { name: "range", kind: ExternKind.Func, index: 6 },
      { name: "grow", kind: ExternKind.Func, index: 7 },
      { name: "entered", kind: ExternKind.Func, index: 8 },
      { name: "leaving", kind: ExternKind.Func, index: 9 },
    ],
    bodies: [],
    data: [],
    hasTagSection: false,
  };
  // Each export passes its parameters on to the import of the same index.
  const forward = (params: number, imported: number) => {
    const w = new ByteWriter();
    for (let p = 0; p < params; p++) w.byte(Code.LocalGet).u32(p);
    return w.byte(Code.Call).u32(imported).byte(Code.End).finish();
  };
  const code = m.functions.map((type, i) => forward(m.types[type].params.length, i));
  m.bodies = code.map((c) => ({ locals: [], code: c, codeOffset: 0 }));
  const bytes = encodeModule(m, (b) => encodeBody([], b.code));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {
    b: {
      touch: (a: number, o: number, s: number) => bridgeTarget.touch(a, o, s),
      range: (d: number, l: number) => bridgeTarget.range(d, l),
      grow: (d: number) => bridgeTarget.grow(d),
      entered: (f: number, fuel: bigint) => bridgeTarget.entered?.(f, fuel),
      leaving: (f: number, fuel: bigint) => bridgeTarget.leaving?.(f, fuel),
    },
  });
  const ex = inst.exports;
  bridge = { touch: ex.touch as Function, range: ex.range as Function, grow: ex.grow as Function, entered: ex.entered as Function, leaving: ex.leaving as Function };
  return bridge;
}

/** Points the write-tracking bridge at the memory of the contract that is about to run. */
export function setBridgeTarget(t: typeof bridgeTarget): typeof bridgeTarget {
  const prev = bridgeTarget;
  bridgeTarget = t;
  return prev;
}
