// Port of piecrust/tests/commit.rs: sessions, commits and restores; the root is unchanged by a
// failed call; concurrent sessions on one base; deleting and finalizing commits while sessions
// hold them.
//
// Piecrust runs `concurrent_sessions` on threads and checks its on-disk layout (memory/ and
// leaf/ files) for finalize/delete. host-sim is single-threaded and has its own store layout, so
// the sessions are interleaved call by call, and the on-disk checks become the observable ones:
// which roots `commits()` lists, whether a session can still be opened on a root, and what the
// sessions built on a finalized commit read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM, toHex } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { call, deploy, LIMIT, newSession, ser, vmError } from "./support/piecrust.js";

const readValue = (s: Session, id: Uint8Array) => call<bigint>(s, id, "read_value", "()", null, "i64").data;
const increment = (s: Session, id: Uint8Array) => call(s, id, "increment", "()", null, "()");
const hexes = (roots: Uint8Array[]) => roots.map(toHex).sort();

test("read_write_session", async () => {
  const { vm, session } = await newSession();
  const { id } = await deploy(session, "counter");
  assert.equal(readValue(session, id), 0xfcn);
  increment(session, id);
  assert.equal(readValue(session, id), 0xfdn);
  // Dropped without committing: a new session starts from genesis again.
  session.close();

  const other = await vm.session();
  const { id: id2 } = await deploy(other, "counter");
  assert.equal(readValue(other, id2), 0xfcn);
  increment(other, id2);
  const commit = other.commit();

  const next = await vm.session({ base: commit });
  assert.equal(readValue(next, id2), 0xfdn);
});

async function commitRestore(): Promise<void> {
  const { vm, session: s1 } = await newSession();
  const { id } = await deploy(s1, "counter");
  assert.equal(readValue(s1, id), 0xfcn);
  increment(s1, id);
  const commit1 = s1.commit();

  const s2 = await vm.session({ base: commit1 });
  assert.equal(readValue(s2, id), 0xfdn);
  increment(s2, id);
  increment(s2, id);
  const commit2 = s2.commit();
  assert.equal(readValue(await vm.session({ base: commit2 }), id), 0xffn);

  // restore commit 1, then commit 2
  assert.equal(readValue(await vm.session({ base: commit1 }), id), 0xfdn);
  assert.equal(readValue(await vm.session({ base: commit2 }), id), 0xffn);
}

test("commit_restore", commitRestore);

test("commit_restore_two_contracts_session", async () => {
  const { vm, session } = await newSession();
  const { id: id1 } = await deploy(session, "counter");
  const { id: id2 } = await deploy(session, "box");
  const get = (s: Session) => call(s, id2, "get", "()", null, "Option<i16>").data;

  increment(session, id1);
  call(session, id2, "set", "i16", 0x11, "()");
  assert.equal(readValue(session, id1), 0xfdn);
  assert.equal(get(session), 0x11);
  const commit1 = session.commit();

  const s2 = await vm.session({ base: commit1 });
  increment(s2, id1);
  call(s2, id2, "set", "i16", 0x12, "()");
  const commit2 = s2.commit();
  const s3 = await vm.session({ base: commit2 });
  assert.equal(readValue(s3, id1), 0xfen);
  assert.equal(get(s3), 0x12);

  // check if both contracts' state was restored
  const s4 = await vm.session({ base: commit1 });
  assert.equal(readValue(s4, id1), 0xfdn);
  assert.equal(get(s4), 0x11);
});

// Piecrust's multiple_commits is the same sequence as commit_restore.
test("multiple_commits", commitRestore);

test("root_equal_on_err", async () => {
  const { vm, session } = await newSession();
  const { id: center } = await deploy(session, "callcenter");
  const { id: counter } = await deploy(session, "counter");
  const root = session.commit();

  const after = await vm.session({ base: root });
  const alt = await vm.session({ base: root });
  assert.deepEqual(after.root(), alt.root(), "Roots should be equal at the beginning");

  assert.throws(() => call(after, center, "panik", "ContractId", counter, "()"), vmError("Panic", "panik"));
  assert.deepEqual(after.root(), alt.root(), "Roots should be equal immediately after erroring call");

  call(after, center, "increment_counter", "ContractId", counter, "()");
  call(alt, center, "increment_counter", "ContractId", counter, "()");
  assert.deepEqual(after.root(), alt.root(), "Roots should be equal after call");
});

