// Port of piecrust/tests/metadata.rs: a contract's owner and id as seen from inside, across a
// commit, and the owner of other (and missing) contracts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, idFrom, newSession } from "./support/piecrust.js";

test("metadata", async () => {
  const EXPECTED_OWNER = new Uint8Array(33).fill(3);
  const { vm, session } = await newSession();
  const { id } = await deploy(session, "metadata", { owner: EXPECTED_OWNER });
  assert.deepEqual(call(session, id, "read_owner", "()", null, "[u8; 33]").data, EXPECTED_OWNER);
  assert.deepEqual(call(session, id, "read_id", "()", null, "ContractId").data, id);

  // owner should live across session boundaries
  const commit = session.commit();
  const next = await vm.session({ base: commit });
  assert.deepEqual(call(next, id, "read_owner", "()", null, "[u8; 33]").data, EXPECTED_OWNER);
  assert.deepEqual(call(next, id, "read_id", "()", null, "ContractId").data, id);
});

test("owner_of", async () => {
  const EXPECTED_OWNER_0 = new Uint8Array(33).fill(3);
  const EXPECTED_OWNER_1 = new Uint8Array(33).fill(4);
  const CONTRACT_ID_0 = idFrom(1);
  const CONTRACT_ID_1 = idFrom(2);
  const CONTRACT_ID_2 = idFrom(3);
  const { session } = await newSession();
  await deploy(session, "metadata", { owner: EXPECTED_OWNER_0, contractId: CONTRACT_ID_0 });
  await deploy(session, "metadata", { owner: EXPECTED_OWNER_1, contractId: CONTRACT_ID_1 });

  const ownerOf = (self: Uint8Array, other: Uint8Array) =>
    call(session, self, "read_owner_of", "ContractId", other, "Option<[u8; 33]>").data;
  assert.deepEqual(ownerOf(CONTRACT_ID_0, CONTRACT_ID_1), EXPECTED_OWNER_1, "The first contract should think the second contract has the correct owner");
  assert.deepEqual(ownerOf(CONTRACT_ID_1, CONTRACT_ID_0), EXPECTED_OWNER_0, "The second contract should think the first contract has the correct owner");
  assert.equal(ownerOf(CONTRACT_ID_0, CONTRACT_ID_2), null, "The first contract should think that the owner of a non-existing contract is None");
});

test("owner_wrong_n_panics", async () => {
  const OWNER_33 = new Uint8Array(33).fill(5);
  const { session } = await newSession();
  const { id } = await deploy(session, "metadata", { owner: OWNER_33 });
  const mismatch = (e: unknown) => (e as { code?: string }).code === "Panic" && /does not match host owner length/.test((e as Error).message);
  assert.throws(() => call(session, id, "read_owner_wrong_n", "()", null, "[u8; 32]"), mismatch);
  assert.throws(() => call(session, id, "read_owner_of_wrong_n", "ContractId", id, "Option<[u8; 32]>"), mismatch);
});
