// Mirrors piecrust/src/contract.rs (WrappedContract::new), store/module.rs (check_single_memory),
// imports.rs (Imports::for_module) and instance.rs (WrappedInstance::new): Piecrust's deploy rules,
// once, in Piecrust's order. host-sim's deploy throws the first problem; the build's ABI check
// (transform/abi-check.ts) lists them all, over the same parser.
import { ARGBUF_LEN, HOST_IMPORTS, WASM64_IMPORTS } from "./abi.js";
import type { VMErrorCode } from "./error.js";
import { engineHasMemory64 } from "./memory64.js";
import { OUT_OF_FUEL } from "./trap.js";
import { WasmDecodeError } from "./wasm/bytes.js";
import { constValue } from "./wasm/const-expr.js";
import { ExternKind, functionType, parseModule, ValType, type FuncType, type WasmModule } from "./wasm/module.js";

const PAGE = 65536n;

/** What the rules look at: read from wasm bytes (factsOf), or from binaryen IR by the transform. */
export interface ContractFacts {
  /** Every memory, imported ones first (the memory index space). */
  memories: Array<{ min: bigint; is64: boolean; shared: boolean }>;
  hasTags: boolean;
  exports: Array<{
    name: string;
    kind: ExternKind;
    /** Memory exports: the memory's index. */
    index?: number;
    func?: FuncType;
    /** Global exports; `value` is undefined when it is not known before instantiation. */
    global?: { type: number; mutable: boolean; value: bigint | undefined };
  }>;
  imports: Array<{ module: string; name: string; kind: ExternKind; func?: FuncType }>;
  hasStart: boolean;
  /** Active data segments; `offset` undefined when not known before instantiation. */
  data: Array<{ offset: bigint | undefined; length: number }>;
}

export interface DeployProblem {
  /** The Error variant Piecrust returns. */
  code: VMErrorCode;
  /** Piecrust's Display text for it. */
  message: string;
  /** For a contract's author: what is wrong and how to fix it. */
  explain: string;
  /** "compile": before Piecrust's Merkle-position check; "instantiate": after it. */
  stage: "compile" | "instantiate";
}

export interface DeployRuleOptions {
  /** Whether the VM has Piecrust's `debug` feature (the `hdebug` import). */
  debug: boolean;
}

const VAL_NAMES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };
const valName = (v: number) => VAL_NAMES[v] ?? `0x${v.toString(16)}`;
const sig = (f: FuncType) => `(${f.params.map(valName).join(", ")}) -> (${f.results.map(valName).join(", ")})`;
const KIND_NAMES = ["function", "table", "memory", "global", "tag"];

export function sameSig(a: FuncType, b: FuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) && a.results.every((r, i) => r === b.results[i]);
}

/** Friendlier words for imports AssemblyScript emits for JS-host features. */
const IMPORT_HINTS: Record<string, string> = {
  abort: "AssemblyScript's default abort: build with the piecrust-as transform, which installs a panicking abort (or pass --use abort=…)",
  seed: "Math.random is not available in contracts (there is no deterministic seed)",
  "Date.now": "Date.now is not available in contracts (there is no clock; use block data from the host)",
  trace: "trace() is not available in contracts; use debug() from piecrust-as, which is compiled out of release builds",
};

export function factsOf(m: WasmModule): ContractFacts {
  const importedGlobals = m.imports.filter((i) => i.kind === ExternKind.Global).length;
  const memories = [
    ...m.imports.flatMap((i) => (i.kind === ExternKind.Memory ? [i.memory!] : [])),
    ...m.memories,
  ].map((l) => ({ min: l.min, is64: l.is64, shared: l.shared }));
  return {
    memories,
    hasTags: m.hasTagSection || m.imports.some((i) => i.kind === ExternKind.Tag),
    exports: m.exports.map((e) => {
      if (e.kind === ExternKind.Func) return { name: e.name, kind: e.kind, func: functionType(m, e.index) };
      if (e.kind === ExternKind.Global) {
        const g = e.index >= importedGlobals ? m.globals[e.index - importedGlobals] : undefined;
        const bits = g?.type === ValType.I64 ? 64 : 32;
        return { name: e.name, kind: e.kind, global: g && { type: g.type, mutable: g.mutable, value: constValue(m, g.init, bits) } };
      }
      return { name: e.name, kind: e.kind, index: e.index };
    }),
    imports: m.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind, func: i.typeIndex === undefined ? undefined : m.types[i.typeIndex] })),
    hasStart: m.start !== undefined,
    // a memory64 module's segment offsets are i64 expressions
    data: m.data.filter((d) => d.active).map((d) => ({ offset: constValue(m, d.offsetExpr!, memories[0]?.is64 ? 64 : 32), length: d.bytes.length })),
  };
}

