// Mirrors dusk-wasmtime 21's fuel translation (crates/cranelift/src/func_environ.rs, fuel_* functions)
// with Piecrust's operator costs (piecrust/src/vm.rs), injected into the contract's own bytecode.
// Also injects the write tracking that crumbles does with page faults (crumbles/src/lib.rs) and
// Cranelift's NaN canonicalisation, so one rewrite gives exact gas, exact dirty pages and exact bits.
import { ByteReader, ByteWriter } from "./wasm/bytes.js";
import { Body, FuncType, ValType } from "./wasm/module.js";
import { Code, EMPTY_BLOCK, newOp, Op, OpClass, readOp, writeCode } from "./wasm/ops.js";
import { IfClassifier, type IfKinds } from "./if-kinds.js";
import { batchLoop, emitCharge, HOISTED_PAGES, MAX_BATCHED_BODY, UNLIKELY } from "./loops.js";
import { emitEnter, emitEnterThreaded, emitLeave, FrameSizer } from "./depth.js";

/** Indices the rewritten module provides for the injected code. */
/** The page cache value meaning "no page": no 32-bit address minus it lands in a page. */
export const NO_PAGE = -(1n << 40n);

/** How many recently recorded pages the store check tries before calling the host. */
export const PAGE_CACHE_SIZE = 4;

export interface InstrumentTargets {
  /** Mutable i64 global holding the instance's remaining fuel, as last saved. */
  gasGlobal: number;
  /** Mutable i32 global: the modelled stack the instance's frames use (depth.ts). */
  depthGlobal: number;
  /**
   * PAGE_CACHE_SIZE mutable i64 globals, each the base address of a page recorded in the top
   * snapshot or NO_PAGE; the host writes them (the first is the page it recorded last), wasm reads.
   */
  pageGlobals: number[];
  /** funcref table whose slot 0 is touch(addr, offset, size), slot 1 touchRange(dst, len), slot 2 grow(delta). */
  helperTable: number;
  touchType: number;
  rangeType: number;
  /** (i32) -> i32, the type of the grow helper. */
  growType: number;
  /**
   * Mutable i32 global: the length in pages this instance sees (wasmtime's VMMemoryDefinition
   * current_length), which memory.size answers and bulk memory is checked against. The host sets it
   * at instantiation and after every grow; a failed re-entered frame restoring the contract's
   * length leaves it as it was, as in Piecrust.
   */
  sizeGlobal: number;
  /** Block type for a function's wrapper block: 0x40, a value type byte, or a type index. */
  blockTypeFor(results: number[]): number;
  /** Whether small call-free innermost loops check the fuel once per batch (see loops.ts). */
  batchLoops: boolean;
  /**
   * A memory64 contract: addresses (and bulk lengths) are i64, memory.size/grow take and give i64.
   * The helpers keep their i32 types: host-sim's memory is 4 GiB, and an address past it traps.
   */
  memory64: boolean;
  /** For a direct `call`: the index of the callee's fuel-threaded copy, or -1 when it has none. */
  threadedCallee(funcIndex: number): number;
  /**
   * The table holding, at table 0's indices, the fuel-threaded copies of table 0's functions, or -1
   * when the module has none (module.ts twinTable): a `call_indirect` on table 0 then threads the
   * fuel as a direct call does.
   */
  twinTable: number;
  /** For a `call_indirect` through twinTable: the threaded type of the site's type. */
  threadedTypeOf(typeIndex: number): number;
  /**
   * For a gas profile (profile.ts): the type (i32 function, i64 fuel) -> () of the helper table's
   * slots 3 (entered) and 4 (leaving), which bodies given a function index call. Unmetered, as the
   * other helpers: the fuel and everything a contract sees stay the same.
   */
  profileType?: number;
}

const enum Frame {
  Block,
  Loop,
  If,
  Func,
}

interface ControlFrame {
  kind: Frame;
  headReachable: boolean;
  /** For `if`: reachability at the end of the consequent, once `else` was seen. */
  consequentEnd: boolean | null;
  branchedTo: boolean;
  /** For a loop: where its `loop` starts in the output, where its body starts (relative), the fuel
   * charged before its body, and whether it can still be batched (loops.ts). */
  start?: number;
  bodyStart?: number;
  chargedBefore?: number;
  batchable?: boolean;
  /** For a loop: where its `loop` is in the original body (a batched loop's scaffolding maps to it). */
  origin?: number;
  /** For an `if` charged across (if-kinds.ts): the fuel of the stretch it interrupts, not charged yet. */
  carried?: number;
  /** For an exit `if` (if-kinds.ts): calls inside it do not stop the loops around it being batched. */
  exit?: boolean;
}

const CANON_F32 = new Uint8Array([0x00, 0x00, 0xc0, 0x7f]);
const CANON_F64 = new Uint8Array([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]);

