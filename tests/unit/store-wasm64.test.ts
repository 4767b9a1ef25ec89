// Mirrors piecrust/src/store/tree.rs (`PageTree::Wasm64`, height 13) and store/index.rs
// (`ContractIndexElement::new(is_64)`): a memory64 contract's page tree in the store, whose roots are
// checked against a naive bottom-up tree of height 13 (store-fixtures.ts), not the store's own code.
// Runs on every Node: the store takes the memory type from the change, no engine is involved.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { Store, type ContractChange } from "../../host-sim/store/index.js";
import { PageOpening } from "../../host-sim/proof.js";
import { deploy, hex, id, naiveRoot, naiveState, P32_HEIGHT, P64_HEIGHT, page, PAGE, tempDir, touch } from "./store-fixtures.js";

const Z = new Uint8Array(32);
const A = id(0xaa);
const B = id(0x11);

function deploy64(cid: Uint8Array, pages: [number, Uint8Array][] = [], memLen = PAGE * 2): ContractChange {
  return { ...deploy(cid, pages, memLen), memory64: true };
}

function leaves(pages: [number, Uint8Array][]): Map<number, Uint8Array> {
  return new Map(pages.map(([i, p]) => [i, blake3(p)]));
}

test("wasm64: a memory64 contract's leaf is the height-13 root of its pages, in root() and commit()", () => {
  // Pages 0 and 65,535 span the whole height-8 subtree host-sim can hold.
  const pages: [number, Uint8Array][] = [[0, page(1)], [5, page(2, 7, 3)], [65535, page(4)]];
  const s = Store.memory();
  const change = deploy64(A, pages, PAGE * 65536);
  const expected = naiveState([[1, new Map(pages), true]]);
  assert.equal(hex(s.root(null, [change])), hex(expected));
  const r = s.commit(null, [change]);
  assert.equal(hex(r), hex(expected));
  const el = s.contract(r, A)!;
  assert.equal(el.memory64, true);
  assert.equal(hex(el.pageRoot), hex(naiveRoot(P64_HEIGHT, 4, leaves(pages))));
  // The same pages in a wasm32 contract give the height-8 root: the test tells the two apart.
  assert.notEqual(hex(r), hex(naiveState([[1, new Map(pages), false]])));
  assert.equal(hex(Store.memory().commit(null, [deploy(A, pages, PAGE * 65536)])), hex(naiveState([[1, new Map(pages)]])));
});

test("wasm64: the height-13 root is the height-8 root hashed five times as child 0 of four (the shortcut checked)", () => {
  const l = leaves([[2, page(9)], [40000, page(8)]]);
  let r = naiveRoot(P32_HEIGHT, 4, l);
  for (let i = 0; i < P64_HEIGHT - P32_HEIGHT; i++) {
    const buf = new Uint8Array(128);
    buf.set(r);
    r = blake3(buf);
  }
  assert.equal(hex(r), hex(naiveRoot(P64_HEIGHT, 4, l)));
});

test("wasm64: an empty page tree's root stays 32 zero bytes, as at height 8", () => {
  const s = Store.memory();
  const r = s.commit(null, [deploy64(A)]);
  assert.deepEqual(s.contract(r, A)!.pageRoot, Z);
  assert.equal(hex(r), hex(Store.memory().commit(null, [deploy(A)])));
});

test("wasm64: a contract keeps its memory type across touches; wasm32 and wasm64 contracts side by side", () => {
  const s = Store.memory();
  const r1 = s.commit(null, [deploy64(A, [[0, page(1)]]), deploy(B, [[0, page(1)]])]);
  // B (0x11..) sorts first: intPos 1; A: intPos 2
  assert.equal(hex(r1), hex(naiveState([[1, new Map([[0, page(1)]])], [2, new Map([[0, page(1)]]), true]])));
  // A touch carries no memory type (or a wrong one): the committed type wins.
  const r2 = s.commit(r1, [{ ...touch(A, [[3, page(6)]]), memory64: false }, touch(B, [[3, page(6)]])]);
  const both = new Map([[0, page(1)], [3, page(6)]]);
  assert.equal(hex(r2), hex(naiveState([[1, both], [2, both, true]])));
  assert.equal(s.contract(r2, A)!.memory64, true);
  assert.equal(s.contract(r2, B)!.memory64, false);
  // A migration (isNew on an existing id) takes the new code's memory type.
  const r3 = s.commit(r2, [deploy(A, [[1, page(2)]])]);
  assert.equal(s.contract(r3, A)!.memory64, false);
  assert.equal(hex(r3), hex(naiveState([[1, both], [2, new Map([[1, page(2)]])]])));
});

