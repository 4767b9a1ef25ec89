// Mirrors dusk-wasmtime's operator set and Piecrust's `OperatorCost` (piecrust/src/vm.rs): decodes one
// operator at a time and classifies it for metering; deliberately rejects what Piecrust's engine rejects.
import { ByteReader, ByteWriter } from "./bytes.js";

/** How an operator takes part in fuel accounting and rewriting. */
export const enum OpClass {
  Plain,
  Block,
  Loop,
  If,
  Else,
  End,
  Br,
  BrIf,
  BrTable,
  Return,
  Unreachable,
  Call,
  Store,
  /** memory.fill / memory.copy / memory.init: write a run of bytes. */
  Bulk,
  /** Float arithmetic whose NaN results Cranelift canonicalises. */
  FloatF32,
  FloatF64,
  FloatF32x4,
  FloatF64x2,
}

/**
 * The one table of opcodes by name: those the decoder tells apart, the rewrite emits or replaces,
 * and a constant expression may use (with extended-const). Prefixed operators (0xFC, 0xFD) are
 * prefix << 16 | sub-opcode; a range is named by its first and last members.
 */
export const enum Code {
  Unreachable = 0x00,
  Nop = 0x01,
  Block = 0x02,
  Loop = 0x03,
  If = 0x04,
  Else = 0x05,
  /** The exception-handling proposal's try … rethrow (0x06 … 0x09), delegate and catch_all: not enabled in Piecrust's engine. */
  Try = 0x06,
  Rethrow = 0x09,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  BrTable = 0x0e,
  Return = 0x0f,
  Call = 0x10,
  CallIndirect = 0x11,
  /** The tail-call proposal's calls: not enabled in Piecrust's engine. */
  ReturnCall = 0x12,
  ReturnCallIndirect = 0x13,
  Delegate = 0x18,
  CatchAll = 0x19,
  Drop = 0x1a,
  Select = 0x1b,
  SelectTyped = 0x1c,
  LocalGet = 0x20,
  LocalSet = 0x21,
  LocalTee = 0x22,
  GlobalGet = 0x23,
  GlobalSet = 0x24,
  TableGet = 0x25,
  TableSet = 0x26,
  /** First of the loads (i32.load … i64.load32_u). */
  I32Load = 0x28,
  I64Load32U = 0x35,
  /** First of the stores (i32.store … i64.store32). */
  I32Store = 0x36,
  I64Store = 0x37,
  F32Store = 0x38,
  F64Store = 0x39,
  I32Store8 = 0x3a,
  I32Store16 = 0x3b,
  I64Store8 = 0x3c,
  I64Store16 = 0x3d,
  I64Store32 = 0x3e,
  MemorySize = 0x3f,
  MemoryGrow = 0x40,
  I32Const = 0x41,
  I64Const = 0x42,
  F32Const = 0x43,
  F64Const = 0x44,
  /** First of the numeric operators (i32.eqz … i64.extend32_s). */
  I32Eqz = 0x45,
  I32Eq = 0x46,
  I32LtU = 0x49,
  I32GtU = 0x4b,
  I64Eqz = 0x50,
  I64GtU = 0x56,
  I64LtU = 0x54,
  I64LeS = 0x57,
  F32Eq = 0x5b,
  F64Eq = 0x61,
  I32Clz = 0x67,
  I32Popcnt = 0x69,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Mul = 0x6c,
  I32Or = 0x72,
  I32Xor = 0x73,
  I32Shl = 0x74,
  I32ShrU = 0x76,
  I32Rotr = 0x78,
  I64Clz = 0x79,
  I64Popcnt = 0x7b,
  I64Add = 0x7c,
  I64Sub = 0x7d,
  I64Mul = 0x7e,
  I64Shl = 0x86,
  F32Abs = 0x8b,
  F32Ceil = 0x8d,
  F32Floor = 0x8e,
  F32Trunc = 0x8f,
  F32Nearest = 0x90,
  F32Sqrt = 0x91,
  F32Add = 0x92,
  F32Sub = 0x93,
  F32Mul = 0x94,
  F32Div = 0x95,
  F32Min = 0x96,
  F32Max = 0x97,
  F64Abs = 0x99,
  F64Ceil = 0x9b,
  F64Floor = 0x9c,
  F64Trunc = 0x9d,
  F64Nearest = 0x9e,
  F64Sqrt = 0x9f,
  F64Add = 0xa0,
  F64Sub = 0xa1,
  F64Mul = 0xa2,
  F64Div = 0xa3,
  F64Min = 0xa4,
  F64Max = 0xa5,
  I32WrapI64 = 0xa7,
  I64ExtendI32S = 0xac,
  I64ExtendI32U = 0xad,
  F32DemoteF64 = 0xb6,
  F64PromoteF32 = 0xbb,
  /** Last of the numeric operators. */
  I64Extend32S = 0xc4,
  RefNull = 0xd0,
  RefIsNull = 0xd1,
  RefFunc = 0xd2,
  /** The prefix bytes: 0xFC (saturating truncations, bulk memory, tables), 0xFD (SIMD), 0xFE (threads). */
  MiscPrefix = 0xfc,
  SimdPrefix = 0xfd,
  AtomicsPrefix = 0xfe,
  /** First and last of the saturating truncations (0xFC 0 … 0xFC 7). */
  I32TruncSatF32S = 0xfc0000,
  I64TruncSatF64U = 0xfc0007,
  MemoryInit = 0xfc0008,
  DataDrop = 0xfc0009,
  MemoryCopy = 0xfc000a,
  MemoryFill = 0xfc000b,
  TableInit = 0xfc000c,
  ElemDrop = 0xfc000d,
  TableCopy = 0xfc000e,
  TableGrow = 0xfc000f,
  TableSize = 0xfc0010,
  TableFill = 0xfc0011,
  /** First of the SIMD operators, and of its loads (v128.load … v128.load64_splat). */
  V128Load = 0xfd0000,
  V128Load64Splat = 0xfd000a,
  V128Store = 0xfd000b,
  V128Const = 0xfd000c,
  I8x16Shuffle = 0xfd000d,
  I32x4Splat = 0xfd0011,
  /** First and last of the lane operators (i8x16.extract_lane_s … f64x2.replace_lane), whose immediate is a lane byte. */
  I8x16ExtractLaneS = 0xfd0015,
  F64x2ReplaceLane = 0xfd0022,
  F32x4Eq = 0xfd0041,
  F64x2Eq = 0xfd0047,
  V128Or = 0xfd0050,
  V128Xor = 0xfd0051,
  V128Bitselect = 0xfd0052,
  V128AnyTrue = 0xfd0053,
  /** The lane loads (v128.load8_lane … v128.load64_lane), then the lane stores up to v128.store64_lane. */
  V128Load8Lane = 0xfd0054,
  V128Store8Lane = 0xfd0058,
  V128Store64Lane = 0xfd005b,
  V128Load32Zero = 0xfd005c,
  V128Load64Zero = 0xfd005d,
  F32x4DemoteF64x2Zero = 0xfd005e,
  F64x2PromoteLowF32x4 = 0xfd005f,
  F32x4Ceil = 0xfd0067,
  F32x4Floor = 0xfd0068,
  F32x4Trunc = 0xfd0069,
  F32x4Nearest = 0xfd006a,
  F64x2Ceil = 0xfd0074,
  F64x2Floor = 0xfd0075,
  F64x2Trunc = 0xfd007a,
  F64x2Nearest = 0xfd0094,
  I32x4Shl = 0xfd00ab,
  I32x4ShrU = 0xfd00ad,
  I32x4Add = 0xfd00ae,
  I32x4Mul = 0xfd00b5,
  F32x4Sqrt = 0xfd00e3,
  F32x4Add = 0xfd00e4,
  F32x4Sub = 0xfd00e5,
  F32x4Mul = 0xfd00e6,
  F32x4Div = 0xfd00e7,
  F32x4Min = 0xfd00e8,
  F32x4Max = 0xfd00e9,
  F64x2Sqrt = 0xfd00ef,
  F64x2Add = 0xfd00f0,
  F64x2Sub = 0xfd00f1,
  F64x2Mul = 0xfd00f2,
  F64x2Div = 0xfd00f3,
  F64x2Min = 0xfd00f4,
  F64x2Max = 0xfd00f5,
  /** The relaxed-SIMD operators begin here (i8x16.relaxed_swizzle): rejected by Piecrust's engine. */
  RelaxedSimd = 0xfd0100,
}