class Emitter {
  readonly w: ByteWriter;
  // Local indices of the injected temporaries.
  fuel = 0;
  addr = 0;
  t2 = 0;
  t3 = 0;
  /** Local (i64) copy of the newest page-cache global: reloaded at entry and after calls. */
  lp = 0;
  v64 = 0;
  /** i64: the effective address of the store being checked. */
  ea = 0;
  vf32 = 0;
  vf64 = 0;
  v128 = 0;
  usesV128 = false;
  /** Whether the fuel arrives as the last parameter but one and leaves as the last result (see instrumentBody). */
  threaded = false;
  /** A threaded body's last parameter: the modelled stack its frame uses, this frame included (depth.ts). */
  depth = -1;
  /** Where each store check's slow-path `if` starts in the output (see loops.ts LoopContext). */
  readonly slowPaths: number[] = [];
  /**
   * The body's marks: offset pairs (output, input), see InstrumentedBody.marks. The rewriter notes
   * each op's origin here, the emitter its slow paths' `if`s as UNLIKELY.
   */
  readonly marks: number[] = [];
  /** Output offsets of the exit `if`s (if-kinds.ts) since the last `loop`: loops.ts charges inside them. */
  readonly exitIfs: number[] = [];
  /** Where each store check's `local.get lp; i64.sub; i64.const offset; i64.add` starts and ends in the output, for a nonzero offset. */
  readonly checks: Array<{ at: number; end: number; offset: number }> = [];
  /** First of HOISTED_PAGES i64 locals a batched loop may fill with `offset - lp` (see loops.ts). */
  hoisted = 0;
  /** memory64 only, i64: a store's or bulk write's address, its source or value, its length. */
  a64 = 0;
  x64 = 0;
  n64 = 0;
  usesHoisted = false;
  /** Sum of everything flushed so far: what a loop body charges at most per iteration, when it has no loops. */
  charged = 0;
  /** This function's modelled frame size (depth.ts). */
  frameCost = 0;
  /** The function index reported to the gas profiler, or -1 when the body is not profiled. */
  profiled = -1;

  constructor(private readonly t: InstrumentTargets, size: number) {
    this.w = new ByteWriter(size);
  }

  /** Places the injected locals from `base` on (the fuel at `fuel`: a threaded body's is a parameter). */
  placeLocals(base: number, fuel: number): void {
    this.fuel = fuel;
    this.addr = base + 1;
    this.t2 = base + 2;
    this.t3 = base + 3;
    this.lp = base + 4;
    this.v64 = base + 5;
    this.ea = base + 6;
    this.vf32 = base + 7;
    this.vf64 = base + 8;
    this.v128 = base + 9;
    this.hoisted = base + 10;
    this.a64 = base + 10 + HOISTED_PAGES;
    this.x64 = this.a64 + 1;
    this.n64 = this.a64 + 2;
  }

  localGet(i: number): void {
    this.w.byte(Code.LocalGet).u32(i);
  }
  localSet(i: number): void {
    this.w.byte(Code.LocalSet).u32(i);
  }
  localTee(i: number): void {
    this.w.byte(Code.LocalTee).u32(i);
  }
  i32(v: number): void {
    this.w.byte(Code.I32Const).s32(v | 0);
  }

  /** fuel_increment_var: charges what the straight-line stretch has accumulated. */
  flush(cost: number): void {
    this.charged += cost;
    emitCharge(this.w, this.fuel, cost);
  }

  /** fuel_save_from_var: the store-visible counter, read by host imports and after traps. */
  save(): void {
    this.localGet(this.fuel);
    this.w.byte(Code.GlobalSet).u32(this.t.gasGlobal);
  }

  load(): void {
    this.w.byte(Code.GlobalGet).u32(this.t.gasGlobal);
    this.localSet(this.fuel);
  }

  /** The stack count a threaded callee starts from: this frame's. */
  depthArgument(): void {
    if (this.threaded) this.localGet(this.depth);
    else this.w.byte(Code.GlobalGet).u32(this.t.depthGlobal);
  }

  /** Before any other call: where a non-threaded callee, the host's `c` and a trap's classification read it. */
  saveDepth(): void {
    if (!this.threaded) return;
    this.localGet(this.depth);
    this.w.byte(Code.GlobalSet).u32(this.t.depthGlobal);
  }

  /** fuel_check: trap (after saving) when remaining ≤ 0, i.e. consumed ≥ limit. */
  check(): void {
    this.localGet(this.fuel);
    this.w.byte(Code.I64Const).s64(0n).byte(Code.I64LeS);
    this.w.byte(Code.If).byte(EMPTY_BLOCK);
    this.save();
    this.w.byte(Code.Unreachable).byte(Code.End);
  }

  loadLastPage(): void {
    this.w.byte(Code.GlobalGet).u32(this.t.pageGlobals[0]);
    this.localSet(this.lp);
  }

  /** Leaves whether [ea, ea + size) misses the page whose base the i64 on the stack is. */
  private missesPage(size: number): void {
    this.w.byte(Code.I64Sub);
    this.w.byte(Code.I64Const).s64(BigInt(65536 - size)).byte(Code.I64GtU);
  }

  prologue(): void {
    if (this.threaded) emitEnterThreaded(this.w, this.depth, this.t.depthGlobal, this.frameCost, () => this.save());
    else emitEnter(this.w, this.t.depthGlobal, this.frameCost, this.addr);
    if (this.threaded) this.localGet(this.fuel);
    else this.w.byte(Code.GlobalGet).u32(this.t.gasGlobal);
    this.w.byte(Code.I64Const).s64(1n).byte(Code.I64Sub);
    this.localSet(this.fuel);
    this.check();
    this.profile(3);
  }

