// Batched loop checks (host-sim/loops.ts): small call-free loops check the fuel once per batch of
// iterations and defer their charges, which must change nothing observable. Gas is worked out by
// hand from piecrust-vm.md §7, and every shape is swept over every limit against a VM that checks
// every loop header and charges in place, as wasmtime does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VM, VMError } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { prepareContract } from "../../host-sim/module.js";
import { wat } from "../helpers/wat.js";
import { idOf, module, outcomeOf, OWNER } from "../helpers/sim.js";

/**
 * Like fn, and first copies the 8 bytes around the second page boundary to 8: the next call's data
 * then shows whatever a failed call left there, which its revert should have undone.
 */
const probed = (loop: string) => `(func (export "f") (param i32) (result i32) (local $i i32) (local $s i32)
  (local.set $i (i32.load (i32.const 0)))
  (i64.store (i32.const 8) (i64.load (i32.const 131068)))
  (block $out ${loop})
  (i32.store (i32.const 0) (local.get $s)) (i32.const 16))`;

/** `f` reads n (u32) from the argument, runs the loop and stores $s at 0. */
const fn = (loop: string, locals = "") => `(func (export "f") (param i32) (result i32) (local $i i32) (local $s i32) ${locals}
  (local.set $i (i32.load (i32.const 0)))
  (block $out ${loop})
  (i32.store (i32.const 0) (local.get $s)) (i32.const 4))`;

// Per iteration: get, get, add, set (4) + get, const, sub, set (4) + get, br_if (2) = 10.
const STRAIGHT = fn(`(loop $l
  (local.set $s (i32.add (local.get $s) (local.get $i)))
  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
  (br_if $l (local.get $i)))`);

/**
 * What a bounds check calls before its `unreachable`: it is checked on entry and costs 162, more than
 * a batch's guard leaves spare, so fuel a copy failed to charge before the call shows as a callee
 * that completes (then an `unreachable` trap) where it should run out of gas.
 */
const PANIC = `(func $panic (param $v i32) ${"(local.set $v (i32.add (local.get $v) (i32.const 1))) ".repeat(40)} (i32.store (i32.const 2000) (local.get $v)))`;

