// Mirrors piecrust's commit tests (tests/commit.rs, merkle roots) for the in-memory store: the commit model.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blake3 } from "@noble/hashes/blake3.js";
import { Store, StoreError, positionKey, type ContractChange } from "../../host-sim/store/index.js";
import { deploy, hex, id, naiveState, page, PAGE, touch } from "./store-fixtures.js";

const Z = new Uint8Array(32);
const A = id(0xaa);
const B = id(0x11);
const C = id(0x55);

function code(err: unknown): string | undefined {
  return err instanceof StoreError ? err.code : undefined;
}

test("genesis: empty root, no contracts, unknown base rejected", () => {
  const s = Store.memory();
  assert.deepEqual(s.root(null, []), Z);
  assert.deepEqual(s.commits(), []);
  assert.deepEqual(s.contractIds(null), []);
  assert.throws(() => s.root(id(1), []), (e) => code(e) === "PersistenceError" && /No such base commit: 01/.test((e as Error).message));
});

test("a contract with no written page still has a present (zero) leaf", () => {
  const s = Store.memory();
  const r = s.commit(null, [deploy(A)]);
  assert.notDeepEqual(r, Z);
  assert.deepEqual(r, naiveState([[1, new Map()]]));
  assert.deepEqual(s.contract(r, A)!.pageRoot, Z);
});

test("positions: id order within one commit, deploy order across commits", () => {
  const pa = page(1);
  const pb = page(2);
  const one = Store.memory();
  const r1 = one.commit(null, [deploy(A, [[0, pa]]), deploy(B, [[0, pb]])]);
  assert.equal(one.contract(r1, B)!.intPos, 1); // B = 0x11.. sorts before A = 0xaa..
  assert.equal(one.contract(r1, A)!.intPos, 2);
  assert.deepEqual(r1, naiveState([[1, new Map([[0, pb]])], [2, new Map([[0, pa]])]]));

  const two = Store.memory();
  const ra = two.commit(null, [deploy(A, [[0, pa]])]);
  const r2 = two.commit(ra, [deploy(B, [[0, pb]])]);
  assert.equal(two.contract(r2, A)!.intPos, 1);
  assert.equal(two.contract(r2, B)!.intPos, 2);
  assert.deepEqual(r2, naiveState([[1, new Map([[0, pa]])], [2, new Map([[0, pb]])]]));
  assert.notDeepEqual(r1, r2);
});

test("root() equals commit(), is cumulative over pages, and leaves the base untouched", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)], [3, page(3)]]), deploy(C, [[1, page(5)]])]);
  const changes = [touch(A, [[3, page(4)], [700, page(0)]]), touch(C)];
  const predicted = s.root(r1, changes);
  assert.deepEqual(predicted, s.root(r1, changes));
  assert.deepEqual(
    predicted,
    naiveState([
      [2, new Map([[0, page(1)], [3, page(4)], [700, page(0)]])],
      [1, new Map([[1, page(5)]])],
    ]),
  );
  const r2 = s.commit(r1, changes);
  assert.deepEqual(r2, predicted);
  assert.deepEqual([...s.contract(r1, A)!.pages.keys()], [0, 3]);
  assert.deepEqual([...s.contract(r2, A)!.pages.keys()], [0, 3, 700]);
  assert.deepEqual(s.pageBytes(s.contract(r2, A)!.pages.get(3)!), page(4));
  assert.deepEqual(s.pageBytes(s.contract(r1, A)!.pages.get(3)!), page(3));
  assert.deepEqual(s.pageBytes(s.contract(r2, A)!.pages.get(700)!), page(0));
});

test("root unchanged when nothing changed; rewriting identical bytes too", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)]])]);
  assert.deepEqual(s.root(r1, []), r1);
  assert.deepEqual(s.root(r1, [touch(A)]), r1);
  assert.deepEqual(s.root(r1, [touch(A, [[0, page(1)]])]), r1);
  // A written zero page is present: it changes the root.
  assert.notDeepEqual(s.root(r1, [touch(A, [[1, page(0)]])]), r1);
});

