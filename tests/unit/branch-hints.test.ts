// Branch hints in the rewrite (host-sim/wasm/branch-hints.ts): the section is read back here with a
// reader of its own, from the proposal's layout, and every hint must sit on an `if` or `br_if` of
// the body it names; the counts are worked out by hand from the rewrite's rules (one per store's
// page check; a batched loop adds its guard and a check per copy).
import assert from "node:assert/strict";
import { test } from "node:test";
import { prepareContract } from "../../host-sim/module.js";
import { Code } from "../../host-sim/wasm/ops.js";
import { wat } from "../helpers/wat.js";
import { module } from "../helpers/sim.js";
import { contract } from "../ports/support/contracts.js";

interface Hinted {
  /** Function index, then (opcode at the hint, hint value) pairs. */
  funcs: Map<number, Array<{ op: number; value: number }>>;
  beforeCode: boolean;
}

function readHints(bytes: Uint8Array): Hinted {
  let p = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[p++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  let content: [number, number] | null = null;
  let beforeCode = false;
  const bodies: number[] = [];
  let importedFuncs = 0;
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 0) {
      const n = leb();
      const name = new TextDecoder().decode(bytes.subarray(p, p + n));
      p += n;
      if (name === "metadata.code.branch_hint") {
        content = [p, end];
        beforeCode = bodies.length === 0;
      }
    } else if (id === 2) {
      const skipName = () => {
        const n = leb();
        p += n;
      };
      for (let k = leb(); k > 0; k--) {
        skipName();
        skipName();
        const kind = bytes[p++];
        if (kind === 0) {
          importedFuncs++;
          leb();
        } else if (kind === 2) {
          const flags = bytes[p++];
          leb();
          if (flags & 1) leb();
        } else throw new Error(`import kind ${kind} in a test module`);
      }
    } else if (id === 10) {
      for (let k = leb(); k > 0; k--) {
        const len = leb();
        bodies.push(p);
        p += len;
      }
    }
    p = end;
  }
  const funcs = new Map<number, Array<{ op: number; value: number }>>();
  if (content) {
    p = content[0];
    for (let f = leb(); f > 0; f--) {
      const index = leb();
      const start = bodies[index - importedFuncs];
      const hints: Array<{ op: number; value: number }> = [];
      let previous = -1;
      for (let h = leb(); h > 0; h--) {
        const offset = leb();
        assert.ok(offset > previous, `hints ascending and distinct: ${offset} after ${previous}`);
        previous = offset;
        assert.equal(leb(), 1, "a hint's size is 1");
        hints.push({ op: bytes[start + offset], value: bytes[p++] });
      }
      funcs.set(index, hints);
    }
    assert.equal(p, content[1], "the section ends with its last hint");
  }
  return { funcs, beforeCode };
}

test("branch hints: each store's page check is hinted unlikely, on its `if`, in a section before the code", async () => {
  const src = module(`(func (export "f") (param i32) (result i32)
    (i32.store (i32.const 64) (i32.const 1))
    (i64.store8 offset=9 (local.get 0) (i64.const 2))
    (memory.fill (i32.const 100) (i32.const 0) (i32.const 8))
    (i32.const 0))`);
  const p = prepareContract(await wat(src), { debug: false });
  const { funcs, beforeCode } = readHints(p.wasm);
  assert.equal(beforeCode, true);
  // two stores and one bulk write, no import: function 0
  assert.deepEqual(funcs.get(0), [
    { op: Code.If, value: 0 },
    { op: Code.If, value: 0 },
    { op: Code.If, value: 0 },
  ]);
});

test("branch hints: a batched loop hints its guard and its store's check in every copy and in the checked iteration", async () => {
  const src = module(`(func (export "f") (param i32) (result i32) (local $i i32)
    (local.set $i (i32.const 40))
    (loop $l
      (i32.store offset=64 (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (local.get $i)))
    (i32.const 0))`);
  const p = prepareContract(await wat(src), { debug: false });
  assert.equal(p.batchedLoops, 1);
  const hints = readHints(p.wasm).funcs.get(0)!;
  assert.ok(hints.every((h) => h.value === 0 && (h.op === Code.If || h.op === Code.BrIf)), JSON.stringify(hints));
  const guards = hints.filter((h) => h.op === Code.BrIf).length;
  assert.equal(guards, 1);
  // the store is its iteration's first effect: each copy leaves the batch on a miss (an `if` too)
  assert.ok(hints.length - guards >= 3, `${hints.length - guards} store checks hinted`);
});

test("branch hints: a contract with no store gets no section", async () => {
  const p = prepareContract(await wat(module(`(func (export "f") (param i32) (result i32) (i32.const 0))`)), { debug: false });
  assert.equal(readHints(p.wasm).funcs.size, 0);
});

test("branch hints: in an AssemblyScript contract's rewrite, every hint sits on an `if` or `br_if`", async () => {
  const p = prepareContract(await contract("workload"), { debug: false });
  const all = [...readHints(p.wasm).funcs.values()].flat();
  assert.ok(all.length > 20, `${all.length} hints`);
  assert.ok(all.every((h) => h.value === 0 && (h.op === Code.If || h.op === Code.BrIf)));
  assert.ok(all.some((h) => h.op === Code.BrIf), "a batched loop's guard");
});
