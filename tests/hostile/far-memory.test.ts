// Memory as Piecrust 0.32 has it (piecrust-vm.md §16, the reentry_grow/* and oob/* vectors): a
// static 4 GiB address space whose plain loads and stores succeed beyond memory.size and are state;
// memory.size and bulk memory follow the length the running instance saw; a re-entered frame that
// grows and fails leaves its caller's memory.size larger, and the caller's grow and write persist.
// Where Piecrust 0.32 crashes (the access after one crossing 4 GiB), host-sim keeps working.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { toHex, VM } from "../../host-sim/index.js";
import { spareMemoryCount } from "../../host-sim/memory.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract, fails, i32At, words } from "./support.js";

const PAGE = 65536;
const SELF = idOf(1);

const BODY = `
  (data (i32.const 0x10000) "${"\\01".repeat(32)}inner")
  ;; st8(addr, value)
  (func (export "st8") (param i32) (result i32)
    (i32.store8 (i32.load (i32.const 0)) (i32.load8_u offset=4 (i32.const 0))) (i32.const 0))
  ;; st32(addr, value)
  (func (export "st32") (param i32) (result i32)
    (i32.store (i32.load (i32.const 0)) (i32.load offset=4 (i32.const 0))) (i32.const 0))
  ;; st8_then_st32(addr8, value, addr32): a store that lands, then one that may cross 4 GiB
  (func (export "st8_then_st32") (param i32) (result i32)
    (i32.store8 (i32.load (i32.const 0)) (i32.load8_u offset=4 (i32.const 0)))
    (i32.store (i32.load offset=8 (i32.const 0)) (i32.const -1)) (i32.const 0))
  ;; ld8(addr) -> [byte, memory.size]
  (func (export "ld8") (param i32) (result i32)
    (i32.store offset=4 (i32.const 0) (memory.size))
    (i32.store (i32.const 0) (i32.load8_u (i32.load (i32.const 0)))) (i32.const 8))
  ;; ld32(addr) -> [word]
  (func (export "ld32") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.load (i32.load (i32.const 0)))) (i32.const 4))
  ;; grow(n) -> [result, memory.size]
  (func (export "grow") (param i32) (result i32)
    (i32.store (i32.const 0) (memory.grow (i32.load (i32.const 0))))
    (i32.store offset=4 (i32.const 0) (memory.size)) (i32.const 8))
  ;; fill(dst, n): fills n bytes with 0x5a
  (func (export "fill") (param i32) (result i32)
    (memory.fill (i32.load (i32.const 0)) (i32.const 0x5a) (i32.load offset=4 (i32.const 0))) (i32.const 0))
  ;; st8_fill(addr, dst, n, fail): 1 at addr (its page becomes the cached one), then fills n bytes
  ;; at dst with 0x81; panics after when fail is nonzero
  (func (export "st8_fill") (param i32) (result i32)
    (i32.store8 (i32.load (i32.const 0)) (i32.const 1))
    (memory.fill (i32.load offset=4 (i32.const 0)) (i32.const 0x81) (i32.load offset=8 (i32.const 0)))
    (if (i32.load offset=12 (i32.const 0)) (then (call $panic (i32.const 0))))
    (i32.const 0))
  ;; inner: grows by one page and panics
  (func (export "inner") (param i32) (result i32)
    (drop (memory.grow (i32.const 1))) (call $panic (i32.const 0)) (i32.const 0))
  ;; outer: calls itself ("inner"), then grows by one page and writes 0xd2 at 1024 into the top page
  ;; -> [rc, memory.size after the call, grow result, memory.size at the end]
  (func (export "outer") (param i32) (result i32) (local $rc i32) (local $s1 i32) (local $g i32)
    (local.set $rc (call $c (i32.const 0x10000) (i32.const 0x10020) (i32.const 5) (i32.const 0) (i64.const 0)))
    (local.set $s1 (memory.size))
    (local.set $g (memory.grow (i32.const 1)))
    (i32.store8 offset=1024 (i32.mul (i32.sub (memory.size) (i32.const 1)) (i32.const ${PAGE})) (i32.const 0xd2))
    (i32.store (i32.const 0) (local.get $rc))
    (i32.store offset=4 (i32.const 0) (local.get $s1))
    (i32.store offset=8 (i32.const 0) (local.get $g))
    (i32.store offset=12 (i32.const 0) (memory.size)) (i32.const 16))
  `;
const SOURCE = contract(BODY);

function u32s(data: Uint8Array): number[] {
  return Array.from({ length: data.length / 4 }, (_, i) => i32At(data, 4 * i));
}

async function deployed(vm: VM, source = SOURCE) {
  const session = await vm.session({});
  session.deploy(await wat(source), { owner: OWNER, contractId: SELF }, 10_000_000n);
  return session;
}

