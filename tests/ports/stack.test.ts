// Port of piecrust/tests/stack.rs: a heap-backed stack persists between calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession } from "./support/piecrust.js";

test("push_pop", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "stack");
  const val = 42;
  call(session, id, "push", "i32", val, "()");
  assert.equal(call(session, id, "len", "()", null, "u32").data, 1);
  const popped = call(session, id, "pop", "()", null, "Option<i32>").data;
  assert.equal(call(session, id, "len", "()", null, "i32").data, 0);
  assert.equal(popped, val);
});

test("multi_push_pop", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "stack");
  const N = 16;
  for (let i = 0; i < N; i++) {
    call(session, id, "push", "i32", i, "()");
    assert.equal(call(session, id, "len", "()", null, "i32").data, i + 1);
  }
  for (let i = N - 1; i >= 0; i--) {
    const popped = call(session, id, "pop", "()", null, "Option<i32>").data;
    assert.equal(call(session, id, "len", "()", null, "i32").data, i);
    assert.equal(popped, i);
  }
  assert.equal(call(session, id, "pop", "()", null, "Option<i32>").data, null);
});
