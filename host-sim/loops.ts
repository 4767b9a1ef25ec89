// Mirrors dusk-wasmtime's per-iteration fuel check at loop headers (crates/cranelift/src/func_environ.rs,
// translate_loop_header) and elides the checks that provably pass, so small loops pay it once per batch.
import { ByteReader, ByteWriter } from "./wasm/bytes.js";
import { Code, EMPTY_BLOCK, newOp, Op, OpClass, readOp } from "./wasm/ops.js";

/**
 * fuel_increment_var as the rewrite emits it everywhere: `local.get fuel; i64.const amount; i64.sub;
 * local.set fuel`. Copier.flushAmount recognises exactly this sequence, so both sides use this.
 */
export function emitCharge(w: ByteWriter, fuel: number, amount: number): void {
  if (amount === 0) return;
  w.byte(Code.LocalGet).u32(fuel).byte(Code.I64Const).s64(BigInt(amount)).byte(Code.I64Sub).byte(Code.LocalSet).u32(fuel);
}

/**
 * A mark (metering.ts InstrumentedBody.marks) whose "input" is this notes an unlikely branch at its
 * output offset instead of where the code comes from: it travels through the copies with the other
 * marks, and the body's rewriter splits it off at the end.
 */
export const UNLIKELY = -1;

/** Loops whose instrumented body is longer than this are left alone: the check is cheap next to them. */
export const MAX_BATCHED_BODY = 320;

/** Bytes of body copies a batched loop may add: small bodies get more iterations per check. */
const COPY_BUDGET = 512;

/** At most this many iterations per check. */
const MAX_BATCH = 16;

/** Iterations per fuel check for a loop whose batched copy has `size` bytes. */
export function batchSize(size: number): number {
  return Math.max(2, Math.min(MAX_BATCH, Math.floor(COPY_BUDGET / Math.max(size, 1))));
}

/** What batchLoop needs to know about the function's locals and the loop's stores. */
export interface LoopContext {
  fuel: number;
  /** Locals from here on, except `lp`, are the rewrite's scratch: nothing outlives the op using them. */
  scratchFrom: number;
  lp: number;
  /** Body offsets of the `if` that opens each store check's slow path (see Emitter.store). */
  slowPaths: number[];
  /** Body offsets of the exit `if`s (if-kinds.ts), which may hold calls. */
  exitIfs: number[];
  /** Body offsets of each store check's `local.get lp; i64.sub; i64.const offset; i64.add`. */
  checks: Map<number, { end: number; offset: number }>;
  /** First of HOISTED_PAGES i64 scratch locals for `offset - lp`. */
  hoisted: number;
}

/** How many distinct store offsets a batched loop computes `offset - lp` for once per batch. */
export const HOISTED_PAGES = 4;

/**
 * Rewrites an instrumented innermost loop `loop [check] body end` (empty block type, no calls but
 * inside exit `if`s, so no iteration that comes back to the header charges more than
 * `perIteration`) into, with k = batchSize(body),
 *
 *     block $out
 *       loop $outer
 *         block $slow
 *           loop $fast
 *             br_if $slow (fuel ≤ (k-1)·perIteration)
 *             k × (block $next  body  br $out  end)   ;; `br loop` in body continues to the next copy
 *             br $fast
 *           end
 *         end
 *         [check] block $cont  body  br $out  end     ;; one iteration checked as before
 *         br $outer
 *       end
 *     end
 *
 * Exact: the header check traps when the fuel is ≤ 0. Entering a batch with more than
 * (k-1)·perIteration left, none of the k-1 headers inside it can see ≤ 0, and the fuel is
 * charged with the same amounts on every path as before. Nothing in the body saves the fuel but
 * inside an exit `if`, which the copies enter with every charge made, so what a save or an
 * implicit trap sees is unchanged too. When the guard fails, one iteration runs
 * with its header checked, then the guard is tried again.
 *
 * Within the copies the charges are also deferred (see Copier), so a straight-line body pays one
 * subtraction per batch instead of one per iteration. And a store that is an iteration's first
 * effect leaves the batch on a page miss instead of calling the host: the iteration has changed
 * nothing yet, so the checked iteration can run it again from its header, the host call inside it.
 * A batch then holds no call at all, which lets V8 keep its values in registers.
 */
