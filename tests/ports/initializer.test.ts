// Port of piecrust/tests/initializer.rs: `init` runs once at deploy (with or without an argument),
// returns a receipt, and can never be called again, directly or from another contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { contract } from "./support/contracts.js";
import { call, deploy, LIMIT, newSession, OWNER, ser, vmError } from "./support/piecrust.js";

const CONTRACT_INIT_METHOD = "init";

test("init", async () => {
  const { vm, session } = await newSession();
  const { id, receipt } = await deploy(session, "initializer", { initArg: ser("u8", 0xab) });
  assert.ok(receipt, "deploy with init should return a receipt");
  assert.ok(receipt.gasSpent > 0n, "init should consume gas");
  assert.ok(receipt.gasSpent <= LIMIT, "gas_spent must not exceed limit");
  assert.equal(call(session, id, "read_value", "()", null, "u8").data, 0xab);

  call(session, id, "increment", "()", null, "()");
  assert.equal(call(session, id, "read_value", "()", null, "u8").data, 0xac);

  assert.throws(() => call(session, id, CONTRACT_INIT_METHOD, "u8", 0xaa, "()"), vmError("InitalizationError"),
    "calling init directly as transaction should not be allowed");
  assert.equal(call(session, id, "read_value", "()", null, "u8").data, 0xac);

  const commit = session.commit();
  const next = await vm.session({ base: commit });
  assert.equal(call(next, id, "read_value", "()", null, "u8").data, 0xac);
  assert.throws(() => call(next, id, CONTRACT_INIT_METHOD, "u8", 0xae, "()"), vmError("InitalizationError"),
    "calling init directly should never be allowed");
});

test("init_indirect_call_blocked", async () => {
  const { session } = await newSession();
  const { id: emptyInit, receipt: r1 } = await deploy(session, "empty_initializer");
  assert.ok(r1, "empty_initializer has init, should return a receipt");
  const { id: center, receipt: r2 } = await deploy(session, "callcenter");
  assert.equal(r2, undefined, "callcenter has no init, should return None");
  // The callee fails with i32::MIN (Unknown); callcenter unwraps it into a panic.
  assert.throws(() => call(session, center, "call_init", "ContractId", emptyInit, "()"), vmError("Panic", /Unknown/),
    "calling init indirectly should not be allowed");
});

test("empty_init_argument", async () => {
  const { session } = await newSession();
  const { id, receipt } = await deploy(session, "empty_initializer");
  assert.ok(receipt, "deploy with init should return a receipt");
  assert.ok(receipt.gasSpent > 0n, "init should consume gas");
  assert.equal(call(session, id, "read_value", "()", null, "u8").data, 0x10);
});

test("deploy_raw_with_init_returns_receipt", async () => {
  const { session } = await newSession();
  // deploy_raw(None, bytecode, Some(init_arg), owner, limit): raw bytes, id from the bytecode.
  const { contractId: id, receipt } = session.deploy(await contract("initializer"), { owner: OWNER, initArg: ser("u8", 0xab) }, LIMIT);
  assert.ok(receipt, "deploy_raw with init should return a receipt");
  assert.ok(receipt.gasSpent > 0n, "init should consume gas");
  assert.ok(receipt.gasSpent <= LIMIT, "gas_spent must not exceed limit");
  assert.equal(call(session, id, "read_value", "()", null, "u8").data, 0xab);
});