/** Loop shapes, each one feature of what a batched copy must get right. */
const SHAPES: Record<string, string> = {
  "straight line (charges carried across iterations)": STRAIGHT,
  // AssemblyScript's `for`: the condition and an `if` at the top, the back edge inside it
  "condition at the top, back edge inside an if": fn(`(loop $l (if (local.get $i) (then
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br $l))))`),
  "a store per iteration (write tracking inside the copies)": fn(`(loop $l
    (i32.store offset=64 (i32.shl (local.get $i) (i32.const 2)) (local.get $s))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  // a page miss in a batch leaves it and reruns the iteration checked: only sound before any effect
  "an effect in a block, then a store whose page changes every iteration": fn(`(loop $l
    (block (local.set $s (i32.add (local.get $s) (local.get $i))))
    (i32.store (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 16)) (local.get $s))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "an effect right before a store whose page changes every iteration": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (i64.store offset=8 (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 16)) (i64.extend_i32_u (local.get $s)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "a store whose page changes every iteration, then a second store": fn(`(loop $l
    (i32.store8 (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 16)) (local.get $s))
    (i32.store16 offset=100 (i32.shl (i32.and (local.get $i) (i32.const 3)) (i32.const 16)) (local.get $i))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  // the page base minus the offset is computed once per batch: a wrong one would let a store into
  // the page after a recorded one through unrecorded
  "stores at a large offset stepping down through pages": fn(`(loop $l
    (i32.store offset=32768 (i32.mul (local.get $i) (i32.const 8192)) (local.get $s))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "4-byte stores at a large offset stepping byte by byte across a page boundary": probed(`(loop $l
    (i32.store offset=40000 (i32.sub (i32.const 91076) (local.get $i)) (local.get $s))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "4-byte stores stepping byte by byte down across a page boundary": probed(`(loop $l
    (i32.store offset=40000 (i32.add (i32.const 91066) (local.get $i)) (local.get $s))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "stores at a large offset stepping up through pages": fn(`(loop $l
    (i32.store offset=32768 (i32.and (i32.mul (i32.sub (i32.const 64) (local.get $i)) (i32.const 8192)) (i32.const 0x1ffff)) (local.get $s))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "leaving the loop from its top level": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (br_if $out (i32.eq (local.get $i) (i32.const 6)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "returning from inside the loop": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (if (i32.eq (local.get $i) (i32.const 9)) (then (return (i32.and (local.get $s) (i32.const 0xff)))))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "returning from the body's top level after the last iteration": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i))
    (return (i32.const 0)))`),
  "unreachable at the body's top level after the last iteration": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i))
    unreachable)`),
  "two back edges, one of them inside an if": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (if (i32.eq (i32.and (local.get $i) (i32.const 3)) (i32.const 1)) (then (br $l)))
    (local.set $s (i32.xor (local.get $s) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "a br_table with the loop among its targets": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (block $skip (br_table $l $skip $out (i32.add (i32.eqz (local.get $i)) (i32.eqz (local.get $i))))))`),
  "a trap in the eleventh-last iteration": fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (i32.div_u (i32.const 100) (i32.sub (local.get $i) (i32.const 11)))))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  "unreachable in the fourth-last iteration": fn(`(loop $l
    (if (i32.eq (local.get $i) (i32.const 4)) (then unreachable))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  // its save inside the `if` reads the fuel: the deferred charges must be applied before the `if`,
  // or the trap is misclassified when it falls in a batch's last copy with the fuel just spent
  "unreachable in an if in the last iteration": fn(`(loop $l
    (if (i32.eq (local.get $i) (i32.const 1)) (then unreachable))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
  // AssemblyScript's bounds check: a call and `unreachable` in an exit `if` (host-sim/if-kinds.ts).
  // The loop is batched around it; the callee's entry check and its store read the fuel, which the
  // copy must have charged in full on entering the `if`
  "a call then unreachable in an if in the third-last iteration": `${PANIC} ${fn(`(loop $l
    (if (i32.eq (local.get $i) (i32.const 3)) (then (call $panic (local.get $s)) (unreachable)))
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`)}`,
  "AssemblyScript's byte loop: a for with two bounds checks that call, and a store": `${PANIC} ${fn(`(loop $l (if (local.get $i) (then
    (if (i32.ge_u (local.get $i) (i32.const 1000)) (then (call $panic (i32.const 1)) (unreachable)))
    (local.set $s (i32.add (local.get $s) (i32.load8_u offset=64 (local.get $i))))
    (if (i32.eq (local.get $i) (i32.const 5)) (then (call $panic (local.get $s)) (unreachable)))
    (i32.store8 offset=64 (local.get $i) (local.get $s))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br $l))))`)}`,
  "a call then return in an if in the seventh-last iteration": `${PANIC} ${fn(`(loop $l
    (local.set $s (i32.add (local.get $s) (local.get $i)))
    (if (i32.eq (local.get $i) (i32.const 7)) (then (call $panic (local.get $s)) (return (i32.const 0))))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`)}`,
  "a nested block the charges cross": fn(`(loop $l
    (block $b (local.set $s (i32.add (local.get $s) (local.get $i))))
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (br_if $l (local.get $i)))`),
};

const argOf = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);

/** The call of `f` with n, as tests/helpers/sim.ts outcomeOf gives it. */
function outcome(s: Session, id: Uint8Array, n: number, gas: bigint): string {
  return outcomeOf(s, id, "f", argOf(n), gas);
}

test("batched loop: a straight-line loop costs 23 + 10n, and 10n − 5 is the least limit that passes", async () => {
  const bytes = await wat(module(STRAIGHT));
  assert.equal(prepareContract(bytes, { debug: false }).batchedLoops, 1);
  const vm = await VM.ephemeral();
  const s = await vm.session({});
  const { contractId: id } = s.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  for (const n of [1, 2, 15, 16, 17, 100, 1000]) {
    // entry 1 + (const, load, set) 3 + 10 per iteration + (const, get, store) 18 + const 1
    const total = 23n + 10n * BigInt(n);
    const r = s.callRaw(id, "f", argOf(n), 1_000_000n);
    assert.equal(r.gasSpent, total, `n = ${n}`);
    assert.equal(new DataView(r.data.buffer, r.data.byteOffset).getUint32(0, true), (n * (n + 1)) / 2);
    // the last check is at the n-th header, after 4 + 10(n − 1): it needs one unit more
    const least = 10n * BigInt(n) - 5n;
    assert.equal(s.callRaw(id, "f", argOf(n), least).gasSpent, least, `n = ${n}`);
    assert.throws(() => s.callRaw(id, "f", argOf(n), least - 1n), (e: unknown) => e instanceof VMError && e.code === "OutOfGas", `n = ${n}`);
  }
  s.close();
});

test("batched loop: loops with calls outside exit ifs or inner loops, or too long a body, keep a check per iteration", async () => {
  const count = async (src: string) => prepareContract(await wat(module(src)), { debug: false }).batchedLoops;
  assert.equal(await count(`(func $g) ${fn(`(loop $l (call $g) (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`)}`), 0);
  // a call in an exit `if` leaves the loop for good; one in an `if` that falls through, or that can
  // branch back to the loop before its `unreachable`, does not
  const exitCall = (then: string) => count(`(func $g) ${fn(`(loop $l (if (i32.eq (local.get $i) (i32.const 9)) (then ${then})) (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`)}`);
  assert.equal(await exitCall("(call $g) (unreachable)"), 1);
  assert.equal(await exitCall("(call $g) (return (i32.const 0))"), 1);
  assert.equal(await exitCall("(call $g)"), 0);
  assert.equal(await exitCall("(call $g) (br_if $l (local.get $s)) (unreachable)"), 0);
  assert.equal(await exitCall("(block $b (call $g) (br $b)) (unreachable)"), 1);
  assert.equal(await exitCall("(loop $w (call $g) (br_if $w (local.get $s))) (unreachable)"), 0);
  // the inner loop is batched, the outer one is not
  assert.equal(await count(fn(`(loop $o (loop $l (br_if $l (i32.const 0))) (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $o (local.get $i)))`)), 1);
  const long = Array.from({ length: 40 }, () => `(local.set $s (i32.add (local.get $s) (i32.const 12345)))`).join(" ");
  assert.equal(await count(fn(`(loop $l ${long} (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))`)), 0);
  assert.equal(prepareContract(await wat(module(STRAIGHT)), { debug: false, batchLoops: false }).batchedLoops, 0);
});

/** Iteration counts swept; a trap in the last iteration needs every one, to land in every copy. */
const COUNTS = [1, 2, 3, 5, 12, 16, 17, 40];
const EVERY_COUNT: Record<string, number[]> = {
  "unreachable in an if in the last iteration": Array.from({ length: 33 }, (_, k) => k + 1),
  "a call then unreachable in an if in the third-last iteration": Array.from({ length: 33 }, (_, k) => k + 3),
};

for (const [name, src] of Object.entries(SHAPES)) {
  test(`batched loop: ${name} — same data, gas, error and root as checking every header, at every limit`, async () => {
    const bytes = await wat(module(src, "", 4));
    assert.equal(prepareContract(bytes, { debug: false }).batchedLoops, 1);
    const batched = await VM.ephemeral();
    const plain = await VM.ephemeral({ batchLoops: false, threadFuel: false });
    const a = await batched.session({});
    const b = await plain.session({});
    for (const s of [a, b]) s.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
    for (const n of EVERY_COUNT[name] ?? COUNTS) {
      const full = outcome(a, idOf(1), n, 1_000_000n);
      assert.equal(outcome(b, idOf(1), n, 1_000_000n), full);
      // the pages written are recorded (a write the checks let through unrecorded shows here)
      assert.equal(toHex(a.root()), toHex(b.root()), `n = ${n}, after the unlimited call`);
      const total = full.startsWith("ok ") ? Number(full.split(" ")[1]) : 600;
      for (let limit = 0; limit <= total + 2; limit++) {
        const x = outcome(a, idOf(1), n, BigInt(limit));
        const y = outcome(b, idOf(1), n, BigInt(limit));
        if (x !== y) assert.fail(`n = ${n}, limit ${limit}: batched "${x}", every header "${y}"`);
      }
      assert.equal(toHex(a.root()), toHex(b.root()), `n = ${n}`);
      // a failed call must leave no write behind: the sweep's last calls succeed and would hide one
      for (const part of [3, 2]) {
        const limit = BigInt(Math.floor(total / part));
        assert.equal(outcome(a, idOf(1), n, limit), outcome(b, idOf(1), n, limit));
        assert.equal(toHex(a.root()), toHex(b.root()), `n = ${n}, after a call with limit ${limit}`);
      }
    }
    a.close();
    b.close();
  });
}