export function batchLoop(loop: Uint8Array, bodyStart: number, perIteration: number, ctx: LoopContext, marks: number[]): BatchedLoop {
  const body = loop.subarray(bodyStart, loop.length - 1);
  const out: number[] = [];
  // the loop's own header (the `loop` and its fuel check) is where the batch's scaffolding maps to
  const head: number[] = [];
  const inBody: number[] = [];
  for (let i = 0; i < marks.length; i += 2) {
    if (marks[i] < bodyStart) head.push(0, marks[i + 1]);
    else inBody.push(marks[i] - bodyStart, marks[i + 1]);
  }
  // a copy can be much shorter than the body (a store's slow path becomes a branch): size by it
  const copier = new Copier(body, ctx, inBody);
  const trial = new ByteWriter(body.length + 16);
  copier.copy(trial, 0, []);
  const batch = batchSize(trial.len);
  const w = new ByteWriter(loop.length * 2 + trial.len * batch + 48);
  w.byte(Code.Block).byte(EMPTY_BLOCK).byte(Code.Loop).byte(EMPTY_BLOCK);
  w.byte(Code.Block).byte(EMPTY_BLOCK).byte(Code.Loop).byte(EMPTY_BLOCK);
  w.byte(Code.LocalGet).u32(ctx.fuel);
  w.byte(Code.I64Const).s64(BigInt((batch - 1) * perIteration)).byte(Code.I64LeS);
  const guard = w.len;
  w.byte(Code.BrIf).u32(1);
  // `lp` only changes in the checked iteration and on a later store's slow path; a value from
  // before that still names a page recorded in this snapshot, so the check stays sound
  for (const [offset, local] of copier.hoisted) {
    w.byte(Code.I64Const).s64(BigInt(offset)).byte(Code.LocalGet).u32(ctx.lp).byte(Code.I64Sub).byte(Code.LocalSet).u32(local); // offset - lp
  }
  out.push(...head, guard, UNLIKELY);
  let deferred = 0;
  for (let i = 0; i < batch; i++) {
    w.byte(Code.Block).byte(EMPTY_BLOCK);
    deferred = copier.copy(w, deferred, out);
  }
  copier.charge(w, deferred);
  w.byte(Code.Br).u32(0).byte(Code.End).byte(Code.End);
  for (let i = 0; i < head.length; i += 2) out.push(w.len, head[i + 1]);
  w.bytes(loop.subarray(2, bodyStart)); // the header check
  w.byte(Code.Block).byte(EMPTY_BLOCK);
  const ops: number[] = [];
  retarget(body, 1, 2, w, ops); // $cont stands where the loop's label was; $outer and $out are added
  marksIn(inBody, 0, body.length, placedBy(ops), out);
  marksIn(inBody, body.length, Infinity, () => w.len, out);
  w.byte(Code.Br).u32(2).byte(Code.End); // br $out
  w.byte(Code.Br).u32(0).byte(Code.End).byte(Code.End); // br $outer
  return { code: w.finish(), marks: out };
}

/** A batched loop and where each stretch of it comes from (metering.ts InstrumentedBody.marks). */
export interface BatchedLoop {
  code: Uint8Array;
  /** (output, input) pairs, output relative to `code`, input as given to batchLoop: every copy maps to its original. */
  marks: number[];
}

/** Appends to `out` the marks (pairs of position, input) in [from, to), placed by `place(position - from)`. */
function marksIn(marks: number[], from: number, to: number, place: (rel: number) => number, out: number[]): void {
  for (let i = 0; i < marks.length; i += 2) {
    if (marks[i] >= from && marks[i] < to) out.push(place(marks[i] - from), marks[i + 1]);
  }
}

/** Where retarget wrote the op at `rel` in its code, from its (op start, output position) pairs. */
function placedBy(ops: number[]): (rel: number) => number {
  return (rel) => {
    let k = 0;
    while (k + 2 < ops.length && ops[k + 2] <= rel) k += 2;
    return ops[k + 1] + (rel - ops[k]);
  };
}

/** `if` and the empty block type: where an exit `if`'s consequent starts. */
const IF_HEAD = 2;

/** Labels a copy adds between its body and the loop's outer labels: $fast, $slow, $outer, $out. */
const SHIFT = 4;

/** Ops that neither change state nor read the fuel: an iteration made only of them can be rerun. */
function harmless(code: number): boolean {
  return (
    code === Code.Nop || code === Code.Drop || code === Code.Select || code === Code.LocalGet || code === Code.GlobalGet ||
    code === Code.MemorySize || (code >= Code.I32Load && code <= Code.I64Load32U) || (code >= Code.I32Const && code <= Code.I64Extend32S) ||
    (code >= Code.I32TruncSatF32S && code <= Code.I64TruncSatF64U)
  );
}

