// memory64 (wasm64) contracts, which Piecrust runs (Dusk's genesis transfer contract is one): on a
// Node whose WebAssembly has memory64 (24 and later) host-sim runs them with 64-bit addresses in
// the code, i64 pointers in the imports (piecrust/src/imports/wasm64.rs) and write tracking on i64
// addresses; on Node 20 their deploy fails with a typed error that names the Node version needed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VM, VMError, type Session } from "../../host-sim/index.js";
import { OWNER, idOf } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { naiveState, PAGE, tempDir } from "../unit/store-fixtures.js";

/** Node 24 shipped memory64 (V8 13.6); Node 20's V8 only has it behind a flag. */
const HAS_MEMORY64 = Number(process.versions.node.split(".")[0]) >= 24;

const WASM64 = `(module
  (import "env" "emit" (func $emit (param i64 i32 i32)))
  (import "env" "hd" (func $hd (param i64 i32) (result i32)))
  (memory (export "memory") i64 2)
  (global $A (export "A") i64 (i64.const 0))
  (data (i64.const 0x10000) "moved")
  ;; keeps the argument's 8 bytes at 0x10008 and returns what it reads back from there
  (func (export "put") (param i32) (result i32)
    (i64.store (i64.const 0x10008) (i64.load (i64.const 0)))
    (i64.store (i64.const 0) (i64.load (i64.const 0x10008)))
    (i32.const 8))
  (func (export "get") (param i32) (result i32)
    (i64.store (i64.const 0) (i64.load (i64.const 0x10008)))
    (i32.const 8))
  (func (export "put_fail") (param i32) (result i32)
    (i64.store (i64.const 0x10008) (i64.load (i64.const 0)))
    unreachable)
  ;; memory.grow and memory.size take and give i64 pages
  (func (export "grow") (param i32) (result i32)
    (i64.store (i64.const 0) (memory.grow (i64.const 1)))
    (i64.store (i64.const 8) (memory.size))
    (i64.store (i64.const 16) (memory.grow (i64.const 0x100000000)))
    (i32.const 24))
  ;; memory.fill and memory.copy with i64 operands; a fill that ends past the memory traps
  (func (export "fill") (param i32) (result i32)
    (memory.fill (i64.const 0x18000) (i32.const 0xab) (i64.const 4))
    (memory.copy (i64.const 0) (i64.const 0x17fff) (i64.const 6))
    (i32.const 6))
  (func (export "fill_past") (param i32) (result i32)
    (memory.fill (i64.const 0x1fffe) (i32.const 1) (i64.const 4))
    (i32.const 0))
  ;; an event whose topic sits at an i64 address
  (func (export "emit") (param i32) (result i32)
    (call $emit (i64.const 0x10000) (i32.const 5) (i32.const 0))
    (i32.const 0))
  ;; check_ptr's bound is the 4 TiB reservation: a name at 0xFFFF_FFFF is read, one at 2^42 is not
  (func (export "hd_far") (param i32) (result i32)
    (call $hd (i64.const 0xffffffff) (i32.const 2)))
  (func (export "hd_beyond") (param i32) (result i32)
    (call $hd (i64.const 0x40000000000) (i32.const 1))))`;

/** The same "put" on a 32-bit memory: Piecrust's costs do not depend on the address width. */
const WASM32_PUT = `(module
  (memory (export "memory") 2)
  (global $A (export "A") i32 (i32.const 0))
  (func (export "put") (param i32) (result i32)
    (i64.store (i32.const 0x10008) (i64.load (i32.const 0)))
    (i64.store (i32.const 0) (i64.load (i32.const 0x10008)))
    (i32.const 8)))`;

const GAS = 1_000_000n;
const ID = idOf(0x64);
const WORD = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

function u64s(bytes: Uint8Array): bigint[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 8 }, (_, i) => dv.getBigUint64(8 * i, true));
}

function trapOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof VMError, String(e));
    return `${e.code} ${String(e.details.trap ?? e.message)}`;
  }
  assert.fail("the call succeeded");
}

/** Deploys the wasm64 contract; on an engine without memory64, asserts the typed error instead and returns null. */
async function deploy64(session: Session): Promise<Uint8Array | null> {
  const bytecode = await wat(WASM64);
  if (HAS_MEMORY64) return session.deploy(bytecode, { owner: OWNER, contractId: ID }, GAS).contractId;
  const before = toHex(session.root());
  assert.throws(
    () => session.deploy(bytecode, { owner: OWNER, contractId: ID }, GAS),
    (e: unknown) =>
      e instanceof VMError && e.code === "RuntimeError" && e.details.needsNode === "24" &&
      /memory64/.test(e.message) && e.message.includes(`Node ${process.versions.node}`) && /Node 24 or later/.test(e.message),
  );
  assert.equal(toHex(session.root()), before, "the failed deploy changed nothing");
  assert.equal(session.memoryLen(ID), undefined);
  return null;
}