test("concurrent_sessions", async () => {
  const { vm, session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  assert.equal(readValue(session, counter), 0xfcn);
  const root = session.commit();
  assert.deepEqual(hexes(vm.commits()), [toHex(root)], "The commit should be the received root");

  // Sessions on the same base, interleaved call by call, each incrementing n + 1 times.
  const THREAD_NUM = 6;
  const run = async (bases: Uint8Array[], times: (n: number) => number, beforeCommit?: () => void) => {
    const sessions = await Promise.all(bases.map((base) => vm.session({ base })));
    const max = Math.max(...bases.map((_, n) => times(n)));
    for (let k = 0; k < max; k++) sessions.forEach((s, n) => k < times(n) && increment(s, counter));
    beforeCommit?.();
    return sessions.map((s) => s.commit());
  };
  let roots = await run(Array(THREAD_NUM).fill(root), (n) => n + 1);
  assert.equal(new Set(hexes(roots)).size, THREAD_NUM, "Commits should all be different");
  assert.equal(vm.commits().length, THREAD_NUM + 1, "There should be the genesis commit plus the ones just made");

  // Lots of increments on every commit, deleting all those commits while the sessions still work.
  const INCREMENTS_NUM = 100;
  const deleted = roots;
  roots = await run(deleted, () => INCREMENTS_NUM, () => deleted.forEach((r) => vm.deleteCommit(r)));
  assert.equal(new Set(hexes(roots)).size, THREAD_NUM, "Commits should all be different");
  assert.equal(vm.commits().length, THREAD_NUM + 1, "The deleted commits should not be returned");
  for (const r of deleted) assert.ok(!hexes(vm.commits()).includes(toHex(r)));
});

/** A counter deployed and committed, then incremented in a child commit, on a disk VM. */
async function committedCounter() {
  const dir = mkdtempSync(join(tmpdir(), "pcas-commit-"));
  const vm = await VM.open(dir);
  const s = await vm.session();
  const { id } = await deploy(s, "counter");
  const root = s.commit();
  const child = await vm.session({ base: root });
  increment(child, id);
  const childRoot = child.commit();
  return { dir, vm, id, root, childRoot, done: () => { vm.close(); rmSync(dir, { recursive: true, force: true }); } };
}

test("finalize_commit_promotes_commit_state", async () => {
  const { dir, vm, id, root, childRoot, done } = await committedCounter();
  try {
    vm.finalizeCommit(root);
    assert.ok(!hexes(vm.commits()).includes(toHex(root)), "finalized root should not remain an unfinalized commit");
    // The finalized state is still what the commits built on it read, also after a restart.
    assert.equal(readValue(await vm.session({ base: childRoot }), id), 0xfdn);
    vm.close();
    const reopened = await VM.open(dir);
    assert.equal(readValue(await reopened.session({ base: childRoot }), id), 0xfdn);
    reopened.close();
  } finally {
    done();
  }
});

test("delete_commit_waits_for_held_session_then_removes_state", async () => {
  const { vm, id, root, childRoot, done } = await committedCounter();
  try {
    const held = await vm.session({ base: root });
    // host-sim defers the deletion to the last session's release instead of blocking the caller.
    vm.deleteCommit(root);
    assert.equal(readValue(held, id), 0xfcn, "the held session keeps working on its base");
    held.close();
    assert.ok(!hexes(vm.commits()).includes(toHex(root)), "deleted root should not remain an unfinalized commit");
    await assert.rejects(vm.session({ base: root }), vmError("PersistenceError"));
    assert.equal(readValue(await vm.session({ base: childRoot }), id), 0xfdn, "commits built on it are kept");
  } finally {
    done();
  }
});

test("finalize_commit_waits_for_held_session_then_promotes_state", async () => {
  const { vm, id, root, childRoot, done } = await committedCounter();
  try {
    const held = await vm.session({ base: root });
    vm.finalizeCommit(root);
    assert.equal(readValue(held, id), 0xfcn, "the held session keeps working on its base");
    held.close();
    assert.ok(!hexes(vm.commits()).includes(toHex(root)), "finalized root should not remain an unfinalized commit");
    assert.equal(readValue(await vm.session({ base: childRoot }), id), 0xfdn);
  } finally {
    done();
  }
});

test("session_move", async () => {
  const HEIGHT = 29_000n;
  const { session } = await newSession({ meta: { height: ser("u64", HEIGHT) } });
  const { id } = await deploy(session, "everest");
  // Piecrust checks that a moved session does not crash; the value is checked here too.
  assert.equal(call(session, id, "get_height", "()", null, "Option<u64>", LIMIT).data, HEIGHT);
});
