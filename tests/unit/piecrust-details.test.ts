// Details checked against Piecrust's source: error messages read as Piecrust's Display
// (piecrust/src/error.rs, wasmtime's Trap Display with backtraces off), commits() in the order of
// its BTreeMap, and memory_len of an unknown contract.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VM, VMError } from "../../host-sim/index.js";
import { deployWat, freshSession, idOf, module } from "../helpers/sim.js";

/** Each export traps one way; the expected text is wasmtime's for that trap code. */
const TRAPS: Array<[string, string, string]> = [
  ["div", "(i32.div_s (i32.const 1) (i32.const 0))", "integer divide by zero"],
  ["rem", "(i32.rem_u (i32.const 1) (i32.const 0))", "integer divide by zero"],
  ["ovf", "(i32.div_s (i32.const 0x80000000) (i32.const -1))", "integer overflow"],
  ["conv", "(i32.trunc_f32_s (f32.const nan))", "invalid conversion to integer"],
  ["unr", "(unreachable)", "wasm `unreachable` instruction executed"],
  ["fill", "(memory.fill (i32.const 65530) (i32.const 0) (i32.const 100)) (i32.const 0)", "out of bounds memory access"],
  ["sig", "(call_indirect (type $t) (i32.const 0))", "indirect call type mismatch"],
  ["tob", "(call_indirect (type $t) (i32.const 5))", "undefined element: out of bounds table access"],
];

const TRAPPING = module(
  `(type $t (func (result i32))) (table 2 funcref) (elem (i32.const 0) $g) (func $g)
   ${TRAPS.map(([name, body]) => `(func (export "${name}") (param i32) (result i32) ${body})`).join("\n")}
   (func $rec (export "rec") (param i32) (result i32) (call $rec (local.get 0)))`,
);

test("trap messages read as Piecrust's: 'wasm trap: ' and wasmtime's description", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, TRAPPING, idOf(1));
  const root = toHex(session.root());
  for (const [name, , words] of [...TRAPS, ["rec", "", "call stack exhausted"] as const]) {
    assert.throws(
      () => session.callRaw(id, name, new Uint8Array(0), 1_000_000_000n),
      (e: unknown) => e instanceof VMError && e.code === "RuntimeError" && e.message === `wasm trap: ${words}` && String(e) === e.message,
      name,
    );
  }
  assert.equal(toHex(session.root()), root);
});

test("a start function fails deploy with wasmtime's out-of-fuel trap text", async () => {
  const { session } = await freshSession();
  await assert.rejects(
    deployWat(session, module(`(func (export "f") (param i32) (result i32) (i32.const 0)) (func $s) (start $s)`), idOf(3)),
    (e: unknown) => e instanceof VMError && e.code === "RuntimeError" && e.message === "wasm trap: all fuel consumed by WebAssembly",
  );
});

test("Panic reads 'Panic: <msg>' in message and toString; the raw message is in details", async () => {
  const { session } = await freshSession();
  const id = await deployWat(
    session,
    module(`(func (export "p") (param i32) (result i32) (i32.store (i32.const 0) (i32.const 0x6d6f6f62)) (call $panic (i32.const 4)) (i32.const 0))`, `(import "env" "panic" (func $panic (param i32)))`),
    idOf(1),
  );
  assert.throws(
    () => session.callRaw(id, "p", new Uint8Array(0), 1_000_000n),
    (e: unknown) => e instanceof VMError && e.code === "Panic" && e.message === "Panic: boom" && String(e) === "Panic: boom" && e.details.message === "boom",
  );
});

test("InitalizationError and the other fixed texts begin with Piecrust's Display", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, module(`(func (export "f") (param i32) (result i32) (i32.const 0))`), idOf(1));
  assert.throws(() => session.callRaw(id, "init", new Uint8Array(0), 1_000n), (e: unknown) => e instanceof VMError && e.message === "InitalizationError: init call not allowed");
  assert.throws(() => session.callRaw(idOf(9), "f", new Uint8Array(0), 1_000n), (e: unknown) => e instanceof VMError && e.message === `Contract does not exist: ${toHex(idOf(9))}`);
});

test("commits() lists roots sorted by their bytes, whatever the order they were made in", async () => {
  const vm = await VM.ephemeral();
  const made: string[] = [];
  for (let k = 1; k <= 6; k++) {
    const s = await vm.session({});
    await deployWat(s, module(`(func (export "f") (param i32) (result i32) (i32.const 0)) (data (i32.const 0) "${k}")`), idOf(k));
    made.push(toHex(s.commit()));
  }
  const sorted = [...made].sort();
  assert.notDeepEqual(made, sorted, "the roots happened to be made in sorted order; pick other contracts");
  assert.deepEqual(vm.commits().map(toHex), sorted);
  vm.close();
});

test("memoryLen of a contract that was never deployed is undefined (Piecrust's Ok(None)), here and on a commit", async () => {
  const vm = await VM.ephemeral();
  const s = await vm.session({});
  assert.equal(s.memoryLen(idOf(7)), undefined);
  await deployWat(s, module(`(func (export "f") (param i32) (result i32) (i32.const 0))`), idOf(1));
  const root = s.commit();
  const t = await vm.session({ base: root });
  assert.equal(t.memoryLen(idOf(1)), 65536);
  assert.equal(t.memoryLen(idOf(7)), undefined);
  vm.close();
});
