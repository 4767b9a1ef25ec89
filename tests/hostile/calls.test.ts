// Hostile call graphs (piecrust-vm.md §6): the depth limit (the 49th push fails and the caller sees
// i32::MIN), a panic at every depth of a chain (alone and alternating between two contracts), forged
// return lengths, a callee that re-enters its caller and then fails, and an event flood until
// out of gas — each with the exact code and the state rolled back exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract, deployOne, fails, I32_MIN, i32At, words } from "./support.js";

const A = idOf(1);
const B = idOf(2);
const IDS = 0x10000; // A's id, then B's id
const NAMES = 0x10040; // "chainforgemidinnerflood"
const MARKS = 0x10100; // one word per depth
const X = 0x10200;

const SOURCE = contract(`
  (data (i32.const ${IDS}) "${"\\01".repeat(32)}${"\\02".repeat(32)}")
  (data (i32.const ${NAMES}) "chainforgemidinnerflood")
  (func $callee (param $i i32) (result i32) (i32.add (i32.const ${IDS}) (i32.shl (local.get $i) (i32.const 5))))
  ;; chain [depth, target, panicAt, alternate]: marks its depth, panics at panicAt, stops at target,
  ;; otherwise calls depth + 1 (on itself, or alternating A/B). Reports the first failure seen as
  ;; [code, depth of the caller that saw it, panic message length].
  (func (export "chain") (param i32) (result i32) (local $d i32) (local $code i32) (local $next i32)
    (local.set $d (i32.load (i32.const 0)))
    (i32.store (i32.add (i32.const ${MARKS}) (i32.shl (local.get $d) (i32.const 2))) (local.get $d))
    (if (i32.eq (local.get $d) (i32.load (i32.const 8))) (then
      (i32.store (i32.const 0) (i32.const 0x6d6f6f62)) (call $panic (i32.const 4))))
    (if (i32.eq (local.get $d) (i32.load (i32.const 4))) (then
      (i32.store (i32.const 0) (i32.const 0)) (i32.store (i32.const 4) (local.get $d)) (return (i32.const 12))))
    (local.set $next (call $callee (select
      (i32.and (i32.add (local.get $d) (i32.const 1)) (i32.const 1)) (i32.const 0) (i32.load (i32.const 12)))))
    ;; arg for the callee: [depth + 1, target, panicAt, alternate] (words 1..3 are still in place)
    (i32.store (i32.const 0) (i32.add (local.get $d) (i32.const 1)))
    (local.set $code (call $c (local.get $next) (i32.const ${NAMES}) (i32.const 5) (i32.const 16) (i64.const 0)))
    (if (i32.lt_s (local.get $code) (i32.const 0)) (then
      (i32.store (i32.const 8) (select (i32.load (i32.const 0)) (i32.const 0) (i32.eq (local.get $code) (i32.const -1))))
      (i32.store (i32.const 0) (local.get $code)) (i32.store (i32.const 4) (local.get $d)) (return (i32.const 12))))
    (local.get $code))
  (func (export "marks") (param i32) (result i32)
    (memory.copy (i32.const 0) (i32.const ${MARKS}) (i32.const 256)) (memory.fill (i32.const ${MARKS}) (i32.const 0) (i32.const 256))
    (i32.const 256))
  ;; forge [len]: dirties a page, then returns len as its result length.
  (func (export "forge") (param i32) (result i32)
    (i32.store (i32.const ${X}) (i32.const 0x77)) (i32.load (i32.const 0)))
  (func (export "forge_nest") (param i32) (result i32)
    (i32.store (i32.const 0) (call $c (i32.const ${IDS}) (i32.const ${NAMES + 5}) (i32.const 5) (i32.const 4) (i64.const 0)))
    (i32.const 4))
  ;; outer (on A): x = 1, call B.mid (which re-enters A.inner, then panics) -> [code, x, y]
  (func (export "outer") (param i32) (result i32) (local $code i32)
    (i32.store (i32.const ${X}) (i32.const 1))
    (local.set $code (call $c (call $callee (i32.const 1)) (i32.const ${NAMES + 10}) (i32.const 3) (i32.const 0) (i64.const 0)))
    (i32.store (i32.const 0) (local.get $code)) (i32.store (i32.const 4) (i32.load (i32.const ${X})))
    (i32.store (i32.const 8) (i32.load (i32.const ${X + 4}))) (i32.const 12))
  ;; the same effects as outer without the failing detour
  (func (export "outer_ref") (param i32) (result i32)
    (i32.store (i32.const ${X}) (i32.const 1))
    (i32.store (i32.const 4) (i32.const 0x6d6f6f62)) ;; the panic message the host wrote into A's argbuf
    (i32.store (i32.const 0) (i32.const -1)) (i32.store (i32.const 4) (i32.const 1)) (i32.store (i32.const 8) (i32.const 0))
    (i32.const 12))
  (func (export "mid") (param i32) (result i32)
    (drop (call $c (call $callee (i32.const 0)) (i32.const ${NAMES + 13}) (i32.const 5) (i32.const 0) (i64.const 0)))
    (i32.store (i32.const 0) (i32.const 0x6d6f6f62)) (call $panic (i32.const 4)) (i32.const 0))
  (func (export "inner") (param i32) (result i32)
    (i32.store (i32.const ${X}) (i32.const 2)) (i32.store (i32.const ${X + 4}) (i32.const 5))
    (drop (memory.grow (i32.const 2))) (i32.store (i32.const 0x2fff0) (i32.const 9)) (i32.const 0))
  ;; flood: 64 KiB events until out of gas
  (func (export "flood") (param i32) (result i32) (loop $l (call $emit (i32.const ${NAMES}) (i32.const 5) (i32.const 65536)) (br $l)) (i32.const 0))
  (func (export "flood_nest") (param i32) (result i32)
    (i32.store (i32.const 0) (call $c (i32.const ${IDS}) (i32.const ${NAMES + 18}) (i32.const 5) (i32.const 0) (i64.const 0)))
    (call $emit (i32.const ${NAMES}) (i32.const 5) (i32.const 4))
    (i32.const 4))
`);