  /** Tells the gas profiler (helper slot 3 or 4) the function and its fuel as of now. */
  private profile(slot: number): void {
    if (this.profiled < 0) return;
    this.i32(this.profiled);
    this.localGet(this.fuel);
    this.i32(slot);
    this.w.byte(Code.CallIndirect).u32(this.t.profileType!).u32(this.t.helperTable);
  }

  /**
   * fuel_function_exit. A threaded function hands its fuel back as its last result and saves it only
   * when it is spent: the global is read by host imports (always preceded by a save) and, after an
   * implicit trap, only as "≤ 0 or not" — and since fuel never rises within a frame, the last save
   * being ≤ 0 is then the same fact for this subset of wasmtime's save points as for all of them.
   * Code that wasmtime deems unreachable can still be type-checked as reachable (after the `end` of
   * a block nothing branches to), so a threaded exit always pushes the fuel result.
   */
  exit(reachable: boolean): void {
    if (reachable) this.profile(4);
    if (reachable && !this.threaded) emitLeave(this.w, this.t.depthGlobal, this.frameCost);
    if (!this.threaded) {
      if (reachable) this.save();
      return;
    }
    if (reachable) {
      this.localGet(this.fuel);
      this.w.byte(Code.I64Const).s64(0n).byte(Code.I64LeS);
      this.w.byte(Code.If).byte(EMPTY_BLOCK);
      this.save();
      this.w.byte(Code.End);
    }
    this.localGet(this.fuel);
  }

  /**
   * Records the pages a store will write before it runs (copy-on-write snapshot + dirty bit). The
   * fast path is one unsigned 64-bit range check of [ea, ea+size) against the page whose base is
   * cached in `lp` (a sentinel far below 0 when none is), so straddling stores always take the
   * slow path and nothing can wrap. On a miss the other cached pages are tried before the host is
   * called: code alternating between a few pages (stack, heap, statics) then never leaves wasm.
   */
  store(op: Op, bytes: Uint8Array): void {
    const valueLocal = this.valueLocalFor(op);
    const mem64 = this.t.memory64;
    this.localSet(valueLocal);
    this.address(true);
    const at = this.w.len;
    this.localGet(this.lp);
    this.w.byte(Code.I64Sub);
    if (op.offset !== 0) {
      this.w.byte(Code.I64Const).s64(BigInt.asIntN(64, BigInt(op.offset))).byte(Code.I64Add);
      this.checks.push({ at, end: this.w.len, offset: op.offset });
    }
    this.w.byte(Code.I64Const).s64(BigInt(65536 - op.size)).byte(Code.I64GtU);
    this.slowPaths.push(this.w.len);
    this.marks.push(this.w.len, UNLIKELY);
    this.w.byte(Code.If).byte(EMPTY_BLOCK);
    // the effective address is computed off the fast path, which V8 then compiles as before
    this.address(false);
    if (op.offset !== 0) this.w.byte(Code.I64Const).s64(BigInt.asIntN(64, BigInt(op.offset))).byte(Code.I64Add);
    this.localSet(this.ea);
    // every cached page, the newest too: `lp` may have moved to an older one
    const others = this.t.pageGlobals;
    for (const g of others) {
      this.localGet(this.ea);
      this.w.byte(Code.GlobalGet).u32(g);
      this.missesPage(op.size);
      this.w.byte(Code.If).byte(EMPTY_BLOCK);
    }
    this.localGet(mem64 ? this.a64 : this.addr);
    if (mem64) this.w.byte(Code.I32WrapI64); // past 4 GiB the store itself traps
    this.i32(op.offset);
    this.i32(op.size);
    this.i32(0);
    this.w.byte(Code.CallIndirect).u32(this.t.touchType).u32(this.t.helperTable);
    this.loadLastPage();
    // a hit leaves `lp` alone: switching it would make V8 merge it from every arm on the fast path
    for (let k = 0; k < others.length; k++) this.w.byte(Code.End);
    this.w.byte(Code.End);
    this.localGet(mem64 ? this.a64 : this.addr);
    this.localGet(valueLocal);
    this.w.bytes(bytes);
  }

  /** The store's address as an i64 on the stack, kept in a local when `keep` (it is on the stack). */
  private address(keep: boolean): void {
    if (this.t.memory64) {
      if (keep) this.localTee(this.a64);
      else this.localGet(this.a64);
      return;
    }
    if (keep) this.localTee(this.addr);
    else this.localGet(this.addr);
    this.w.byte(Code.I64ExtendI32U);
  }

  /**
   * memory.fill/copy/init take (dst, x, len): record [dst, dst+len) before the bulk write, unless
   * it lies inside the cached page (an empty range always does).
   */
  bulk(op: Op, bytes: Uint8Array): void {
    if (this.t.memory64) return this.bulk64(op, bytes);
    this.localSet(this.t3);
    this.localSet(this.t2);
    this.localSet(this.addr);
    this.bulkBounds(op.code === Code.MemoryCopy);
    this.bulkInCachedPage();
    this.marks.push(this.w.len, UNLIKELY);
    this.w.byte(Code.If).byte(EMPTY_BLOCK);
    this.localGet(this.addr);
    this.localGet(this.t3);
    this.i32(1);
    this.w.byte(Code.CallIndirect).u32(this.t.rangeType).u32(this.t.helperTable);
    this.w.byte(Code.End);
    this.localGet(this.addr);
    this.localGet(this.t2);
    this.localGet(this.t3);
    this.w.bytes(bytes);
  }

