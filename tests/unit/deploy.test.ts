// Deploy-time rules of piecrust-vm.md §3 and §10.3, each with its own error code, and the
// guarantee that a rejected contract leaves no trace.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blake3 } from "@noble/hashes/blake3.js";
import { toHex, VMError } from "../../host-sim/index.js";
import { deployWat, freshSession, idOf, module, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { INVALID, OK_FN } from "../helpers/deploy-cases.js";
import { encodeBody, encodeModule, parseModule, ValType } from "../../host-sim/wasm/module.js";

const rejects = (code: string) => (e: unknown) => e instanceof VMError && e.code === code;

test("default id is BLAKE3 of the bytecode; an explicit id is honoured; a second deploy of either fails", async () => {
  const { session } = await freshSession();
  const wasm = await wat(module(OK_FN));
  const { contractId } = session.deploy(wasm, { owner: OWNER }, 1_000_000n);
  assert.equal(toHex(contractId), toHex(blake3(wasm)));
  assert.throws(() => session.deploy(wasm, { owner: OWNER }, 1_000_000n), rejects("InitalizationError"));
  const explicit = session.deploy(wasm, { owner: OWNER, contractId: idOf(7) }, 1_000_000n);
  assert.equal(toHex(explicit.contractId), toHex(idOf(7)));
  assert.throws(() => session.deploy(wasm, { owner: OWNER, contractId: idOf(7) }, 1_000_000n), rejects("InitalizationError"));
});

test("the owner is required", async () => {
  const { session } = await freshSession();
  const wasm = await wat(module(OK_FN));
  assert.throws(() => session.deploy(wasm, {} as never, 1_000_000n), TypeError);
});


for (const [name, src, code] of INVALID) {
  test(`deploy rejects: ${name} → ${code}, leaving no trace`, async () => {
    const { session } = await freshSession();
    const before = toHex(session.root());
    const bytes = src === "" ? new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]) : await wat(src);
    assert.throws(() => session.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 1_000_000n), rejects(code));
    assert.equal(session.memoryLen(idOf(1)), undefined);
    assert.equal(session.contractMetadata(idOf(1)), undefined);
    assert.equal(toHex(session.root()), before);
    // the id is free again
    await deployWat(session, module(OK_FN), idOf(1));
  });
}

test("hdebug is accepted in a debug session and records messages", async () => {
  const { vm } = await freshSession();
  const session = await vm.session({ debug: true });
  const id = await deployWat(
    session,
    module(`(func (export "f") (param i32) (result i32) (i32.store (i32.const 0) (i32.const 0x216968)) (call $d (i32.const 3)) (i32.const 0))`, `(import "env" "hdebug" (func $d (param i32)))`),
    idOf(1),
  );
  session.callRaw(id, "f", new Uint8Array(0), 1_000_000n);
  assert.deepEqual(session.debugOutput(), ["hi!"]);
});

