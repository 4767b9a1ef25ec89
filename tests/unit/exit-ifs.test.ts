// Exit `if`s (host-sim/exit-ifs.ts): which `if`s the rewrite may charge across. Each `if` below is
// classified by hand from the rule (empty block type, no `else`, no branch to or out of it, and a
// consequent that ends in `unreachable` or `return`); a wrong "yes" would let a loop with a call in
// it be batched, or charge twice on a path that comes back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ExitIfFinder } from "../../host-sim/exit-ifs.js";
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

function exits(b: Body): string[] {
  const code = new Uint8Array([...b.bytes, Code.End]);
  const finder = new ExitIfFinder();
  finder.begin();
  const r = new ByteReader(code);
  const op = newOp();
  while (!r.eof) {
    readOp(r, op);
    finder.op(op, code);
  }
  const found = finder.end();
  return [...b.at].filter(([, at]) => found.has(at)).map(([name]) => name).sort();
}

test("exit ifs: a consequent ending in unreachable or return, with no else and no branch to or out of it", () => {
  const b = new Body()
    .if("unreachable").op(Code.Unreachable, Code.End)
    .if("call then unreachable").op(Code.I32Const, 1, Code.Call, 0, Code.Unreachable, Code.End)
    .if("return").op(Code.Return, Code.End)
    .if("else").op(Code.Nop, Code.Else, Code.Unreachable, Code.End)
    .if("branch to itself").cond().op(Code.BrIf, 0, Code.Unreachable, Code.End)
    .if("branch out of it").cond().op(Code.BrIf, 1, Code.Unreachable, Code.End)
    .if("br_table out of it").cond().op(Code.BrTable, 1, 0, 1, Code.Unreachable, Code.End)
    .if("ends in nop").op(Code.Unreachable, Code.Nop, Code.End)
    .if("ends in a block").op(Code.Block, EMPTY_BLOCK, Code.Unreachable, Code.End, Code.End)
    .if("a result type", ValType.I32).op(Code.Unreachable, Code.End, Code.Drop)
    // a branch to a block inside it stays inside it
    .if("inner block's branch").op(Code.Block, EMPTY_BLOCK, Code.Br, 0, Code.End, Code.Return, Code.End)
    // the outer one is spoiled by the inner block's `br 1`; the inner `if` is its own exit
    .if("outer of two").if("inner of two").op(Code.Unreachable, Code.End)
    .op(Code.Block, EMPTY_BLOCK, Code.Br, 1, Code.End, Code.Unreachable, Code.End);
  assert.deepEqual(exits(b), ["call then unreachable", "inner block's branch", "inner of two", "return", "unreachable"]);
});
