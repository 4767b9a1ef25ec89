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
 * Opcodes the rewrite emits or replaces, and those a constant expression may use (with
 * extended-const), by name (the 0xFC ones as prefix << 16 | sub-opcode).
 */
export const enum Code {
  Unreachable = 0x00,
  Nop = 0x01,
  Block = 0x02,
  Loop = 0x03,
  If = 0x04,
  Else = 0x05,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  BrTable = 0x0e,
  Return = 0x0f,
  Call = 0x10,
  CallIndirect = 0x11,
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
  F32Sqrt = 0x91,
  F64Abs = 0x99,
  F64Sqrt = 0x9f,
  I32WrapI64 = 0xa7,
  I64ExtendI32S = 0xac,
  I64ExtendI32U = 0xad,
  I64Extend32S = 0xc4,
  RefNull = 0xd0,
  RefIsNull = 0xd1,
  RefFunc = 0xd2,
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
  /** First of the SIMD operators. */
  V128Load = 0xfd0000,
  V128Store = 0xfd000b,
  V128Const = 0xfd000c,
  I8x16Shuffle = 0xfd000d,
  I32x4Splat = 0xfd0011,
  F32x4Eq = 0xfd0041,
  F64x2Eq = 0xfd0047,
  V128Or = 0xfd0050,
  V128Xor = 0xfd0051,
  V128Bitselect = 0xfd0052,
  I32x4Shl = 0xfd00ab,
  I32x4ShrU = 0xfd00ad,
  I32x4Add = 0xfd00ae,
  I32x4Mul = 0xfd00b5,
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
  /** `call`: the function index; local.get/set/tee: the local index. */
  index: number;
  start: number;
  end: number;
}

const STORE_BYTES: Record<number, [number, number]> = {
  0x36: [4, 16], // i32.store
  0x37: [8, 32], // i64.store
  0x38: [4, 16], // f32.store
  0x39: [8, 32], // f64.store
  0x3a: [1, 16], // i32.store8
  0x3b: [2, 16], // i32.store16
  0x3c: [1, 32], // i64.store8
  0x3d: [2, 32], // i64.store16
  0x3e: [4, 32], // i64.store32
};

const F32_ARITH = new Set([0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xb6]);
const F64_ARITH = new Set([0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xbb]);
const F32X4_ARITH = new Set([0x5e, 0x67, 0x68, 0x69, 0x6a, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9]);
const F64X2_ARITH = new Set([0x5f, 0x74, 0x75, 0x7a, 0x94, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5]);

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

function readFC(r: ByteReader, op: Op): void {
  const sub = r.u32();
  op.code = 0xfc0000 | sub;
  if (sub <= 7) return;
  switch (sub) {
    case 8: // memory.init
      r.u32();
      memIndex(r);
      op.cls = OpClass.Bulk;
      return;
    case 9: // data.drop
      r.u32();
      return;
    case 10: // memory.copy
      memIndex(r);
      memIndex(r);
      op.cls = OpClass.Bulk;
      return;
    case 11: // memory.fill
      memIndex(r);
      op.cls = OpClass.Bulk;
      return;
    case 12: // table.init
    case 14: // table.copy
      r.u32();
      r.u32();
      return;
    case 13: // elem.drop
    case 15: // table.grow
    case 16: // table.size
    case 17: // table.fill
      r.u32();
      return;
    default:
      r.fail(`unknown 0xFC operator ${sub}`);
  }
}