test("Merkle position collisions are rejected (ids whose u32 words sum to the same value)", async () => {
  const { session } = await freshSession();
  const a = new Uint8Array(32);
  const b = new Uint8Array(32);
  b.set([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  await deployWat(session, module(OK_FN), a);
  await assert.rejects(deployWat(session, module(OK_FN), b), rejects("ContractPositionCollision"));
});

const INIT_IMPORTS = `(import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "panic" (func $panic (param i32)))`;
const INIT = `(data (i32.const 70000) "init")
  (func (export "init") (param $n i32) (result i32)
    (if (i32.eq (i32.load8_u (i32.const 0)) (i32.const 0xff)) (then (call $panic (i32.const 0))))
    (i32.store (i32.const 70100) (i32.add (i32.load (i32.const 70100)) (i32.const 1)))
    (memory.copy (i32.const 70104) (i32.const 0) (local.get $n))
    (i32.const 0))
  (func (export "count") (param i32) (result i32) (i32.store (i32.const 0) (i32.load (i32.const 70100))) (memory.copy (i32.const 4) (i32.const 70104) (i32.const 3)) (i32.const 7))
  (func (export "reinit") (param i32) (result i32)
    (memory.copy (i32.const 70200) (i32.const 0) (i32.const 32))
    (i32.store (i32.const 0) (call $c (i32.const 70200) (i32.const 70000) (i32.const 4) (i32.const 0) (i64.const 0)))
    (i32.const 4))`;

test("init runs once with the init argument and can never be called again", async () => {
  const { session } = await freshSession();
  const wasm = await wat(module(INIT, INIT_IMPORTS, 2));
  const { contractId, receipt } = session.deploy(wasm, { owner: OWNER, contractId: idOf(1), initArg: new Uint8Array([1, 2, 3]) }, 1_000_000n);
  assert.ok(receipt, "a contract with init returns the init receipt");
  assert.equal(toHex(session.callRaw(contractId, "count", new Uint8Array(0), 1_000_000n).data), "01000000010203");
  assert.throws(() => session.callRaw(contractId, "init", new Uint8Array(0), 1_000_000n), rejects("InitalizationError"));
  // from a contract: i32::MIN
  const r = session.callRaw(contractId, "reinit", contractId, 1_000_000n);
  assert.equal(new DataView(r.data.buffer, r.data.byteOffset).getInt32(0, true), -2147483648);
  assert.equal(toHex(session.callRaw(contractId, "count", new Uint8Array(0), 1_000_000n).data), "01000000010203");
});

test("a failing init removes the contract", async () => {
  const { session } = await freshSession();
  const wasm = await wat(module(INIT, INIT_IMPORTS, 2));
  assert.throws(() => session.deploy(wasm, { owner: OWNER, contractId: idOf(1), initArg: new Uint8Array([0xff]) }, 1_000_000n), rejects("Panic"));
  assert.equal(session.memoryLen(idOf(1)), undefined);
  session.deploy(wasm, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
});

test("top level: an argument over 64 KiB is rejected before any state is touched", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, module(OK_FN), idOf(1));
  const root = toHex(session.root());
  assert.throws(() => session.callRaw(id, "f", new Uint8Array(65537), 1_000_000n), rejects("MemoryAccessOutOfBounds"));
  assert.equal(toHex(session.root()), root);
  session.callRaw(id, "f", new Uint8Array(65536), 1_000_000n);
});

test("top level: a bad return length reverts the call", async () => {
  const { session } = await freshSession();
  const id = await deployWat(
    session,
    module(`(func (export "neg") (param i32) (result i32) (i32.store (i32.const 100) (i32.const 9)) (i32.const -1))
      (func (export "big") (param i32) (result i32) (i32.store (i32.const 100) (i32.const 9)) (i32.const 65537))
      (func (export "max") (param i32) (result i32) (i32.const 65536))`),
    idOf(1),
  );
  const root = toHex(session.root());
  assert.throws(() => session.callRaw(id, "neg", new Uint8Array(0), 1_000_000n), rejects("MemoryAccessOutOfBounds"));
  assert.throws(() => session.callRaw(id, "big", new Uint8Array(0), 1_000_000n), rejects("MemoryAccessOutOfBounds"));
  assert.equal(toHex(session.root()), root);
  assert.equal(session.callRaw(id, "max", new Uint8Array(0), 1_000_000n).data.length, 65536);
});

test("deploy checks run in Piecrust's order: memories, then the Merkle position, then exports/imports", async () => {
  const { session } = await freshSession();
  const a = new Uint8Array(32);
  const b = new Uint8Array(32);
  b.set([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  await deployWat(session, module(OK_FN), a);
  const badExport = await wat(module(`(func (export "g") (param i64) (result i32) (i32.const 0))`));
  const noMemory = await wat(`(module (memory 1) (global (export "A") i32 (i32.const 0)) ${OK_FN})`);
  assert.throws(() => session.deploy(badExport, { owner: OWNER, contractId: b }, 1_000_000n), rejects("ContractPositionCollision"));
  assert.throws(() => session.deploy(noMemory, { owner: OWNER, contractId: b }, 1_000_000n), rejects("PersistenceError"));
  // A memory64 contract is valid for Piecrust, which would go on to its position check: on Node 20
  // host-sim's own refusal comes after it too; Node 24 runs it (tests/sim/wasm64.test.ts).
  const memory64 = new Uint8Array(await wat(module(OK_FN)));
  const m64 = parseModule(memory64);
  m64.memories[0] = { ...m64.memories[0], is64: true };
  m64.globals[0] = { type: ValType.I64, mutable: false, init: new Uint8Array([0x42, 0, 0x0b]) };
  const bytes64 = encodeModule(m64, (x) => encodeBody(x.locals, x.code));
  assert.throws(() => session.deploy(bytes64, { owner: OWNER, contractId: b }, 1_000_000n), rejects("ContractPositionCollision"));
  if (Number(process.versions.node.split(".")[0]) >= 24) session.deploy(bytes64, { owner: OWNER, contractId: idOf(9) }, 1_000_000n);
  else {
    const needsNode24 = (e: unknown) => e instanceof VMError && e.code === "RuntimeError" && /memory64/.test(e.message) && e.details.needsNode === "24";
    assert.throws(() => session.deploy(bytes64, { owner: OWNER, contractId: idOf(9) }, 1_000_000n), needsNode24);
  }
});