  /**
   * Leaves whether [dst, dst + len) is NOT inside the cached page: d = dst − base must be at most
   * 65536 as an unsigned number, and so must d + len. Testing d + len alone let a range that starts
   * just below the cached page and ends inside it skip the host (d negative, d + len small), so its
   * lower page went unrecorded: not reverted with a failed frame, not committed.
   */
  private bulkInCachedPage(): void {
    const w = this.w;
    this.localGet(this.addr);
    w.byte(Code.I64ExtendI32U);
    this.localGet(this.lp);
    w.byte(Code.I64Sub);
    this.localTee(this.ea);
    w.byte(Code.I64Const).s64(65536n).byte(Code.I64GtU);
    this.localGet(this.ea);
    this.localGet(this.t3);
    w.byte(Code.I64ExtendI32U).byte(Code.I64Add);
    w.byte(Code.I64Const).s64(65536n).byte(Code.I64GtU);
    w.byte(Code.I32Or);
  }

  /**
   * Bulk memory is bounds-checked against the length the instance sees, not the 4 GiB behind it:
   * traps when dst + len (and for memory.copy src + len) exceeds it, before anything is recorded.
   * The trap is a real out-of-bounds access (a load that crosses 4 GiB), so it reads as one.
   */
  private bulkBounds(checksSource: boolean): void {
    const w = this.w;
    w.byte(Code.GlobalGet).u32(this.t.sizeGlobal);
    w.byte(Code.I64ExtendI32U).byte(Code.I64Const).s64(16n).byte(Code.I64Shl);
    this.localSet(this.ea);
    const exceeds = (start: number) => {
      this.localGet(start);
      w.byte(Code.I64ExtendI32U);
      this.localGet(this.t3);
      w.byte(Code.I64ExtendI32U).byte(Code.I64Add);
      this.localGet(this.ea);
      w.byte(Code.I64GtU);
    };
    exceeds(this.addr);
    if (checksSource) {
      exceeds(this.t2);
      w.byte(Code.I32Or);
    }
    this.oobTrap();
  }

  /**
   * bulk() for memory64: dst and len are i64 (so is memory.copy's source; memory.init's source and
   * length are i32), checked on 64 bits against the length the instance sees. Once that check has
   * passed, the range lies in host-sim's 4 GiB, so the i32 helpers get it exactly (a range of all
   * 4 GiB aside: its length wraps to 0).
   */
  private bulk64(op: Op, bytes: Uint8Array): void {
    const w = this.w;
    const init = op.code === Code.MemoryInit;
    const wideSource = op.code === Code.MemoryCopy;
    if (init) w.byte(Code.I64ExtendI32U);
    this.localSet(this.n64);
    this.localSet(wideSource ? this.x64 : this.t2);
    this.localSet(this.a64);
    w.byte(Code.GlobalGet).u32(this.t.sizeGlobal);
    w.byte(Code.I64ExtendI32U).byte(Code.I64Const).s64(16n).byte(Code.I64Shl);
    this.localSet(this.ea);
    const exceeds = (start: number) => {
      // start + len overflowing 64 bits exceeds too: then the sum is below start
      this.localGet(start);
      this.localGet(this.n64);
      w.byte(Code.I64Add);
      this.localTee(this.v64);
      this.localGet(this.ea);
      w.byte(Code.I64GtU);
      this.localGet(this.v64);
      this.localGet(start);
      w.byte(Code.I64LtU).byte(Code.I32Or);
    };
    exceeds(this.a64);
    if (wideSource) {
      exceeds(this.x64);
      w.byte(Code.I32Or);
    }
    this.oobTrap();
    this.localGet(this.a64);
    w.byte(Code.I32WrapI64);
    this.localSet(this.addr);
    this.localGet(this.n64);
    w.byte(Code.I32WrapI64);
    this.localSet(this.t3);
    this.bulkInCachedPage();
    w.byte(Code.If).byte(EMPTY_BLOCK);
    this.localGet(this.addr);
    this.localGet(this.t3);
    this.i32(1);
    w.byte(Code.CallIndirect).u32(this.t.rangeType).u32(this.t.helperTable);
    w.byte(Code.End);
    this.localGet(this.a64);
    this.localGet(wideSource ? this.x64 : this.t2);
    this.localGet(this.n64);
    if (init) w.byte(Code.I32WrapI64);
    w.bytes(bytes);
  }

  /** Traps as a real out-of-bounds access when the i32 on the stack is nonzero. */
  private oobTrap(): void {
    const w = this.w;
    w.byte(Code.If).byte(EMPTY_BLOCK);
    if (this.t.memory64) w.byte(Code.I64Const).s64(0n);
    else this.i32(0);
    w.byte(Code.I32Load).u32(0).u32(0xffffffff);
    w.byte(Code.Drop).byte(Code.End);
  }

