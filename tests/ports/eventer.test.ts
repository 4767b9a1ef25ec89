// Port of piecrust/tests/eventer.rs: events in the receipt, in order, and their gas cost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession } from "./support/piecrust.js";

function u32le(i: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, i, true);
  return b;
}

test("vm_center_events", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "eventer");
  const EVENT_NUM = 5;
  for (const fn of ["emit_events", "emit_events_raw"]) {
    const { events } = call(session, id, fn, "u32", EVENT_NUM, "()");
    assert.equal(events.length, EVENT_NUM);
    events.forEach((e, i) => {
      assert.equal(e.reverted, false);
      assert.deepEqual(e.source, id);
      assert.equal(e.topic, "number");
      assert.deepEqual(e.data, u32le(i));
    });
  }
});

test("event_costs", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "eventer");
  // "Prime" the contract, as Piecrust does.
  call(session, id, "emit_input", "Vec<u8>", new Uint8Array(100).fill(1), "(u64, u64)");
  const costs: bigint[] = [];
  for (let size = 4; size <= 40; size += 4) {
    const [before, after] = call<[bigint, bigint]>(session, id, "emit_input", "Vec<u8>", new Uint8Array(size).fill(1), "(u64, u64)").data;
    costs.push(after - before);
  }
  const diffs = costs.slice(1).map((c, i) => c - costs[i]);
  for (const d of diffs.slice(1)) assert.equal(d, diffs[0], "cost should grow at a linear rate");
  // Beyond Piecrust (whose window includes Rust's serialization): here the window holds only the
  // emit, so 4 more data bytes cost exactly 4 × BYTE_STORE_COST = 16 gas.
  assert.equal(diffs[0], 16n);
});

// The "event byte costs": the host charges 4 gas per byte of topic and data. The window
// between the two spent() reads also holds the serialization, whose cost does not depend on the
// length (one memory.copy) as long as the padding is the same, so lengths are multiples of 4.
test("event byte costs: 4 gas per data byte, charged by the host", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "eventer");
  const spentFor = (n: number) => {
    const [before, after] = call<[bigint, bigint]>(session, id, "emit_input", "Vec<u8>", new Uint8Array(n), "(u64, u64)").data;
    return after - before;
  };
  spentFor(4); // prime
  const base = spentFor(4);
  for (const n of [8, 64, 1000, 4096]) assert.equal(spentFor(n) - base, 4n * BigInt(n - 4), `${n} data bytes`);
});
