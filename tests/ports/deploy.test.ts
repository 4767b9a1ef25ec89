// Port of piecrust/tests/deploy.rs: explicit ids, calling a contract that does not exist, and
// Merkle position collisions (ids whose u32 words sum to the same value), in-session and with
// the base commit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toHex } from "../../host-sim/index.js";
import { call, COLLIDING_A, COLLIDING_B, deploy, idFrom, newSession } from "./support/piecrust.js";

test("deploy_with_id", async () => {
  const { session } = await newSession();
  const contractId = idFrom(1);
  await deploy(session, "counter", { contractId });
  assert.equal(call(session, contractId, "read_value", "()", null, "i64").data, 0xfcn);
  call(session, contractId, "increment", "()", null, "()");
  assert.equal(call(session, contractId, "read_value", "()", null, "i64").data, 0xfdn);
});

test("call_non_deployed", async () => {
  const { session } = await newSession();
  const counterId = idFrom(1);
  await deploy(session, "double_counter", { contractId: counterId });
  assert.equal(call<[bigint, bigint]>(session, counterId, "read_values", "()", null, "(i64, i64)").data[0], 0xfcn);

  const bogus = idFrom(255);
  const r = call(session, counterId, "increment_left_and_call", "ContractId", bogus, "Result<(), ContractError>").data;
  assert.deepEqual(r, { err: "DoesNotExist" });
  // The caller's own write stays: calling a missing contract fails only that call.
  assert.equal(call<[bigint, bigint]>(session, counterId, "read_values", "()", null, "(i64, i64)").data[0], 0xfdn);
});

function isCollision(id: Uint8Array) {
  return (e: unknown) => {
    const err = e as { code?: string; details?: { contractId?: string; pos?: number } };
    return err.code === "ContractPositionCollision" && err.details?.pos === 0 && err.details?.contractId === toHex(id);
  };
}

test("contract_id_position_collision_is_rejected", async () => {
  const { session } = await newSession();
  assert.notDeepEqual(COLLIDING_A, COLLIDING_B);
  await deploy(session, "counter", { contractId: COLLIDING_A });
  await assert.rejects(deploy(session, "box", { contractId: COLLIDING_B }), isCollision(COLLIDING_B));
});

test("contract_id_position_collision_with_base_is_rejected", async () => {
  const { vm, session } = await newSession();
  await deploy(session, "counter", { contractId: COLLIDING_A });
  const root = session.commit();
  const next = await vm.session({ base: root });
  await assert.rejects(deploy(next, "box", { contractId: COLLIDING_B }), isCollision(COLLIDING_B));
});