test("wasm64: stores on i64 addresses are tracked (kept, reverted with a failed call, committed), at wasm32's gas", async () => {
  const vm = await VM.ephemeral();
  const s = await vm.session();
  const id = await deploy64(s);
  if (id === null) return; // Node 20: deploy64 asserted the typed error
  const empty = toHex(s.root());
  const put = s.callRaw(id, "put", WORD, GAS);
  assert.deepEqual(put.data, WORD);
  const written = toHex(s.root());
  assert.notEqual(written, empty, "the write made page 1 dirty");
  assert.equal(trapOf(() => s.callRaw(id, "put_fail", Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]), GAS)), "RuntimeError wasm `unreachable` instruction executed");
  assert.equal(toHex(s.root()), written, "the failed call's write was undone");
  assert.deepEqual(s.callRaw(id, "get", new Uint8Array(0), GAS).data, WORD);

  // the same operators on a 32-bit memory cost the same
  const s32 = await vm.session();
  const { contractId: id32 } = s32.deploy(await wat(WASM32_PUT), { owner: OWNER, contractId: idOf(0x32) }, GAS);
  assert.equal(put.gasSpent, s32.callRaw(id32, "put", WORD, GAS).gasSpent);
  s32.close();

  const base = s.commit();
  const again = await vm.session({ base });
  assert.deepEqual(again.callRaw(id, "get", new Uint8Array(0), GAS).data, WORD, "the page was committed");
  assert.equal(again.memoryLen(id), 2 * 65536);
  again.close();
});

test("wasm64: memory.grow and memory.size in i64 pages, bulk memory with i64 operands and bounds", async () => {
  const s = await (await VM.ephemeral()).session();
  const id = await deploy64(s);
  if (id === null) return;
  // grew from 2 pages to 3; a delta of 2^32 pages is past Piecrust's 2^26-page reservation: -1
  assert.deepEqual(u64s(s.callRaw(id, "grow", new Uint8Array(0), GAS).data), [2n, 3n, 2n ** 64n - 1n]);
  assert.equal(s.memoryLen(id), 3 * 65536);
  assert.deepEqual([...s.callRaw(id, "fill", new Uint8Array(0), GAS).data], [0, 0xab, 0xab, 0xab, 0xab, 0]);
  const before = toHex(s.root());
  // 0x1fffe + 4 is within the grown memory (3 pages): fills
  s.callRaw(id, "fill_past", new Uint8Array(0), GAS);
  assert.notEqual(toHex(s.root()), before);
  const fresh = await (await VM.ephemeral()).session();
  const id2 = (await deploy64(fresh))!;
  const untouched = toHex(fresh.root());
  // on the initial 2 pages it ends 2 bytes past the memory: a trap, nothing written
  assert.equal(trapOf(() => fresh.callRaw(id2, "fill_past", new Uint8Array(0), GAS)), "RuntimeError out of bounds memory access");
  assert.equal(toHex(fresh.root()), untouched);
});

test("wasm64: imports take i64 pointers, checked against the 4 TiB reservation", async () => {
  const s = await (await VM.ephemeral()).session();
  const id = await deploy64(s);
  if (id === null) return;
  const r = s.callRaw(id, "emit", new Uint8Array(0), GAS);
  assert.deepEqual(r.events.map((e) => e.topic), ["moved"]);
  // a 2-byte name at 0xFFFF_FFFF ends past 4 GiB but inside 4 TiB: read (no metadata by that name)
  assert.equal(s.callRaw(id, "hd_far", new Uint8Array(0), GAS).data.length, 0);
  assert.match(trapOf(() => s.callRaw(id, "hd_beyond", new Uint8Array(0), GAS)), /^MemoryAccessOutOfBounds/);
});

test("wasm64: a data segment's i64 offset is read on 64 bits (one at 4 GiB does not fit 2 pages), on every Node", async () => {
  const s = await (await VM.ephemeral()).session();
  const source = WASM64.replace(`(data (i64.const 0x10000) "moved")`, `(data (i64.const 0x100000000) "moved")`);
  assert.notEqual(source, WASM64);
  // Piecrust's deploy rules come before host-sim's engine check, so Node 20 gives the same error
  const bytecode = await wat(source);
  assert.throws(
    () => s.deploy(bytecode, { owner: OWNER, contractId: ID }, GAS),
    (e: unknown) => e instanceof VMError && e.code === "RuntimeError" && e.message === "wasm trap: out of bounds memory access",
  );
});

