// Mirrors wasmtime's stack limit (`Config::max_wasm_stack`, 512 KiB in piecrust/src/vm.rs) with a rule
// that does not depend on the engine: every frame is charged a modelled size on entry to a counter
// in the instance, released on exit, and the entry that takes the counter past STACK_BUDGET traps as
// a stack overflow. V8's own stack limit is not deterministic (Liftoff frames are about 2.7× the
// size of TurboFan's, and the embedder's JS stack shares the same limit), so the model is sized on
// Liftoff's frames (the larger) and the budget leaves V8 room to spare: see docs/host-sim.md.
// The counter costs no gas: it is not part of the contract's code that Piecrust meters.
import { ByteReader, ByteWriter } from "./wasm/bytes.js";
import { FuncType, ValType, type Body } from "./wasm/module.js";
import { Code, EMPTY_BLOCK, Op, OpClass } from "./wasm/ops.js";

/**
 * What the frames of one call tree may use, in modelled bytes. V8's stack is 984 KiB; the model
 * overstates Liftoff's frames by 1.1-1.8×, so this leaves a few hundred KiB to the embedder's JS
 * frames and the host's (docs/host-sim.md has the figures).
 */
export const STACK_BUDGET = 768 * 1024;
/** The JS frames of one inter-contract call (the `c` import, the session, the callee's entry). */
export const HOST_CALL_COST = 4096;

/** Return address, frame pointer, frame marker and instance of a V8 wasm frame. */
const FRAME_HEADER = 32;
const SLOT = 8;
/** The rewrite's own locals (metering.ts instrumentBody): fuel, 3 i32, 3 i64, f32, f64. */
const INJECTED_LOCALS = 9;
/** ...plus a v128 and the hoisted page bases when the body writes memory or uses SIMD. */
const INJECTED_WRITE_LOCALS = 6;
/** ...and, in a memory64 contract, all of those and three i64 (a64, x64, n64). */
const INJECTED_WIDE_LOCALS = 3;
/** Values the injected checks push on top of the original operands at most. */
const INJECTED_PUSHES = 4;

const slots = (t: number) => (t === ValType.V128 ? 2 : 1);

/** Per-function operand-stack heights, to size the frames, gathered while metering.ts scans the code. */
export class FrameSizer {
  private h = 0;
  private max = 0;
  private simd = false;
  /** Height where each open block's operands start, and what it leaves there at its end. */
  private readonly ctl: Array<{ base: number; params: number; results: number }> = [];
  private code: Uint8Array = new Uint8Array(0);
  readonly costs: number[] = [];

  constructor(
    private readonly types: FuncType[],
    /** Type of every function index, imports first. */
    private readonly funcTypes: FuncType[],
    private readonly firstDefined: number,
    private readonly memory64 = false,
  ) {}

  begin(body: Body): void {
    this.h = 0;
    this.max = 0;
    this.simd = false;
    this.ctl.length = 0;
    this.ctl.push({ base: 0, params: 0, results: 0 });
    this.code = body.code;
  }

  /** Models the height after `op`, an upper bound of wasm's operand stack at that point. */
  op(op: Op): void {
    const c = op.code;
    switch (op.cls) {
      case OpClass.Block:
      case OpClass.Loop:
      case OpClass.If: {
        if (op.cls === OpClass.If) this.pop(1);
        const [params, results] = this.blockArity(op);
        this.ctl.push({ base: Math.max(0, this.h - params), params, results });
        return;
      }
      case OpClass.Else: {
        const f = this.ctl[this.ctl.length - 1];
        this.h = f.base + f.params;
        return;
      }
      case OpClass.End: {
        const f = this.ctl.pop();
        if (f) this.push(f.base + f.results - this.h);
        return;
      }
      case OpClass.Br:
      case OpClass.BrTable:
      case OpClass.Return:
      case OpClass.Unreachable:
        this.h = this.ctl[this.ctl.length - 1]?.base ?? 0; // what follows cannot run
        return;
      case OpClass.BrIf:
        this.pop(1);
        return;
      case OpClass.Call: {
        const t = c === Code.Call ? this.funcTypes[op.index] : this.types[op.index];
        this.pop(t.params.length + (c === Code.Call ? 0 : 1));
        this.push(t.results.reduce((n, v) => n + slots(v), 0));
        return;
      }
    }
    if (c >= Code.V128Load) {
      this.simd = true;
      this.push(1);
    } else this.push(NET[c] ?? 1);
  }

  /** Ends the body of defined function `index` and records its frame cost. */
  end(index: number, locals: Body["locals"], writes: boolean): void {
    const type = this.funcTypes[this.firstDefined + index];
    let local = 0;
    for (const l of type.params) local += slots(l);
    for (const l of locals) local += l.count * slots(l.type);
    const injected = INJECTED_LOCALS + (writes || this.simd || this.memory64 ? INJECTED_WRITE_LOCALS : 0) + (this.memory64 ? INJECTED_WIDE_LOCALS : 0);
    const operands = (this.max + INJECTED_PUSHES) * (this.simd ? 2 : 1);
    // and a second, small frame: the fuel-threading wrapper an export or a table entry goes through
    const wrapper = FRAME_HEADER + SLOT * (type.params.length + 2);
    this.costs[index] = FRAME_HEADER + SLOT * (local + injected + operands) + wrapper;
  }

  private push(n: number): void {
    this.h = Math.max(this.ctl[this.ctl.length - 1]?.base ?? 0, this.h + n);
    if (this.h > this.max) this.max = this.h;
  }