  /** memory.size answers the length the instance sees. */
  memorySize(): void {
    this.w.byte(Code.GlobalGet).u32(this.t.sizeGlobal);
    if (this.t.memory64) this.w.byte(Code.I64ExtendI32U);
  }

  /** memory.grow asks the host, which grows the contract's logical length and updates the size global. */
  memoryGrow(): void {
    const w = this.w;
    if (this.t.memory64) {
      // a delta of 2^32 pages or more cannot fit host-sim's memory (nor Piecrust's 2^26 pages): -1
      this.localTee(this.n64);
      w.byte(Code.I64Const).s64(0xffffffffn).byte(Code.I64GtU);
      w.byte(Code.If).byte(ValType.I64);
      w.byte(Code.I64Const).s64(-1n);
      w.byte(Code.Else);
      this.localGet(this.n64);
      w.byte(Code.I32WrapI64);
    }
    this.i32(2);
    w.byte(Code.CallIndirect).u32(this.t.growType).u32(this.t.helperTable);
    if (this.t.memory64) w.byte(Code.I64ExtendI32S).byte(Code.End);
  }

  /** Replaces a NaN result by the canonical quiet NaN, as Cranelift's nan_canonicalization does. */
  canonicalize(cls: OpClass): void {
    const w = this.w;
    switch (cls) {
      case OpClass.FloatF32:
        this.localTee(this.vf32);
        w.byte(Code.F32Const).bytes(CANON_F32);
        this.localGet(this.vf32);
        this.localGet(this.vf32);
        w.byte(Code.F32Eq).byte(Code.Select);
        break;
      case OpClass.FloatF64:
        this.localTee(this.vf64);
        w.byte(Code.F64Const).bytes(CANON_F64);
        this.localGet(this.vf64);
        this.localGet(this.vf64);
        w.byte(Code.F64Eq).byte(Code.Select);
        break;
      case OpClass.FloatF32x4:
      case OpClass.FloatF64x2: {
        this.usesV128 = true;
        this.localTee(this.v128);
        writeCode(w, Code.V128Const);
        const lane = cls === OpClass.FloatF32x4 ? CANON_F32 : CANON_F64;
        for (let i = 0; i < 16; i += lane.length) w.bytes(lane);
        this.localGet(this.v128);
        this.localGet(this.v128);
        writeCode(w, cls === OpClass.FloatF32x4 ? Code.F32x4Eq : Code.F64x2Eq);
        writeCode(w, Code.V128Bitselect);
        break;
      }
    }
  }

  private valueLocalFor(op: Op): number {
    switch (op.code) {
      case Code.I32Store:
      case Code.I32Store8:
      case Code.I32Store16:
        return this.t2;
      case Code.I64Store:
      case Code.I64Store8:
      case Code.I64Store16:
      case Code.I64Store32:
        return this.v64;
      case Code.F32Store:
        return this.vf32;
      case Code.F64Store:
        return this.vf64;
      default:
        this.usesV128 = true;
        return this.v128;
    }
  }
}

export interface InstrumentedBody {
  locals: Body["locals"];
  code: Uint8Array;
  /** Whether the body can change instance state other than globals (tables, segment drops). */
  mutatesInstance: boolean;
  /** Loops rewritten by loops.ts batchLoop. */
  batchedLoops: number;
  /**
   * Where, relative to the start of the instructions, an `if` or `br_if` opens a path the host
   * expects almost never taken (a page the write tracking has not cached, a batch's guard):
   * module.ts hints them to the engine (branch-hints.ts).
   */
  unlikely: number[];
  /**
   * Offset pairs (output, input), relative to the start of each body's instructions, ascending: the
   * output from `out` on comes from the original instruction at `in` (backtrace.ts reads them).
   */
  marks: number[];
}

/** table.set, table.init, elem.drop, table.copy, table.grow, table.fill. */
const TABLE_WRITERS = new Set<number>([Code.TableSet, Code.TableInit, Code.ElemDrop, Code.TableCopy, Code.TableGrow, Code.TableFill]);

/** The table writers and data.drop: what changes an instance beyond its memory and globals. */
const INSTANCE_MUTATORS = new Set<number>([...TABLE_WRITERS, Code.DataDrop]);

export interface CodeScan {
  /** The defined functions some defined function calls directly: they get a fuel-threaded copy. */
  callees: number[];
  /** Whether any body changes a table (or drops a segment a table could be filled from). */
  writesTables: boolean;
  /** Per body, what its rewrite needs to know before it starts. */
  bodies: BodyScan[];
}

export interface BodyScan {
  /** Does it write memory at all (then it needs the page cache)? */
  stores: boolean;
  /** Its modelled frame size (depth.ts). */
  frame: number;
  /** Its `if`s the rewrite charges across (if-kinds.ts). */
  ifs: IfKinds;
}