function readFD(r: ByteReader, op: Op): void {
  const sub = r.u32();
  op.code = 0xfd0000 | sub;
  if (sub <= 10) memarg(r, op);
  else if (sub === 11) {
    memarg(r, op);
    op.cls = OpClass.Store;
    op.size = 16;
    op.cost = 64;
  } else if (sub === 12 || sub === 13) r.skip(16);
  else if (sub >= 21 && sub <= 34) r.u8();
  else if (sub >= 84 && sub <= 91) {
    memarg(r, op);
    r.u8();
    if (sub >= 88) {
      op.cls = OpClass.Store;
      op.size = 1 << (sub - 88);
      op.cost = 64;
    }
  } else if (sub === 92 || sub === 93) memarg(r, op);
  else if (sub > 0xff) r.fail(`relaxed SIMD operator 0x${sub.toString(16)} (rejected by Piecrust's engine)`);
  if (F32X4_ARITH.has(sub)) op.cls = OpClass.FloatF32x4;
  else if (F64X2_ARITH.has(sub)) op.cls = OpClass.FloatF64x2;
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
    case 0x00:
      op.cls = OpClass.Unreachable;
      op.cost = 0;
      break;
    case 0x01: // nop
    case 0x1a: // drop
      op.cost = 0;
      break;
    case 0x02:
      blockType(r);
      op.cls = OpClass.Block;
      op.cost = 0;
      break;
    case 0x03:
      blockType(r);
      op.cls = OpClass.Loop;
      op.cost = 0;
      break;
    case 0x04:
      blockType(r);
      op.cls = OpClass.If;
      break;
    case 0x05:
      op.cls = OpClass.Else;
      op.cost = 0;
      break;
    case 0x0b:
      op.cls = OpClass.End;
      op.cost = 0;
      break;
    case 0x0c:
      op.depths.push(r.u32());
      op.cls = OpClass.Br;
      break;
    case 0x0d:
      op.depths.push(r.u32());
      op.cls = OpClass.BrIf;
      break;
    case 0x0e: {
      const n = r.u32();
      if (n > 100000) r.fail("br_table too large");
      for (let i = 0; i <= n; i++) op.depths.push(r.u32());
      op.cls = OpClass.BrTable;
      break;
    }
    case 0x0f:
      op.cls = OpClass.Return;
      op.cost = 0;
      break;
    case 0x10:
      op.index = r.u32();
      op.cls = OpClass.Call;
      break;
    case 0x11:
      r.u32();
      r.u32();
      op.cls = OpClass.Call;
      break;
    case 0x1b: // select
    case 0xd1: // ref.is_null
      break;
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) r.u8();
      break;
    }
    case 0x20:
    case 0x21:
    case 0x22:
      op.index = r.u32();
      break;
    case 0x23:
    case 0x24:
    case 0x25: // table.get
    case 0x26: // table.set
    case 0xd2: // ref.func
      r.u32();
      break;
    case 0x3f: // memory.size
    case 0x40: // memory.grow
      memIndex(r);
      break;
    case 0x41:
      r.s32();
      break;
    case 0x42:
      r.skipS64();
      break;
    case 0x43:
      r.skip(4);
      break;
    case 0x44:
      r.skip(8);
      break;
    case 0xd0: // ref.null
      r.u8();
      break;
    case 0xfc:
      readFC(r, op);
      break;
    case 0xfd:
      readFD(r, op);
      break;
    default:
      if (b >= 0x28 && b <= 0x35) memarg(r, op);
      else if (b >= 0x36 && b <= 0x3e) {
        memarg(r, op);
        op.cls = OpClass.Store;
        [op.size, op.cost] = STORE_BYTES[b];
      } else if (b >= 0x45 && b <= 0xc4) {
        if (F32_ARITH.has(b)) op.cls = OpClass.FloatF32;
        else if (F64_ARITH.has(b)) op.cls = OpClass.FloatF64;
      } else if (b === 0x12 || b === 0x13) r.fail("tail calls are not enabled in Piecrust's engine");
      else if ((b >= 0x06 && b <= 0x09) || b === 0x18 || b === 0x19) r.fail("exception handling is not enabled in Piecrust's engine");
      else if (b === 0xfe) r.fail("atomics/threads are not enabled in Piecrust's engine");
      else r.fail(`unknown opcode 0x${b.toString(16)}`);
  }
  op.end = r.pos;
}

export function newOp(): Op {
  return { code: 0, cls: OpClass.Plain, cost: 0, size: 0, offset: 0, depths: [], index: 0, start: 0, end: 0 };
}
