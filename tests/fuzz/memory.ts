// Memory fuzzing against a model of Piecrust 0.32's memory (the rules the reentry_grow/* and oob/*
// vectors pin, piecrust-vm.md §16): random call sequences on one contract whose programs store,
// load, grow, fill and copy near, just past and far beyond memory.size and across 4 GiB, and re-enter
// the contract (directly or through a bouncer) with inner programs that grow and then panic, trap
// or return, followed by growth and writes in the caller. The model, written from the rules alone:
// - plain loads and stores succeed anywhere below 4 GiB; one crossing 4 GiB traps;
// - memory.size answers the length the running instance saw (set at the top-level call's start and
//   by every grow); memory.grow grows from the contract's length and returns it (or -1 past 65536
//   pages), and does not clear what it brings inside;
// - bulk memory traps when dst + n (or src + n) exceeds the instance's length;
// - a failed frame restores the bytes and the contract's length, not the instance's view of it;
// - every page written by a call that did not fail is in the page tree (memoryPages) with the
//   model's bytes, after commits and reopening too; memoryLen is the contract's length.
// Every call's returned log (or error code) must equal the model's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex, VM, VMError } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";
import { bump, describe, type FuzzFailure, type FuzzOptions, type FuzzReport } from "./report.js";
import { mix, random as rng, type Random as Rng } from "../helpers/rng.js";

const PAGE = 65536;
const MAX_PAGES = 65536;
const GiB4 = 2 ** 32;
const SELF = new Uint8Array(32).fill(0x11);
const BOUNCER = new Uint8Array(32).fill(0x22);
const OWNER = new Uint8Array([7, 7]);
const GAS = 10_000_000n;
const STEPS = 30;
/** Pages 1.. hold what the programs address; page 0 holds the argbuf and the interpreter's state. */
const INITIAL_PAGES = 2;

const esc = (b: Uint8Array) => [...b].map((x) => "\\" + x.toString(16).padStart(2, "0")).join("");
const IDS = `(data (i32.const 0x1000) "${esc(SELF)}${esc(BOUNCER)}") (data (i32.const 0x1040) "inner\\00\\00\\00bounce")`;

const enum Op {
  St8,
  Ld8,
  Size,
  Grow,
  Fill,
  Copy,
  Call,
  Panic,
  Trap,
  St32,
  Ld32,
}