/** Writes `code`: one byte, or a prefix byte and a LEB128 sub-opcode. */
export function writeCode(w: ByteWriter, code: Code): ByteWriter {
  return code > 0xff ? w.byte(code >>> 16).u32(code & 0xffff) : w.byte(code);
}

/** Block type of a block that takes and leaves nothing. */
export const EMPTY_BLOCK = 0x40;

export interface Op {
  /** First byte, or (prefix << 16 | sub-opcode) for 0xFC/0xFD operators. */
  code: number;
  cls: OpClass;
  /** Fuel cost with Piecrust's table: 0 for free ops, 16/32/64 for stores, else 1. */
  cost: number;
  /** Bytes written by a store. */
  size: number;
  /** Static offset of a memory access. */
  offset: number;
  /** Branch depths (br/br_if: one; br_table: targets then default). */
  depths: number[];
  /** `call`: the function index; `call_indirect`: the type index; local.get/set/tee: the local index. */
  index: number;
  /** `call_indirect`: the table. */
  table: number;
  start: number;
  end: number;
}

/** Each store's [bytes written, Piecrust's fuel cost]. */
const STORE_BYTES: Record<number, [number, number]> = {
  [Code.I32Store]: [4, 16],
  [Code.I64Store]: [8, 32],
  [Code.F32Store]: [4, 16],
  [Code.F64Store]: [8, 32],
  [Code.I32Store8]: [1, 16],
  [Code.I32Store16]: [2, 16],
  [Code.I64Store8]: [1, 32],
  [Code.I64Store16]: [2, 32],
  [Code.I64Store32]: [4, 32],
};

