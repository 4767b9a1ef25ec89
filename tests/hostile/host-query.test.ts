// Hostile host queries (piecrust-vm.md §5.3 hq, §10.8): price/execute that throw, return nonsense,
// write past the argbuf, detach it, or re-enter the session. Piecrust contains host-query panics as
// Panic("host query panicked"); host-sim must do the same for every JS misbehaviour, and never let
// a query corrupt the state: the root after a failed call is the root before it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VM, VMError } from "../../host-sim/index.js";
import type { HostQuery, Session } from "../../host-sim/index.js";
import { idOf } from "../helpers/sim.js";
import { contract, deployOne, fails, i32At, words } from "./support.js";

const SELF = idOf(1);
const SOURCE = contract(`
  (data (i32.const 0x10000) "q${"\\01".repeat(32)}")
  ;; q: hq("q", arg_len = word 0) and return its result length as ours
  (func (export "q") (param i32) (result i32)
    (i32.store (i32.const 0x10100) (i32.const 1)) (call $hq (i32.const 0x10000) (i32.const 1) (local.get 0)))
  ;; qlen: [hq's return value]
  (func (export "qlen") (param i32) (result i32)
    (i32.store (i32.const 0x10100) (i32.const 1))
    (i32.store (i32.const 0x10104) (call $hq (i32.const 0x10000) (i32.const 1) (local.get 0)))
    (i32.store (i32.const 0) (i32.load (i32.const 0x10104))) (i32.const 4))
  ;; nest: calls qlen on itself -> [code, panic message length]
  (func (export "nest") (param i32) (result i32) (local $code i32)
    (local.set $code (call $c (i32.const 0x10001) (i32.const 0x10021) (i32.const 4) (i32.const 0) (i64.const 0)))
    (i32.store (i32.const 4) (select (i32.load (i32.const 0)) (i32.const 0) (i32.eq (local.get $code) (i32.const -1))))
    (i32.store (i32.const 0) (local.get $code))
    (i32.const 8))
  (data (i32.const 0x10021) "qlen")
`);

async function withQuery(q: HostQuery): Promise<{ vm: VM; session: Session }> {
  const vm = await VM.ephemeral();
  vm.registerHostQuery("q", q);
  return deployOne(SOURCE, { id: SELF, vm });
}

const fine = (n: number): HostQuery["execute"] => (_a, buf) => (buf.fill(7, 0, n), n);

const THROWING: Array<[string, HostQuery]> = [
  ["price throws an Error", { price: () => { throw new Error("no"); }, execute: fine(1) }],
  ["price throws a non-Error", { price: () => { throw 42; }, execute: fine(1) }],
  ["execute throws", { price: () => 1n, execute: () => { throw new TypeError("no"); } }],
  ["execute overflows the argbuf with set()", { price: () => 1n, execute: (_a, buf) => (buf.set(new Uint8Array(70_000)), 0) }],
  ["price returns a Promise", { price: () => Promise.resolve(1n) as unknown as bigint, execute: fine(1) }],
  ["price returns NaN", { price: () => NaN as unknown as bigint, execute: fine(1) }],
  ["price returns a string", { price: () => "cheap" as unknown as bigint, execute: fine(1) }],
  ["price returns a negative bigint", { price: () => -1n, execute: fine(1) }],
  ["price returns more than u64::MAX", { price: () => 1n << 70n, execute: fine(1) }],
  ["price returns a fraction", { price: () => 1.5 as unknown as bigint, execute: fine(1) }],
  ["execute returns a Symbol", { price: () => 1n, execute: () => Symbol("len") as unknown as number }],
];

for (const [what, q] of THROWING) {
  test(`host query: ${what} → Panic("host query panicked"), root unchanged; nested → -1`, async () => {
    const { session } = await withQuery(q);
    const err = fails(session, "Panic", () => session.callRaw(SELF, "q", words(8), 1_000_000n), [SELF], what);
    assert.equal(err.message, "Panic: host query panicked");
    assert.equal(err.details.message, "host query panicked");
    const r = session.callRaw(SELF, "nest", new Uint8Array(0), 1_000_000n);
    assert.deepEqual([i32At(r.data), i32At(r.data, 4)], [-1, "host query panicked".length]);
  });
}