/** Instructions are 12 bytes: [op u8][a u8][n u16][x u32][y u32]. */
const TARGET = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "panic" (func $panic (param i32)))
  (memory (export "memory") ${INITIAL_PAGES})
  (global (export "A") i32 (i32.const 0))
  ${IDS}
  (func $put (param $v i32) (param $log i32) (param $n i32) (result i32)
    (if (result i32) (local.get $log)
      (then (i32.store (i32.add (i32.const 0x5000) (i32.shl (local.get $n) (i32.const 2))) (local.get $v))
            (i32.add (local.get $n) (i32.const 1)))
      (else (local.get $n))))
  ;; runs the program at $prog; logs (when $log) from 0x5000; returns how many words it logged
  (func $exec (param $prog i32) (param $len i32) (param $log i32) (result i32)
    (local $pc i32) (local $n i32) (local $at i32) (local $a i32) (local $cnt i32) (local $x i32) (local $y i32)
    (local $k i32) (local $rc i32)
    (block $done (loop $next
      (br_if $done (i32.gt_u (i32.add (local.get $pc) (i32.const 12)) (local.get $len)))
      (local.set $at (i32.add (local.get $prog) (local.get $pc)))
      (local.set $a (i32.load8_u offset=1 (local.get $at)))
      (local.set $cnt (i32.load16_u offset=2 (local.get $at)))
      (local.set $x (i32.load offset=4 (local.get $at)))
      (local.set $y (i32.load offset=8 (local.get $at)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 12)))
      (block $sw (block $10 (block $9 (block $8 (block $7 (block $6 (block $5 (block $4 (block $3 (block $2 (block $1 (block $0
        (br_table $0 $1 $2 $3 $4 $5 $6 $7 $8 $9 $10 $sw (i32.load8_u (local.get $at))))
        (i32.store8 (local.get $x) (local.get $a)) (br $sw))
        (local.set $n (call $put (i32.load8_u (local.get $x)) (local.get $log) (local.get $n))) (br $sw))
        (local.set $n (call $put (memory.size) (local.get $log) (local.get $n))) (br $sw))
        (local.set $n (call $put (memory.grow (i32.rem_u (local.get $a) (i32.const 3))) (local.get $log) (local.get $n))) (br $sw))
        (memory.fill (local.get $x) (local.get $a) (local.get $cnt)) (br $sw))
        (memory.copy (local.get $x) (local.get $y) (local.get $cnt)) (br $sw))
        ;; call: the next (a % 4 + 1) instructions are the inner program; only the outer frame calls
        (br_if $sw (i32.eqz (local.get $log)))
        (local.set $k (i32.mul (i32.add (i32.rem_u (local.get $a) (i32.const 4)) (i32.const 1)) (i32.const 12)))
        (if (i32.gt_u (local.get $k) (i32.sub (local.get $len) (local.get $pc)))
          (then (local.set $k (i32.sub (local.get $len) (local.get $pc)))))
        (memory.copy (i32.const 0x3000) (i32.add (local.get $prog) (local.get $pc)) (local.get $k))
        (i32.store (i32.const 0x2ffc) (local.get $k))
        (local.set $pc (i32.add (local.get $pc) (local.get $k)))
        (local.set $rc
          (if (result i32) (i32.and (local.get $cnt) (i32.const 1))
            (then (call $c (i32.const 0x1020) (i32.const 0x1048) (i32.const 6) (i32.const 0) (i64.const 0)))
            (else (call $c (i32.const 0x1000) (i32.const 0x1040) (i32.const 5) (i32.const 0) (i64.const 0)))))
        (local.set $n (call $put (local.get $rc) (local.get $log) (local.get $n)))
        (if (i32.ge_s (local.get $rc) (i32.const 0))
          (then (local.set $n (call $put (i32.load (i32.const 0)) (local.get $log) (local.get $n)))))
        (br $sw))
        (call $panic (i32.const 0)) (br $sw))
        unreachable)
        (i32.store (local.get $x) (local.get $y)) (br $sw))
        (local.set $n (call $put (i32.load (local.get $x)) (local.get $log) (local.get $n))))
      (br $next)))
    (local.get $n))
  (func (export "run") (param $len i32) (result i32) (local $n i32)
    (memory.copy (i32.const 0x2000) (i32.const 0) (local.get $len))
    (local.set $n (i32.shl (call $exec (i32.const 0x2000) (local.get $len) (i32.const 1)) (i32.const 2)))
    (memory.copy (i32.const 0) (i32.const 0x5000) (local.get $n))
    (local.get $n))
  (func (export "inner") (param i32) (result i32)
    (drop (call $exec (i32.const 0x3000) (i32.load (i32.const 0x2ffc)) (i32.const 0)))
    (i32.store (i32.const 0) (memory.size)) (i32.const 4)))`;

const BOUNCE = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (memory (export "memory") 1)
  (global (export "A") i32 (i32.const 0))
  ${IDS}
  (func (export "bounce") (param i32) (result i32)
    (i32.store (i32.const 0) (call $c (i32.const 0x1000) (i32.const 0x1040) (i32.const 5) (i32.const 0) (i64.const 0)))
    (i32.const 4)))`;

interface Instr {
  op: Op;
  a: number;
  n: number;
  x: number;
  y: number;
}

const PANIC_RC = -1;
const TRAP_RC = -2147483648;

class Violation extends Error {}

function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Violation(message);
}

/** Why a frame of the model ended. */
type End = "ok" | "Panic" | "RuntimeError";

