// Piecrust ABI check over raw wasm bytes (piecrust-vm.md §3): what `WrappedContract::new` and
// `WrappedInstance::new` reject, plus what can never work (a start section). A small hand-written
// reader, so it runs on any module (Rust-built included) with no compiler in the loop.

export interface AbiCheckOptions {
  /** Allow the `hdebug` import (only debug-enabled Piecrust provides it). Default false. */
  allowDebug?: boolean;
}

export interface AbiCheckResult {
  ok: boolean;
  problems: string[];
  /** Facts gathered on the way, for reports. */
  info: {
    memory64: boolean;
    initialPages: number | null;
    argbuf: number | null;
    imports: string[];
    exports: { name: string; kind: string }[];
    hasStart: boolean;
  };
}

const ARGBUF_LEN = 65536;
const PAGE = 65536;

export type ValType = number; // 0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, …
const I32 = 0x7f;
const I64 = 0x7e;

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

/** Allowed import names with their wasm32 / wasm64 signatures (piecrust-vm.md §5.2). */
const IMPORTS: Record<string, { w32: FuncType; w64: FuncType; debugOnly?: boolean }> = (() => {
  const t = (params: ValType[], results: ValType[]): FuncType => ({ params, results });
  const same = (f: FuncType) => ({ w32: f, w64: f });
  return {
    c: { w32: t([I32, I32, I32, I32, I64], [I32]), w64: t([I64, I64, I32, I32, I64], [I32]) },
    hq: { w32: t([I32, I32, I32], [I32]), w64: t([I64, I32, I32], [I32]) },
    hd: { w32: t([I32, I32], [I32]), w64: t([I64, I32], [I32]) },
    emit: { w32: t([I32, I32, I32], []), w64: t([I64, I32, I32], []) },
    owner: { w32: t([I32], [I32]), w64: t([I64], [I32]) },
    self_id: same(t([], [])),
    caller: same(t([], [I32])),
    callstack: same(t([], [I32])),
    limit: same(t([], [I64])),
    spent: same(t([], [I64])),
    feed: same(t([I32], [])),
    panic: same(t([I32], [])),
    hdebug: { ...same(t([I32], [])), debugOnly: true },
  };
})();

/** Friendlier words for imports that AssemblyScript emits for JS-host features. */
const FORBIDDEN_HINTS: Record<string, string> = {
  abort: "AssemblyScript's default abort: build with the piecrust-as transform, which installs a panicking abort (or pass --use abort=…)",
  seed: "Math.random is not available in contracts (there is no deterministic seed)",
  "Date.now": "Date.now is not available in contracts (there is no clock; use block data from the host)",
  trace: "trace() is not available in contracts; use debug() from piecrust-as, which is compiled out of release builds",
};

function valName(v: ValType): string {
  return ({ 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" } as Record<number, string>)[v] ?? `0x${v.toString(16)}`;
}

function sig(f: FuncType): string {
  return `(${f.params.map(valName).join(", ")}) -> (${f.results.map(valName).join(", ")})`;
}

function sameSig(a: FuncType, b: FuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) && a.results.every((r, i) => r === b.results[i]);
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}
  byte(): number {
    if (this.pos >= this.end) throw new Error("unexpected end of module");
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
      if (shift > 35) throw new Error("bad LEB128");
    }
  }
  /** Signed LEB128 as a bigint (i32 and i64 constants). */
  sleb(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }
  name(): string {
    const len = this.u32();
    if (this.pos + len > this.end) throw new Error("name runs past its section");
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
  limits(): { flags: number; min: number; max: number | null } {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : null;
    return { flags, min, max };
  }
  /** A constant expression; returns its value when it is a lone i32/i64 const. */
  constExpr(): bigint | null {
    const op = this.byte();
    let value: bigint | null = null;
    if (op === 0x41 || op === 0x42) value = this.sleb();
    else if (op === 0x23) this.u32();
    else if (op === 0x43) this.pos += 4;
    else if (op === 0x44) this.pos += 8;
    else if (op === 0xd0) this.byte();
    else if (op === 0xd2) this.u32();
    else throw new Error(`unsupported constant expression opcode 0x${op.toString(16)}`);
    // Extended-const expressions would continue here; treat anything more as non-constant.
    if (this.byte() !== 0x0b) {
      while (this.pos < this.end && this.bytes[this.pos - 1] !== 0x0b) this.pos++;
      return null;
    }
    return value;
  }
}

