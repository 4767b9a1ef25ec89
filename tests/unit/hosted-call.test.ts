// Session.hostedInterCall: a call made by a frame the embedder runs itself (as-pect's spec module)
// gets what `c` gives a wasm caller — the same callee gas, its result or ContractError in the
// frame's argbuf, its memory kept or reverted, its events, and the caller id it sees.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ARGBUF_LEN, CONTRACT_ERROR_PANIC, type FrameInstance } from "../../host-sim/index.js";
import { deployWat, freshSession, idOf } from "../helpers/sim.js";

// bump: count += 1 at address 70000, emits "bumped", returns the count (4 bytes).
// whoami: returns its caller (32 bytes). fail: writes the count, then panics with "no".
const CALLEE = `(module
  (import "env" "emit" (func $emit (param i32 i32 i32)))
  (import "env" "caller" (func $caller (result i32)))
  (import "env" "panic" (func $panic (param i32)))
  (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (data (i32.const 70100) "bumped")
  (func (export "bump") (param i32) (result i32)
    (i32.store (i32.const 70000) (i32.add (i32.load (i32.const 70000)) (i32.const 1)))
    (i32.store (i32.const 0) (i32.load (i32.const 70000)))
    (call $emit (i32.const 70100) (i32.const 6) (i32.const 4))
    (i32.const 4))
  (func (export "whoami") (param i32) (result i32)
    (drop (call $caller))
    (i32.const 32))
  (func (export "fail") (param i32) (result i32)
    (i32.store (i32.const 70000) (i32.const 99))
    (i32.store8 (i32.const 0) (i32.const 110))
    (i32.store8 (i32.const 1) (i32.const 111))
    (call $panic (i32.const 2))
    (i32.const 0)))`;

/** A frame over plain bytes, its argbuf at 0, with a gas budget. */
function frame(limit: bigint): FrameInstance & { bytes: Uint8Array } {
  const bytes = new Uint8Array(2 * ARGBUF_LEN);
  let gas = limit;
  return {
    bytes,
    argbuf: 0,
    memory: { bytes: () => bytes },
    stackUsed: () => 0,
    readArgument: (len) => bytes.slice(0, len),
    writeArgument: (data) => bytes.set(data, 0),
    remainingGas: () => gas,
    setRemainingGas: (g) => {
      gas = g;
    },
  };
}

const SELF = idOf(0x5e);
const GAS = 1_000_000n;

test("hosted call: the callee's result, gas, events and kept memory, and the caller it sees", async () => {
  const { vm, session } = await freshSession();
  const callee = await deployWat(session, CALLEE, idOf(1));
  // The gas bump costs from this state, measured by a top-level call in a copy of the session.
  const root = session.commit();
  const probe = await vm.session({ base: root });
  const topLevel = probe.callRaw(callee, "bump", new Uint8Array(0), GAS).gasSpent;
  probe.close();

  const s = await vm.session({ base: root });
  const f = frame(GAS);
  const { code, events } = s.hostedInterCall({ id: SELF, ancestors: [idOf(9)], limit: GAS, instance: f }, callee, "bump", new Uint8Array(0), 500_000n, null);
  assert.equal(code, 4);
  assert.deepEqual([...f.bytes.subarray(0, 4)], [1, 0, 0, 0]);
  assert.equal(f.remainingGas(), GAS - topLevel, "the frame pays what the callee spent, as a wasm caller would");
  assert.deepEqual(events.map((e) => [e.topic, [...e.data], e.reverted]), [["bumped", [1, 0, 0, 0], false]]);
  // The callee's change is kept: a second bump counts 2.
  s.hostedInterCall({ id: SELF, ancestors: [], limit: GAS, instance: f }, callee, "bump", new Uint8Array(0), 500_000n, null);
  assert.equal(f.bytes[0], 2);
  // The callee sees the hosted frame as its caller.
  assert.equal(s.hostedInterCall({ id: SELF, ancestors: [], limit: GAS, instance: f }, callee, "whoami", new Uint8Array(0), 500_000n, null).code, 32);
  assert.deepEqual(f.bytes.subarray(0, 32), SELF);
  // The session is free again for top-level calls.
  assert.deepEqual([...s.callRaw(callee, "bump", new Uint8Array(0), GAS).data], [3, 0, 0, 0]);
});

test("hosted call: a panicking callee is reverted, costs its whole limit, and leaves its message", async () => {
  const { session } = await freshSession();
  const callee = await deployWat(session, CALLEE, idOf(1));
  const f = frame(GAS);
  const { code, events } = session.hostedInterCall({ id: SELF, ancestors: [], limit: GAS, instance: f }, callee, "fail", new Uint8Array(0), 20_000n, null);
  assert.equal(code, CONTRACT_ERROR_PANIC);
  assert.deepEqual([...f.bytes.subarray(0, 6)], [2, 0, 0, 0, 110, 111], "length-prefixed 'no'");
  assert.equal(f.remainingGas(), GAS - 20_000n);
  assert.deepEqual(events, []);
  // fail stored 99 before panicking: undone, so the next bump counts 1.
  assert.deepEqual([...session.callRaw(callee, "bump", new Uint8Array(0), GAS).data], [1, 0, 0, 0]);
});