test("a self-call that grows and fails: the caller's grow returns the restored length and its write is committed", async () => {
  const vm = await VM.ephemeral();
  const s = await deployed(vm);
  const r = s.callRaw(SELF, "outer", new Uint8Array(0), 10_000_000n);
  // Piecrust 0.32.0: the caller still sees 3 pages, grow(1) returns 2 and the size stays 3
  assert.deepEqual(u32s(r.data), [-1, 3, 2, 3]);
  assert.equal(s.memoryLen(SELF), 3 * PAGE);
  const root = s.commit();
  const t = await vm.session({ base: root });
  assert.equal(t.memoryLen(SELF), 3 * PAGE);
  assert.deepEqual(u32s(t.callRaw(SELF, "ld8", words(2 * PAGE + 1024), 1_000_000n).data), [0xd2, 3]);
  const pages = t.memoryPages(SELF)!;
  const top = pages.find((p) => p.index === 2);
  assert.ok(top, "page 2 is in the page tree");
  assert.equal(top.page[1024], 0xd2);
  assert.ok(top.opening.verify(top.page));
  assert.equal(toHex(top.opening.root()), toHex(t.root()));
  assert.ok(pages.every((p) => p.index < 3), "no page beyond the committed length was written");
});

test("a store at 3 GiB in a 2-page contract is state: committed, in the page tree at 49152, read back after reopening", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-far-"));
  try {
    let vm = await VM.open(dir);
    const s = await deployed(vm);
    const gas = s.callRaw(SELF, "st8", words(0xc0000005, 0xab), 1_000_000n).gasSpent;
    const near = s.callRaw(SELF, "st8", words(0x10005, 0xab), 1_000_000n).gasSpent;
    assert.equal(gas, near, "a far store costs what a near one does");
    assert.equal(s.memoryLen(SELF), 2 * PAGE);
    assert.deepEqual(u32s(s.callRaw(SELF, "ld8", words(0xc0000005), 1_000_000n).data), [0xab, 2]);
    const root = s.commit();
    vm.close();
    vm = await VM.open(dir);
    const t = await vm.session({ base: root });
    assert.equal(toHex(t.root()), toHex(root));
    assert.equal(t.memoryLen(SELF), 2 * PAGE);
    assert.deepEqual(u32s(t.callRaw(SELF, "ld8", words(0xc0000005), 1_000_000n).data), [0xab, 2]);
    const far = t.memoryPages(SELF)!.find((p) => p.index === 49152);
    assert.ok(far, "page 49152 is in the page tree");
    assert.equal(far.page[5], 0xab);
    assert.ok(far.opening.verify(far.page));
    t.close();
    vm.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("memory.grow does not clear far bytes it brings inside the length", async () => {
  const s = await deployed(await VM.ephemeral());
  s.callRaw(SELF, "st8", words(2 * PAGE + 5, 0xcd), 1_000_000n);
  assert.deepEqual(u32s(s.callRaw(SELF, "grow", words(1), 1_000_000n).data), [2, 3]);
  assert.deepEqual(u32s(s.callRaw(SELF, "ld8", words(2 * PAGE + 5), 1_000_000n).data), [0xcd, 3]);
});

test("bulk memory is checked against the logical length, not the 4 GiB behind it", async () => {
  const s = await deployed(await VM.ephemeral());
  s.callRaw(SELF, "fill", words(2 * PAGE - 4, 4), 1_000_000n);
  s.callRaw(SELF, "fill", words(2 * PAGE, 0), 1_000_000n);
  fails(s, "RuntimeError", () => s.callRaw(SELF, "fill", words(2 * PAGE - 4, 5), 1_000_000n), [SELF], "fill across the length");
  fails(s, "RuntimeError", () => s.callRaw(SELF, "fill", words(2 * PAGE + 1, 0), 1_000_000n), [SELF], "empty fill past the length");
  fails(s, "RuntimeError", () => s.callRaw(SELF, "fill", words(0xc0000000, 1), 1_000_000n), [SELF], "fill at 3 GiB");
});

test("a store crossing 4 GiB traps; the memory keeps working, with the state as before the failed call", async () => {
  const s = await deployed(await VM.ephemeral());
  s.callRaw(SELF, "st32", words(0xfffffffc, 0x11223344), 1_000_000n);
  assert.equal(i32At(s.callRaw(SELF, "ld32", words(0xfffffffc), 1_000_000n).data), 0x11223344);
  // the failed call first writes a byte in the last page, then crosses 4 GiB
  fails(s, "RuntimeError", () => s.callRaw(SELF, "st8_then_st32", words(0xfffffffc, 0x77, 0xfffffffe), 1_000_000n), [SELF], "crossing store");
  fails(s, "RuntimeError", () => s.callRaw(SELF, "ld32", words(0xfffffffe), 1_000_000n), [SELF], "crossing load");
  // Piecrust 0.32.0 crashes on this next access; host-sim reads the state from before the failure
  assert.equal(i32At(s.callRaw(SELF, "ld32", words(0xfffffffc), 1_000_000n).data), 0x11223344);
  s.callRaw(SELF, "st8", words(0xffffffff, 0x99), 1_000_000n);
  assert.equal(i32At(s.callRaw(SELF, "ld32", words(0xfffffffc), 1_000_000n).data) >>> 24, 0x99);
});

// Found by the memory fuzz suite (seed 99, iteration 0): the bulk check "dst − page base + n ≤ 64 KiB"
// took a fill starting 13 bytes below the cached page and ending inside it for one inside it, so the
// lower page was neither snapshotted nor marked dirty (on main too).
test("a fill from just below the cached page into it records both pages: committed, or reverted with a failed call", async () => {
  const vm = await VM.ephemeral();
  const s = await deployed(vm);
  s.callRaw(SELF, "grow", words(4), 1_000_000n);
  const below = 4 * PAGE - 13;
  fails(s, "Panic", () => s.callRaw(SELF, "st8_fill", words(4 * PAGE + 5, below, 14, 1), 1_000_000n), [SELF], "failed fill");
  assert.deepEqual(u32s(s.callRaw(SELF, "ld8", words(below), 1_000_000n).data), [0, 6], "the failed fill is reverted");
  s.callRaw(SELF, "st8_fill", words(4 * PAGE + 5, below, 14, 0), 1_000_000n);
  const root = s.commit();
  const t = await vm.session({ base: root });
  assert.deepEqual(u32s(t.callRaw(SELF, "ld8", words(below), 1_000_000n).data), [0x81, 6], "the fill is committed");
  const page3 = t.memoryPages(SELF)!.find((p) => p.index === 3);
  assert.ok(page3 && page3.page[PAGE - 13] === 0x81 && page3.opening.verify(page3.page));
});

test("a contract declaring 65536 pages deploys, runs, fails a grow and commits", async () => {
  const vm = await VM.ephemeral();
  const s = await deployed(vm, contract(BODY, 65536));
  assert.equal(s.memoryLen(SELF), 65536 * PAGE);
  assert.deepEqual(u32s(s.callRaw(SELF, "grow", words(1), 1_000_000n).data), [-1, 65536]);
  s.callRaw(SELF, "st8", words(0xfffffff0, 7), 1_000_000n);
  fails(s, "RuntimeError", () => s.callRaw(SELF, "fill", words(0xfffffff0, 17), 1_000_000n), [SELF], "fill past 4 GiB");
  const root = s.commit();
  const t = await vm.session({ base: root });
  assert.deepEqual(u32s(t.callRaw(SELF, "ld8", words(0xfffffff0), 1_000_000n).data), [7, 65536]);
  t.close();
});

test("a reused address space starts clean: what a closed session or a failed deploy wrote is gone", async () => {
  const vm = await VM.ephemeral();
  const s = await deployed(vm);
  s.callRaw(SELF, "st8", words(0x10005, 1), 1_000_000n);
  const root = s.commit();
  for (let round = 0; round < 3; round++) {
    const t = await vm.session({ base: root });
    assert.deepEqual(u32s(t.callRaw(SELF, "ld8", words(0xa0000005), 1_000_000n).data), [0, 2], `round ${round}: far byte`);
    assert.deepEqual(u32s(t.callRaw(SELF, "ld8", words(0x10005), 1_000_000n).data), [1, 2], `round ${round}: stored byte`);
    t.callRaw(SELF, "st8", words(0xa0000005, 0xee), 1_000_000n);
    t.close();
    assert.ok(spareMemoryCount() > 0, "a closed session gives its memories back");
  }
  // a deploy whose second data segment does not fit fails after its first was written
  const bad = contract(`(data (i32.const 0x100) "zzzz") (data (i32.const 0x1fff0) "${"x".repeat(32)}")`);
  const u = await vm.session({ base: root });
  await assert.rejects(async () => u.deploy(await wat(bad), { owner: OWNER, contractId: idOf(2) }, 1_000_000n));
  u.deploy(await wat(SOURCE), { owner: OWNER, contractId: idOf(2) }, 1_000_000n);
  assert.deepEqual(u32s(u.callRaw(idOf(2), "ld8", words(0x100), 1_000_000n).data), [0, 2]);
  assert.deepEqual(u32s(u.callRaw(idOf(2), "ld8", words(0xa0000005), 1_000_000n).data), [0, 2]);
  u.close();
});