/** Checks `bytes` against Piecrust's deploy rules. Never throws: a malformed module is a problem. */
export function checkAbi(bytes: Uint8Array, options: AbiCheckOptions = {}): AbiCheckResult {
  const problems: string[] = [];
  const info: AbiCheckResult["info"] = { memory64: false, initialPages: null, argbuf: null, imports: [], exports: [], hasStart: false };
  const done = () => ({ ok: problems.length === 0, problems, info });

  const types: FuncType[] = [];
  const funcTypes: number[] = []; // type index per function index (imports first)
  const memories: { min: number; memory64: boolean }[] = [];
  const globals: { type: ValType; mutable: boolean; value: bigint | null; imported: boolean }[] = [];
  const exports: { name: string; kind: number; index: number }[] = [];
  const importedFuncs: { module: string; name: string; type: number }[] = [];

  try {
    const r = new Reader(bytes);
    if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
      problems.push("not a WebAssembly module (bad magic)");
      return done();
    }
    r.pos = 4;
    const version = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
    if (version !== 1) {
      problems.push(`unsupported WebAssembly version ${version}`);
      return done();
    }
    r.pos = 8;
    while (r.pos < bytes.length) {
      const id = r.byte();
      const size = r.u32();
      const end = r.pos + size;
      if (end > bytes.length) throw new Error(`section ${id} runs past the end of the module`);
      const s = new Reader(bytes, end);
      s.pos = r.pos;
      switch (id) {
        case 1: {
          for (let n = s.u32(); n > 0; n--) {
            if (s.byte() !== 0x60) throw new Error("unsupported type form");
            const params = Array.from({ length: s.u32() }, () => s.byte());
            const results = Array.from({ length: s.u32() }, () => s.byte());
            types.push({ params, results });
          }
          break;
        }
        case 2: {
          for (let n = s.u32(); n > 0; n--) {
            const module = s.name();
            const name = s.name();
            const kind = s.byte();
            if (kind === 0) {
              const type = s.u32();
              importedFuncs.push({ module, name, type });
              funcTypes.push(type);
            } else if (kind === 1) {
              s.byte();
              s.limits();
              problems.push(`import ${module}.${name} is a table; Piecrust allows only its host functions to be imported`);
            } else if (kind === 2) {
              s.limits();
              problems.push(`import ${module}.${name} is a memory; the contract must define and export its own memory`);
            } else if (kind === 3) {
              const type = s.byte();
              const mutable = s.byte() === 1;
              globals.push({ type, mutable, value: null, imported: true });
              problems.push(`import ${module}.${name} is a global; Piecrust allows only its host functions to be imported`);
            } else {
              problems.push(`import ${module}.${name} has an unsupported kind ${kind}`);
              s.pos = end; // cannot continue parsing this section safely
              n = 1;
            }
            info.imports.push(`${module}.${name}`);
          }
          break;
        }
        case 3:
          for (let n = s.u32(); n > 0; n--) funcTypes.push(s.u32());
          break;
        case 5:
          for (let n = s.u32(); n > 0; n--) {
            const l = s.limits();
            memories.push({ min: l.min, memory64: (l.flags & 4) !== 0 });
          }
          break;
        case 6:
          for (let n = s.u32(); n > 0; n--) {
            const type = s.byte();
            const mutable = s.byte() === 1;
            const value = s.constExpr();
            globals.push({ type, mutable, value, imported: false });
          }
          break;
        case 7:
          for (let n = s.u32(); n > 0; n--) {
            const name = s.name();
            const kind = s.byte();
            const index = s.u32();
            exports.push({ name, kind, index });
          }
          break;
        case 8:
          info.hasStart = true;
          break;
        default:
          break;
      }
      r.pos = end;
    }
  } catch (e) {
    problems.push(`malformed module: ${(e as Error).message}`);
    return done();
  }

  const facts: ModuleFacts = {
    memories: exports.filter((e) => e.kind === 2).map((e) => memories[e.index] ?? { min: 0, memory64: false }),
    fallbackMemory: memories[0] ?? null,
    exports: exports.map((e) => {
      if (e.kind === 0) return { name: e.name, kind: 0, func: types[funcTypes[e.index]] ?? null };
      if (e.kind === 3) return { name: e.name, kind: 3, global: globals[e.index] ?? null };
      return { name: e.name, kind: e.kind };
    }),
    importedFuncs: importedFuncs.map((f) => ({ module: f.module, name: f.name, type: types[f.type] ?? null })),
    hasStart: info.hasStart,
  };
  return checkFacts(facts, options, problems, info);
}

/** What the rules look at; built from wasm bytes here, or from binaryen IR by the transform. */
export interface ModuleFacts {
  /** The exported memories (Piecrust counts exports of kind memory). */
  memories: { min: number; memory64: boolean }[];
  /** The first defined memory, when none is exported (for reporting only). */
  fallbackMemory: { min: number; memory64: boolean } | null;
  exports: { name: string; kind: number; func?: FuncType | null; global?: { type: number; mutable: boolean; value: bigint | null } | null }[];
  importedFuncs: { module: string; name: string; type: FuncType | null }[];
  hasStart: boolean;
}