// The float operators that can make a NaN of their own, whose payload Cranelift canonicalises.
const F32_ARITH = new Set<number>([
  Code.F32Ceil, Code.F32Floor, Code.F32Trunc, Code.F32Nearest, Code.F32Sqrt, Code.F32Add,
  Code.F32Sub, Code.F32Mul, Code.F32Div, Code.F32Min, Code.F32Max, Code.F32DemoteF64,
]);
const F64_ARITH = new Set<number>([
  Code.F64Ceil, Code.F64Floor, Code.F64Trunc, Code.F64Nearest, Code.F64Sqrt, Code.F64Add,
  Code.F64Sub, Code.F64Mul, Code.F64Div, Code.F64Min, Code.F64Max, Code.F64PromoteF32,
]);
const F32X4_ARITH = new Set<number>([
  Code.F32x4DemoteF64x2Zero, Code.F32x4Ceil, Code.F32x4Floor, Code.F32x4Trunc, Code.F32x4Nearest, Code.F32x4Sqrt,
  Code.F32x4Add, Code.F32x4Sub, Code.F32x4Mul, Code.F32x4Div, Code.F32x4Min, Code.F32x4Max,
]);
const F64X2_ARITH = new Set<number>([
  Code.F64x2PromoteLowF32x4, Code.F64x2Ceil, Code.F64x2Floor, Code.F64x2Trunc, Code.F64x2Nearest, Code.F64x2Sqrt,
  Code.F64x2Add, Code.F64x2Sub, Code.F64x2Mul, Code.F64x2Div, Code.F64x2Min, Code.F64x2Max,
]);

function memarg(r: ByteReader, op: Op): void {
  const align = r.u32();
  if (align & 0x40) r.fail("multi-memory access (rejected by Piecrust's engine)");
  // a memory64 offset is a u64; a wasm32 module with a larger one than u32 never gets here, since
  // the engine's validation (validate.ts) refuses it before anything is rewritten
  op.offset = r.u64Number();
}

function memIndex(r: ByteReader): void {
  if (r.u32() !== 0) r.fail("multi-memory access (rejected by Piecrust's engine)");
}

function blockType(r: ByteReader): void {
  r.s33();
}

/** The 0xFC operators: sub-opcodes up to 0xFFFF fit the prefix << 16 form; larger ones are unknown. */
function readFC(r: ByteReader, op: Op): void {
  const sub = r.u32();
  if (sub > 0xffff) r.fail(`unknown 0xFC operator ${sub}`);
  op.code = (Code.MiscPrefix << 16) | sub;
  if (op.code <= Code.I64TruncSatF64U) return;
  switch (op.code) {
    case Code.MemoryInit:
      r.u32();
      memIndex(r);
      op.cls = OpClass.Bulk;
      return;
    case Code.DataDrop:
      r.u32();
      return;
    case Code.MemoryCopy:
      memIndex(r);
      memIndex(r);
      op.cls = OpClass.Bulk;
      return;
    case Code.MemoryFill:
      memIndex(r);
      op.cls = OpClass.Bulk;
      return;
    case Code.TableInit:
    case Code.TableCopy:
      r.u32();
      r.u32();
      return;
    case Code.ElemDrop:
    case Code.TableGrow:
    case Code.TableSize:
    case Code.TableFill:
      r.u32();
      return;
    default:
      r.fail(`unknown 0xFC operator ${sub}`);
  }
}

/** The 0xFD (SIMD) operators, by the immediates each range takes. */
function readFD(r: ByteReader, op: Op): void {
  const sub = r.u32();
  if (sub >= (Code.RelaxedSimd & 0xffff)) r.fail(`relaxed SIMD operator 0x${sub.toString(16)} (rejected by Piecrust's engine)`);
  const code = (Code.SimdPrefix << 16) | sub;
  op.code = code;
  if (code <= Code.V128Load64Splat) memarg(r, op);
  else if (code === Code.V128Store) {
    memarg(r, op);
    op.cls = OpClass.Store;
    op.size = 16;
    op.cost = 64;
  } else if (code === Code.V128Const || code === Code.I8x16Shuffle) r.skip(16);
  else if (code >= Code.I8x16ExtractLaneS && code <= Code.F64x2ReplaceLane) r.u8();
  else if (code >= Code.V128Load8Lane && code <= Code.V128Store64Lane) {
    memarg(r, op);
    r.u8();
    if (code >= Code.V128Store8Lane) {
      op.cls = OpClass.Store;
      op.size = 1 << (code - Code.V128Store8Lane);
      op.cost = 64;
    }
  } else if (code === Code.V128Load32Zero || code === Code.V128Load64Zero) memarg(r, op);
  if (F32X4_ARITH.has(code)) op.cls = OpClass.FloatF32x4;
  else if (F64X2_ARITH.has(code)) op.cls = OpClass.FloatF64x2;
}

