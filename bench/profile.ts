// Bench-only gas profiler: where a call's gas goes, function by function (self gas, Piecrust's
// operator costs). It runs an instrumented copy of the contract in host-sim: every function gets
// an i64 counter global, and before each operator that ends a straight-line run (the points where
// wasmtime charges fuel) the run's cost is added to the counter. The counters are read from the
// instance host-sim keeps between top-level calls. The original contract's gasSpent minus the sum
// of the counters is what the host charged (event bytes, host queries).
import { PAGE_SIZE, VM, type Session } from "../host-sim/index.js";
import { ByteReader, ByteWriter } from "../host-sim/wasm/bytes.js";
import { encodeBody, encodeModule, ExternKind, parseModule, ValType } from "../host-sim/wasm/module.js";
import { Code, newOp, OpClass, readOp } from "../host-sim/wasm/ops.js";

/** Operators before which the pending cost is flushed (their own cost included when they cost). */
const FLUSH_BEFORE = new Set([
  OpClass.Block, OpClass.Loop, OpClass.If, OpClass.Else, OpClass.End, OpClass.Br, OpClass.BrIf,
  OpClass.BrTable, OpClass.Return, OpClass.Unreachable, OpClass.Call,
]);

function instrument(bytes: Uint8Array): { wasm: Uint8Array; firstCounter: number; imported: number } {
  const m = parseModule(bytes);
  const imported = m.imports.filter((i) => i.kind === ExternKind.Func).length;
  const firstCounter = m.globals.length;
  const zero = new ByteWriter().byte(Code.I64Const).s64(0n).byte(Code.End).finish();
  for (let i = 0; i < m.bodies.length; i++) m.globals.push({ type: ValType.I64, mutable: true, init: zero });
  const wasm = encodeModule(m, (body, index) => {
    const g = firstCounter + index;
    const r = new ByteReader(body.code);
    const w = new ByteWriter(body.code.length * 2);
    const op = newOp();
    let pending = 1; // the function's entry cost
    const flush = (extra: number) => {
      const n = pending + extra;
      pending = 0;
      if (n === 0) return;
      w.byte(Code.GlobalGet).u32(g).byte(Code.I64Const).s64(BigInt(n)).byte(Code.I64Add).byte(Code.GlobalSet).u32(g);
    };
    while (r.pos < body.code.length) {
      readOp(r, op);
      if (FLUSH_BEFORE.has(op.cls)) flush(op.cost);
      else pending += op.cost;
      w.bytes(body.code.subarray(op.start, op.end));
    }
    return encodeBody(body.locals, w.finish());
  });
  return { wasm, firstCounter, imported };
}

