// Mirrors dusk-merkle's tree tests in spirit: the sparse-tree rules piecrust/src/store/tree.rs relies on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blake3 } from "@noble/hashes/blake3.js";
import { contractTree, pageTree, positionKey, StoreError, TreeShape } from "../../host-sim/store/index.js";
import { naiveRoot } from "./store-fixtures.js";
import { mulberry32 as rng } from "../helpers/rng.js";

const Z = new Uint8Array(32);
const v = (n: number) => blake3(new Uint8Array([n, n >> 8, n >> 16]));

test("empty tree root is 32 zero bytes", () => {
  assert.deepEqual(pageTree.rootOf(null), Z);
  assert.deepEqual(contractTree.rootOf(null), Z);
  assert.deepEqual(naiveRoot(8, 4, new Map()), Z);
});

test("single leaf at the edge positions of both trees", () => {
  for (const [shape, H, K] of [[pageTree, 8, 4], [contractTree, 32, 2]] as const) {
    for (const pos of [0, 1, K ** H - 1]) {
      const root = shape.insert(null, pos, v(pos));
      assert.deepEqual(shape.rootOf(root), naiveRoot(H, K, new Map([[pos, v(pos)]])), `H=${H} pos=${pos}`);
      assert.deepEqual(shape.get(root, pos), v(pos));
    }
  }
  const outside = (e: unknown) => e instanceof StoreError && e.code === "InvalidChange" && /outside a tree/.test(e.message);
  assert.throws(() => pageTree.insert(null, 65536, v(1)), outside);
  assert.throws(() => contractTree.insert(null, 2 ** 32, v(1)), outside);
});

test("single leaf hashes up a chain of nodes with the sibling slots zero", () => {
  // Page 0 of a page tree: at each level the node is BLAKE3(child || 0 || 0 || 0).
  let expect = v(9);
  for (let d = 0; d < 8; d++) {
    const buf = new Uint8Array(128);
    buf.set(expect, 0);
    expect = blake3(buf);
  }
  assert.deepEqual(pageTree.rootOf(pageTree.insert(null, 0, v(9))), expect);
});

test("arity-4 routing is most-significant digit first", () => {
  // Position 1 sits in the leftmost subtree at every level but the last; position 4^7 = 16384 is
  // the first leaf of the root's second child.
  const t = new TreeShape(2, 4);
  const a = t.rootOf(t.insert(null, 1, v(1)));
  const inner = new Uint8Array(128);
  inner.set(v(1), 32);
  const top = new Uint8Array(128);
  top.set(blake3(inner), 0);
  assert.deepEqual(a, blake3(top));
  const b = t.rootOf(t.insert(null, 4, v(1)));
  const inner2 = new Uint8Array(128);
  inner2.set(v(1), 0);
  const top2 = new Uint8Array(128);
  top2.set(blake3(inner2), 32);
  assert.deepEqual(b, blake3(top2));
  const r = pageTree.insert(null, 16384, v(2));
  assert.ok(r!.children![1] && !r!.children![0]);
});

test("a present zero-valued leaf makes its ancestors hashes", () => {
  for (const [shape, H, K] of [[pageTree, 8, 4], [contractTree, 32, 2]] as const) {
    const root = shape.rootOf(shape.insert(null, 5, Z));
    assert.notDeepEqual(root, Z);
    assert.deepEqual(root, naiveRoot(H, K, new Map([[5, Z]])));
  }
});

test("random trees match the naive implementation, incrementally and in one batch", () => {
  const rand = rng(12345);
  for (const [shape, H, K, range] of [[pageTree, 8, 4, 65536], [contractTree, 32, 2, 2 ** 32], [contractTree, 32, 2, 40]] as const) {
    const leaves = new Map<number, Uint8Array>();
    let inc = null as ReturnType<typeof shape.insert>;
    for (let round = 0; round < 6; round++) {
      const batch = [];
      for (let i = 0; i < 1 + Math.floor(rand() * 20); i++) {
        const pos = Math.floor(rand() * range);
        const val = rand() < 0.1 ? Z : v(Math.floor(rand() * 1e6));
        batch.push({ pos, value: val });
        leaves.set(pos, val);
      }
      const before = shape.rootOf(inc);
      const next = shape.insertMany(inc, batch);
      assert.deepEqual(shape.rootOf(inc), before, "insertMany must not mutate its input");
      inc = next;
      assert.deepEqual(shape.rootOf(inc), naiveRoot(H, K, leaves));
    }
    const batch = shape.insertMany(null, [...leaves].map(([pos, value]) => ({ pos, value })));
    assert.deepEqual(shape.rootOf(batch), shape.rootOf(inc));
    assert.deepEqual([...shape.leaves(inc)].map(([p]) => p), [...leaves.keys()].sort((a, b) => a - b));
  }
});

test("position_from_contract is the wrapping sum of LE u32 words", () => {
  assert.equal(positionKey(new Uint8Array(32)), 0);
  const b = new Uint8Array(32);
  b.set([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  assert.equal(positionKey(b), 0);
  const c = new Uint8Array(32);
  c.set([1, 2, 0, 0], 4);
  c[31] = 0x80;
  assert.equal(positionKey(c), (0x0201 + 0x80000000) >>> 0);
});

test("opening: the sibling path re-hashes to the root", () => {
  const root = pageTree.insertMany(null, [3, 77, 4000, 65535].map((pos) => ({ pos, value: v(pos) })));
  const op = pageTree.opening(root, 77)!;
  let cur = op.leaf;
  let rem = 77;
  const digits: number[] = [];
  for (let d = 0; d < 8; d++) {
    digits.unshift(rem % 4);
    rem = Math.floor(rem / 4);
  }
  for (let d = 7; d >= 0; d--) {
    const buf = new Uint8Array(128);
    op.levels[d].forEach((s, i) => buf.set(i === digits[d] ? cur : s, i * 32));
    cur = blake3(buf);
  }
  assert.deepEqual(cur, pageTree.rootOf(root));
  assert.equal(pageTree.opening(root, 78), undefined);
});