/** What a piece of the loop body's top level is to the copies. */
const enum Kind {
  /** A charge at the body's top level: deferred. */
  Charge,
  /** Straight-line code; `observes` when it reads or writes the fuel local. */
  Code,
  /** A block, loop or if opened at the top level. */
  Nested,
  /** A branch at the top level. */
  Branch,
  /** A store check's `- lp + offset`: one `local.get; i64.add` when the batch computes `offset - lp`. */
  Check,
}

interface Item {
  kind: Kind;
  /** Charge: the amount. Check: the store's offset. */
  amount: number;
  /** As in the body, and with the branches that leave the loop retargeted for a copy. */
  bytes: Uint8Array;
  moved: Uint8Array;
  /** retarget's (op start, output position) pairs for `moved`, when it differs from `bytes`. */
  movedOps: number[];
  /** The body's marks within this item: (position relative to the item, input) pairs. */
  marks: number[];
  observes: boolean;
  /** Code: changes nothing an iteration rerun could see twice. Nested: a store's slow path. */
  rerunnable: boolean;
  /** Nested: an exit `if` (if-kinds.ts). */
  exit: boolean;
  /** Nested: can observe the fuel. Branch: the sole back edge, taking the deferred count along. */
  flag: boolean;
}

/**
 * Emits the loop body as one copy `body br $out end`, keeping the charges of its top level in a
 * static count ("deferred") instead of the fuel local until something can observe the fuel: a read
 * of the local (the saves and checks before returns and traps), a branch leaving the copy, the end
 * of the copy, or a nested block that does any of those. The local is not observable otherwise:
 * only saves copy it to the global. When the body's only back edge is a `br`/`br_if` at its top
 * level, the count also crosses into the next copy, so a straight-line body charges once per batch.
 */
class Copier {
  private readonly op = newOp();
  private readonly next = newOp();
  private readonly fuel: number;
  /** The body cut at the points that matter to deferring, analysed once for every copy. */
  private readonly items: Item[] = [];
  /** Store offsets whose `offset - lp` each batch computes once, and the local holding it. */
  readonly hoisted = new Map<number, number>();

  /** The body's marks at its end (after its last op): (0, input) pairs. */
  private readonly tail: number[] = [];

  /**
   * @param marks (position in the body, input) pairs, ascending: each copy gives each its place in it.
   */
  constructor(
    private readonly body: Uint8Array,
    private readonly ctx: LoopContext,
    marks: number[],
  ) {
    this.fuel = ctx.fuel;
    this.analyse(this.soleTopLevelBackEdge());
    const base = body.byteOffset;
    let k = 0;
    for (let i = 0; i < marks.length; i += 2) {
      while (k < this.items.length && marks[i] >= this.items[k].bytes.byteOffset - base + this.items[k].bytes.length) k++;
      if (k === this.items.length) this.tail.push(0, marks[i + 1]);
      else this.items[k].marks.push(marks[i] - (this.items[k].bytes.byteOffset - base), marks[i + 1]);
    }
  }