async function fixture(): Promise<{ session: Session }> {
  const f = await deployOne(SOURCE, { id: A });
  f.session.deploy(await wat(SOURCE), { owner: OWNER, contractId: B }, 10_000_000n);
  return f;
}

const GAS = 1n << 40n;

function chain(session: Session, target: number, panicAt: number, alternate: boolean) {
  const r = session.callRaw(A, "chain", words(1, target, panicAt, alternate ? 1 : 0), GAS);
  return { out: [i32At(r.data), i32At(r.data, 4), i32At(r.data, 8)], receipt: r };
}

function marks(session: Session): number[] {
  const read = (id: Uint8Array) => {
    const d = session.callRaw(id, "marks", new Uint8Array(0), 1_000_000n).data;
    return Array.from({ length: 64 }, (_, i) => i32At(d, 4 * i));
  };
  const a = read(A);
  const b = read(B);
  return a.map((x, i) => x || b[i]);
}

for (const alternate of [false, true]) {
  const how = alternate ? "alternating A/B" : "self-calls";
  test(`call depth (${how}): 48 frames run; the 49th push fails and the 48th frame sees i32::MIN`, async () => {
    const { session } = await fixture();
    const ok = chain(session, 48, 0, alternate);
    assert.deepEqual(ok.out.slice(0, 2), [0, 48]);
    assert.equal(ok.receipt.callTree.length, 48);
    const deep = chain(session, 49, 0, alternate);
    assert.deepEqual(deep.out.slice(0, 2), [I32_MIN, 48]);
    assert.equal(deep.receipt.callTree.length, 48);
    // Every frame's writes are kept: a failed push is not a failed frame.
    assert.deepEqual(marks(session).slice(1, 50), [...Array.from({ length: 48 }, (_, i) => i + 1), 0]);
  });

  test(`a panic at every depth of a 48-frame chain (${how}): code -1 one level up, deeper writes undone`, async () => {
    const { session } = await fixture();
    fails(session, "Panic", () => chain(session, 48, 1, alternate), [A, B], "panic at the root");
    for (let p = 2; p <= 48; p++) {
      const { out } = chain(session, 48, p, alternate);
      assert.deepEqual(out, [-1, p - 1, 4], `panic at depth ${p}`);
      const m = marks(session);
      assert.deepEqual(m.slice(1, 49), Array.from({ length: 48 }, (_, i) => (i + 1 < p ? i + 1 : 0)), `marks after a panic at depth ${p}`);
    }
  });
}

const FORGED = [-1, -2, -3, I32_MIN, -65536, 0x10001, 0x7fffffff];

test("a forged return length at top level: MemoryAccessOutOfBounds, call reverted", async () => {
  const { session } = await fixture();
  for (const len of FORGED) {
    fails(session, "MemoryAccessOutOfBounds", () => session.callRaw(A, "forge", words(len), 1_000_000n), [A, B], `forge ${len}`);
  }
  assert.equal(session.callRaw(A, "forge", words(65536), 1_000_000n).data.length, 65536);
});

test("a forged return length one frame down is Unknown (i32::MIN), never the error code it imitates", async () => {
  const { session } = await fixture();
  for (const len of FORGED) {
    assert.equal(i32At(session.callRaw(A, "forge_nest", words(len), 1_000_000n).data), I32_MIN, `forge ${len}`);
  }
});

test("a callee that re-enters its caller and then fails: the caller's re-entrant writes and growth are undone", async () => {
  const { session } = await fixture();
  const pages = session.memoryLen(A);
  const r = session.callRaw(A, "outer", new Uint8Array(0), GAS);
  assert.deepEqual([i32At(r.data), i32At(r.data, 4), i32At(r.data, 8)], [-1, 1, 0]);
  assert.equal(session.memoryLen(A), pages);
  // Same state as a session that only made the outer frame's own writes.
  const ref = await fixture();
  ref.session.callRaw(A, "outer_ref", new Uint8Array(0), GAS);
  assert.equal(toHex(session.root()), toHex(ref.session.root()));
});

test("an event flood (64 KiB events until out of gas): OutOfGas, root unchanged, events delivered as reverted", async () => {
  const { session } = await fixture();
  const gas = 50_000_000n;
  fails(session, "OutOfGas", () => session.callRaw(A, "flood", new Uint8Array(0), gas), [A, B], "flood");
  const next = session.callRaw(A, "forge", words(0), 1_000_000n);
  const expected = Number(gas / (4n * (5n + 65536n)));
  assert.ok(Math.abs(next.events.length - expected) <= 1, `${next.events.length} events, ~${expected} expected`);
  assert.ok(next.events.every((e) => e.reverted && e.data.length === 65536 && e.topic === "chain"));
  // One frame down: -2 for the caller, the flood marked reverted, the caller's own event kept.
  const nested = session.callRaw(A, "flood_nest", new Uint8Array(0), gas);
  assert.equal(i32At(nested.data), -2);
  const last = nested.events[nested.events.length - 1];
  assert.deepEqual([last.reverted, last.data.length], [false, 4]);
  assert.ok(nested.events.slice(0, -1).every((e) => e.reverted));
  assert.ok(nested.events.length > 10);
});
