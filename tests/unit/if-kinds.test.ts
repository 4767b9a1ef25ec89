// The `if`s the rewrite charges across (host-sim/if-kinds.ts). Each `if` below is classified by hand
// from the rules: "through" (empty block type, no `else`, no branch to it, a consequent ending in
// `unreachable`, `return`, `br` or `br_table`) and "exit" (also no branch out of it, and ending in
// `unreachable` or `return`). A wrong "through" would charge a path that comes back twice or not at
// all; a wrong "exit" would let a loop with a call in it be batched.
import assert from "node:assert/strict";
import { test } from "node:test";
import { IfClassifier } from "../../host-sim/if-kinds.js";
import { ByteReader } from "../../host-sim/wasm/bytes.js";
import { ValType } from "../../host-sim/wasm/module.js";
import { Code, EMPTY_BLOCK, newOp, readOp } from "../../host-sim/wasm/ops.js";

/** A body's code, built op by op, with the offset of each named `if`. */
class Body {
  readonly bytes: number[] = [];
  readonly at = new Map<string, number>();
  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }
  cond(): this {
    return this.op(Code.LocalGet, 0);
  }
  if(name: string, blockType = EMPTY_BLOCK): this {
    this.cond();
    this.at.set(name, this.bytes.length);
    return this.op(Code.If, blockType);
  }
}

function classify(b: Body): { through: string[]; exits: string[] } {
  const code = new Uint8Array([...b.bytes, Code.End]);
  const ifs = new IfClassifier();
  ifs.begin();
  const r = new ByteReader(code);
  const op = newOp();
  while (!r.eof) {
    readOp(r, op);
    ifs.op(op, code);
  }
  const kinds = ifs.end();
  const named = (set: Set<number>) => [...b.at].filter(([, at]) => set.has(at)).map(([name]) => name).sort();
  return { through: named(kinds.through), exits: named(kinds.exits) };
}

test("if kinds: which ifs only the untaken path leaves by their end, and which of them only leave the function", () => {
  const b = new Body()
    .if("unreachable").op(Code.Unreachable, Code.End)
    .if("call then unreachable").op(Code.I32Const, 1, Code.Call, 0, Code.Unreachable, Code.End)
    .if("return").op(Code.Return, Code.End)
    .if("else").op(Code.Nop, Code.Else, Code.Unreachable, Code.End)
    .if("branch to itself").cond().op(Code.BrIf, 0, Code.Unreachable, Code.End)
    .if("branch out of it").cond().op(Code.BrIf, 1, Code.Unreachable, Code.End)
    .if("br_table out of it").cond().op(Code.BrTable, 1, 1, 1, Code.Unreachable, Code.End)
    .if("br_table to itself and out").cond().op(Code.BrTable, 1, 1, 0, Code.End)
    .if("ends in nop").op(Code.Unreachable, Code.Nop, Code.End)
    .if("ends in a block").op(Code.Block, EMPTY_BLOCK, Code.Unreachable, Code.End, Code.End)
    .if("a result type", ValType.I32).op(Code.Unreachable, Code.End, Code.Drop)
    // AssemblyScript's loop body: the consequent ends in the back edge
    .op(Code.Loop, EMPTY_BLOCK).if("ends in br to the loop").op(Code.Nop, Code.Br, 1, Code.End, Code.End)
    .if("ends in br_if").cond().op(Code.BrIf, 1, Code.End)
    // a branch to a block inside it stays inside it
    .if("inner block's branch").op(Code.Block, EMPTY_BLOCK, Code.Br, 0, Code.End, Code.Return, Code.End)
    // the outer one is joined by the inner block's `br 1`; the inner `if` is its own exit
    .if("outer of two").if("inner of two").op(Code.Unreachable, Code.End)
    .op(Code.Block, EMPTY_BLOCK, Code.Br, 1, Code.End, Code.Unreachable, Code.End);
  assert.deepEqual(classify(b), {
    through: ["br_table out of it", "branch out of it", "call then unreachable", "ends in br to the loop", "inner block's branch", "inner of two", "return", "unreachable"],
    exits: ["call then unreachable", "inner block's branch", "inner of two", "return", "unreachable"],
  });
});