/** Decodes the operator at `r.pos` into `op` (reused to avoid allocation) and advances past it. */
export function readOp(r: ByteReader, op: Op): void {
  op.start = r.pos;
  op.cls = OpClass.Plain;
  op.cost = 1;
  op.size = 0;
  op.offset = 0;
  if (op.depths.length !== 0) op.depths.length = 0;
  const b = r.u8();
  op.code = b;
  switch (b) {
    case Code.Unreachable:
      op.cls = OpClass.Unreachable;
      op.cost = 0;
      break;
    case Code.Nop:
    case Code.Drop:
      op.cost = 0;
      break;
    case Code.Block:
      blockType(r);
      op.cls = OpClass.Block;
      op.cost = 0;
      break;
    case Code.Loop:
      blockType(r);
      op.cls = OpClass.Loop;
      op.cost = 0;
      break;
    case Code.If:
      blockType(r);
      op.cls = OpClass.If;
      break;
    case Code.Else:
      op.cls = OpClass.Else;
      op.cost = 0;
      break;
    case Code.End:
      op.cls = OpClass.End;
      op.cost = 0;
      break;
    case Code.Br:
      op.depths.push(r.u32());
      op.cls = OpClass.Br;
      break;
    case Code.BrIf:
      op.depths.push(r.u32());
      op.cls = OpClass.BrIf;
      break;
    case Code.BrTable: {
      const n = r.u32();
      if (n > 100000) r.fail("br_table too large");
      for (let i = 0; i <= n; i++) op.depths.push(r.u32());
      op.cls = OpClass.BrTable;
      break;
    }
    case Code.Return:
      op.cls = OpClass.Return;
      op.cost = 0;
      break;
    case Code.Call:
      op.index = r.u32();
      op.cls = OpClass.Call;
      break;
    case Code.CallIndirect:
      op.index = r.u32();
      op.table = r.u32();
      op.cls = OpClass.Call;
      break;
    case Code.Select:
    case Code.RefIsNull:
      break;
    case Code.SelectTyped: {
      const n = r.u32();
      for (let i = 0; i < n; i++) r.u8();
      break;
    }
    case Code.LocalGet:
    case Code.LocalSet:
    case Code.LocalTee:
      op.index = r.u32();
      break;
    case Code.GlobalGet:
    case Code.GlobalSet:
    case Code.TableGet:
    case Code.TableSet:
    case Code.RefFunc:
      r.u32();
      break;
    case Code.MemorySize:
    case Code.MemoryGrow:
      memIndex(r);
      break;
    case Code.I32Const:
      r.s32();
      break;
    case Code.I64Const:
      r.skipS64();
      break;
    case Code.F32Const:
      r.skip(4);
      break;
    case Code.F64Const:
      r.skip(8);
      break;
    case Code.RefNull:
      r.u8();
      break;
    case Code.MiscPrefix:
      readFC(r, op);
      break;
    case Code.SimdPrefix:
      readFD(r, op);
      break;
    default:
      if (b >= Code.I32Load && b <= Code.I64Load32U) memarg(r, op);
      else if (b >= Code.I32Store && b <= Code.I64Store32) {
        memarg(r, op);
        op.cls = OpClass.Store;
        [op.size, op.cost] = STORE_BYTES[b];
      } else if (b >= Code.I32Eqz && b <= Code.I64Extend32S) {
        if (F32_ARITH.has(b)) op.cls = OpClass.FloatF32;
        else if (F64_ARITH.has(b)) op.cls = OpClass.FloatF64;
      } else if (b === Code.ReturnCall || b === Code.ReturnCallIndirect) r.fail("tail calls are not enabled in Piecrust's engine");
      else if ((b >= Code.Try && b <= Code.Rethrow) || b === Code.Delegate || b === Code.CatchAll) r.fail("exception handling is not enabled in Piecrust's engine");
      else if (b === Code.AtomicsPrefix) r.fail("atomics/threads are not enabled in Piecrust's engine");
      else r.fail(`unknown opcode 0x${b.toString(16)}`);
  }
  op.end = r.pos;
}

export function newOp(): Op {
  return { code: 0, cls: OpClass.Plain, cost: 0, size: 0, offset: 0, depths: [], index: 0, table: 0, start: 0, end: 0 };
}
