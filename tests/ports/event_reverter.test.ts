// Port of piecrust/tests/event_reverter.rs: events emitted inside a failed inter-contract call stay
// in the receipt, in order, marked reverted; the failed callee's state is reverted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession, ser } from "./support/piecrust.js";

test("reverted_icc_marks_events", async () => {
  const { session } = await newSession();
  const { id: eventer } = await deploy(session, "eventer");
  const { id: reverter } = await deploy(session, "event_reverter");
  const { id: center } = await deploy(session, "callcenter");

  assert.equal(call(session, eventer, "read_value", "()", null, "u32").data, 0);

  const eventerArg = ser("ContractId", eventer);
  const receipt = call<{ err?: { variant: string } }>(
    session, center, "delegate_query_with_event", "(ContractId, String, Vec<u8>)",
    [reverter, "emit_then_panic", eventerArg], "Result<Vec<u8>, ContractError>",
  );
  assert.equal(receipt.data.err?.variant, "Panic", "the middle ICC should panic and be propagated as contract data");

  assert.equal(call(session, eventer, "read_value", "()", null, "u32").data, 0, "eventer state should be reverted");

  const ev = receipt.events;
  assert.equal(ev.length, 3);
  assert.deepEqual(ev[0].source, center);
  assert.equal(ev[0].topic, "callcenter-before");
  assert.equal(ev[0].reverted, false, "the pre-ICC callcenter event should not be marked as reverted");
  assert.deepEqual(ev[1].source, eventer);
  assert.equal(ev[1].topic, "number");
  assert.equal(ev[1].reverted, true, "event emitted by the reverted ICC should be marked as reverted");
  assert.deepEqual(ev[2].source, center);
  assert.equal(ev[2].topic, "callcenter-after");
  assert.equal(ev[2].reverted, false, "the post-ICC callcenter event should not be marked as reverted");
});
