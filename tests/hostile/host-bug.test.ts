// A JavaScript exception from host-sim's own code while a contract runs is a host-sim bug, never
// the contract's failure: it surfaces as HostSimBug (with the original error and its stack), at
// top level and from an inner frame alike, and the state is exactly as before the call.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HostSimBug, toHex, VMError } from "../../host-sim/index.js";
import { ContractMemory } from "../../host-sim/memory.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract, deployOne, words } from "./support.js";

/** Stores the word at argbuf[0] at address 0x10000 (a page the call has not written yet). */
const STORE = contract(`(func (export "store") (param i32) (result i32)
  (i32.store (i32.const 0x10000) (i32.load (i32.const 0))) (i32.const 0))`);

/** Calls `store` on the contract whose id is at argbuf[0..32], passing the word at argbuf[32]. */
const RELAY = contract(`(data (i32.const 0x10100) "store")
  (func (export "relay") (param i32) (result i32)
    (memory.copy (i32.const 0x10200) (i32.const 0) (i32.const 32))
    (i32.store (i32.const 0) (i32.load (i32.const 32)))
    (drop (call $c (i32.const 0x10200) (i32.const 0x10100) (i32.const 5) (i32.const 4) (i64.const 0)))
    (i32.const 0))`);

/** Runs `fn` with host-sim's write tracking throwing a TypeError, as a bug in it would. */
function withBrokenTracking<T>(fn: () => T): T {
  const touch = ContractMemory.prototype.touch;
  ContractMemory.prototype.touch = function () {
    throw new TypeError("injected: cannot read properties of undefined");
  };
  try {
    return fn();
  } finally {
    ContractMemory.prototype.touch = touch;
  }
}

function assertHostBug(e: unknown): true {
  assert.ok(e instanceof HostSimBug, `expected HostSimBug, got ${String(e)}`);
  assert.ok(!(e instanceof VMError));
  assert.ok(e.cause instanceof TypeError);
  assert.match(e.message, /host-sim bug .*TypeError: injected/);
  assert.match(e.stack ?? "", /Caused by TypeError: injected[^]*withBrokenTracking|Caused by TypeError: injected[^]*touch/);
  return true;
}

test("a TypeError inside host-sim during a top-level call is a HostSimBug, and state is unchanged", async () => {
  const { session, id } = await deployOne(STORE);
  session.callRaw(id, "store", words(7), 1_000_000n);
  const root = toHex(session.root());
  const len = session.memoryLen(id);
  assert.throws(() => withBrokenTracking(() => session.callRaw(id, "store", words(9), 1_000_000n)), assertHostBug);
  assert.equal(toHex(session.root()), root);
  assert.equal(session.memoryLen(id), len);
  // The session still works, and the failed call left nothing behind.
  session.callRaw(id, "store", words(7), 1_000_000n);
  assert.equal(toHex(session.root()), root);
});

test("a host-sim bug in an inner frame is not the callee's error code: it reaches the embedder", async () => {
  const { vm, session, id: callee } = await deployOne(STORE);
  const relay = idOf(2);
  session.deploy(await wat(RELAY), { owner: OWNER, contractId: relay }, 1_000_000n);
  const arg = new Uint8Array(36);
  arg.set(callee, 0);
  arg.set(words(5), 32);
  session.callRaw(relay, "relay", arg, 10_000_000n);
  const root = toHex(session.root());
  arg.set(words(6), 32);
  assert.throws(() => withBrokenTracking(() => session.callRaw(relay, "relay", arg, 10_000_000n)), assertHostBug);
  assert.equal(toHex(session.root()), root);
  vm.close();
});
