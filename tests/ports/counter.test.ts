// Port of piecrust/tests/counter.rs (counter, fallible_counter, and the C example's
// call_through_c, here a wasm32 WAT contract with the same raw ABI).
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, LIMIT, newSession, OWNER, vmError } from "./support/piecrust.js";
import { cExample } from "./support/wat-contracts.js";

test("counter_read_simple", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "counter");
  assert.equal(call(session, id, "read_value", "()", null, "i64").data, 0xfcn);
});

test("counter_read_write_simple", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "counter");
  assert.equal(call(session, id, "read_value", "()", null, "i64").data, 0xfcn);
  call(session, id, "increment", "()", null, "()");
  assert.equal(call(session, id, "read_value", "()", null, "i64").data, 0xfdn);
});

test("call_through_c", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  const { contractId: cId } = session.deploy(await cExample(), { owner: OWNER }, LIMIT);
  assert.equal(call(session, cId, "increment_and_read", "ContractId", counter, "i64").data, 0xfdn);
});

test("increment_panic", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "fallible_counter");
  assert.throws(() => call(session, id, "increment", "bool", true, "()"), vmError("Panic", "Incremental panic"));
  // Not asserted by Piecrust here, but implied: the write before the panic was reverted.
  assert.equal(call(session, id, "read_value", "()", null, "i64").data, 0xfcn);
});