  private analyse(carries: boolean): void {
    const { body, op, ctx } = this;
    const r = new ByteReader(body);
    const item = (kind: Kind, bytes: Uint8Array, retargeted?: Retargeted): Item => {
      const it: Item = { kind, amount: 0, bytes, moved: retargeted?.code ?? bytes, movedOps: retargeted?.ops ?? [], marks: [], observes: false, rerunnable: false, exit: false, flag: false };
      this.items.push(it);
      return it;
    };
    while (!r.eof) {
      const at = r.pos;
      readOp(r, op);
      const flushed = this.flushAmount(r, op);
      if (flushed !== null) {
        item(Kind.Charge, body.subarray(at, r.pos)).amount = flushed;
        continue;
      }
      const check = ctx.checks.get(at);
      if (check !== undefined) {
        r.pos = check.end;
        const it = item(Kind.Check, body.subarray(at, r.pos));
        it.amount = check.offset;
        it.rerunnable = true;
        if (!this.hoisted.has(check.offset) && this.hoisted.size < HOISTED_PAGES) {
          this.hoisted.set(check.offset, ctx.hoisted + this.hoisted.size);
        }
        continue;
      }
      switch (op.cls) {
        case OpClass.Block:
        case OpClass.Loop:
        case OpClass.If: {
          const opaque = this.skipNested(r);
          const nested = body.subarray(at, r.pos);
          const it = item(Kind.Nested, nested, retargeted(nested, 1));
          it.rerunnable = ctx.slowPaths.includes(at);
          it.exit = ctx.exitIfs.includes(at);
          it.flag = opaque;
          break;
        }
        case OpClass.Br:
        case OpClass.BrIf:
        case OpClass.BrTable: {
          const bytes = body.subarray(at, r.pos);
          item(Kind.Branch, bytes, retargeted(bytes, 1)).flag = carries && op.cls !== OpClass.BrTable && op.depths[0] === 0;
          break;
        }
        default: {
          const observes = this.readsFuel(op);
          const writesLocal = op.code === Code.LocalSet || op.code === Code.LocalTee;
          const rerunnable = harmless(op.code) || (writesLocal && op.index >= ctx.scratchFrom && op.index !== ctx.lp);
          const last = this.items[this.items.length - 1];
          if (!observes && last?.kind === Kind.Code && !last.observes && last.bytes.byteOffset + last.bytes.length === body.byteOffset + at) {
            last.bytes = last.moved = body.subarray(last.bytes.byteOffset - body.byteOffset, r.pos);
            last.rerunnable &&= rerunnable;
          } else {
            const it = item(Kind.Code, body.subarray(at, r.pos));
            it.observes = observes;
            it.rerunnable = rerunnable;
          }
        }
      }
    }
  }

  charge(w: ByteWriter, amount: number): void {
    emitCharge(w, this.fuel, amount);
  }

  /**
   * Emits one copy starting with `deferred` uncharged; returns what its back edge leaves uncharged.
   * Appends to `marks` where each of the body's marks went in this copy.
   */
  copy(w: ByteWriter, deferred: number, marks: number[]): number {
    const incoming = deferred;
    let carried = 0;
    // nothing this iteration did is visible yet: leaving now and rerunning it changes nothing
    let rerunnable = true;
    for (const it of this.items) {
      // what `it` becomes is written from here on; `as` tells how its bytes moved
      const place = (as: "verbatim" | "moved" | "replaced") => {
        if (it.marks.length === 0) return;
        const at = w.len;
        const moved = as === "moved" ? placedBy(it.movedOps) : null;
        for (let i = 0; i < it.marks.length; i += 2) {
          const rel = it.marks[i];
          marks.push(as === "verbatim" ? at + rel : moved ? at + moved(rel) : at, it.marks[i + 1]);
        }
      };
      switch (it.kind) {
        case Kind.Charge:
          place("replaced");
          deferred += it.amount;
          break;
        case Kind.Nested:
          if (rerunnable && it.rerunnable) {
            // the store's page is not cached: leave for the checked iteration, uncharged
            place("replaced");
            w.byte(Code.If).byte(EMPTY_BLOCK);
            this.charge(w, incoming);
            w.byte(Code.Br).u32(3).byte(Code.End); // br $slow
            break;
          }
          if (it.exit) {
            // taken, it pays what the copy owes and never comes back; untaken, it changed nothing
            const at = w.len;
            w.bytes(it.bytes.subarray(0, IF_HEAD));
            this.charge(w, deferred);
            const paid = w.len - at - IF_HEAD;
            w.bytes(it.bytes.subarray(IF_HEAD));
            for (let i = 0; i < it.marks.length; i += 2) marks.push(at + it.marks[i] + (it.marks[i] < IF_HEAD ? 0 : paid), it.marks[i + 1]);
            break;
          }
          rerunnable = false;
          if (it.flag) {
            this.charge(w, deferred);
            deferred = 0;
            place("moved");
            w.bytes(it.moved);
          } else {
            place("verbatim");
            w.bytes(it.bytes);
          }
          break;
        case Kind.Branch:
          if (it.flag) carried = deferred;
          else {
            this.charge(w, deferred);
            deferred = 0;
          }
          place("moved");
          w.bytes(it.moved);
          rerunnable = false;
          break;
        case Kind.Check: {
          const local = this.hoisted.get(it.amount);
          place(local === undefined ? "verbatim" : "replaced");
          if (local === undefined) w.bytes(it.bytes);
          else w.byte(Code.LocalGet).u32(local).byte(Code.I64Add); // V8 makes one lea of it
          break;
        }
        default:
          if (it.observes) {
            this.charge(w, deferred);
            deferred = 0;
          }
          place("verbatim");
          w.bytes(it.bytes);
          rerunnable &&= it.rerunnable && !it.observes;
      }
    }
    this.charge(w, deferred);
    for (let i = 0; i < this.tail.length; i += 2) marks.push(w.len, this.tail[i + 1]);
    w.byte(Code.Br).u32(SHIFT).byte(Code.End); // br $out
    return carried;
  }