test("host query: a price above the remaining gas is OutOfGas (top level) and -2 one frame down", async () => {
  const { session } = await withQuery({ price: () => (1n << 64n) - 1n, execute: fine(1) });
  fails(session, "OutOfGas", () => session.callRaw(SELF, "q", words(8), 1_000_000n), [SELF]);
  assert.equal(i32At(session.callRaw(SELF, "nest", new Uint8Array(0), 1_000_000n).data), -2);
});

const LENGTHS: Array<[unknown, number]> = [
  [-1, -1],
  [2 ** 32 + 5, 5],
  [1e20, (1e20 % 2 ** 32) | 0],
  [NaN, 0],
  [0x10001, 0x10001],
  [7n, 7],
  ["3", 3],
  [undefined, 0],
];

for (const [len, seen] of LENGTHS) {
  test(`host query: execute returns ${typeof len === "bigint" ? `${len}n` : JSON.stringify(len) ?? String(len)} → the contract sees ${seen} (u32, unvalidated)`, async () => {
    const { session } = await withQuery({ price: () => 1n, execute: () => len as number });
    assert.equal(i32At(session.callRaw(SELF, "qlen", words(0), 1_000_000n).data), seen);
    // A contract that trusts a bad length fails at top level, with the root unchanged.
    if (seen < 0 || seen > 65536) fails(session, "MemoryAccessOutOfBounds", () => session.callRaw(SELF, "q", words(0), 1_000_000n), [SELF]);
  });
}

test("host query: writes past the argbuf by index are dropped; a full 64 KiB answer arrives intact", async () => {
  const { session } = await withQuery({
    price: () => 1n,
    execute: (_a, buf) => {
      buf.fill(0xab);
      (buf as unknown as number[])[70_000] = 1;
      return 65536;
    },
  });
  const r = session.callRaw(SELF, "q", words(0), 1_000_000n);
  assert.equal(r.data.length, 65536);
  assert.ok(r.data.every((b) => b === 0xab));
});

test("host query: detaching the argbuf it was given is contained like a panic, root unchanged", async () => {
  const { session } = await withQuery({
    price: () => 1n,
    execute: (_a, buf) => {
      structuredClone(buf.buffer, { transfer: [buf.buffer] });
      return 4;
    },
  });
  const root = toHex(session.root());
  assert.throws(() => session.callRaw(SELF, "q", words(0), 1_000_000n), (e) => e instanceof VMError && e.message === "Panic: host query panicked");
  assert.equal(toHex(session.root()), root);
});

test("host query: re-entering the session from price or execute is refused and contained", async () => {
  let session!: Session;
  const attempts: Array<() => unknown> = [
    () => session.callRaw(SELF, "qlen", words(0), 1_000_000n),
    () => session.root(),
    () => session.commit(),
    () => session.deploy(new Uint8Array(8), { owner: new Uint8Array(0) }, 1n),
  ];
  let which = 0;
  const seen: unknown[] = [];
  const reenter = () => {
    try {
      attempts[which]();
    } catch (e) {
      seen.push(e);
      throw e;
    }
    return 1n;
  };
  const f = await withQuery({ price: reenter, execute: fine(1) });
  session = f.session;
  for (which = 0; which < attempts.length; which++) {
    fails(session, "Panic", () => session.callRaw(SELF, "q", words(0), 1_000_000n), [SELF], `attempt ${which}`);
  }
  assert.equal(seen.length, attempts.length);
  assert.ok(seen.every((e) => e instanceof VMError && e.code === "SessionError"), String(seen));
  // The session is intact and still commits.
  session.callRaw(SELF, "nest", new Uint8Array(0), 1_000_000n);
  assert.equal(session.commit().length, 32);
});