/** One pass over every body before the rewrite. */
export function scanCode(bodies: Body[], firstDefined: number, sizer: FrameSizer): CodeScan {
  const callees = new Set<number>();
  const op = newOp();
  const ifs = new IfClassifier();
  let writesTables = false;
  const scans = bodies.map((body, i) => {
    const r = new ByteReader(body.code);
    let stores = false;
    sizer.begin(body);
    ifs.begin();
    while (!r.eof) {
      readOp(r, op);
      sizer.op(op);
      ifs.op(op, body.code);
      if (op.cls === OpClass.Store || op.cls === OpClass.Bulk) stores = true;
      else if (op.code === Code.Call && op.index >= firstDefined) callees.add(op.index);
      else if (TABLE_WRITERS.has(op.code)) writesTables = true;
    }
    sizer.end(i, body.locals, stores);
    return { stores, frame: sizer.costs[i], ifs: ifs.end() };
  });
  return { callees: [...callees].sort((a, b) => a - b), writesTables, bodies: scans };
}

function splitMarks(all: number[]): { marks: number[]; unlikely: number[] } {
  const marks: number[] = [];
  const unlikely: number[] = [];
  for (let i = 0; i < all.length; i += 2) {
    if (all[i + 1] === UNLIKELY) unlikely.push(all[i]);
    else marks.push(all[i], all[i + 1]);
  }
  // the section wants them ascending and distinct (tool-conventions' CodeMetadata.md)
  unlikely.sort((a, b) => a - b);
  return { marks, unlikely: unlikely.filter((at, i) => i === 0 || at !== unlikely[i - 1]) };
}

/** A loop around a loop or a call has no static bound on what one iteration charges: those from `from` in are not batched. */
function noBatching(frames: ControlFrame[], from = 0): void {
  for (let k = from; k < frames.length; k++) frames[k].batchable = false;
}

/** The parameters a threaded copy adds: the fuel and the stack count. */
export const THREADED_PARAMS = 2;

/** The body standing at a threaded function's own index (exports, tables, ref.func reach it). */
export function threadingWrapper(type: FuncType, threaded: number, gasGlobal: number, depthGlobal: number): InstrumentedBody {
  const w = new ByteWriter(24 + 2 * type.params.length);
  for (let i = 0; i < type.params.length; i++) w.byte(Code.LocalGet).u32(i);
  w.byte(Code.GlobalGet).u32(gasGlobal).byte(Code.GlobalGet).u32(depthGlobal);
  w.byte(Code.Call).u32(threaded).byte(Code.GlobalSet).u32(gasGlobal).byte(Code.End);
  return { locals: [], code: w.finish(), mutatesInstance: false, batchedLoops: 0, marks: [], unlikely: [] };
}

/** The type of a threaded copy: the fuel and the stack count appended to the parameters, the fuel to the results. */
export function threadedType(type: FuncType): FuncType {
  return { params: [...type.params, ValType.I64, ValType.I32], results: [...type.results, ValType.I64] };
}

/**
 * Rewrites one function body. The original body is wrapped in a block so that every way out of it
 * (fall-through and branches to the function label) reaches the final save, as the exit block does
 * in Cranelift.
 *
 * A `threaded` body is the copy that direct calls reach: its fuel comes in as an extra parameter
 * and goes back as an extra last result, so a wasm-to-wasm call keeps it in a register where
 * wasmtime's Cranelift keeps it in a variable, instead of a store and two loads through the instance
 * per call. The stack count (depth.ts) comes in after it, for the same reason: counted in the
 * instance's global, it cost call-heavy code as much again as the code itself (a recursive fib ran
 * 1.8–2.5× its bare time, 1.1–1.3× without the count). Locals after the parameters shift up by two.
 */
export function instrumentBody(body: Body, type: FuncType, t: InstrumentTargets, scan: BodyScan, threaded = false, profiled = -1): InstrumentedBody {
  return new BodyRewriter(body, type, t, scan, threaded, profiled).run(type);
}

const isLocalAccess = (code: number) => code >= Code.LocalGet && code <= Code.LocalTee;

/** One pass over a body: copies its operators and injects the metering around them (see instrumentBody). */
class BodyRewriter {
  private readonly e: Emitter;
  private readonly r: ByteReader;
  private readonly op = newOp();
  private readonly frames: ControlFrame[] = [];
  private readonly params: number;
  private reachable = true;
  /** Fuel of the straight-line stretch not charged yet. */
  private pending = 0;
  private mutatesInstance = false;
  private batchedLoops = 0;

  constructor(
    private readonly body: Body,
    type: FuncType,
    private readonly t: InstrumentTargets,
    private readonly scan: BodyScan,
    private readonly threaded: boolean,
    profiled: number,
  ) {
    this.params = type.params.length;
    const base = this.params + body.locals.reduce((n, l) => n + l.count, 0);
    this.e = new Emitter(t, body.code.length * 2 + 64);
    this.e.threaded = threaded;
    this.e.frameCost = scan.frame;
    this.e.profiled = profiled;
    // A threaded body's fuel and depth are its last two parameters: its own locals come one later.
    this.e.placeLocals(threaded ? base + 1 : base, threaded ? this.params : base);
    this.e.depth = threaded ? this.params + 1 : -1;
    this.r = new ByteReader(body.code);
    this.open(Frame.Func);
  }

