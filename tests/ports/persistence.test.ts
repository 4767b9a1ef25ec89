// Port of piecrust/tests/persistence.rs: commits survive a VM restart on the same directory, and
// migration (replace a contract's code, keep its id, position and self_id; owner old or new;
// Merkle position collisions rejected).
//
// Piecrust opens the second VM while the first is alive; host-sim locks its store directory
// against a second VM, so the first one is closed before reopening.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHex, VM } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { contract } from "./support/contracts.js";
import { call, COLLIDING_A, COLLIDING_B, deploy, idFrom, LIMIT, newSession, OWNER } from "./support/piecrust.js";

const readValue = (s: Session, id: Uint8Array) => call<bigint>(s, id, "read_value", "()", null, "i64").data;
const get = (s: Session, id: Uint8Array) => call(s, id, "get", "()", null, "Option<i16>").data;

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pcas-persist-"));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("session_commits_persistence", () =>
  withDir(async (dir) => {
    const vm = await VM.open(dir);
    let s = await vm.session();
    const { id: id1 } = await deploy(s, "counter");
    const { id: id2 } = await deploy(s, "box");
    call(s, id1, "increment", "()", null, "()");
    call(s, id2, "set", "i16", 0x11, "()");
    assert.equal(readValue(s, id1), 0xfdn);
    assert.equal(get(s, id2), 0x11);
    const commit1 = s.commit();

    s = await vm.session({ base: commit1 });
    call(s, id1, "increment", "()", null, "()");
    call(s, id2, "set", "i16", 0x12, "()");
    assert.equal(readValue(s, id1), 0xfen);
    assert.equal(get(s, id2), 0x12);
    const commit2 = s.commit();
    vm.close();

    const vm2 = await VM.open(dir);
    s = await vm2.session({ base: commit1 });
    assert.equal(readValue(s, id1), 0xfdn);
    assert.equal(get(s, id2), 0x11);
    s.close();
    vm2.close();

    const vm3 = await VM.open(dir);
    s = await vm3.session({ base: commit2 });
    assert.equal(readValue(s, id1), 0xfen);
    assert.equal(get(s, id2), 0x12);
    s.close();
    vm3.close();
  }));

test("contracts_persistence", () =>
  withDir(async (dir) => {
    const vm = await VM.open(dir);
    const s = await vm.session();
    const { id: id1 } = await deploy(s, "counter");
    const { id: id2 } = await deploy(s, "box");
    call(s, id1, "increment", "()", null, "()");
    call(s, id2, "set", "i16", 0x11, "()");
    assert.equal(readValue(s, id1), 0xfdn);
    assert.equal(get(s, id2), 0x11);
    const commit1 = s.commit();
    vm.close();

    const vm2 = await VM.open(dir);
    const s2 = await vm2.session({ base: commit1 });
    assert.equal(readValue(s2, id1), 0xfdn);
    assert.equal(get(s2, id2), 0x11);
    s2.close();
    vm2.close();
  }));

test("migration", async () => {
  const { vm, session } = await newSession();
  const { id: contractId } = await deploy(session, "counter");
  call(session, contractId, "increment", "()", null, "()");
  call(session, contractId, "increment", "()", null, "()");
  const root = session.commit();

  let s = await vm.session({ base: root });
  s = await s.migrate(contractId, await contract("double_counter"), {}, LIMIT, (newContract, s) => {
    const old = readValue(s, contractId);
    const [left] = call<[bigint, bigint]>(s, newContract, "read_values", "()", null, "(i64, i64)").data;
    for (let i = 0n; i < old - left; i++) call(s, newContract, "increment_left", "()", null, "()");
  });
  const root2 = s.commit();

  const s3 = await vm.session({ base: root2 });
  const [left, right] = call<[bigint, bigint]>(s3, contractId, "read_values", "()", null, "(i64, i64)").data;
  assert.equal(left, 0xfen);
  assert.equal(right, 0xcfn);
});

test("migration_new_owner", async () => {
  const OWNER_1 = new Uint8Array(33).fill(1);
  const NEW_OWNER = new Uint8Array(33).fill(2);
  const { vm, session } = await newSession();
  const { id } = await deploy(session, "counter", { owner: OWNER_1 });
  const root = session.commit();
  let s = await vm.session({ base: root });
  s = await s.migrate(id, await contract("metadata"), { owner: NEW_OWNER }, LIMIT, () => {});
  assert.deepEqual(call(s, id, "read_owner", "()", null, "[u8; 33]").data, NEW_OWNER);
});

test("migration_old_owner", async () => {
  const OWNER_1 = new Uint8Array(33).fill(1);
  const { vm, session } = await newSession();
  const { id } = await deploy(session, "counter", { owner: OWNER_1 });
  const root = session.commit();
  let s = await vm.session({ base: root });
  s = await s.migrate(id, await contract("metadata"), {}, LIMIT, () => {});
  assert.deepEqual(call(s, id, "read_owner", "()", null, "[u8; 33]").data, OWNER_1);
});

test("migration_self_id_remains_same", async () => {
  const OWNER_1 = new Uint8Array(33).fill(1);
  const { vm, session } = await newSession();
  const { id } = await deploy(session, "counter", { owner: OWNER_1 });
  const root = session.commit();
  let s = await vm.session({ base: root });
  s = await s.migrate(id, await contract("metadata"), {}, LIMIT, () => {});
  assert.deepEqual(call(s, id, "read_id", "()", null, "ContractId").data, id, "The contract ID as seen by the contract should remain the same");
});

function isCollision(id: Uint8Array) {
  return (e: unknown) => {
    const err = e as { code?: string; message?: string; details?: { contractId?: string; pos?: number } };
    if (err.code !== "ContractPositionCollision") return false;
    // Piecrust: ContractPositionCollision { contract_id, pos: 0 }.
    return err.details?.pos === undefined ? (err.message ?? "").includes(toHex(id)) : err.details.pos === 0 && err.details.contractId === toHex(id);
  };
}

test("migration_to_contract_id_pos_collision_is_rejected", async () => {
  const { vm, session } = await newSession();
  await deploy(session, "counter", { contractId: COLLIDING_B });
  const root = session.commit();
  const s = await vm.session({ base: root });
  await assert.rejects(s.migrate(COLLIDING_A, await contract("box"), { owner: OWNER }, LIMIT, () => {}), isCollision(COLLIDING_A));
});

test("migration_to_pending_id_pos_collision_is_rejected", async () => {
  const tempId = idFrom([2]);
  const { session } = await newSession();
  await deploy(session, "counter", { contractId: COLLIDING_B });
  await assert.rejects(
    session.migrate(COLLIDING_A, await contract("box"), { owner: OWNER, contractId: tempId }, LIMIT, () => {}),
    isCollision(COLLIDING_A),
  );
});

test("migration_allows_replacement_contract_at_target_pos", async () => {
  // The temporary id shares the target's Merkle position: allowed, it is gone after the replace.
  const tempId = COLLIDING_B;
  const { session } = await newSession();
  const s = await session.migrate(COLLIDING_A, await contract("box"), { owner: OWNER, contractId: tempId }, LIMIT, () => {});
  call(s, COLLIDING_A, "set", "i16", 0x11, "()");
  assert.equal(get(s, COLLIDING_A), 0x11);
});
