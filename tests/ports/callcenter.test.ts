// Port of piecrust/tests/callcenter.rs: inter-contract queries, delegated calls, self-calls,
// caller and call stack, with Piecrust's expected values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, de, deploy, newSession } from "./support/piecrust.js";

const NO_ARGS = new Uint8Array(0);

test("cc_read_counter", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  assert.equal(call(session, counter, "read_value", "()", null, "i64").data, 0xfcn);
  const { id: center } = await deploy(session, "callcenter");
  assert.equal(call(session, center, "query_counter", "ContractId", counter, "i64").data, 0xfcn);
});

test("cc_direct", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  assert.equal(call(session, counter, "read_value", "()", null, "i64").data, 0xfcn);
  const { id: center } = await deploy(session, "callcenter");
  assert.equal(call(session, center, "query_counter", "ContractId", counter, "i64").data, 0xfcn);
  call(session, center, "increment_counter", "ContractId", counter, "()");
  assert.equal(call(session, counter, "read_value", "()", null, "i64").data, 0xfdn);
  assert.equal(call(session, center, "query_counter", "ContractId", counter, "i64").data, 0xfdn);
});

test("cc_passthrough", async () => {
  const { session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  const raw = ["read_value", NO_ARGS];
  const res = call(session, center, "query_passthrough", "(String, Vec<u8>)", raw, "(String, Vec<u8>)").data;
  assert.deepEqual(res, raw);
});

test("cc_delegated_read", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  const { id: center } = await deploy(session, "callcenter");
  const res = call<{ ok?: Uint8Array; err?: unknown }>(
    session, center, "delegate_query", "(ContractId, String, Vec<u8>)", [counter, "read_value", NO_ARGS], "Result<Vec<u8>, ContractError>",
  ).data;
  assert.ok(res.ok, "ICC should succeed");
  assert.equal(de("i64", res.ok), 0xfcn);
});

test("cc_delegated_write", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  const { id: center } = await deploy(session, "callcenter");
  call(session, center, "delegate_transaction", "(ContractId, String, Vec<u8>)", [counter, "increment", NO_ARGS], "Vec<u8>");
  assert.equal(call(session, counter, "read_value", "()", null, "i64").data, 0xfdn);
});

test("cc_self", async () => {
  const { session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  assert.equal(call(session, center, "calling_self", "ContractId", center, "bool").data, true);
});

test("cc_caller", async () => {
  const { session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  const value = call(session, center, "call_self", "()", null, "Result<bool, ContractError>").data;
  assert.deepEqual(value, { ok: true });
});

test("cc_caller_uninit", async () => {
  const { session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  assert.equal(call(session, center, "return_caller", "()", null, "Option<ContractId>").data, null);
});

test("cc_callstack", async () => {
  const { session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  const { id: callstackId } = await deploy(session, "callstack");

  assert.equal(call<unknown[]>(session, center, "return_callstack", "()", null, "Vec<ContractId>").data.length, 0);
  const selfId = call<Uint8Array>(session, center, "return_self_id", "()", null, "ContractId").data;

  const N = 5;
  const stack = call<Uint8Array[]>(session, center, "call_self_n_times", "u32", N, "Vec<ContractId>").data;
  assert.equal(stack.length, N);
  for (const id of stack) assert.deepEqual(id, selfId);

  const res = call<{ ok?: Uint8Array }>(
    session, center, "delegate_query", "(ContractId, String, Vec<u8>)", [callstackId, "return_callstack", NO_ARGS], "Result<Vec<u8>, ContractError>",
  ).data;
  assert.ok(res.ok, "ICC should succeed");
  const inner = de<Uint8Array[]>("Vec<ContractId>", res.ok);
  assert.equal(inner.length, 1);
  assert.deepEqual(inner[0], center);
});

test("cc_self_id", async () => {
  const { session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  assert.deepEqual(call(session, center, "return_self_id", "()", null, "ContractId").data, center);
});

