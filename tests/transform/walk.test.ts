// transform/walk.ts finds global reads and calls wherever binaryen IR nests them, and refuses an
// expression kind it does not know rather than missing a read inside it.
import assert from "node:assert/strict";
import { test } from "node:test";
import binaryen from "binaryen";
import { moduleUses } from "../../transform/walk.js";

test("reads and calls are found in nested control flow, operands, bulk memory, SIMD and global initializers", () => {
  const b = binaryen;
  const m = new b.Module();
  m.setFeatures(b.Features.All);
  m.setMemory(1, -1);
  for (const g of ["inLoop", "inElse", "inOperand", "inFill", "inSimd", "inInit", "neverRead", "onlyWritten"]) m.addGlobal(g, b.i32, true, m.i32.const(0));
  m.addGlobal("initFrom", b.i32, false, m.global.get("inInit", b.i32));
  m.addFunction("callee", b.createType([b.i32]), b.none, [], m.nop());
  m.addFunction("leaf", b.none, b.none, [], m.nop());
  const body = m.block(null, [
    m.if(
      m.i32.const(1),
      m.loop("l", m.br("l", m.global.get("inLoop", b.i32))),
      m.drop(m.i32.add(m.i32.const(1), m.global.get("inElse", b.i32))),
    ),
    m.call("callee", [m.i32.load(0, 4, m.global.get("inOperand", b.i32))], b.none),
    m.memory.fill(m.i32.const(0), m.i32.const(0), m.global.get("inFill", b.i32)),
    m.drop(m.i32x4.extract_lane(m.i32x4.splat(m.global.get("inSimd", b.i32)), 0)),
    m.global.set("onlyWritten", m.i32.const(3)),
    m.call("leaf", [], b.none),
  ]);
  m.addFunction("main", b.none, b.none, [], body);
  const uses = moduleUses(b, m);
  assert.deepEqual([...uses.globalsRead].sort(), ["inElse", "inFill", "inInit", "inLoop", "inOperand", "inSimd"]);
  assert.deepEqual([...uses.functionsCalled].sort(), ["callee", "leaf"]);
  m.dispose();
});

test("an expression kind the walker does not know is an error, not a silent miss", () => {
  const b = binaryen;
  const m = new b.Module();
  m.setFeatures(b.Features.All);
  // A GC expression (ref.i31): outside what AssemblyScript emits and outside the walker's table.
  m.addFunction("f", b.none, b.none, [], m.drop((m as unknown as { ref: { i31(v: number): number } }).ref.i31(m.i32.const(1))));
  assert.throws(() => moduleUses(b, m), /cannot inspect binaryen expression kind/);
  m.dispose();
});