/** Applies Piecrust's rules to gathered facts. `problems`/`info` may carry earlier findings. */
export function checkFacts(
  facts: ModuleFacts,
  options: AbiCheckOptions = {},
  problems: string[] = [],
  info: AbiCheckResult["info"] = { memory64: false, initialPages: null, argbuf: null, imports: [], exports: [], hasStart: false },
): AbiCheckResult {
  const done = () => ({ ok: problems.length === 0, problems, info });
  const kindName = ["function", "table", "memory", "global", "tag"];
  info.exports = facts.exports.map((e) => ({ name: e.name, kind: kindName[e.kind] ?? `kind ${e.kind}` }));
  if (!info.imports.length) info.imports = facts.importedFuncs.map((f) => `${f.module}.${f.name}`);
  info.hasStart = facts.hasStart;

  // Exactly one exported memory; it decides wasm32 vs wasm64.
  if (facts.memories.length !== 1) problems.push(`module exports ${facts.memories.length} memories; Piecrust requires exactly one exported memory`);
  const mem = facts.memories[0] ?? facts.fallbackMemory;
  const memory64 = mem ? mem.memory64 : false;
  info.memory64 = memory64;
  info.initialPages = mem ? mem.min : null;

  // Every exported function is (i32) -> i32, for wasm64 too.
  for (const e of facts.exports) {
    if (e.kind !== 0) continue;
    const t = e.func;
    if (!t) {
      problems.push(`export ${e.name}: function has no type`);
      continue;
    }
    if (t.params.length !== 1 || t.params[0] !== I32 || t.results.length !== 1 || t.results[0] !== I32) {
      problems.push(`export ${e.name} has type ${sig(t)}; every exported function must be (i32) -> (i32)`);
    }
  }

  // The argbuf global A.
  const aExport = facts.exports.find((e) => e.name === "A");
  if (!aExport) problems.push("no export named 'A' (the 64 KiB argument buffer global)");
  else if (aExport.kind !== 3) problems.push(`export 'A' is a ${kindName[aExport.kind] ?? "?"}, not a global`);
  else {
    const g = aExport.global;
    const want = memory64 ? I64 : I32;
    if (!g) problems.push("export 'A' refers to a missing global");
    else if (g.mutable) problems.push("global 'A' is mutable; Piecrust requires an immutable (const) global");
    else if (g.type !== want) problems.push(`global 'A' is ${valName(g.type)}; a ${memory64 ? "wasm64" : "wasm32"} contract needs ${valName(want)}`);
    else if (g.value === null) problems.push("global 'A' is not initialised by a constant");
    else {
      const a = memory64 ? BigInt.asUintN(64, g.value) : BigInt.asUintN(32, g.value);
      info.argbuf = Number(a);
      if (mem && a + BigInt(ARGBUF_LEN) > BigInt(mem.min) * BigInt(PAGE)) {
        problems.push(`argbuf A = ${a} + 65536 ends past the initial memory (${mem.min} pages = ${mem.min * PAGE} bytes)`);
      }
    }
  }

  // Imports: Piecrust resolves by field name only; anything else is InvalidFunction at deploy.
  for (const imp of facts.importedFuncs) {
    const known = IMPORTS[imp.name];
    const what = `import ${imp.module}.${imp.name}`;
    if (!known) {
      const hint = FORBIDDEN_HINTS[imp.name] ?? (imp.name.startsWith("console.") ? "console output is not available in contracts; use debug() from piecrust-as" : "not one of Piecrust's host functions");
      problems.push(`${what} is not allowed by Piecrust: ${hint}`);
      continue;
    }
    if (known.debugOnly && !options.allowDebug) {
      problems.push(`${what} exists only in debug-enabled Piecrust; a release build must not import it (use debug(), which compiles out)`);
      continue;
    }
    const t = imp.type;
    const want = memory64 ? known.w64 : known.w32;
    if (!t || !sameSig(t, want)) problems.push(`${what} has type ${t ? sig(t) : "?"}, Piecrust's is ${sig(want)}`);
  }

  if (facts.hasStart) problems.push("module has a start section; Piecrust runs it at instantiation before any gas is set, so deploy fails (out of fuel)");
  return done();
}

/** One problem per line, for CLIs and build errors. */
export function formatAbiProblems(file: string, result: AbiCheckResult): string {
  if (result.ok) return `${file}: ok`;
  return [`${file}: ${result.problems.length} Piecrust ABI problem(s)`, ...result.problems.map((p) => `  - ${p}`)].join("\n");
}
