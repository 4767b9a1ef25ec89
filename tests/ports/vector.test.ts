// Port of piecrust/tests/vector.rs: a heap vector of i16 persists between calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession } from "./support/piecrust.js";

test("vector_push_pop", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "vector");
  const N = 128;
  for (let i = 0; i < N; i++) call(session, id, "push", "i16", i, "()");
  for (let i = 0; i < N; i++) assert.equal(call(session, id, "pop", "()", null, "Option<i16>").data, N - i - 1);
  assert.equal(call(session, id, "pop", "()", null, "Option<i16>").data, null);
});