  /** The amount of a `local.get fuel; i64.const c; i64.sub; local.set fuel` starting at `op`, consumed. */
  private flushAmount(r: ByteReader, op: Op): number | null {
    if (op.code !== Code.LocalGet || op.index !== this.fuel || this.body[r.pos] !== Code.I64Const) return null;
    const amount = new ByteReader(this.body, r.pos + 1).s64();
    const next = this.next;
    readOp(r, next);
    if (!r.eof) readOp(r, next);
    if (next.code === Code.I64Sub && !r.eof) {
      readOp(r, next);
      if ((next.code as number) === Code.LocalSet && next.index === this.fuel) return Number(amount);
    }
    r.pos = op.end;
    return null;
  }

  private readsFuel(op: Op): boolean {
    return op.code >= Code.LocalGet && op.code <= Code.LocalTee && op.index === this.fuel;
  }

  /**
   * Moves `r` past the construct whose opening op it just read, and tells whether that construct can
   * observe the fuel: it touches the local, branches out of itself or returns.
   */
  private skipNested(r: ByteReader): boolean {
    const op = this.next;
    let opaque = false;
    for (let open = 1; open > 0; ) {
      readOp(r, op);
      if (this.readsFuel(op) || op.cls === OpClass.Return) opaque = true;
      if (op.cls === OpClass.Block || op.cls === OpClass.Loop || op.cls === OpClass.If) open++;
      else if (op.cls === OpClass.End) open--;
      else if (op.depths.some((d) => d >= open)) opaque = true;
    }
    return opaque;
  }

  /** Whether the body's back edges (branches to the loop's label) are a single top-level br/br_if. */
  private soleTopLevelBackEdge(): boolean {
    const r = new ByteReader(this.body);
    const op = newOp();
    let open = 0;
    let edges = 0;
    let topLevel = false;
    while (!r.eof) {
      readOp(r, op);
      if (op.cls === OpClass.Block || op.cls === OpClass.Loop || op.cls === OpClass.If) open++;
      else if (op.cls === OpClass.End) open--;
      else if (op.depths.includes(open)) {
        edges++;
        topLevel = open === 0 && op.cls !== OpClass.BrTable;
      }
    }
    return edges === 1 && topLevel;
  }
}

/** Code retargeted for a copy, with where each of its ops went (retarget's `ops`). */
interface Retargeted {
  code: Uint8Array;
  ops: number[];
}

/** `code` with the branches that leave the loop moved past the labels a copy adds. */
function retargeted(code: Uint8Array, inside: number): Retargeted {
  const w = new ByteWriter(code.length + 8);
  const ops: number[] = [];
  retarget(code, inside, SHIFT, w, ops);
  return { code: w.finish(), ops };
}

/**
 * Copies code, adding `shift` to every branch that leaves it: a branch with depth d, under n labels
 * opened within the copied code and `inside` more that stay around it, leaves when d ≥ n + `inside`.
 * Appends to `ops` each op's start in `code` and where it went in `w`.
 */
function retarget(code: Uint8Array, inside: number, shift: number, w: ByteWriter, ops: number[]): void {
  const r = new ByteReader(code);
  const op = newOp();
  let open = 0;
  while (!r.eof) {
    readOp(r, op);
    ops.push(op.start, w.len);
    switch (op.cls) {
      case OpClass.Block:
      case OpClass.Loop:
      case OpClass.If:
        open++;
        break;
      case OpClass.End:
        open--;
        break;
      case OpClass.Br:
      case OpClass.BrIf:
      case OpClass.BrTable: {
        const limit = open + inside;
        const moved = (d: number) => (d >= limit ? d + shift : d);
        if (op.cls === OpClass.BrTable) {
          w.byte(Code.BrTable).u32(op.depths.length - 1);
          for (const d of op.depths) w.u32(moved(d));
        } else w.byte(op.code).u32(moved(op.depths[0]));
        continue;
      }
    }
    w.bytes(code.subarray(op.start, op.end));
  }
}
