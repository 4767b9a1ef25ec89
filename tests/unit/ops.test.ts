// Mirrors dusk-wasmtime's operator decoding and Piecrust's OperatorCost (piecrust/src/vm.rs) for the
// operators the decoder names by range or set: each row is an encoding written out by hand from the
// WebAssembly binary format (core spec 5.4, SIMD 0xFD sub-opcodes as LEB128) and the class, bytes and
// fuel Piecrust gives it, so a misnamed opcode in host-sim/wasm/ops.ts's table fails here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteReader } from "../../host-sim/wasm/bytes.js";
import { newOp, OpClass, readOp } from "../../host-sim/wasm/ops.js";

interface Row {
  name: string;
  bytes: number[];
  cls: OpClass;
  cost?: number;
  size?: number;
}

// memarg: alignment, then offset (both LEB128); a lane operator adds its lane byte.
const ROWS: Row[] = [
  { name: "f32.ceil", bytes: [0x8d], cls: OpClass.FloatF32 },
  { name: "f32.max", bytes: [0x97], cls: OpClass.FloatF32 },
  { name: "f32.demote_f64", bytes: [0xb6], cls: OpClass.FloatF32 },
  { name: "f32.abs (a sign-bit operation: not canonicalised)", bytes: [0x8b], cls: OpClass.Plain },
  { name: "f32.copysign", bytes: [0x98], cls: OpClass.Plain },
  { name: "f64.ceil", bytes: [0x9b], cls: OpClass.FloatF64 },
  { name: "f64.max", bytes: [0xa5], cls: OpClass.FloatF64 },
  { name: "f64.promote_f32", bytes: [0xbb], cls: OpClass.FloatF64 },
  { name: "f64.neg", bytes: [0x9a], cls: OpClass.Plain },
  { name: "i64.store16", bytes: [0x3d, 0x01, 0x08], cls: OpClass.Store, size: 2, cost: 32 },
  { name: "i32.store8", bytes: [0x3a, 0x00, 0x00], cls: OpClass.Store, size: 1, cost: 16 },
  { name: "f32x4.demote_f64x2_zero", bytes: [0xfd, 0x5e], cls: OpClass.FloatF32x4 },
  { name: "f32x4.nearest", bytes: [0xfd, 0x6a], cls: OpClass.FloatF32x4 },
  { name: "f32x4.sqrt (sub-opcode 0xe3: two LEB128 bytes)", bytes: [0xfd, 0xe3, 0x01], cls: OpClass.FloatF32x4 },
  { name: "f32x4.max", bytes: [0xfd, 0xe9, 0x01], cls: OpClass.FloatF32x4 },
  { name: "f32x4.pmin (no NaN of its own)", bytes: [0xfd, 0xea, 0x01], cls: OpClass.Plain },
  { name: "f64x2.promote_low_f32x4", bytes: [0xfd, 0x5f], cls: OpClass.FloatF64x2 },
  { name: "f64x2.trunc", bytes: [0xfd, 0x7a], cls: OpClass.FloatF64x2 },
  { name: "f64x2.nearest", bytes: [0xfd, 0x94, 0x01], cls: OpClass.FloatF64x2 },
  { name: "f64x2.max", bytes: [0xfd, 0xf5, 0x01], cls: OpClass.FloatF64x2 },
  { name: "v128.load64_splat", bytes: [0xfd, 0x0a, 0x03, 0x00], cls: OpClass.Plain },
  { name: "v128.store", bytes: [0xfd, 0x0b, 0x04, 0x10], cls: OpClass.Store, size: 16, cost: 64 },
  { name: "i8x16.shuffle", bytes: [0xfd, 0x0d, ...new Array(16).fill(0)], cls: OpClass.Plain },
  { name: "f64x2.replace_lane", bytes: [0xfd, 0x22, 0x01], cls: OpClass.Plain },
  { name: "v128.load8_lane", bytes: [0xfd, 0x54, 0x00, 0x00, 0x0f], cls: OpClass.Plain },
  { name: "v128.store16_lane", bytes: [0xfd, 0x59, 0x01, 0x00, 0x07], cls: OpClass.Store, size: 2, cost: 64 },
  { name: "v128.store64_lane", bytes: [0xfd, 0x5b, 0x03, 0x00, 0x01], cls: OpClass.Store, size: 8, cost: 64 },
  { name: "v128.load64_zero", bytes: [0xfd, 0x5d, 0x03, 0x00], cls: OpClass.Plain },
  { name: "memory.fill", bytes: [0xfc, 0x0b, 0x00], cls: OpClass.Bulk },
  { name: "i64.trunc_sat_f64_u", bytes: [0xfc, 0x07], cls: OpClass.Plain },
];

test("ops: named ranges and sets decode each operator's immediates and class as Piecrust meters it", () => {
  for (const row of ROWS) {
    const op = newOp();
    const r = new ByteReader(Uint8Array.from(row.bytes));
    readOp(r, op);
    assert.equal(op.end, row.bytes.length, `${row.name}: whole encoding read`);
    assert.equal(op.cls, row.cls, `${row.name}: class`);
    assert.equal(op.cost, row.cost ?? 1, `${row.name}: fuel`);
    assert.equal(op.size, row.size ?? 0, `${row.name}: bytes stored`);
  }
});

test("ops: what Piecrust's engine rejects is refused by name", () => {
  const refused: Array<[string, number[], RegExp]> = [
    ["i8x16.relaxed_swizzle (0xFD 0x100)", [0xfd, 0x80, 0x02], /relaxed SIMD operator 0x100/],
    ["return_call", [0x12, 0x00], /tail calls/],
    ["try", [0x06, 0x40], /exception handling/],
    ["catch_all", [0x19], /exception handling/],
    ["an atomics operator", [0xfe, 0x00], /atomics\/threads/],
    ["0xFC sub-opcode 18 (none is defined)", [0xfc, 0x12], /unknown 0xFC operator 18/],
    ["0xFC sub-opcode 65544 (beyond the prefix << 16 form)", [0xfc, 0x88, 0x80, 0x04], /unknown 0xFC operator 65544/],
  ];
  for (const [name, bytes, message] of refused) {
    assert.throws(() => readOp(new ByteReader(Uint8Array.from(bytes)), newOp()), message, name);
  }
});