  run(type: FuncType): InstrumentedBody {
    const { e, r } = this;
    e.prologue();
    if (this.scan.stores) e.loadLastPage();
    e.w.byte(Code.Block);
    const bt = this.t.blockTypeFor(type.results);
    if (bt === EMPTY_BLOCK || bt >= ValType.ExternRef) e.w.byte(bt);
    else e.w.s64(BigInt(bt));
    while (this.frames.length > 0) {
      if (r.eof) r.fail("function body ends before its final `end`");
      this.step();
    }
    if (!r.eof) r.fail("instructions after the function's final `end`");
    const { marks, unlikely } = splitMarks(this.e.marks);
    return { locals: this.locals(), code: e.w.finish(), mutatesInstance: this.mutatesInstance, batchedLoops: this.batchedLoops, marks, unlikely };
  }

  private step(): void {
    const { e, op } = this;
    readOp(this.r, op);
    this.e.marks.push(e.w.len, op.start);
    if (INSTANCE_MUTATORS.has(op.code)) this.mutatesInstance = true;
    if (this.reachable) this.pending += op.cost;
    switch (op.cls) {
      case OpClass.Block:
        this.copy();
        this.open(Frame.Block);
        break;
      case OpClass.Loop:
        this.openLoop();
        break;
      case OpClass.If:
        if (this.t.batchLoops && this.scan.ifs.through.has(op.start)) this.openThrough(this.scan.ifs.exits.has(op.start));
        else {
          this.flushPending();
          this.copy();
          this.open(Frame.If);
        }
        break;
      case OpClass.Else:
        this.openElse();
        break;
      case OpClass.End:
        this.close();
        break;
      case OpClass.Br:
      case OpClass.BrIf:
      case OpClass.BrTable:
        this.branch();
        break;
      case OpClass.Return:
        this.flushPending();
        e.exit(this.reachable);
        this.copy();
        this.reachable = false;
        break;
      case OpClass.Unreachable:
        this.flushPending();
        if (this.reachable) e.save();
        this.copy();
        this.reachable = false;
        break;
      case OpClass.Call:
        this.call();
        break;
      case OpClass.Store:
        e.store(op, this.body.code.subarray(op.start, op.end));
        break;
      case OpClass.Bulk:
        e.bulk(op, this.body.code.subarray(op.start, op.end));
        break;
      case OpClass.FloatF32:
      case OpClass.FloatF64:
      case OpClass.FloatF32x4:
      case OpClass.FloatF64x2:
        this.copy();
        e.canonicalize(op.cls);
        break;
      default:
        this.plain();
    }
  }

  private copy(): void {
    this.e.w.bytes(this.body.code.subarray(this.op.start, this.op.end));
  }

  /** fuel_increment_var where a straight-line stretch ends. */
  private flushPending(): void {
    if (this.reachable) this.e.flush(this.pending);
    this.pending = 0;
  }

  private open(kind: Frame): void {
    this.frames.push({ kind, headReachable: this.reachable, consequentEnd: null, branchedTo: false });
  }

  private openLoop(): void {
    const { e } = this;
    this.flushPending();
    noBatching(this.frames);
    // only an innermost loop is batched, so only stores after its `loop` can matter to it
    e.slowPaths.length = 0;
    e.checks.length = 0;
    e.exitIfs.length = 0;
    const start = e.w.len;
    this.copy();
    // translate_loop_header: every iteration re-checks the fuel at the loop header
    if (this.reachable) e.check();
    const batchable = this.t.batchLoops && this.reachable && this.body.code[this.op.start + 1] === EMPTY_BLOCK;
    const bodyStart = e.w.len - start;
    this.frames.push({ kind: Frame.Loop, headReachable: this.reachable, consequentEnd: null, branchedTo: false, start, bodyStart, chargedBefore: e.charged, batchable, origin: this.op.start });
  }

  /**
   * An `if` charged across: the stretch's pending fuel is carried into the consequent, where its
   * first charge pays it, and resumed after the `end`, which only the untaken path reaches
   * (if-kinds.ts). Only with batchLoops: the plain rewrite charges at every `if`, as wasmtime does,
   * for the fuzzers to compare against.
   */
  private openThrough(exit: boolean): void {
    if (exit) this.e.exitIfs.push(this.e.w.len);
    this.copy();
    this.frames.push({ kind: Frame.If, headReachable: this.reachable, consequentEnd: null, branchedTo: false, carried: this.pending, exit });
  }

  private openElse(): void {
    this.flushPending();
    const f = this.frames[this.frames.length - 1];
    if (f.kind !== Frame.If) this.r.fail("`else` outside of `if`");
    f.consequentEnd = this.reachable;
    this.reachable = f.headReachable;
    this.copy();
  }

  private close(): void {
    const { e } = this;
    this.flushPending();
    const f = this.frames.pop()!;
    const after = this.reachableAfter(f);
    if (f.kind === Frame.Func) {
      e.w.byte(Code.End); // closes the wrapper block
      e.exit(true);
      e.w.byte(Code.End);
    } else this.copy();
    if (f.batchable && e.w.len - f.start! <= MAX_BATCHED_BODY) this.batch(f);
    this.reachable = after;
    if (f.carried !== undefined && after) this.pending = f.carried;
  }