/** Piecrust's memory as the vectors pin it, for the one target contract. */
class Model {
  /** The contract's length in pages (Piecrust's current_len). */
  len = INITIAL_PAGES;
  /** What the running instance sees (wasmtime's VMMemoryDefinition length), in pages. */
  private seen = INITIAL_PAGES;
  readonly pages = new Map<number, Uint8Array>();
  /** Pages written by calls that did not fail (and by the deploy): the page tree's pages. */
  readonly tree = new Set<number>([0]);
  /** Per running frame: the first-write originals of its pages. */
  private frames: Array<Map<number, Uint8Array | undefined>> = [];

  /** `count` tallies the classes of re-entry the sequences reach, for the report. */
  constructor(private readonly count: (what: string) => void) {}

  private byte(addr: number): number {
    return this.pages.get(Math.floor(addr / PAGE))?.[addr % PAGE] ?? 0;
  }

  private setByte(addr: number, v: number): void {
    const p = Math.floor(addr / PAGE);
    const frame = this.frames[this.frames.length - 1];
    if (!frame.has(p)) frame.set(p, this.pages.get(p)?.slice());
    let page = this.pages.get(p);
    if (!page) this.pages.set(p, (page = new Uint8Array(PAGE)));
    page[addr % PAGE] = v;
  }

  private enter(): void {
    this.frames.push(new Map());
  }

  private leave(end: End, lenAtEntry: number): void {
    const frame = this.frames.pop()!;
    const below = this.frames[this.frames.length - 1];
    if (end !== "ok") {
      for (const [p, orig] of frame) {
        if (orig) this.pages.set(p, orig);
        else this.pages.delete(p);
      }
      this.len = lenAtEntry;
      return;
    }
    if (below) {
      for (const [p, orig] of frame) if (!below.has(p)) below.set(p, orig);
    } else for (const p of frame.keys()) this.tree.add(p);
  }

  /** A top-level call of `run`: the log, or the error code. */
  call(prog: Instr[]): { end: End; log: number[] } {
    this.seen = this.len;
    const len = this.len;
    this.enter();
    const log: number[] = [];
    const end = this.exec(prog, log);
    this.leave(end, len);
    return { end, log: end === "ok" ? log : [] };
  }

  private exec(prog: Instr[], log: number[] | null): End {
    const put = (v: number) => log?.push(v | 0);
    for (let pc = 0; pc < prog.length; pc++) {
      const { op, a, n, x, y } = prog[pc];
      const limit = this.seen * PAGE;
      switch (op) {
        case Op.St8:
          this.setByte(x, a);
          break;
        case Op.Ld8:
          put(this.byte(x));
          break;
        case Op.Size:
          put(this.seen);
          break;
        case Op.Grow: {
          const d = a % 3;
          const old = this.len;
          if (old + d <= MAX_PAGES) this.len = old + d;
          this.seen = this.len;
          put(old + d <= MAX_PAGES ? old : -1);
          break;
        }
        case Op.Fill:
          if (x + n > limit) return "RuntimeError";
          for (let i = 0; i < n; i++) this.setByte(x + i, a);
          break;
        case Op.Copy: {
          if (x + n > limit || y + n > limit) return "RuntimeError";
          const src = Array.from({ length: n }, (_, i) => this.byte(y + i));
          src.forEach((v, i) => this.setByte(x + i, v));
          break;
        }
        case Op.Call: {
          if (log === null) break;
          const k = Math.min((a % 4) + 1, prog.length - pc - 1);
          const inner = prog.slice(pc + 1, pc + 1 + k);
          pc += k;
          const len = this.len;
          this.enter();
          const end = this.exec(inner, null);
          const grew = this.len > len;
          this.leave(end, len);
          this.count(`re-entry ${n & 1 ? "via bouncer" : "self"}${grew ? " grew" : ""} ${end}`);
          if (grew && end !== "ok" && prog.slice(pc + 1).some((i) => i.op === Op.Grow)) this.count("caller grows after a failed re-entered grow");
          const rc = end === "ok" ? 4 : end === "Panic" ? PANIC_RC : TRAP_RC;
          if (n & 1) {
            put(4); // the bouncer returns, relaying the inner rc
            put(rc);
          } else {
            put(rc);
            if (end === "ok") put(this.seen);
          }
          break;
        }
        case Op.Panic:
          return "Panic";
        case Op.Trap:
          return "RuntimeError";
        case Op.St32:
          if (x + 4 > GiB4) return "RuntimeError";
          for (let i = 0; i < 4; i++) this.setByte(x + i, (y >>> (8 * i)) & 0xff);
          break;
        case Op.Ld32: {
          if (x + 4 > GiB4) return "RuntimeError";
          let v = 0;
          for (let i = 3; i >= 0; i--) v = (v << 8) | this.byte(x + i);
          put(v);
          break;
        }
      }
    }
    return "ok";
  }
}