/** Piecrust's verdicts on `f`, in the order Piecrust reaches them (the first is what deploy returns). */
export function deployProblems(f: ContractFacts, opts: DeployRuleOptions): DeployProblem[] {
  const out: DeployProblem[] = [];
  const add = (code: VMErrorCode, message: string, explain: string, stage: DeployProblem["stage"]) => out.push({ code, message, explain, stage });
  const compileError = (what: string, explain: string) => add("RuntimeError", `failed to compile contract: ${what}`, explain, "compile");

  // 2. Compile with Piecrust's engine features.
  if (f.hasTags) compileError("exception handling is not enabled", "the module uses exception handling (tags), which Piecrust's engine does not enable");
  if (f.memories.length > 1) compileError("multiple memories are not enabled", `the module has ${f.memories.length} memories; Piecrust's engine allows one`);
  if (f.memories.some((mem) => mem.shared)) compileError("shared memories (threads) are not enabled", "the memory is shared; Piecrust's engine has no threads");

  // 3. Exactly one exported memory (its name is not checked); it decides wasm32 vs wasm64.
  const memExports = f.exports.filter((e) => e.kind === ExternKind.Memory);
  if (memExports.length !== 1) {
    add("PersistenceError", `module has ${memExports.length} memories, but only one is allowed`,
      `the module exports ${memExports.length} memories; Piecrust requires exactly one exported memory`, "compile");
  }
  const memory = f.memories[memExports[0]?.index ?? 0] ?? f.memories[0];
  const is64 = memory?.is64 ?? false;

  // 5. Every exported function is (i32) -> i32, for wasm64 too.
  for (const e of f.exports) {
    if (e.kind !== ExternKind.Func) continue;
    if (!e.func || !sameSig(e.func, { params: [ValType.I32], results: [ValType.I32] })) {
      add("InvalidFunction", `Invalid function: ${e.name}`,
        `export ${e.name} has type ${e.func ? sig(e.func) : "?"}; every exported function must be (i32) -> (i32)`, "instantiate");
    }
  }

  // 6. Imports resolve by field name only; every name is looked up before any type is compared.
  const known = (name: string) => HOST_IMPORTS[name] !== undefined && (name !== "hdebug" || opts.debug);
  for (const imp of f.imports) {
    if (known(imp.name)) continue;
    const what = `import ${imp.module}.${imp.name}`;
    const explain = imp.name === "hdebug"
      ? `${what} exists only in debug-enabled Piecrust; a release build must not import it (use debug(), which compiles out)`
      : imp.kind === ExternKind.Memory
        ? `${what} is a memory; the contract must define and export its own memory`
        : `${what} is not allowed by Piecrust: ${IMPORT_HINTS[imp.name] ?? (imp.name.startsWith("console.") ? "console output is not available in contracts; use debug() from piecrust-as" : "not one of Piecrust's host functions")}`;
    add("InvalidFunction", `Invalid function: ${imp.name}`, explain, "instantiate");
  }
  // 7. wasmtime's Instance::new: import types, then data segments, then the start function.
  for (const imp of f.imports) {
    if (!known(imp.name)) continue;
    const want = (is64 ? WASM64_IMPORTS[imp.name] : undefined) ?? HOST_IMPORTS[imp.name];
    if (imp.kind !== ExternKind.Func || !imp.func || !sameSig(imp.func, want)) {
      const has = imp.kind !== ExternKind.Func ? `is a ${KIND_NAMES[imp.kind] ?? "?"}` : `has type ${imp.func ? sig(imp.func) : "?"}`;
      add("RuntimeError", `incompatible import type for \`${imp.module}::${imp.name}\``, `import ${imp.module}.${imp.name} ${has}, Piecrust's is ${sig(want)}`, "instantiate");
    }
  }
  const memBytes = memory ? memory.min * PAGE : 0n;
  for (const d of f.data) {
    if (d.offset !== undefined && d.offset + BigInt(d.length) <= memBytes) continue;
    add("RuntimeError", "wasm trap: out of bounds memory access",
      `a data segment of ${d.length} bytes at ${d.offset ?? "an offset unknown before instantiation"} does not fit the initial memory (${memBytes} bytes)`, "instantiate");
  }
  if (f.hasStart) {
    add("RuntimeError", `wasm trap: ${OUT_OF_FUEL}`,
      "module has a start section; Piecrust runs it at instantiation before any gas is set, so deploy fails (out of fuel)", "instantiate");
  }

  // 8. `A`: an immutable global of the memory's address type, whose 64 KiB fit the memory.
  const a = f.exports.find((e) => e.name === "A");
  const bad = (explain: string) => add("InvalidArgumentBuffer", "Invalid global", explain, "instantiate");
  const want = is64 ? ValType.I64 : ValType.I32;
  if (!a) bad("no export named 'A' (the 64 KiB argument buffer global)");
  else if (a.kind !== ExternKind.Global) bad(`export 'A' is a ${KIND_NAMES[a.kind] ?? "?"}, not a global`);
  else if (!a.global) bad("export 'A' refers to an imported or missing global");
  else if (a.global.mutable) bad("global 'A' is mutable; Piecrust requires an immutable (const) global");
  else if (a.global.type !== want) bad(`global 'A' is ${valName(a.global.type)}; a ${is64 ? "wasm64" : "wasm32"} contract needs ${valName(want)}`);
  else if (a.global.value !== undefined && a.global.value + BigInt(ARGBUF_LEN) > memBytes) {
    // Piecrust compares with its whole reservation, sign-extending an i32 (so A near 2^32 wraps and
    // crashes its host later); the initial memory is the bound that keeps the argbuf addressable.
    bad(`argbuf A = ${a.global.value} + 65536 ends past the initial memory (${memory?.min ?? 0} pages = ${memBytes} bytes)`);
  }
  return out;
}