  private reachableAfter(f: ControlFrame): boolean {
    if (f.kind === Frame.Loop) return this.reachable;
    if (f.kind === Frame.If) {
      const alt = f.consequentEnd === null ? f.headReachable : f.headReachable && f.consequentEnd;
      return this.reachable || f.branchedTo || alt;
    }
    return this.reachable || f.branchedTo;
  }

  /** Replaces the loop just closed by its batched form (loops.ts). */
  private batch(f: ControlFrame): void {
    const { e } = this;
    const body = f.start! + f.bodyStart!;
    // both lists were emptied at this loop's `loop`, and its header check has no stores
    const slowPaths = e.slowPaths.map((p) => p - body);
    const exitIfs = e.exitIfs.map((p) => p - body);
    const checks = new Map(e.checks.map((c) => [c.at - body, { end: c.end - body, offset: c.offset }]));
    const ctx = { fuel: e.fuel, scratchFrom: e.addr, lp: e.lp, slowPaths, exitIfs, checks, hoisted: e.hoisted };
    if (checks.size > 0) e.usesHoisted = true;
    // the loop's marks, relative to its start, are replaced by those of its batched form
    const marks = this.e.marks;
    let first = marks.length;
    while (first > 0 && marks[first - 2] >= f.start!) first -= 2;
    const own = marks.splice(first).map((v, i) => (i % 2 === 0 ? v - f.start! : v));
    // the `loop`'s own mark sits before f.start when a charge was flushed ahead of it
    if (own[0] !== 0) own.unshift(0, f.origin!);
    const batched = batchLoop(e.w.cut(f.start!), f.bodyStart!, e.charged - f.chargedBefore!, ctx, own);
    e.w.bytes(batched.code);
    this.batchedLoops++;
    for (let i = 0; i < batched.marks.length; i += 2) marks.push(f.start! + batched.marks[i], batched.marks[i + 1]);
  }

  private branch(): void {
    if (this.reachable) {
      this.e.flush(this.pending);
      for (const depth of this.op.depths) this.markTarget(depth);
    }
    this.pending = 0;
    this.copy();
    if (this.op.cls !== OpClass.BrIf) this.reachable = false;
  }

  private markTarget(depth: number): void {
    const f = this.frames[this.frames.length - 1 - depth];
    if (f === undefined) this.r.fail(`branch depth ${depth} out of range`);
    if (f.kind !== Frame.Loop) f.branchedTo = true;
  }

  private call(): void {
    const { e, op } = this;
    // an iteration that calls from inside an exit `if` never comes back to its loop's header
    let exit = this.frames.length - 1;
    while (exit >= 0 && !this.frames[exit].exit) exit--;
    noBatching(this.frames, exit + 1);
    const callee = op.code === Code.Call ? this.t.threadedCallee(op.index) : -1;
    this.flushPending();
    const twinType = op.code === Code.CallIndirect && op.table === 0 && this.t.twinTable >= 0 ? this.t.threadedTypeOf(op.index) : -1;
    if (twinType >= 0) {
      // table 0 through its twin: the index goes under the fuel and the count; both are saved
      // first, since the call can trap before any callee runs (index, null entry, signature)
      if (this.reachable) {
        e.save();
        e.saveDepth();
      }
      e.localSet(e.addr);
      e.localGet(e.fuel);
      e.depthArgument();
      e.localGet(e.addr);
      e.w.byte(Code.CallIndirect).u32(twinType).u32(this.t.twinTable);
      e.localSet(e.fuel);
    } else if (callee >= 0) {
      e.localGet(e.fuel);
      e.depthArgument();
      e.w.byte(Code.Call).u32(callee);
      e.localSet(e.fuel);
    } else {
      if (this.reachable) {
        e.save();
        e.saveDepth();
      }
      this.copy();
      if (this.reachable) e.load(); // the callee (or a host import) may have changed the fuel
    }
    // ...and a host call may have snapshotted this memory, invalidating the page cache
    if (this.scan.stores) e.loadLastPage();
  }

  private plain(): void {
    const { e, op } = this;
    if (op.code === Code.MemorySize) e.memorySize();
    else if (op.code === Code.MemoryGrow) {
      // a host call: loops around it are not batched (see loops.ts)
      noBatching(this.frames);
      e.memoryGrow();
    } else if (this.threaded && isLocalAccess(op.code) && op.index >= this.params) e.w.byte(op.code).u32(op.index + THREADED_PARAMS);
    else this.copy();
  }

  private locals(): Body["locals"] {
    const locals = [
      ...this.body.locals,
      ...(this.threaded ? [] : [{ count: 1, type: ValType.I64 }]),
      { count: 3, type: ValType.I32 },
      { count: 3, type: ValType.I64 },
      { count: 1, type: ValType.F32 },
      { count: 1, type: ValType.F64 },
    ];
    // memory64's locals come after these, so a memory64 body declares them all
    const wide = this.t.memory64;
    if (this.e.usesV128 || this.e.usesHoisted || wide) locals.push({ count: 1, type: ValType.V128 });
    if (this.e.usesHoisted || wide) locals.push({ count: HOISTED_PAGES, type: ValType.I64 });
    if (wide) locals.push({ count: 3, type: ValType.I64 });
    return locals;
  }
}
