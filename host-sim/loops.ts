// Mirrors dusk-wasmtime's per-iteration fuel check at loop headers (crates/cranelift/src/func_environ.rs,
// translate_loop_header) and elides the checks that provably pass, so small loops pay it once per batch.
import { ByteReader, ByteWriter } from "./wasm/bytes.js";
import { newOp, Op, OpClass, readOp } from "./wasm/ops.js";

/** Loops whose instrumented body is longer than this are left alone: the check is cheap next to them. */
export const MAX_BATCHED_BODY = 160;

/** Bytes of body copies a batched loop may add: small bodies get more iterations per check. */
const COPY_BUDGET = 512;

/** At most this many iterations per check. */
const MAX_BATCH = 16;

/** Iterations per fuel check for a loop whose instrumented body has `size` bytes. */
export function batchSize(size: number): number {
  return Math.max(2, Math.min(MAX_BATCH, Math.floor(COPY_BUDGET / Math.max(size, 1))));
}

/**
 * Rewrites an instrumented innermost loop `loop [check] body end` (empty block type, no calls, so no
 * iteration charges more than `perIteration`) into, with k = batchSize(body),
 *
 *     block $out
 *       block $slow
 *         loop $fast
 *           br_if $slow (fuel ≤ (k-1)·perIteration)
 *           k × (block $next  body  br $out  end)   ;; `br loop` in body continues to the next copy
 *           br $fast
 *         end
 *       end
 *       loop [check] body end                      ;; the original, for the last few iterations
 *     end
 *
 * Exact: the header check traps when the fuel is ≤ 0. Entering a batch with more than
 * (k-1)·perIteration left, none of the k-1 headers inside it can see ≤ 0, and the fuel is
 * charged with the same amounts on every path as before. Nothing in the body saves the fuel (no
 * calls), so what an implicit trap sees is unchanged too. When the guard fails, the original loop
 * takes over at the same iteration and checks every header.
 *
 * Within the copies the charges are also deferred (see Copier), so a straight-line body pays one
 * subtraction per batch instead of one per iteration.
 */