test("memory length is lost when the root already exists", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)]], 2 * PAGE)]);
  const r2 = s.commit(r1, [touch(A, [], 3 * PAGE)]); // grow without a write
  assert.deepEqual(r2, r1);
  assert.equal(s.contract(r1, A)!.memLen, 2 * PAGE);
  const r3 = s.commit(r1, [touch(A, [[2, page(9)]], 3 * PAGE)]); // grow then write
  assert.equal(s.contract(r3, A)!.memLen, 3 * PAGE);
  // Growth without a write is kept when another contract changes the root.
  const r4 = s.commit(r3, [touch(A, [], 4 * PAGE), deploy(B)]);
  assert.equal(s.contract(r4, A)!.memLen, 4 * PAGE);
});

test("deploy collision is detected against the base and within the session", () => {
  const zero = id();
  const alias = id(1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff);
  assert.equal(positionKey(zero), positionKey(alias));
  const s = Store.memory();
  const r = s.commit(null, [deploy(zero)]);
  assert.ok(s.positionTaken(r, 0));
  assert.ok(!s.positionTaken(r, 1));
  assert.ok(!s.positionTaken(null, 0));
  assert.deepEqual(s.positionOwner(r, 0), zero);
  assert.equal(s.positionOwner(r, 1), undefined);
  assert.throws(() => s.root(r, [deploy(alias)]), (e) => code(e) === "ContractPositionCollision");
  assert.throws(() => s.commit(null, [deploy(zero), deploy(alias)]), (e) => code(e) === "ContractPositionCollision");
  assert.deepEqual(s.commits().map(hex), [hex(r)]);
});

test("migration onto an existing id: fresh page tree, same position, new code", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)], [5, page(5)]]), deploy(C, [[0, page(2)]])]);
  const posA = s.contract(r1, A)!.intPos;
  const newCode = new Uint8Array([0, 97, 115, 109, 9, 9]);
  const r2 = s.commit(r1, [{ ...deploy(A, [[1, page(7)]], PAGE * 3, newCode) }]);
  const e = s.contract(r2, A)!;
  assert.equal(e.intPos, posA);
  assert.deepEqual([...e.pages.keys()], [1]);
  assert.deepEqual(e.bytecodeHash, blake3(newCode));
  assert.deepEqual(s.readBytecode(e.bytecodeHash), newCode);
  assert.deepEqual(r2, naiveState([[posA, new Map([[1, page(7)]])], [s.contract(r1, C)!.intPos, new Map([[0, page(2)]])]]));
  // Migrating onto an id that does not exist yet acts like a deploy.
  const r3 = s.commit(r2, [deploy(B, [[0, page(0)]])]);
  assert.equal(s.contract(r3, B)!.intPos, 3);
});

test("quirk: a page-less contract whose sibling leaf is present leaves the root unchanged", () => {
  // Leaf 3 with value zero next to present leaf 2: BLAKE3(leaf2 || 0) either way, so the root
  // already exists and (as in Piecrust) the commit is not rewritten: the deploy is not recorded.
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)]]), deploy(C)]);
  assert.deepEqual(s.commit(r1, [deploy(B)]), r1);
  assert.equal(s.contract(r1, B), undefined);
});

test("invalid changes are rejected", () => {
  const s = Store.memory();
  assert.throws(() => s.root(null, [touch(A)]), (e) => code(e) === "ContractDoesNotExist");
  assert.throws(() => s.root(null, [{ ...deploy(A), bytecode: undefined }]), (e) => code(e) === "InvalidChange");
  assert.throws(() => s.root(null, [deploy(A, [], 1000)]), (e) => code(e) === "InvalidChange");
  assert.throws(() => s.root(null, [deploy(A, [[65536, page(0)]])]), (e) => code(e) === "InvalidChange");
  assert.throws(() => s.root(null, [deploy(A), deploy(A)]), (e) => code(e) === "InvalidChange");
  assert.doesNotThrow(() => s.root(null, [deploy(A, [[65535, page(1)]], 65536 * PAGE)]));
});