/** Function names by index, from the text form asc writes with --textFile (imports first). */
export function namesFromWat(wat: string): string[] {
  const imports: string[] = [];
  const defined: string[] = [];
  for (const line of wat.split("\n")) {
    const imp = /^\s*\(import "[^"]*" "[^"]*" \(func \$(\S+)/.exec(line);
    if (imp) imports.push(imp[1]!);
    const def = /^\s*\(func \$(\S+)/.exec(line);
    if (def) defined.push(def[1]!);
  }
  return [...imports, ...defined];
}

export interface CallProfile {
  /** gasSpent of the original contract. */
  total: bigint;
  /** Self gas per function name (only functions that ran). */
  byFunction: Map<string, bigint>;
  /** total minus the functions' gas: host charges (event bytes, host queries). */
  host: bigint;
}

type IdleInstances = { idle: Map<string, { instance: WebAssembly.Instance; contract: { names: { globals: string[] } } }> };

/**
 * Runs the same calls on the original contract and on an instrumented copy (each in its own
 * session, same deploy); `step` receives a caller that returns each call's profile.
 */
export class Profiler {
  private constructor(
    private readonly plain: Session,
    private readonly profiled: Session,
    private readonly names: string[],
    private readonly counters: { firstCounter: number; imported: number; count: number },
  ) {}

  static async deploy(wasm: Uint8Array, wat: string, opts: { owner: Uint8Array; contractId: Uint8Array; initArg?: Uint8Array }, gas: bigint, meta: Record<string, Uint8Array> = {}): Promise<{ profiler: Profiler; init: CallProfile | null }> {
    const inst = instrument(wasm);
    const vmA = await VM.ephemeral();
    const vmB = await VM.ephemeral();
    const plain = await vmA.session({ meta });
    const profiled = await vmB.session({ meta });
    const count = parseModule(wasm).bodies.length;
    const p = new Profiler(plain, profiled, namesFromWat(wat), { ...inst, count });
    const a = plain.deploy(wasm, opts, gas);
    profiled.deploy(inst.wasm, opts, gas * 4n);
    return { profiler: p, init: opts.initArg ? p.read(a.receipt!.gasSpent) : null };
  }

  setMeta(name: string, value: Uint8Array): void {
    this.plain.setMeta(name, value);
    this.profiled.setMeta(name, value);
  }

  private read(total: bigint): CallProfile {
    const idle = (this.profiled as unknown as IdleInstances).idle;
    if (idle.size !== 1) throw new Error(`profiler: expected one idle instance, found ${idle.size} (the contract must be reusable)`);
    const inst = [...idle.values()][0]!;
    const byIndex = new Map<number, WebAssembly.Global>();
    for (const name of inst.contract.names.globals) {
      const k = /g(\d+)$/.exec(name);
      if (k) byIndex.set(Number(k[1]), inst.instance.exports[name] as WebAssembly.Global);
    }
    const byFunction = new Map<string, bigint>();
    let sum = 0n;
    for (let i = 0; i < this.counters.count; i++) {
      const v = byIndex.get(this.counters.firstCounter + i)!.value as bigint;
      if (v === 0n) continue;
      const name = this.names[this.counters.imported + i] ?? `f${this.counters.imported + i}`;
      byFunction.set(name, (byFunction.get(name) ?? 0n) + v);
      sum += v;
    }
    return { total, byFunction, host: total - sum };
  }

  /** Memory pages of the (original) contract. */
  pages(id: Uint8Array): number {
    return this.plain.memoryLen(id)! / PAGE_SIZE;
  }

  call(id: Uint8Array, fn: string, arg: Uint8Array, gas: bigint): CallProfile & { data: Uint8Array } {
    const r = this.plain.callRaw(id, fn, arg, gas);
    const q = this.profiled.callRaw(id, fn, arg, gas * 4n);
    if (Buffer.compare(Buffer.from(r.data), Buffer.from(q.data)) !== 0) throw new Error(`profiler: ${fn} returned different data when instrumented`);
    return { ...this.read(r.gasSpent), data: r.data };
  }
}

/** Groups function names into the parts of the SDK and runtime they belong to. */
export function groupOf(name: string): string {
  if (name.startsWith("__pcas_entry") || name === "__pcas_enter" || name === "__pcas_restore" || name === "__pcas_save") return "entry prologue/epilogue";
  if (name === "start:" || name.startsWith("start:") || name.includes("~start")) return "start code";
  if (/~lib\/rt\/itcms/.test(name)) return "GC (itcms)";
  if (/~lib\/rt\/tlsf/.test(name)) return "allocator (tlsf)";
  if (/~lib\/rt\/tcms|~lib\/rt\/stub/.test(name)) return "runtime";
  if (/~lib\/map|~lib\/set/.test(name)) return "Map/Set";
  if (/~lib\/string|~lib\/util\/string/.test(name)) return "strings";
  if (/as-bignum/.test(name)) return "as-bignum u128";
  if (/assembly\/codec|assembly\/entry/.test(name)) return "codec";
  if (/~lib\/memory|~lib\/util\/memory/.test(name)) return "memory utils";
  if (/~lib\//.test(name)) return "std";
  if (/assembly\//.test(name) && !/examples\//.test(name)) return "SDK";
  return "contract";
}

export function summarize(p: CallProfile, top = 6): string {
  const groups = new Map<string, bigint>();
  for (const [n, v] of p.byFunction) groups.set(groupOf(n), (groups.get(groupOf(n)) ?? 0n) + v);
  if (p.host) groups.set("host (events, queries)", p.host);
  const sorted = [...groups].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
  const fns = [...p.byFunction].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).slice(0, top);
  return `${sorted.map(([g, v]) => `${g} ${v}`).join(", ")}\n      top functions: ${fns.map(([n, v]) => `${n.replace(/^.*\//, "")} ${v}`).join(", ")}`;
}