export function batchLoop(loop: Uint8Array, bodyStart: number, perIteration: number, fuelLocal: number): Uint8Array {
  const body = loop.subarray(bodyStart, loop.length - 1);
  const batch = batchSize(body.length);
  const w = new ByteWriter(loop.length * (batch + 1) + 32);
  w.byte(0x02).byte(0x40).byte(0x02).byte(0x40).byte(0x03).byte(0x40);
  w.byte(0x20).u32(fuelLocal);
  w.byte(0x42).s64(BigInt((batch - 1) * perIteration)).byte(0x57); // i64.le_s
  w.byte(0x0d).u32(1);
  const copier = new Copier(body, fuelLocal, w);
  let deferred = 0;
  for (let i = 0; i < batch; i++) {
    w.byte(0x02).byte(0x40);
    deferred = copier.copy(deferred);
  }
  copier.charge(deferred);
  w.byte(0x0c).u32(0).byte(0x0b).byte(0x0b);
  retarget(loop, 0, 1, w); // here `loop` itself is copied, so its label counts as opened within
  w.byte(0x0b);
  return w.finish();
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
  private readonly carries: boolean;

  constructor(
    private readonly body: Uint8Array,
    private readonly fuel: number,
    private readonly w: ByteWriter,
  ) {
    this.carries = this.soleTopLevelBackEdge();
  }

  charge(amount: number): void {
    if (amount === 0) return;
    this.w.byte(0x20).u32(this.fuel).byte(0x42).s64(BigInt(amount)).byte(0x7d).byte(0x21).u32(this.fuel);
  }

  /** Emits one copy starting with `deferred` uncharged; returns what its back edge leaves uncharged. */
  copy(deferred: number): number {
    const { body, op, w } = this;
    const r = new ByteReader(body);
    let carried = 0;
    while (!r.eof) {
      const at = r.pos;
      readOp(r, op);
      const flushed = this.flushAmount(r, op);
      if (flushed !== null) {
        deferred += flushed;
        continue;
      }
      switch (op.cls) {
        case OpClass.Block:
        case OpClass.Loop:
        case OpClass.If: {
          const end = this.matchingEnd(r);
          const nested = body.subarray(at, end);
          if (!this.opaque(nested)) {
            w.bytes(nested);
          } else {
            this.charge(deferred);
            deferred = 0;
            retarget(nested, 1, 3, w);
          }
          r.pos = end;
          continue;
        }
        case OpClass.Br:
        case OpClass.BrIf:
        case OpClass.BrTable:
          if (this.carries && op.cls !== OpClass.BrTable && op.depths[0] === 0) {
            carried = deferred;
          } else {
            this.charge(deferred);
            deferred = 0;
          }
          retarget(body.subarray(at, r.pos), 1, 3, w);
          continue;
        default:
          if (this.readsFuel(op)) {
            this.charge(deferred);
            deferred = 0;
          }
          w.bytes(body.subarray(at, r.pos));
      }
    }
    this.charge(deferred);
    w.byte(0x0c).u32(3).byte(0x0b); // br $out
    return carried;
  }

  /** The amount of a `local.get fuel; i64.const c; i64.sub; local.set fuel` starting at `op`, consumed. */
  private flushAmount(r: ByteReader, op: Op): number | null {
    if (op.code !== 0x20 || op.index !== this.fuel || this.body[r.pos] !== 0x42) return null;
    const amount = new ByteReader(this.body, r.pos + 1).s64();
    const next = this.next;
    readOp(r, next);
    if (!r.eof) readOp(r, next);
    if (next.code === 0x7d && !r.eof) {
      readOp(r, next);
      if ((next.code as number) === 0x21 && next.index === this.fuel) return Number(amount);
    }
    r.pos = op.end;
    return null;
  }

  private readsFuel(op: Op): boolean {
    return op.code >= 0x20 && op.code <= 0x22 && op.index === this.fuel;
  }

  /** Where the construct whose opening op was just read ends (after its `end`). */
  private matchingEnd(r: ByteReader): number {
    const scan = new ByteReader(this.body, r.pos);
    const op = newOp();
    for (let open = 1; open > 0; ) {
      readOp(scan, op);
      if (op.cls === OpClass.Block || op.cls === OpClass.Loop || op.cls === OpClass.If) open++;
      else if (op.cls === OpClass.End) open--;
    }
    return scan.pos;
  }

  /** Whether a nested construct can observe the fuel: it touches the local, branches out or returns. */
  private opaque(nested: Uint8Array): boolean {
    const r = new ByteReader(nested);
    const op = newOp();
    let open = 0;
    while (!r.eof) {
      readOp(r, op);
      if (this.readsFuel(op) || op.cls === OpClass.Return) return true;
      if (op.cls === OpClass.Block || op.cls === OpClass.Loop || op.cls === OpClass.If) open++;
      else if (op.cls === OpClass.End) open--;
      else if (op.depths.some((d) => d >= open)) return true;
    }
    return false;
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

/**
 * Copies code, adding `shift` to every branch that leaves it: a branch with depth d, under n labels
 * opened within the copied code and `inside` more that stay around it, leaves when d ≥ n + `inside`.
 */
function retarget(code: Uint8Array, inside: number, shift: number, w: ByteWriter): void {
  const r = new ByteReader(code);
  const op = newOp();
  let open = 0;
  while (!r.eof) {
    readOp(r, op);
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
          w.byte(0x0e).u32(op.depths.length - 1);
          for (const d of op.depths) w.u32(moved(d));
        } else w.byte(op.code).u32(moved(op.depths[0]));
        continue;
      }
    }
    w.bytes(code.subarray(op.start, op.end));
  }
}
