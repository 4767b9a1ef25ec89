// Differential gas fuzzing: random call-heavy programs (recursion, call_indirect, nested loops, early
// returns, traps, stores, and host imports that read the fuel) run under two VMs: the default one,
// which threads the fuel through direct calls and batches the checks of small loops, and a plain one
// that keeps the fuel in the store-visible global across every call and checks every loop header, as
// wasmtime does. At every limit from 0 past the total and at sampled ones, the two must give the same
// data (which holds what `spent`/`limit` observed), gas, error and root. Some programs also get a
// linear recursion with a random frame (locals, operands live across the call) run at the depth where
// it starts to overflow host-sim's stack budget, and one past it, shallow and from a deep JS stack.
import { toHex, VM, VMError } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";
import { bump, describe, type FuzzFailure, type FuzzOptions, type FuzzReport } from "./report.js";
import { mix, random as rng, type Random as Rng } from "../helpers/rng.js";

const OWNER = new Uint8Array([9]);
const ID = new Uint8Array(32).fill(0x47);
const BIG = 100_000_000n;
/** Every limit up to this is tried; above it, a sample. */
const SWEEP = 160n;
/** A VM caches every prepared module; fresh ones now and then bound the memory a long run holds. */
const VM_REUSE = 100;

/**
 * A linear recursion `$deep` whose frame is random (locals of every type, `live` operands held across
 * the recursive call) and which runs $f0 at the bottom; the export `deep` takes (x, n).
 */
function deepRecursion(r: Rng): string {
  const types = ["i32", "i64", "f32", "f64", ...(r.chance(0.2) ? ["v128"] : [])];
  const locals = Array.from({ length: r.int(40) }, () => r.pick(types)).join(" ");
  let call = "(call $deep (i32.sub (local.get $n) (i32.const 1)) (local.get $x))";
  for (let k = r.int(12); k > 0; k--) call = `(i32.add (i32.const ${r.int(100)}) ${call})`;
  return `(func $deep (param $n i32) (param $x i32) (result i32) ${locals ? `(local ${locals})` : ""}
      (if (result i32) (i32.eqz (local.get $n)) (then (call $f0 (i32.const 1) (local.get $x))) (else ${call})))
    (func (export "deep") (param i32) (result i32)
      (i32.store (i32.const 1024) (call $deep (i32.load (i32.const 4)) (i32.load (i32.const 0))))
      (memory.copy (i32.const 0) (i32.const 1024) (i32.const 24))
      (i32.const 24))`;
}

