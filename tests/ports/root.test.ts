// Port of piecrust/tests/root.rs: the state root equals the commit id, changes with the state,
// is stable for an untouched session, and is deterministic for the same call sequence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VM } from "../../host-sim/index.js";
import { call, deploy, newSession } from "./support/piecrust.js";

async function runSequence(vm: VM): Promise<Uint8Array[]> {
  const roots: Uint8Array[] = [];
  let s = await vm.session();
  const { id: counter } = await deploy(s, "counter");
  call(s, counter, "increment", "()", null, "()");
  roots.push(s.commit());

  s = await vm.session({ base: roots[0] });
  call(s, counter, "increment", "()", null, "()");
  call(s, counter, "increment", "()", null, "()");
  roots.push(s.commit());

  s = await vm.session({ base: roots[1] });
  const { id: box } = await deploy(s, "box");
  call(s, box, "set", "i16", 0x33, "()");
  roots.push(s.commit());
  return roots;
}

test("state_root_calculation", async () => {
  const { vm, session } = await newSession();
  const { id: id1 } = await deploy(session, "counter");
  call(session, id1, "increment", "()", null, "()");
  const root1 = session.root();
  const commit1 = session.commit();
  assert.deepEqual(commit1, root1, "The commit root is the same as the state root");

  const s2 = await vm.session({ base: commit1 });
  const { id: id2 } = await deploy(s2, "box");
  call(s2, id2, "set", "i16", 0x11, "()");
  call(s2, id1, "increment", "()", null, "()");
  const root2 = s2.root();
  const commit2 = s2.commit();
  assert.deepEqual(commit2, root2, "The commit root is the same as the state root");
  assert.notDeepEqual(root1, root2, "The state root should change since the state changes");

  const s3 = await vm.session({ base: commit2 });
  assert.deepEqual(s3.root(), root2, "The root of a session should be the same if no modifications were made");
});

test("deterministic_commit_roots_for_same_sequence", async () => {
  const a = await runSequence(await VM.ephemeral());
  const b = await runSequence(await VM.ephemeral());
  assert.deepEqual(a, b, "the same call sequence should produce identical commit roots");
});

test("inclusion_proofs", async () => {
  const { session } = await newSession();
  const { id: box } = await deploy(session, "box");
  call(session, box, "set", "i16", 0x11, "()");
  const first = session.memoryPages(box)!;
  assert.ok(first.length > 0, "There must be memory pages for the contract");
  const { page: page1, opening: opening1 } = first[0];
  assert.ok(opening1.verify(page1), "The page must be valid for the opening");
  assert.deepEqual(opening1.root(), session.root());
  for (const { page, opening } of first) assert.ok(opening.verify(page));

  // Piecrust's Rust box allocates a new Box on every set, so setting 0x11 again changes its first
  // page; the AssemblyScript box rewrites identical bytes, so a different value is set instead.
  call(session, box, "set", "i16", 0x22, "()");
  const { page: page2, opening: opening2 } = session.memoryPages(box)![0];
  assert.ok(opening2.verify(page2), "The page must be valid for the opening");
  assert.ok(!opening1.verify(page2), "The page must be invalid for the opening");
  assert.ok(!opening2.verify(page1), "The page must be invalid for the opening");
});
