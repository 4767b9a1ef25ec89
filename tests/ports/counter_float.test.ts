// Port of piecrust/tests/counter_float.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession } from "./support/piecrust.js";

test("counter_float_deployment", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "counter_float");
  assert.equal(call(session, id, "read_value", "()", null, "f64").data, 0xfc);
  // Not in Piecrust's test: the contract's increment works too.
  call(session, id, "increment", "()", null, "()");
  assert.equal(call(session, id, "read_value", "()", null, "f64").data, 0xfd);
});