/** A random program: `run` calls $f0 with a call depth and the argument; observations land at 1024. */
export function program(r: Rng, deep?: Rng): string {
  const n = 1 + r.int(5);
  const funcs: string[] = [];
  for (let f = 0; f < n; f++) {
    let labels = 0;
    /** Blocks around the loops being generated: breaking out of one leaves its loop. */
    const exits: string[] = [];
    const stmts = (depth: number, count: number): string => {
      const out: string[] = [];
      for (let s = 0; s < count; s++) out.push(stmt(depth));
      return out.join(" ");
    };
    // A trap right after a call is where a callee's exit save decides the classification.
    const maybeTrap = (): string => {
      const mask = r.pick([1, 3, 7, 31]);
      // the last two end in `unreachable` after a call: exit ifs (host-sim/if-kinds.ts), which a
      // batched loop may hold and which are entered with every deferred charge paid
      const trap = r.pick([
        "(drop (i32.load (i32.const 70000)))",
        "(unreachable)",
        "(drop (i32.div_u (local.get $x) (i32.const 0)))",
        `(if (local.get $d) (then (drop (call $f${r.int(n)} (i32.sub (local.get $d) (i32.const 1)) (local.get $x))))) (unreachable)`,
        "(i64.store (i32.const 1040) (call $spent)) (unreachable)",
      ]);
      return `(if (i32.eq (i32.and (local.get $x) (i32.const ${mask})) (i32.const ${r.int(mask + 1)})) (then ${trap}))`;
    };
    const stmt = (depth: number): string => {
      const k = r.int(1 << 16);
      switch (r.int(depth >= 2 ? 9 : 13)) {
        case 0:
          return `(local.set $x (${r.pick(["i32.add", "i32.mul", "i32.xor", "i32.rotl", "i32.sub"])} (local.get $x) (i32.const ${k})))`;
        case 1:
          return `(if (local.get $d) (then (local.set $x (call $f${r.int(n)} (i32.sub (local.get $d) (i32.const 1)) (local.get $x))) ${r.chance(0.4) ? maybeTrap() : ""}))`;
        case 2:
          // now and then an index past the table: the call traps before any callee runs, where the
          // fuel it sees must have been saved (host-sim/module.ts twin table)
          return `(if (local.get $d) (then (local.set $x (call_indirect (type $ft) (i32.sub (local.get $d) (i32.const 1)) (local.get $x) (i32.const ${r.chance(0.1) ? n : r.int(n)}))) ${r.chance(0.4) ? maybeTrap() : ""}))`;
        case 3:
          return `(i64.store (i32.const 1032) (i64.add (i64.load (i32.const 1032)) (call $${r.pick(["spent", "limit"])})))`;
        case 4:
          // two pages, so a store in a batched loop can miss the cached page and rerun its iteration
          return `(i32.store${r.pick(["", "8", "16"])} offset=${r.int(64)} (i32.and (local.get $x) (i32.const 0x1ff00)) (local.get $x))`;
        case 5:
          return `(global.set $g (i32.add (global.get $g) (local.get $x)))`;
        case 6:
          return maybeTrap();
        case 7: {
          // the second form leaves code after a block that never falls through: dead for wasmtime,
          // still type-checked as live
          const exit = r.chance(0.5)
            ? `${r.chance(0.4) ? `(if (local.get $d) (then (local.set $x (call $f${r.int(n)} (i32.sub (local.get $d) (i32.const 1)) (local.get $x)))))` : ""} (return (i32.add (local.get $x) (i32.const ${k})))`
            : `(block (return (i32.add (local.get $x) (i32.const ${k})))) (local.set $x (i32.const 0)) (return (local.get $x))`;
          return `(if (i32.eq (i32.and (local.get $x) (i32.const 7)) (i32.const ${r.int(8)})) (then ${exit}))`;
        }
        case 8: {
          const b = `$b${labels++}`;
          const cond = `(i32.and (local.get $x) (i32.const ${1 << r.int(8)}))`;
          // leaving a loop from inside it, directly or through a br_table, is where a batched loop
          // must hand back the exact fuel
          const out = exits.length > 0 && r.chance(0.5) ? r.pick(exits) : b;
          const leave = r.chance(0.5)
            ? `(br_if ${out} ${cond})`
            : `(br_table ${b} ${out} ${b} (i32.and (local.get $x) (i32.const 3)))`;
          // a bare br_if can sit at a loop body's top level, where a batched loop defers charges
          if (out !== b && r.chance(0.5)) return `(br_if ${out} ${cond})`;
          // an if whose consequent ends in a branch out of the loop: the rewrite charges across it
          if (out !== b && r.chance(0.5)) return `(if ${cond} (then ${stmts(depth + 1, 1)} (br ${out})))`;
          return `(block ${b} ${leave} (local.set $x (i32.add (local.get $x) (i32.const 1))))`;
        }
        case 9:
        case 10:
          return `(if (i32.and (local.get $x) (i32.const ${1 << r.int(16)})) (then ${stmts(depth + 1, 1 + r.int(3))}) (else ${stmts(depth + 1, r.int(3))}))`;
        default: {
          const l = `$l${labels++}`;
          const e = `$e${labels++}`;
          const i = `$i${depth}`;
          // long loops of small bodies are the ones whose fuel checks get batched
          const trips = r.chance(0.3) ? 8 + r.int(40) : 1 + r.int(3);
          exits.push(e);
          const body = stmts(depth + 1, 1 + r.int(3));
          exits.pop();
          return `(local.set ${i} (i32.const ${trips})) (block ${e} (loop ${l} ${body} (local.set ${i} (i32.sub (local.get ${i}) (i32.const 1))) (br_if ${l} (local.get ${i}))))`;
        }
      }
    };
    funcs.push(`(func $f${f} (type $ft) (param $d i32) (param $x i32) (result i32) (local $i0 i32) (local $i1 i32) (local $i2 i32) ${stmts(0, 2 + r.int(5))} (local.get $x))`);
  }
  const table = Array.from({ length: n }, (_, f) => `$f${f}`).join(" ");
  return `(module
    (import "env" "spent" (func $spent (result i64)))
    (import "env" "limit" (func $limit (result i64)))
    (type $ft (func (param $d i32) (param $x i32) (result i32)))
    (memory (export "memory") 2)
    (global (export "A") i32 (i32.const 0))
    (global $g (mut i32) (i32.const 0))
    (table ${n} funcref) (elem (i32.const 0) ${table})
    ${funcs.join("\n    ")}
    (func (export "run") (param i32) (result i32)
      (i32.store (i32.const 1024) (call $f0 (i32.const ${1 + r.int(3)}) (i32.load (i32.const 0))))
      (i32.store (i32.const 1028) (global.get $g))
      (memory.copy (i32.const 0) (i32.const 1024) (i32.const 24))
      (i32.const 24))
    ${deep ? deepRecursion(deep) : ""})`;
}

function outcome(session: Session, arg: Uint8Array, gas: bigint, fn = "run"): string {
  try {
    const r = session.callRaw(ID, fn, arg, gas);
    return `ok ${r.gasSpent} ${toHex(r.data)}`;
  } catch (e) {
    if (!(e instanceof VMError)) throw e;
    return `${e.code} ${e.message}`;
  }
}

const OVERFLOW = "call stack exhausted";

function deepArg(arg: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(8);
  out.set(arg);
  new DataView(out.buffer).setUint32(4, n, true);
  return out;
}