  private pop(n: number): void {
    this.push(-n);
  }

  private blockArity(op: Op): [number, number] {
    const r = new ByteReader(this.code, op.start + 1);
    const bt = r.s33();
    if (bt < 0) return [0, (bt & 0x7f) === EMPTY_BLOCK ? 0 : slots(bt & 0x7f)];
    const t = this.types[bt];
    return [t.params.reduce((n, v) => n + slots(v), 0), t.results.reduce((n, v) => n + slots(v), 0)];
  }
}

/** Net operand-stack effect of the operators FrameSizer.op does not handle itself (SIMD is one push each). */
const NET: Record<number, number> = (() => {
  const t: Record<number, number> = { [Code.Nop]: 0, [Code.Drop]: -1, [Code.Select]: -2, [Code.SelectTyped]: -2 };
  Object.assign(t, { [Code.LocalGet]: 1, [Code.LocalSet]: -1, [Code.LocalTee]: 0, [Code.GlobalGet]: 1, [Code.GlobalSet]: -1 });
  Object.assign(t, { [Code.TableGet]: 0, [Code.TableSet]: -2, [Code.MemorySize]: 1, [Code.MemoryGrow]: 0 });
  Object.assign(t, { [Code.I32Const]: 1, [Code.I64Const]: 1, [Code.F32Const]: 1, [Code.F64Const]: 1 });
  Object.assign(t, { [Code.RefNull]: 1, [Code.RefIsNull]: 0, [Code.RefFunc]: 1 });
  for (let b = Code.I32Load; b <= Code.I64Load32U; b++) t[b] = 0;
  for (let b = Code.I32Store; b <= Code.I64Store32; b++) t[b] = -2;
  for (let b = Code.I32Eqz; b <= Code.I64Extend32S; b++) t[b] = -1; // binary arithmetic and comparisons...
  const unary = [
    [Code.I32Eqz, Code.I32Eqz],
    [Code.I64Eqz, Code.I64Eqz],
    [Code.I32Clz, Code.I32Popcnt],
    [Code.I64Clz, Code.I64Popcnt],
    [Code.F32Abs, Code.F32Sqrt],
    [Code.F64Abs, Code.F64Sqrt],
    [Code.I32WrapI64, Code.I64Extend32S],
  ];
  for (const [lo, hi] of unary) for (let b = lo; b <= hi; b++) t[b] = 0; // ...except tests, unary operators and conversions
  // the 0xFC operators that take (dst, x, len), table.grow (value, delta) -> size, table.size
  for (const c of [Code.MemoryInit, Code.MemoryCopy, Code.MemoryFill, Code.TableInit, Code.TableCopy, Code.TableFill]) t[c] = -3;
  Object.assign(t, { [Code.DataDrop]: 0, [Code.ElemDrop]: 0, [Code.TableGrow]: -1, [Code.TableSize]: 1 });
  for (let c = Code.I32TruncSatF32S; c <= Code.I64TruncSatF64U; c++) t[c] = 0;
  return t;
})();

/** Traps when the count on the stack is past the budget, after what `beforeTrap` emits. */
function trapPastBudget(w: ByteWriter, beforeTrap: () => void): void {
  w.byte(Code.I32Const).s32(STACK_BUDGET).byte(Code.I32GtU);
  w.byte(Code.If).byte(EMPTY_BLOCK);
  beforeTrap();
  w.byte(Code.Unreachable).byte(Code.End);
}

/**
 * Entry of a frame costing `cost`, counted in the instance's global: charges it and traps past the
 * budget. Its caller saved the fuel before the call, so the trap is classified as wasmtime's is.
 */
export function emitEnter(w: ByteWriter, depthGlobal: number, cost: number, tmp: number): void {
  w.byte(Code.GlobalGet).u32(depthGlobal);
  w.byte(Code.I32Const).s32(cost).byte(Code.I32Add);
  w.byte(Code.LocalTee).u32(tmp);
  w.byte(Code.GlobalSet).u32(depthGlobal);
  w.byte(Code.LocalGet).u32(tmp);
  trapPastBudget(w, () => {});
}

/**
 * Entry of a threaded copy's frame (metering.ts): the count arrives in `depthLocal`, a parameter
 * its caller passes, and stays there for the frame's own calls, so nothing is given back at exit.
 * An overflow stores it where the host looks after the trap, then what `saveFuel` emits (the fuel
 * is this frame's to save, so OutOfGas is classified as wasmtime's is).
 */
export function emitEnterThreaded(w: ByteWriter, depthLocal: number, depthGlobal: number, cost: number, saveFuel: () => void): void {
  w.byte(Code.LocalGet).u32(depthLocal);
  w.byte(Code.I32Const).s32(cost).byte(Code.I32Add);
  w.byte(Code.LocalTee).u32(depthLocal);
  trapPastBudget(w, () => {
    w.byte(Code.LocalGet).u32(depthLocal).byte(Code.GlobalSet).u32(depthGlobal);
    saveFuel();
  });
}

/** A frame's exit (return or fall-through): gives its cost back. Traps leave it to the host. */
export function emitLeave(w: ByteWriter, depthGlobal: number, cost: number): void {
  w.byte(Code.GlobalGet).u32(depthGlobal);
  w.byte(Code.I32Const).s32(cost).byte(Code.I32Sub);
  w.byte(Code.GlobalSet).u32(depthGlobal);
}

/** Whether a trap was the counter's: the entry that overflowed left it past the budget. */
export function overflowed(depth: number): boolean {
  return depth > STACK_BUDGET;
}