/** Addresses around the places the rules distinguish: inside, at and past the length, far, at 4 GiB. */
function address(r: Rng, far: number[]): number {
  const x = r.next();
  if (x < 0.25) return PAGE + r.int(PAGE - 8);
  if (x < 0.6) return (2 + r.int(5)) * PAGE + (r.chance(0.5) ? r.int(16) : PAGE - 1 - r.int(16));
  if (x < 0.88) return r.pick(far) * PAGE + r.int(PAGE);
  return GiB4 - 1 - r.int(8);
}

function count(r: Rng): number {
  const x = r.next();
  return x < 0.15 ? 0 : x < 0.75 ? r.int(64) : x < 0.93 ? r.int(300) : r.int(65536);
}

function instr(r: Rng, far: number[], op?: Op): Instr {
  const ops = [Op.St8, Op.St8, Op.St8, Op.Ld8, Op.Ld8, Op.Size, Op.Grow, Op.Grow, Op.Fill, Op.Fill, Op.Copy, Op.Call, Op.Call, Op.St32, Op.Ld32];
  const chosen = op ?? (r.chance(0.04) ? r.pick([Op.Panic, Op.Trap]) : r.pick(ops));
  return { op: chosen, a: r.int(256), n: count(r), x: address(r, far), y: r.chance(0.5) ? address(r, far) : r.u32() };
}

/** A program; calls are followed by their inner program, which tends to grow first and fail last. */
function program(r: Rng, far: number[]): Instr[] {
  const out: Instr[] = [];
  const n = 1 + r.int(10);
  while (out.length < n) {
    const it = instr(r, far);
    out.push(it);
    if (it.op !== Op.Call) continue;
    const k = (it.a % 4) + 1;
    for (let i = 0; i < k; i++) {
      const last = i === k - 1;
      const op = i === 0 && r.chance(0.6) ? Op.Grow : last && r.chance(0.5) ? r.pick([Op.Panic, Op.Trap]) : undefined;
      out.push(instr(r, far, op));
    }
    // then growth and writes in the caller
    if (r.chance(0.6)) out.push(instr(r, far, Op.Grow));
    if (r.chance(0.6)) out.push(instr(r, far, r.pick([Op.St8, Op.Size, Op.Ld8])));
  }
  return out;
}

function encode(prog: Instr[]): Uint8Array {
  const out = new Uint8Array(12 * prog.length);
  const dv = new DataView(out.buffer);
  prog.forEach((it, i) => {
    dv.setUint8(12 * i, it.op);
    dv.setUint8(12 * i + 1, it.a);
    dv.setUint16(12 * i + 2, it.n, true);
    dv.setUint32(12 * i + 4, it.x >>> 0, true);
    dv.setUint32(12 * i + 8, it.y >>> 0, true);
  });
  return out;
}

function words(data: Uint8Array): number[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return Array.from({ length: data.length / 4 }, (_, i) => dv.getInt32(4 * i, true));
}

/** The page tree and lengths must be the model's: pages, and bytes beyond page 0. */
function checkTree(s: Session, m: Model, why: string): void {
  check(s.memoryLen(SELF) === m.len * PAGE, `${why}: memoryLen ${s.memoryLen(SELF)}, model ${m.len * PAGE}`);
  const got = s.memoryPages(SELF)!;
  const want = [...m.tree].sort((a, b) => a - b);
  check(JSON.stringify(got.map((p) => p.index)) === JSON.stringify(want), `${why}: pages ${got.map((p) => p.index)}, model ${want}`);
  for (const p of got) {
    const page = m.pages.get(p.index) ?? new Uint8Array(PAGE);
    check(p.opening.verify(p.page), `${why}: page ${p.index}'s bytes are not what the root commits to`);
    if (p.index === 0) continue;
    const at = p.page.findIndex((b, i) => b !== page[i]);
    check(at < 0, `${why}: page ${p.index} byte ${at} is ${p.page[at]}, model ${page[at]}`);
  }
}