function padded<T>(depth: number, f: () => T): T {
  if (depth === 0) return f();
  const r = padded(depth - 1, f);
  return r;
}

/**
 * Finds the smallest n at which `deep` overflows (on a session of its own), then runs n - 1 and n
 * on both VMs' sessions, shallow and from 1,500 JS frames deep: all must agree. Returns what differed.
 */
async function deepBoundary(vm: VM, bytes: Uint8Array, arg: Uint8Array, a: Session, b: Session): Promise<string | null> {
  const probe = await vm.session();
  let at: number;
  try {
    probe.deploy(bytes, { owner: OWNER, contractId: ID }, BIG);
    const overflows = (n: number) => outcome(probe, deepArg(arg, n), BIG, "deep").includes(OVERFLOW);
    let lo = 0;
    let hi = 1 << 15;
    if (!overflows(hi)) return `deep(${hi}) does not overflow`;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (overflows(mid)) hi = mid;
      else lo = mid + 1;
    }
    at = lo;
  } finally {
    probe.close();
  }
  for (const n of [at - 1, at]) {
    const x = outcome(a, deepArg(arg, n), BIG, "deep");
    const y = outcome(b, deepArg(arg, n), BIG, "deep");
    if (x !== y) return `deep(${n}): the default VM gave "${x}", the plain one "${y}"`;
    if ((n === at) !== x.includes(OVERFLOW)) return `deep(${n}) gave "${x}" next to the boundary ${at}`;
    const z = padded(1500, () => outcome(a, deepArg(arg, n), BIG, "deep"));
    const w = outcome(b, deepArg(arg, n), BIG, "deep");
    if (z !== w) return `deep(${n}) from 1,500 JS frames gave "${z}", shallow "${w}"`;
  }
  if (toHex(a.root()) !== toHex(b.root())) return "the roots differ after the deep recursions";
  return null;
}

export async function fuzzGas(opts: FuzzOptions): Promise<FuzzReport> {
  const start = opts.start ?? 0;
  const stats: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let optimised: VM | undefined;
  let plain: VM | undefined;
  for (let i = start; i < start + opts.iterations; i++) {
    opts.onProgress?.(i);
    if (!optimised || !plain || (i - start) % VM_REUSE === 0) {
      optimised = await VM.ephemeral();
      plain = await VM.ephemeral({ threadFuel: false, batchLoops: false });
    }
    const r = rng(mix(opts.seed, i));
    const fail = (message: string) => failures.push({ suite: "gas", seed: opts.seed, iteration: i, message });
    // drawn apart from `r`, so the programs of earlier seeds stay what they were
    const d = rng(mix(opts.seed ^ 0x0de7e9, i));
    const src = program(r, d.chance(0.3) ? d : undefined);
    const bytes = await wat(src);
    const a = await optimised.session();
    const b = await plain.session();
    try {
      a.deploy(bytes, { owner: OWNER, contractId: ID }, BIG);
      b.deploy(bytes, { owner: OWNER, contractId: ID }, BIG);
      const arg = r.bytes(4);
      const full = outcome(a, arg, BIG);
      if (outcome(b, arg, BIG) !== full) fail(`the unlimited call differs\n${src}`);
      // before the sweep rewrites the same pages: a write let through unrecorded shows here
      if (toHex(a.root()) !== toHex(b.root())) fail(`the roots differ after the unlimited call\n${src}`);
      const total = full.startsWith("ok ") ? BigInt(full.split(" ")[1]) : SWEEP;
      bump(stats, full.startsWith("ok ") ? "programs that finish" : `programs failing with ${full.split(" ")[0]}`);
      const limits: bigint[] = [];
      for (let l = 0n; l <= total + 2n && l <= SWEEP; l++) limits.push(l);
      for (let k = 0; k < 24; k++) limits.push(BigInt(r.int(Number(total) + 8)));
      limits.push(total - 1n, total, total + 1n, BIG);
      for (const limit of limits) {
        if (limit < 0n) continue;
        const x = outcome(a, arg, limit);
        const y = outcome(b, arg, limit);
        bump(stats, x.startsWith("ok ") ? "calls ok" : `calls ${x.split(" ")[0]}`);
        if (x !== y) {
          fail(`limit ${limit}: the default VM gave "${x}", the plain one "${y}"\n${src}`);
          break;
        }
      }
      if (toHex(a.root()) !== toHex(b.root())) fail(`the roots differ after the sweep\n${src}`);
      if (src.includes('(export "deep")')) {
        const bad = await deepBoundary(optimised, bytes, arg, a, b);
        if (bad) fail(`${bad}\n${src}`);
        else bump(stats, "deep recursions checked at their overflow boundary");
      }
    } catch (e) {
      fail(`harness error: ${describe(e)}\n${src}`);
    } finally {
      a.close();
      b.close();
    }
    if (failures.length >= (opts.maxFailures ?? 10)) break;
  }
  return { suite: "gas", seed: opts.seed, start, iterations: opts.iterations, stats, failures };
}