test("wasm64: an initial memory past host-sim's 4 GiB is refused with a typed error (Piecrust reserves 2^26 pages)", async () => {
  const s = await (await VM.ephemeral()).session();
  const bytecode = await wat(WASM64.replace(`(memory (export "memory") i64 2)`, `(memory (export "memory") i64 65537)`));
  assert.throws(
    () => s.deploy(bytecode, { owner: OWNER, contractId: ID }, GAS),
    (e: unknown) =>
      e instanceof VMError && e.code === "RuntimeError" &&
      (HAS_MEMORY64 ? /initial memory of 65537 pages is past host-sim's 4 GiB/.test(e.message) : e.details.needsNode === "24"),
  );
  assert.equal(s.memoryLen(ID), undefined);
});

/** The pages WASM64 holds after deploy and put(WORD), written out by hand: page 0 is the argument buffer. */
function pagesAfterPut(): Map<number, Uint8Array> {
  const p0 = new Uint8Array(PAGE);
  p0.set(WORD, 0);
  const p1 = new Uint8Array(PAGE);
  p1.set(new TextEncoder().encode("moved"), 0);
  p1.set(WORD, 8);
  return new Map([[0, p0], [1, p1]]);
}

test("wasm64: root() and commit() give Piecrust's height-13 page-tree root, and page openings verify against it", async () => {
  const s = await (await VM.ephemeral()).session();
  const id = await deploy64(s);
  if (id === null) return;
  s.callRaw(id, "put", WORD, GAS);
  const pages = pagesAfterPut();
  const expected = toHex(naiveState([[1, pages, true]]));
  assert.notEqual(expected, toHex(naiveState([[1, pages, false]])), "heights 8 and 13 differ");
  assert.equal(toHex(s.root()), expected);
  const opened = s.memoryPages(id)!;
  assert.deepEqual(opened.map((p) => [p.index, toHex(p.page)]), [...pages].map(([i, p]) => [i, toHex(p)]));
  for (const { page, opening } of opened) {
    assert.equal(opening.memory64, true);
    assert.equal(toHex(opening.root()), expected);
    assert.equal(opening.verify(page), true);
    assert.equal(opening.verify(new Uint8Array(PAGE)), false);
  }
  assert.equal(toHex(s.commit()), expected);
});

test("wasm64: a commit reopened from disk keeps its height-13 root and grows it on the next write", async () => {
  const { dir, cleanup } = tempDir("w64vm");
  try {
    let vm = await VM.open(dir);
    const s = await vm.session();
    const id = await deploy64(s);
    if (id === null) return vm.close();
    s.callRaw(id, "put", WORD, GAS);
    const base = s.commit();
    const pages = pagesAfterPut();
    assert.equal(toHex(base), toHex(naiveState([[1, pages, true]])));
    vm.close();

    vm = await VM.open(dir);
    try {
      const again = await vm.session({ base });
      assert.equal(toHex(again.root()), toHex(base));
      const other = Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]);
      again.callRaw(id, "put", other, GAS);
      pages.get(0)!.set(other, 0);
      pages.get(1)!.set(other, 8);
      const expected = toHex(naiveState([[1, pages, true]]));
      assert.equal(toHex(again.root()), expected);
      assert.equal(toHex(again.commit()), expected);
    } finally {
      vm.close();
    }
  } finally {
    cleanup();
  }
});

test("wasm64: a memarg offset past u32 (a u64 in memory64, as Dusk's transfer contract has) deploys; the access traps past host-sim's 4 GiB", async () => {
  const session = await (await VM.ephemeral()).session();
  const bytecode = await wat(`(module
  (memory (export "memory") i64 1)
  (global $A (export "A") i64 (i64.const 0))
  (func (export "near") (param i32) (result i32)
    (i64.store offset=8 (i64.const 0) (i64.const 7))
    (i32.const 16))
  (func (export "far") (param i32) (result i32)
    (i64.store offset=0x100000000 (i64.const 0) (i64.const 7))
    (i32.const 0)))`);
  if (!HAS_MEMORY64) {
    assert.throws(() => session.deploy(bytecode, { owner: OWNER, contractId: ID }, GAS), (e: unknown) => e instanceof VMError && e.details.needsNode === "24");
    return;
  }
  // an offset of 2^32 is a 5-byte LEB128 above u32's range: the rewrite once refused the module as malformed
  const id = session.deploy(bytecode, { owner: OWNER, contractId: ID }, GAS).contractId;
  assert.deepEqual(u64s(session.callRaw(id, "near", new Uint8Array(0), GAS).data), [0n, 7n]);
  const before = toHex(session.root());
  assert.equal(trapOf(() => session.callRaw(id, "far", new Uint8Array(0), GAS)), "RuntimeError out of bounds memory access");
  assert.equal(toHex(session.root()), before);
});
