// Mirrors piecrust/src/store/hasher.rs (BLAKE3) and commit.rs's page re-hashing: the store's own BLAKE3
// against the official test vectors and @noble/hashes, and the chunk-caching page hasher and the
// cached trees against an uncached recomputation over random writes, commits, deletes and reopens.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blake3 as noble } from "@noble/hashes/blake3.js";
import { blake3, blake3Of, comparedWords, diffPage, pageChunkCvs, pageFromChunks } from "../../host-sim/store/blake3.js";
import { HostSimBug, VM } from "../../host-sim/index.js";
import { call, deploy, example } from "../sim/example.js";
import { LeafCache } from "../../host-sim/store/leaf-cache.js";
import { PageHasher } from "../../host-sim/store/page-hasher.js";
import { Store, type ContractChange } from "../../host-sim/store/index.js";
import { hex, id, naiveState, PAGE, tempDir } from "./store-fixtures.js";
import { mulberry32 as rng } from "../helpers/rng.js";

// BLAKE3-team/BLAKE3 test_vectors/test_vectors.json: input byte i is i % 251; the first 32 bytes of
// each extended `hash` output.
const OFFICIAL: [number, string][] = [
  [0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"],
  [1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213"],
  [1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11"],
  [1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7"],
  [1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444"],
  [2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a"],
  [2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030"],
  [3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2"],
  [3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3"],
  [4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969"],
  [5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff"],
  [7169, "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817"],
  [8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b"],
  [16384, "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4"],
  [31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47"],
  [102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085"],
];

function vectorInput(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => i % 251);
}

test("blake3: the official test vectors, aligned and at an odd byte offset", () => {
  for (const [n, want] of OFFICIAL) {
    const input = vectorInput(n);
    assert.equal(hex(blake3(input)), want, `length ${n}`);
    const shifted = new Uint8Array(n + 3).subarray(3);
    shifted.set(input);
    assert.equal(hex(blake3(shifted)), want, `length ${n} at offset 3`);
  }
});

test("blake3: equals @noble/hashes on random inputs of every shape of tree up to 40 chunks", () => {
  const r = rng(0x5eed_b3);
  for (let i = 0; i < 120; i++) {
    const n = i < 41 ? i * 1024 + (i % 3) - 1 : Math.floor(r() * 41_000);
    const data = Uint8Array.from({ length: Math.max(0, n) }, () => Math.floor(r() * 256));
    assert.equal(hex(blake3(data)), hex(noble(data)), `length ${data.length}`);
  }
});

test("blake3: inputs longer than the kernel's 64-chunk window, ending on and just past its edges", () => {
  const r = rng(0xb3_0_b3);
  for (const n of [65_535, 65_536, 65_537, 66_560, 66_561, 131_072, 131_073, 300_001]) {
    const data = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
    assert.equal(hex(blake3(data)), hex(noble(data)), `length ${n}`);
  }
});

test("blake3: a page's digest from its 64 chunk values equals the digest of its bytes", () => {
  const r = rng(64);
  const page = Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256));
  assert.equal(hex(pageFromChunks(pageChunkCvs(page))), hex(noble(page)));
});

test("blake3Of: BLAKE3 of 1 to 32 values end to end, absent ones as zeros, half blocks padded as any input is", () => {
  const r = rng(32);
  const value = () => Uint8Array.from({ length: 32 }, () => Math.floor(r() * 256));
  for (const n of [1, 2, 3, 4, 5, 31, 32]) {
    const parts = Array.from({ length: n }, (_, i) => (i % 3 === 1 ? null : value()));
    const joined = new Uint8Array(32 * n);
    parts.forEach((p, i) => p && joined.set(p, 32 * i));
    // A longer input hashed just before leaves its bytes in the window, where a half block would read them.
    blake3(Uint8Array.from({ length: 1024 }, () => 0xff));
    assert.equal(hex(blake3Of(parts)), hex(noble(joined)), `${n} values`);
  }
  for (const n of [0, 33]) assert.throws(() => blake3Of(new Array(n).fill(null)), /host-sim bug/, `${n} values`);
});

test("diffPage: one changed byte anywhere in a chunk, in every lane of the kernel's vectors, flags that chunk alone", () => {
  const r = rng(1024);
  const before = Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256));
  assert.deepEqual([...diffPage(before.slice(), before)], new Array(64).fill(0), "an equal page");
  // The first and last byte of a chunk, of a 16-byte vector and of a 64-byte step of the comparison.
  for (const at of [0, 1, 15, 16, 17, 63, 64, 511, 1007, 1008, 1022, 1023]) {
    for (const c of [0, 1, 31, 62, 63]) {
      const page = before.slice();
      page[c * 1024 + at] ^= 0x80;
      const want = new Array(64).fill(0);
      want[c] = 1;
      assert.deepEqual([...diffPage(page, before)], want, `byte ${at} of chunk ${c}`);
    }
  }
  const page = before.slice();
  const changed = [2, 3, 40, 41, 63];
  for (const c of changed) page[c * 1024 + Math.floor(r() * 1024)] ^= 1 + Math.floor(r() * 255);
  assert.deepEqual([...diffPage(page, before)], Array.from({ length: 64 }, (_, c) => (changed.includes(c) ? 1 : 0)), "five chunks");
});

test("diffPage: committed pages kept in the kernel's slots give the same flags as when first copied, past the slots' number", () => {
  const r = rng(77);
  // Twelve committed pages (more than the eight slots), each compared with its own written version.
  const befores = Array.from({ length: 12 }, () => Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256)));
  const pages = befores.map((b, k) => {
    const p = b.slice();
    p[(k * 5) * 1024 + k] ^= 0x11;
    return p;
  });
  const want = (k: number) => Array.from({ length: 64 }, (_, c) => (c === k * 5 ? 1 : 0));
  // In order (every slot reused), back and forth (hits and misses mixed), and each twice in a row.
  const order = [...befores.keys(), ...[...befores.keys()].reverse(), 3, 3, 0, 11, 0, 11, 7, 2, 7];
  for (const k of order) assert.deepEqual([...diffPage(pages[k], befores[k])], want(k), `page ${k}`);
  // A page compared with a different committed page of the same position: all its differing chunks.
  const other = befores[1];
  const flags = [...diffPage(pages[0], other)];
  for (let c = 0; c < 64; c++) assert.equal(flags[c], 1, `chunk ${c} against another page`);
  // An equal copy of a kept page (another array) is compared by its bytes.
  assert.deepEqual([...diffPage(pages[4], befores[4].slice())], want(4), "a copy of a kept page");
});

/** A page reader over a map. */
function memoryPages(): { pages: Map<string, Uint8Array>; read: (pageHex: string) => Uint8Array } {
  const pages = new Map<string, Uint8Array>();
  return {
    pages,
    read: (pageHex) => {
      const p = pages.get(pageHex);
      if (!p) throw new Error(`test reader: no page ${pageHex}`);
      return p;
    },
  };
}

test("page hasher: edits at chunk edges, in every chunk, none, and back to zero give BLAKE3 of the page", () => {
  const src = memoryPages();
  const hasher = new PageHasher(src.read);
  const r = rng(7);
  const base = Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256));
  const baseHash = noble(base);
  src.pages.set(hex(baseHash), base);
  const cases: [string, (p: Uint8Array) => void][] = [
    ["unchanged", () => {}],
    ["last byte of chunk 0", (p) => (p[1023] ^= 1)],
    ["first byte of chunk 1", (p) => (p[1024] ^= 1)],
    ["last byte of the page", (p) => (p[PAGE - 1] ^= 0x80)],
    ["one byte in every chunk", (p) => { for (let c = 0; c < 64; c++) p[c * 1024 + (c % 1024)] ^= 0xff; }],
    ["all zeros", (p) => p.fill(0)],
  ];
  for (const [what, edit] of cases) {
    const page = base.slice();
    edit(page);
    assert.equal(hex(hasher.hash(page, baseHash)), hex(noble(page)), `against a committed page: ${what}`);
    assert.equal(hex(hasher.hash(page, undefined)), hex(noble(page)), `against the zero page: ${what}`);
    // A page inside a larger buffer at an odd offset (no word views).
    const odd = new Uint8Array(PAGE + 1).subarray(1);
    odd.set(page);
    assert.equal(hex(hasher.hash(odd, baseHash)), hex(noble(page)), `unaligned: ${what}`);
    // Kept as a slot (byte copies of its changed chunks), then one more byte written and hashed again.
    assert.equal(hex(hasher.hash(odd, baseHash, `odd:${what}`)), hex(noble(page)), `unaligned, kept: ${what}`);
    odd[3000] ^= 0x11;
    const again = odd.slice();
    const hashed = hasher.chunksHashed;
    assert.equal(hex(hasher.hash(odd, baseHash, `odd:${what}`)), hex(noble(again)), `unaligned, written again: ${what}`);
    assert.equal(hasher.chunksHashed - hashed, 1, `unaligned, written again: only chunk 2 re-hashed (${what})`);
  }
  // An edit touching one chunk re-hashes one chunk (the committed page's values are cached by now).
  const before = hasher.chunksHashed;
  const one = base.slice();
  one[5000] ^= 1;
  hasher.hash(one, baseHash);
  assert.equal(hasher.chunksHashed - before, 1);
  // Chunks 0, 1 | 5 | 9, 10, 11 | 63: two groups of four hashed four at a time, two chunks alone.
  const several = base.slice();
  for (const c of [0, 1, 5, 9, 10, 11, 63]) several[c * 1024 + 17] ^= 0x5a;
  const mid = hasher.chunksHashed;
  assert.equal(hex(hasher.hash(several, baseHash)), hex(noble(several)), "changed chunks spread over groups");
  assert.equal(hasher.chunksHashed - mid, 4 + 1 + 4 + 1);
});

test("page hasher: past its 32 MiB of kept chunks, reused copies still give BLAKE3 of every page, hashed twice", () => {
  // 600 pages written whole (37.5 MiB of changed chunks): the first slots are dropped and their
  // copies reused for later pages; a copy reused while its slot still compared with it would give
  // a wrong digest on the second pass, where each page has one more chunk changed.
  const hasher = new PageHasher(memoryPages().read);
  const r = rng(17);
  const pages = Array.from({ length: 600 }, () => Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256)));
  for (const [i, page] of pages.entries()) assert.equal(hex(hasher.hash(page, undefined, `c:${i}`)), hex(noble(page)), `first pass, page ${i}`);
  for (const [i, page] of pages.entries()) {
    page[(i * 4099) % PAGE] ^= 0x55;
    assert.equal(hex(hasher.hash(page, undefined, `c:${i}`)), hex(noble(page)), `second pass, page ${i}`);
  }
});

test("root after one more write re-hashes only the chunk written since the last root", () => {
  const store = Store.memory();
  const cid = id(0x42);
  const r = rng(99);
  const pages = new Map<number, Uint8Array>();
  for (const idx of [0, 1, 7, 300]) pages.set(idx, Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256)));
  const base = store.commit(null, [{ id: cid, isNew: true, bytecode: new Uint8Array([0, 97, 115, 109]), owner: new Uint8Array([1]), memLen: PAGE * 301, dirtyPages: new Map(pages) }]);
  // A session's pages: three written in a few chunks each, one untouched.
  const now = new Map([...pages].map(([k, v]) => [k, v.slice()]));
  now.get(0)![10] ^= 1;
  now.get(1)![5000] ^= 1;
  now.get(1)![9000] ^= 1;
  now.get(7)![65535] ^= 1;
  const changes = () => [{ id: cid, isNew: false, memLen: PAGE * 301, dirtyPages: new Map([0, 1, 7, 300].map((k) => [k, now.get(k)!])) }];
  const expected = () => uncachedRoot(new Map([[hex(cid), { intPos: 1, pages: now }]]));
  const h = store.hasher;
  const counted = (): [string, number] => {
    const before = h.chunksHashed;
    const root = hex(store.root(base, changes()));
    return [root, h.chunksHashed - before];
  };
  assert.deepEqual(counted(), [hex(expected()), 4], "first root: the four chunks that differ from the commit");
  assert.deepEqual(counted(), [hex(expected()), 0], "again: nothing re-hashed");
  now.get(1)![9001] ^= 0x40; // the chunk changed already
  assert.deepEqual(counted(), [hex(expected()), 1], "a second write to a changed chunk");
  now.get(300)![0] ^= 1; // a chunk of a page equal to its committed version until now
  assert.deepEqual(counted(), [hex(expected()), 1], "a write to an unchanged page");
  now.get(0)![10] ^= 1; // page 0 back to its committed bytes
  assert.deepEqual(counted(), [hex(expected()), 0], "a write that restores the committed bytes");
  assert.equal(hex(store.commit(base, changes())), hex(expected()));
});

test("page hasher: a released memory's kept chunks are gone, another memory's (a longer name with the same start) stay", () => {
  const src = memoryPages();
  const r = rng(5150);
  const committed = Uint8Array.from({ length: PAGE }, () => Math.floor(r() * 256));
  const baseHash = noble(committed);
  src.pages.set(hex(baseHash), committed);
  const hasher = new PageHasher(src.read);
  const page = committed.slice();
  page[3 * 1024 + 7] ^= 1;
  page[40 * 1024 + 1000] ^= 1;
  const hashed = (slot: string): number => {
    const before = hasher.chunksHashed;
    assert.equal(hex(hasher.hash(page, baseHash, slot)), hex(noble(page)), slot);
    return hasher.chunksHashed - before;
  };
  hasher.hash(committed.slice(), baseHash); // the committed page's chunk values, cached
  assert.equal(hashed("m1:0"), 2);
  assert.equal(hashed("m10:0"), 2);
  assert.equal(hasher.keptPages, 2);
  // Each slot's chunks equal the page's: nothing to hash again.
  assert.equal(hashed("m1:0"), 0);
  assert.equal(hashed("m10:0"), 0);
  // The kept copies come from the kernel's copy of the page compared last, and only that page's.
  assert.throws(() => comparedWords(committed), (e: unknown) => e instanceof HostSimBug && /^host-sim bug .*: BrokenInvariant: host-sim read chunks of a page diffPage did not just compare$/.test(e.message));
  hasher.release("m1");
  assert.equal(hasher.keptPages, 1);
  assert.equal(hashed("m10:0"), 0, "m10's chunks kept");
  assert.equal(hashed("m1:0"), 2, "m1's chunks hashed again");
});

test("closing a session (or committing it) releases its memories' kept chunks", async () => {
  const vm = await VM.ephemeral();
  const store = vm.store;
  const s0 = await vm.session({});
  const counter = deploy(s0, example("counter"), { owner: id(1) });
  const base = s0.commit();
  assert.equal(store.hasher.keptPages, 0, "commit closed the deploying session");
  const s = await vm.session({ base });
  call(s, counter, "increment", null);
  s.root();
  assert.equal(store.hasher.keptPages, 1);
  const other = await vm.session({ base });
  call(other, counter, "increment", null);
  call(other, counter, "increment", null);
  other.root();
  assert.equal(store.hasher.keptPages, 2);
  s.close();
  assert.equal(store.hasher.keptPages, 1, "the other session's page stays");
  other.commit();
  assert.equal(store.hasher.keptPages, 0);
  vm.close();
});

interface ModelContract {
  /** Deploy order from 1 (one deploy per step, so id order within a commit never matters here). */
  intPos: number;
  pages: Map<number, Uint8Array>;
}
type Model = Map<string, ModelContract>;

/**
 * The state root computed from scratch (noble BLAKE3 of every page, naive trees), no cache involved.
 * Roots do not commit to ids, so two models may share a root: the store keeps the first.
 */
function uncachedRoot(model: Model): Uint8Array {
  return naiveState([...model.values()].map((c) => [c.intPos, c.pages]));
}

function fuzzStore(seed: number, disk: boolean): void {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const tmp = disk ? tempDir("cache-fuzz") : null;
  let store = tmp ? Store.open(tmp.dir) : Store.memory();
  const models = new Map<string, Model>([[hex(new Uint8Array(32)), new Map()]]);
  const roots: (Uint8Array | null)[] = [null];
  try {
    for (let step = 0; step < 60; step++) {
      const op = int(10);
      if (op === 0 && roots.length > 1) {
        const k = 1 + int(roots.length - 1);
        store.deleteCommit(roots[k]!);
        roots.splice(k, 1);
        continue;
      }
      if (op === 1 && tmp) {
        store.close();
        store = Store.open(tmp.dir); // a fresh hasher: nothing cached
        continue;
      }
      const base = roots[int(roots.length)];
      const baseModel = base ? models.get(hex(base))! : new Map<string, ModelContract>();
      const next: Model = new Map([...baseModel].map(([k, c]) => [k, { intPos: c.intPos, pages: new Map(c.pages) }]));
      const changes: ContractChange[] = [];
      const ids = [...next.keys()];
      if (ids.length === 0 || int(4) === 0) {
        const cid = id(1 + int(250), int(256), int(256));
        const idHex = hex(cid);
        if (next.has(idHex)) continue;
        next.set(idHex, { intPos: next.size + 1, pages: new Map() });
        changes.push({ id: cid, isNew: true, bytecode: new Uint8Array([0, 97, 115, 109, cid[0]]), owner: new Uint8Array([1]), memLen: PAGE * 2, dirtyPages: new Map() });
      }
      for (const idHex of ids) {
        if (int(2) === 0) continue;
        changes.push({ id: Buffer.from(idHex, "hex"), isNew: false, memLen: PAGE * 2, dirtyPages: new Map() });
      }
      for (const ch of changes) {
        const c = next.get(hex(ch.id))!;
        for (let w = int(4); w > 0; w--) {
          const idx = int(3) === 0 ? int(1 << 16) : int(6);
          const page = c.pages.get(idx)?.slice() ?? new Uint8Array(PAGE);
          const kind = int(4);
          if (kind === 0) page.fill(0); // written back to zeros
          else if (kind === 1) page.fill(int(256)); // every chunk
          else for (let e = 1 + int(5); e > 0; e--) page[int(PAGE)] = int(256); // a few bytes
          ch.dirtyPages.set(idx, page);
          c.pages.set(idx, page);
        }
      }
      const predicted = store.root(base, changes);
      if (int(3) === 0) {
        assert.equal(hex(predicted), hex(store.root(base, changes)), `seed ${seed} step ${step}: root() twice`);
        continue;
      }
      const committed = store.commit(base, changes);
      assert.equal(hex(committed), hex(predicted), `seed ${seed} step ${step}: commit() = root()`);
      assert.equal(hex(committed), hex(uncachedRoot(next)), `seed ${seed} step ${step}: cached = uncached`);
      if (!models.has(hex(committed))) {
        models.set(hex(committed), next);
        roots.push(committed);
      }
    }
    for (const root of roots.slice(1)) assert.equal(hex(root!), hex(uncachedRoot(models.get(hex(root!))!)));
  } finally {
    store.close();
    tmp?.cleanup();
  }
}

test("cached roots equal an uncached recomputation: random writes, commits and deletes (memory store)", () => {
  for (const seed of [1, 2, 3, 4]) fuzzStore(seed, false);
});

test("cached roots equal an uncached recomputation: random writes, commits, deletes and reopens (disk store)", () => {
  for (const seed of [11, 12]) fuzzStore(seed, true);
});

test("a session's leaf cache: roots re-hash only the pages written since the last root and equal uncached roots", () => {
  const store = Store.memory();
  const r = rng(2026);
  const int = (n: number) => Math.floor(r() * n);
  const cid = id(0x51);
  const committed = new Map<number, Uint8Array>();
  for (let i = 0; i < 12; i++) committed.set(i * 5, Uint8Array.from({ length: PAGE }, () => int(256)));
  const bytecode = new Uint8Array([0, 97, 115, 109, 1]);
  const deployChange = { id: cid, isNew: true, bytecode, owner: new Uint8Array([1]), memLen: PAGE * 64, dirtyPages: new Map(committed) };
  const baseA = store.commit(null, [deployChange]);
  const other = new Map(committed);
  other.set(0, new Uint8Array(PAGE).fill(9));
  const baseB = store.commit(null, [{ ...deployChange, dirtyPages: new Map(other) }]);
  const models = new Map([[hex(baseA), committed], [hex(baseB), other]]);

  // The session's memory: every write forgets the page's digest first, as ContractMemory does.
  const cache = new LeafCache();
  const now = new Map<number, Uint8Array>();
  const dirty = new Map<number, Uint8Array>();
  let base = baseA;
  const write = (idx: number) => {
    cache.forget(idx);
    const page = now.get(idx) ?? models.get(hex(base))!.get(idx)?.slice() ?? new Uint8Array(PAGE);
    page[int(PAGE)] = int(256);
    now.set(idx, page);
    dirty.set(idx, page);
  };
  const expected = () => {
    const pages = new Map(models.get(hex(base))!);
    for (const [k, v] of dirty) pages.set(k, v);
    return hex(uncachedRoot(new Map([[hex(cid), { intPos: 1, pages }]])));
  };
  const root = (): [string, number] => {
    const before = store.hasher.pagesHashed;
    const got = hex(store.root(base, [{ id: cid, isNew: false, memLen: PAGE * 64, dirtyPages: new Map(dirty), cache }]));
    return [got, store.hasher.pagesHashed - before];
  };
  for (let step = 0; step < 40; step++) {
    const written = new Set<number>();
    for (let w = 1 + int(3); w > 0; w--) {
      const idx = int(2) === 0 ? 5 * int(12) : int(64);
      write(idx);
      written.add(idx);
    }
    assert.deepEqual(root(), [expected(), written.size], `step ${step}: only the pages written since are hashed`);
    assert.deepEqual(root(), [expected(), 0], `step ${step}: again, nothing hashed`);
    if (step % 10 === 9) {
      // The session's base changes under the cache (a different committed page tree): the digests
      // stay valid, the tree is rebuilt from the new base.
      base = base === baseA ? baseB : baseA;
      for (const k of dirty.keys()) if (!now.has(k)) dirty.delete(k);
      assert.deepEqual(root(), [expected(), 0], `step ${step}: another base`);
    }
    if (step % 10 === 4 && dirty.size > 1) {
      // A change set without a page the last tree holds: the cache's tree cannot be extended.
      const drop = [...dirty.keys()][0];
      dirty.delete(drop);
      now.delete(drop);
      cache.forget(drop);
      assert.equal(root()[0], expected(), `step ${step}: fewer dirty pages`);
    }
  }
  assert.equal(hex(store.commit(base, [{ id: cid, isNew: false, memLen: PAGE * 64, dirtyPages: new Map(dirty), cache }])), expected());
});