test("wasm64: page openings have 13 levels and verify against the state root; wasm32's keep 8", () => {
  const s = Store.memory();
  const pages: [number, Uint8Array][] = [[1, page(5)], [300, page(6)]];
  const changes = [deploy64(A, pages), deploy(B, pages)];
  const root = s.root(null, changes);
  for (const [cid, memory64, levels] of [[A, true, 13], [B, false, 8]] as const) {
    const o = s.openings(null, changes, cid)!;
    assert.equal(o.memory64, memory64);
    assert.equal(hex(o.stateRoot), hex(root));
    for (const [index, data] of pages) {
      const po = o.pages.get(index)!;
      assert.equal(po.levels.length, levels);
      const opening = new PageOpening(index, o.position, po, o.contract, o.stateRoot, o.memory64);
      assert.equal(opening.verify(data), true);
      assert.equal(opening.verify(page(7)), false);
      // Read at the other height, the same opening proves nothing.
      assert.equal(new PageOpening(index, o.position, po, o.contract, o.stateRoot, !o.memory64).verify(data), false);
    }
  }
});

test("wasm64 on disk: the memory type is recorded; reopen keeps roots, type and delta chains", () => {
  const { dir, cleanup } = tempDir("w64");
  try {
    let s = Store.open(dir);
    const p0: [number, Uint8Array][] = [[0, page(1)], [3, page(2)]];
    const r1 = s.commit(null, [deploy64(A, p0)]);
    const r2 = s.commit(r1, [touch(A, [[1, page(3, 5, 9)]], PAGE * 4)]);
    const all = new Map([...p0, [1, page(3, 5, 9)] as [number, Uint8Array]]);
    assert.equal(hex(r2), hex(naiveState([[1, all, true]])));
    s.close();
    s = Store.open(dir);
    try {
      assert.equal(s.hasCommit(r1) && s.hasCommit(r2), true);
      const el = s.contract(r2, A)!;
      assert.equal(el.memory64, true);
      assert.equal(hex(el.pageRoot), hex(naiveRoot(P64_HEIGHT, 4, new Map([...all].map(([i, p]) => [i, blake3(p)])))));
      // the reopened delta chain still builds on the height-13 tree
      const r3 = s.commit(r2, [touch(A, [[2, page(4)]], PAGE * 4)]);
      assert.equal(hex(r3), hex(naiveState([[1, new Map([...all, [2, page(4)]]), true]])));
    } finally {
      s.close();
    }
    // every element file of this wasm64 contract is a wasm64 record
    const magics = readdirSync(join(dir, "elements")).map((f) => new TextDecoder().decode(readFileSync(join(dir, "elements", f)).subarray(0, 8)));
    assert.deepEqual([...new Set(magics)], ["PCASEL64"]);
  } finally {
    cleanup();
  }
});

test("wasm32 records are byte for byte those of a store written before memory types were recorded", () => {
  // Recorded with the store code before this change (main's build, Store.open + these two commits):
  // same roots, same content-addressed element file names, so an old store's files still open.
  const { dir, cleanup } = tempDir("w32old");
  try {
    const s = Store.open(dir);
    const r1 = s.commit(null, [deploy(A, [[0, page(1)], [3, page(2)]], PAGE * 2, new Uint8Array([0, 97, 115, 109, 0xaa, 0, 0, 0]))]);
    const r2 = s.commit(r1, [touch(A, [[1, page(3, 5, 9)]], PAGE * 4)]);
    s.close();
    assert.equal(hex(r1), "31d5d02d3e697ddfcfc7548c6ee2ea5aa7fccfb40b4d45d171910e2c0d822c27");
    assert.equal(hex(r2), "967145078c2ec1e4bfe87e410597f7c7c2daba29c43f993ff6d3f89dfdfc099a");
    assert.deepEqual(readdirSync(join(dir, "elements")).sort(), [
      "22ec1c886b2b9e79304099cfef151236cdbd9826142fb090def246f1097565b4",
      "fb3c47c90fcaeffb1bd4ab1affd3d1a022b561d9fd96a371a7a45e9a9d39aa8f",
    ]);
  } finally {
    cleanup();
  }
});