test("delete and finalize: leave commits(), unknown roots are no-ops", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)]])]);
  const r2 = s.commit(r1, [touch(A, [[0, page(2)]])]);
  const r3 = s.commit(r2, [touch(A, [[0, page(3)]])]);
  s.deleteCommit(id(9));
  s.finalizeCommit(id(9));
  s.deleteCommit(r1);
  s.finalizeCommit(r2);
  assert.deepEqual(s.commits().map(hex), [hex(r3)]);
  assert.ok(!s.hasCommit(r1) && !s.hasCommit(r2) && s.hasCommit(r3));
  assert.throws(() => s.contract(r2, A), (e) => code(e) === "PersistenceError");
  assert.deepEqual(s.pageBytes(s.contract(r3, A)!.pages.get(0)!), page(3));
  assert.throws(() => s.pageBytes(blake3(page(1))), (e) => code(e) === "PersistenceError"); // collected
});

test("retain defers deletion until the last release", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)]])]);
  s.retain(r1);
  s.retain(r1);
  s.deleteCommit(r1);
  assert.ok(!s.hasCommit(r1));
  assert.deepEqual(s.commits(), []);
  // A live session on r1 still reads and commits.
  assert.deepEqual(s.pageBytes(s.contract(r1, A)!.pages.get(0)!), page(1));
  const r2 = s.commit(r1, [touch(A, [[1, page(2)]])]);
  s.release(r1);
  assert.deepEqual(s.pageBytes(s.contract(r1, A)!.pages.get(0)!), page(1));
  s.release(r1);
  assert.throws(() => s.contract(r1, A), (e) => code(e) === "PersistenceError");
  assert.deepEqual(s.pageBytes(s.contract(r2, A)!.pages.get(0)!), page(1)); // still needed by r2
  assert.throws(() => s.retain(r1), (e) => code(e) === "PersistenceError");
});

test("re-committing a root whose deletion is pending revives it", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy(A, [[0, page(1)]])]);
  s.retain(r1);
  s.deleteCommit(r1);
  assert.deepEqual(s.commit(null, [deploy(A, [[0, page(1)]])]), r1);
  s.release(r1);
  assert.ok(s.hasCommit(r1));
});

test("two commits sharing pages: deleting one keeps every page of the other", () => {
  const s = Store.memory();
  const shared: [number, Uint8Array][] = [[0, page(1)], [1, page(2)], [2, page(0)]];
  const r1 = s.commit(null, [deploy(A, shared), deploy(C, [[0, page(1)]])]);
  const r2 = s.commit(r1, [touch(A, [[1, page(8)], [4, page(4)]])]);
  s.deleteCommit(r1);
  const want = new Map<number, Uint8Array>([[0, page(1)], [1, page(8)], [2, page(0)], [4, page(4)]]);
  const e = s.contract(r2, A)!;
  assert.deepEqual([...e.pages.keys()], [...want.keys()]);
  for (const [i, h] of e.pages) assert.deepEqual(s.pageBytes(h), want.get(i));
  assert.deepEqual(s.pageBytes(s.contract(r2, C)!.pages.get(0)!), page(1));
  s.deleteCommit(r2);
  assert.deepEqual(s.commits(), []);
});

test("the store copies page data: mutating the caller's buffer later changes nothing", () => {
  const s = Store.memory();
  const p = page(3);
  const change: ContractChange = deploy(A, [[0, p]]);
  const r = s.commit(null, [change]);
  p.fill(9);
  assert.deepEqual(s.pageBytes(s.contract(r, A)!.pages.get(0)!), page(3));
});