export interface BytecodeCheck {
  /** The parsed module, when it parsed. */
  module: WasmModule | null;
  facts: ContractFacts | null;
  problems: DeployProblem[];
}

/**
 * Parses `bytes`, validates them with this engine (memory64 only where it has memory64), and
 * applies Piecrust's rules. Never throws for a bad module.
 */
export function checkBytecode(bytes: Uint8Array, opts: DeployRuleOptions): BytecodeCheck {
  let module: WasmModule;
  try {
    module = parseModule(bytes);
  } catch (e) {
    if (!(e instanceof WasmDecodeError)) throw e;
    const what = e.message;
    return { module: null, facts: null, problems: [{ code: "RuntimeError", message: `failed to compile contract: ${what}`, explain: `malformed module: ${what}`, stage: "compile" }] };
  }
  const facts = factsOf(module);
  const problems = deployProblems(facts, opts);
  // V8 validates after the feature checks above, which name what Piecrust's engine refuses.
  const engineCanCompile = engineHasMemory64() || !facts.memories.some((mem) => mem.is64);
  if (engineCanCompile && !problems.some((p) => p.code === "RuntimeError" && p.stage === "compile")) {
    try {
      new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      const what = e instanceof Error ? e.message : String(e);
      problems.unshift({ code: "RuntimeError", message: `failed to compile contract: ${what}`, explain: `invalid WebAssembly: ${what}`, stage: "compile" });
    }
  }
  return { module, facts, problems };
}