async function runSequence(seed: number, stats: Record<string, number>, codes: { target: Uint8Array; bouncer: Uint8Array }): Promise<void> {
  const r = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), "piecrust-as-fuzz-memory-"));
  let vm = await VM.open(dir);
  const far = [7 + r.int(MAX_PAGES - 8), 7 + r.int(MAX_PAGES - 8), MAX_PAGES - 1];
  const m = new Model((what) => bump(stats, what));
  const log: string[] = [];
  let s = await vm.session();
  try {
    s.deploy(codes.target, { owner: OWNER, contractId: SELF }, GAS);
    s.deploy(codes.bouncer, { owner: OWNER, contractId: BOUNCER }, GAS);
    for (let k = 0; k < STEPS; k++) {
      const x = r.next();
      if (x < 0.8) {
        const prog = program(r, far);
        const before = toHex(s.root());
        const want = m.call(prog);
        let got: { end: End; log: number[] };
        try {
          got = { end: "ok", log: words(s.callRaw(SELF, "run", encode(prog), GAS).data) };
        } catch (e) {
          check(e instanceof VMError, `run threw a non-VMError: ${describe(e)}`);
          got = { end: e.code as End, log: [] };
          check(toHex(s.root()) === before, `a failed call (${e.code}) changed the root`);
        }
        const text = (o: { end: End; log: number[] }) => `${o.end} [${o.log.join(",")}]`;
        log.push(`run ${JSON.stringify(prog.map((i) => [i.op, i.a, i.n, i.x >>> 0, i.y >>> 0]))} -> ${text(got)}`);
        check(text(got) === text(want), `step ${k}: host-sim ${text(got)}, model ${text(want)}`);
        check(s.memoryLen(SELF) === m.len * PAGE, `step ${k}: memoryLen ${s.memoryLen(SELF)}, model ${m.len * PAGE}`);
        bump(stats, `run ${want.end}`);
        bump(stats, `instructions`);
        stats.instructions += prog.length - 1;
      } else if (x < 0.93) {
        checkTree(s, m, `step ${k} before commit`);
        const root = s.commit();
        s = await vm.session({ base: root });
        checkTree(s, m, `step ${k} after commit`);
        log.push(`commit ${toHex(root)}`);
        bump(stats, "commit");
      } else {
        const root = s.commit();
        vm.close();
        vm = await VM.open(dir);
        s = await vm.session({ base: root });
        check(toHex(s.root()) === toHex(root), `step ${k}: reopened root ${toHex(s.root())}, committed ${toHex(root)}`);
        checkTree(s, m, `step ${k} after reopening`);
        log.push("reopen");
        bump(stats, "reopen");
      }
    }
  } catch (e) {
    if (e instanceof Violation) throw new Violation(`${e.message}\n  last steps:\n    ${log.slice(-3).join("\n    ")}`);
    throw e;
  } finally {
    s.close();
    vm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function fuzzMemory(opts: FuzzOptions): Promise<FuzzReport> {
  const start = opts.start ?? 0;
  const codes = { target: await wat(TARGET), bouncer: await wat(BOUNCE) };
  const stats: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  for (let i = start; i < start + opts.iterations; i++) {
    opts.onProgress?.(i);
    try {
      await runSequence(mix(opts.seed, i), stats, codes);
    } catch (e) {
      failures.push({ suite: "memory", seed: opts.seed, iteration: i, message: e instanceof Violation ? e.message : `harness: ${describe(e)}` });
      if (failures.length >= (opts.maxFailures ?? 10)) break;
    }
  }
  return { suite: "memory", seed: opts.seed, start, iterations: opts.iterations, stats, failures };
}
