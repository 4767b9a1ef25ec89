// memory.grow bombs (piecrust-vm.md §8): the declared maximum is ignored, growth stops at 4 GiB
// (memory.grow returns -1 past it, never a host crash), and growth inside a failed frame is undone
// — at top level and one frame down — with the root unchanged.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex } from "../../host-sim/index.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract, deployOne, fails, i32At, words } from "./support.js";

const SELF = idOf(1);
const OTHER = idOf(2);
const GiB4 = 2 ** 32;
const PAGE = 65536;

const SOURCE = contract(
  `
  (data (i32.const 0x10000) "${"\\01".repeat(32)}grow_fail")
  ;; grow(n): memory.grow(n) -> [result]
  (func (export "grow") (param i32) (result i32)
    (i32.store (i32.const 0) (memory.grow (i32.load (i32.const 0)))) (i32.const 4))
  ;; grow_fail(n): grows, writes into the new last page, then traps.
  (func (export "grow_fail") (param i32) (result i32)
    (if (i32.ne (memory.grow (i32.load (i32.const 0))) (i32.const -1)) (then
      (i32.store8 (i32.sub (i32.mul (memory.size) (i32.const ${PAGE})) (i32.const 1)) (i32.const 0xaa))))
    unreachable)
  ;; bomb: memory.grow(1) until it fails -> [pages]
  (func (export "bomb") (param i32) (result i32)
    (block $done (loop $l (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $l)))
    (i32.store (i32.const 0) (memory.size)) (i32.const 4))
  ;; poke(addr): writes 0xaa at addr -> [memory.size]
  (func (export "poke") (param i32) (result i32)
    (i32.store8 (i32.load (i32.const 0)) (i32.const 0xaa)) (i32.store (i32.const 0) (memory.size)) (i32.const 4))
  ;; peek(addr) -> [byte]
  (func (export "peek") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.load8_u (i32.load (i32.const 0)))) (i32.const 4))
  ;; nest(n): calls OTHER.grow_fail(n) -> [code]
  (func (export "nest") (param i32) (result i32)
    (i32.store (i32.const 0) (call $c (i32.const 0x10000) (i32.const 0x10020) (i32.const 9) (i32.const 4) (i64.const 0)))
    (i32.const 4))
  `,
  "2 3",
);

async function fixture() {
  const f = await deployOne(SOURCE, { id: SELF });
  f.session.deploy(await wat(SOURCE.replace(`"${"\\01".repeat(32)}`, `"${"\\02".repeat(32)}`)), { owner: OWNER, contractId: OTHER }, 1_000_000n);
  return f;
}

test("the declared maximum is ignored (declared max 3 pages, grows to 10)", async () => {
  const { session } = await fixture();
  assert.equal(i32At(session.callRaw(SELF, "grow", words(8), 1_000_000n).data), 2);
  assert.equal(session.memoryLen(SELF), 10 * PAGE);
});

test("growth to exactly 4 GiB succeeds; one page more, 2^31 or 2^32-1 pages return -1", async () => {
  const { vm, session } = await fixture();
  for (const n of [65535, 0x10000, 0x80000000, 0xffffffff]) {
    assert.equal(i32At(session.callRaw(SELF, "grow", words(n), 1_000_000n).data), -1, `grow(${n}) from 2 pages`);
  }
  assert.equal(i32At(session.callRaw(SELF, "grow", words(65534), 1_000_000n).data), 2);
  assert.equal(session.memoryLen(SELF), GiB4);
  for (const n of [1, 0x10000, 0xffffffff]) {
    assert.equal(i32At(session.callRaw(SELF, "grow", words(n), 1_000_000n).data), -1, `grow(${n}) at 4 GiB`);
  }
  assert.equal(i32At(session.callRaw(SELF, "grow", words(0), 1_000_000n).data), 65536);
  // The last byte of the 4 GiB is writable and readable, and it persists through a commit.
  assert.equal(i32At(session.callRaw(SELF, "poke", words(GiB4 - 1), 1_000_000n).data), 65536);
  const root = session.commit();
  const next = await vm.session({ base: root });
  assert.equal(next.memoryLen(SELF), GiB4);
  assert.equal(i32At(next.callRaw(SELF, "peek", words(GiB4 - 1), 1_000_000n).data), 0xaa);
});

// Growth only moves the contract's length (the 4 GiB are reserved up front), so the whole
// page-by-page bomb from 2 pages runs in CI: 65,534 grows, each O(1) as in Piecrust.
test("a grow bomb (memory.grow(1) until -1) stops at 65536 pages (from 2 pages)", async () => {
  const { session } = await fixture();
  fails(session, "RuntimeError", () => session.callRaw(SELF, "grow_fail", words(65534), 10_000_000n), [SELF, OTHER], "grow_fail 4 GiB");
  assert.equal(session.memoryLen(SELF), 2 * PAGE);
  assert.equal(i32At(session.callRaw(SELF, "bomb", new Uint8Array(0), 100_000_000n).data), 65536);
  assert.equal(session.memoryLen(SELF), GiB4);
});

test("a grow bomb that runs out of gas midway restores the length", async () => {
  const { session } = await fixture();
  fails(session, "OutOfGas", () => session.callRaw(SELF, "bomb", new Uint8Array(0), 20_000n), [SELF], "bomb @ 20k gas");
  assert.equal(session.memoryLen(SELF), 2 * PAGE);
  assert.equal(i32At(session.callRaw(SELF, "grow", words(0), 1_000_000n).data), 2);
});

test("a callee that grows to 4 GiB and traps: the caller sees i32::MIN and the callee's length is restored", async () => {
  const { session } = await fixture();
  for (const n of [1, 100, 65534, 65535]) {
    const r = session.callRaw(SELF, "nest", words(n), 10_000_000n);
    assert.equal(i32At(r.data), -2147483648, `nest(${n})`);
    assert.equal(session.memoryLen(OTHER), 2 * PAGE, `nest(${n})`);
    assert.equal(i32At(session.callRaw(OTHER, "grow", words(0), 1_000_000n).data), 2, `OTHER's memory.size after nest(${n})`);
  }
});

test("growth without a write does not change the root; a write into the grown pages does", async () => {
  const { session } = await fixture();
  session.callRaw(SELF, "grow", words(0), 1_000_000n); // leaves [2] in the argbuf
  const before = toHex(session.root());
  assert.equal(i32At(session.callRaw(SELF, "grow", words(100), 1_000_000n).data), 2); // rewrites [2]
  assert.equal(session.memoryLen(SELF), 102 * PAGE);
  assert.equal(toHex(session.root()), before);
  session.callRaw(SELF, "poke", words(101 * PAGE), 1_000_000n);
  assert.notEqual(toHex(session.root()), before);
});
