// Mirrors piecrust's persistence tests (tests/persistence.rs, cold reboot) for the on-disk store:
// reopen, corruption detection, the lock and write failures.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { nodeFs, Store, StoreError, type FsLayer } from "../../host-sim/store/index.js";
import { deploy, hex, id, page, PAGE, tempDir, touch } from "./store-fixtures.js";
import { mulberry32 as rng } from "../helpers/rng.js";

const AREAS = ["pages", "bytecode", "elements", "commits"];
const A = id(0xaa);
const B = id(0x11);

/** Everything observable about a store, as comparable plain data. */
function snapshot(s: Store): unknown {
  const out: Record<string, unknown> = {};
  for (const r of s.commits().map(hex).sort()) {
    const root = Buffer.from(r, "hex");
    out[r] = s.contractIds(root).map((cid) => {
      const e = s.contract(root, cid)!;
      return {
        id: hex(e.id),
        code: hex(s.readBytecode(e.bytecodeHash)),
        owner: hex(e.owner),
        memLen: e.memLen,
        intPos: e.intPos,
        pages: [...e.pages].map(([i, h]) => [i, hex(h), hex(blake3(s.pageBytes(h)))]),
      };
    });
  }
  return out;
}

function build(dir: string): { roots: Uint8Array[]; snap: unknown } {
  const s = Store.open(dir);
  const r1 = s.commit(null, [deploy(A, [[0, page(1)], [1, page(0)]]), deploy(B, [[0, page(1)]], 3 * PAGE)]);
  const r2 = s.commit(r1, [touch(A, [[1, page(2)], [40, page(40)]], 41 * PAGE)]);
  const r3 = s.commit(r2, [touch(B, [[2, page(3)]], 3 * PAGE)]);
  const snap = snapshot(s);
  s.close();
  return { roots: [r1, r2, r3], snap };
}

test("reopen gives identical commits, roots, entries and page bytes", () => {
  const { dir, cleanup } = tempDir("reopen");
  try {
    const { roots, snap } = build(dir);
    const s = Store.open(dir);
    assert.deepEqual(snapshot(s), snap);
    assert.deepEqual(s.commits().map(hex).sort(), roots.map(hex).sort());
    // Root computations continue identically after a reopen.
    const mem = Store.memory();
    const m1 = mem.commit(null, [deploy(A, [[0, page(1)], [1, page(0)]]), deploy(B, [[0, page(1)]], 3 * PAGE)]);
    const m2 = mem.commit(m1, [touch(A, [[1, page(2)], [40, page(40)]], 41 * PAGE)]);
    const m3 = mem.commit(m2, [touch(B, [[2, page(3)]], 3 * PAGE)]);
    assert.deepEqual([m1, m2, m3].map(hex), roots.map(hex));
    const next = [touch(A, [[7, page(7)]], 41 * PAGE), deploy(id(0x33), [[0, page(9)]])];
    assert.deepEqual(s.root(roots[2], next), mem.root(m3, next));
    s.close();
  } finally {
    cleanup();
  }
});

test("delete on disk removes the commit and unshared files; survivors verify on reopen", () => {
  const { dir, cleanup } = tempDir("delete");
  try {
    const { roots } = build(dir);
    let s = Store.open(dir);
    const pagesBefore = readdirSync(join(dir, "pages")).length;
    s.deleteCommit(roots[0]);
    s.finalizeCommit(roots[1]);
    assert.deepEqual(s.commits().map(hex), [hex(roots[2])]);
    assert.ok(!existsSync(join(dir, "commits", hex(roots[0]))));
    // page(0) at A[1] was replaced in r2 and only r1 had it.
    assert.ok(!existsSync(join(dir, "pages", hex(blake3(page(0))))));
    assert.ok(readdirSync(join(dir, "pages")).length < pagesBefore);
    const snap = snapshot(s);
    s.close();
    s = Store.open(dir);
    assert.deepEqual(snapshot(s), snap);
    s.close();
  } finally {
    cleanup();
  }
});

test("a disk store reads a page file once for every session and root on it, and forgets it with its commit", () => {
  const { dir, cleanup } = tempDir("page-cache");
  try {
    const first = Store.open(dir);
    const r1 = first.commit(null, [deploy(A, [[0, page(1)], [1, page(2)]])]);
    first.close();
    const reads = new Map<string, number>();
    const counting: FsLayer = {
      ...nodeFs,
      readFileSync: (p) => {
        reads.set(String(p), (reads.get(String(p)) ?? 0) + 1);
        return nodeFs.readFileSync(p);
      },
    };
    const s = Store.open(dir, { fs: counting });
    const e = s.contract(r1, A)!;
    const pageFile = (i: number) => join(dir, "pages", hex(e.pages.get(i)!));
    const pageReads = (i: number) => reads.get(pageFile(i)) ?? 0;
    // Three sessions loading both pages, and roots comparing written pages with them.
    for (let k = 0; k < 3; k++) {
      assert.deepEqual(s.pageBytes(e.pages.get(0)!), page(1));
      assert.deepEqual(s.pageBytes(e.pages.get(1)!), page(2));
      s.root(r1, [touch(A, [[0, page(3, 0, k)], [1, page(4, 0, k)]])]);
    }
    assert.deepEqual([pageReads(0), pageReads(1)], [1, 1]);
    // Gone with the commit that held it: read from disk again, which says it is gone.
    const r2 = s.commit(r1, [touch(A, [[0, page(5)], [1, page(6)]])]);
    s.deleteCommit(r1);
    assert.throws(() => s.pageBytes(e.pages.get(0)!), (err) => err instanceof StoreError && err.code === "PersistenceError");
    assert.deepEqual(s.pageBytes(s.contract(r2, A)!.pages.get(1)!), page(6));
    s.close();
  } finally {
    cleanup();
  }
});

test("retained commit: deletion waits for release, also on disk", () => {
  const { dir, cleanup } = tempDir("retain");
  try {
    const { roots } = build(dir);
    const s = Store.open(dir);
    s.retain(roots[0]);
    s.deleteCommit(roots[0]);
    assert.ok(existsSync(join(dir, "commits", hex(roots[0]))));
    const e = s.contract(roots[0], A)!;
    assert.deepEqual(s.pageBytes(e.pages.get(1)!), page(0));
    s.release(roots[0]);
    assert.ok(!existsSync(join(dir, "commits", hex(roots[0]))));
    s.close();
  } finally {
    cleanup();
  }
});

test("corrupt, truncated or missing files are detected at open, and a page's bytes when it is first read, naming the file", () => {
  const { dir, cleanup } = tempDir("corrupt");
  try {
    const { roots } = build(dir);
    const pageFile = join("pages", hex(blake3(page(40))));
    const bytecodeFile = join("bytecode", readdirSync(join(dir, "bytecode"))[0]);
    const elementFile = join("elements", readdirSync(join(dir, "elements"))[0]);
    const manifestFile = join("commits", hex(roots[1]));
    const flip = (p: string) => {
      const b = readFileSync(p);
      b[Math.floor(b.length / 2)] ^= 1;
      writeFileSync(p, b);
    };
    // A page's bytes are checked as it is read (open stays O(commits)); the rest at open.
    const atRead: [string, string, (p: string) => void][] = [
      ["flipped page", pageFile, flip],
      ["truncated page", pageFile, (p) => truncateSync(p, 100)],
    ];
    const cases: [string, string, (p: string) => void][] = [
      ["missing page", pageFile, unlinkSync],
      ["flipped element", elementFile, flip],
      ["truncated element", elementFile, (p) => truncateSync(p, 20)],
      ["missing element", elementFile, unlinkSync],
      ["flipped bytecode", bytecodeFile, flip],
      ["missing bytecode", bytecodeFile, unlinkSync],
      ["flipped manifest", manifestFile, flip],
      ["truncated manifest", manifestFile, (p) => truncateSync(p, 50)],
    ];
    let n = 0;
    for (const [what, rel, damage] of cases) {
      const copy = `${dir}-case${n++}`;
      cpSync(dir, copy, { recursive: true });
      try {
        damage(join(copy, rel));
        assert.throws(
          () => Store.open(copy),
          (e) => e instanceof StoreError && e.code === "PersistenceError" && e.message.includes(join(copy, rel)),
          what,
        );
        assert.ok(!existsSync(join(copy, "LOCK")), `${what}: a failed open releases the lock`);
      } finally {
        tempDirRemove(copy);
      }
    }
    for (const [what, rel, damage] of atRead) {
      const copy = `${dir}-case${n++}`;
      cpSync(dir, copy, { recursive: true });
      try {
        damage(join(copy, rel));
        const store = Store.open(copy);
        for (const attempt of ["first read", "second read"])
          assert.throws(
            () => store.pageBytes(blake3(page(40))),
            (e) => e instanceof StoreError && e.code === "PersistenceError" && e.message.includes(join(copy, rel)),
            `${what}: ${attempt}`,
          );
        store.close();
      } finally {
        tempDirRemove(copy);
      }
    }
    // The original is fine, and its page reads back.
    const store = Store.open(dir);
    assert.deepEqual(store.pageBytes(blake3(page(40))), page(40));
    store.close();
  } finally {
    cleanup();
  }
});

function tempDirRemove(p: string) {
  spawnSync("rm", ["-rf", p]);
}

test("leftover temp files and orphan files are removed at open", () => {
  const { dir, cleanup } = tempDir("gc");
  try {
    build(dir);
    const orphan = join(dir, "pages", hex(blake3(page(77))));
    writeFileSync(orphan, page(77));
    writeFileSync(join(dir, "pages", "abc.123.1.tmp"), "x");
    writeFileSync(join(dir, "commits", `${"0".repeat(64)}.9.9.tmp`), "partial");
    Store.open(dir).close();
    assert.ok(!existsSync(orphan));
    assert.ok(!existsSync(join(dir, "pages", "abc.123.1.tmp")));
    assert.ok(!existsSync(join(dir, "commits", `${"0".repeat(64)}.9.9.tmp`)));
  } finally {
    cleanup();
  }
});

test("lock: a second open fails while held; a dead holder's lock is taken over", () => {
  const { dir, cleanup } = tempDir("lock");
  try {
    const s = Store.open(dir);
    assert.throws(
      () => Store.open(dir),
      (e) => e instanceof StoreError && e.code === "StoreInUse" && e.message.includes(`in use by process ${process.pid}`),
    );
    s.close();
    assert.ok(!existsSync(join(dir, "LOCK")));
    // Another live process holding it.
    const holder = spawnSync(process.execPath, ["-e", "console.log(process.ppid)"], { encoding: "utf8" });
    assert.equal(holder.status, 0);
    const deadPid = holder.pid!;
    writeFileSync(join(dir, "LOCK"), `${deadPid}\n`);
    const t = Store.open(dir);
    assert.match(readFileSync(join(dir, "LOCK"), "utf8"), new RegExp(`^${process.pid} [0-9a-f]{32}\n$`));
    t.close();
    writeFileSync(join(dir, "LOCK"), ""); // crash between create and write
    Store.open(dir).close();
  } finally {
    cleanup();
  }
});

/** A file system that fails with ENOSPC at the n-th mutating call after being armed. */
function failingFs(): { fs: FsLayer; arm: (n: number) => void; disarm: () => void; fired: () => boolean } {
  let left = -1;
  let fired = false;
  const tick = () => {
    if (left < 0) return;
    if (left-- === 0) {
      fired = true;
      left = -1;
      throw Object.assign(new Error("ENOSPC: no space left on device (simulated)"), { code: "ENOSPC" });
    }
  };
  const fs: FsLayer = {
    ...nodeFs,
    openSync: (p, f) => (tick(), nodeFs.openSync(p, f)),
    writeSync: (fd, d, o, l) => (tick(), nodeFs.writeSync(fd, d, o, Math.min(l, 32768))),
    fsyncSync: (fd) => (tick(), nodeFs.fsyncSync(fd)),
    renameSync: (a, b) => (tick(), nodeFs.renameSync(a, b)),
  };
  return {
    fs,
    arm: (n) => {
      left = n;
      fired = false;
    },
    disarm: () => (left = -1),
    fired: () => fired,
  };
}

test("a write failure at any step leaves the previous commits intact and reports the error", () => {
  const { dir, cleanup } = tempDir("enospc");
  try {
    const { snap } = build(dir);
    const f = failingFs();
    let s = Store.open(dir, { fs: f.fs });
    const base = s.commits().map(hex).sort().at(-1)!;
    const baseRoot = Buffer.from(base, "hex");
    const changes = [touch(A, [[3, page(33)], [4, page(44)]], 41 * PAGE), deploy(id(0x44), [[0, page(55)]])];
    let failures = 0;
    for (let n = 0; ; n++) {
      f.arm(n);
      let root: Uint8Array | undefined;
      try {
        root = s.commit(baseRoot, changes);
      } catch (e) {
        assert.ok(e instanceof StoreError && e.code === "PersistenceError" && /ENOSPC/.test(e.message), String(e));
      }
      f.disarm();
      if (!f.fired()) {
        assert.ok(root);
        break;
      }
      failures++;
      assert.equal(root, undefined);
      assert.deepEqual(snapshot(s), snap, `after failure at step ${n}`);
      s.close();
      const plain = Store.open(dir);
      assert.deepEqual(snapshot(plain), snap, `reopen after failure at step ${n}`);
      plain.close();
      s = Store.open(dir, { fs: f.fs });
    }
    assert.ok(failures > 10, `exercised ${failures} failure points`);
    assert.equal(s.commits().length, 4);
    s.close();
    const again = Store.open(dir);
    assert.equal(again.commits().length, 4);
    again.close();
  } finally {
    cleanup();
  }
});

test("garbage collection keeps exactly the files live commits reference (random ops)", () => {
  const { dir, cleanup } = tempDir("gcrandom");
  try {
    const rand = rng(777);
    const int = (n: number) => Math.floor(rand() * n);
    let s = Store.open(dir);
    const retained: Uint8Array[] = [];
    for (let step = 0; step < 200; step++) {
      const commits = s.commits();
      const op = rand();
      if (op < 0.6 || commits.length === 0) {
        const base = commits.length && rand() < 0.9 ? commits[int(commits.length)] : null;
        const changes = s.contractIds(base).filter(() => rand() < 0.5).map((cid) => touch(cid, [[int(6), page(int(5))]], 8 * PAGE));
        if (changes.length === 0 || rand() < 0.2) changes.push(deploy(id(int(256), int(256), 1), [[int(6), page(int(5))]], 8 * PAGE));
        try {
          s.commit(base, changes);
        } catch (e) {
          if (!(e instanceof StoreError && e.code === "ContractPositionCollision")) throw e;
        }
      } else if (op < 0.8) {
        s.deleteCommit(commits[int(commits.length)]);
      } else if (op < 0.88) {
        const r = commits[int(commits.length)];
        s.retain(r);
        retained.push(r);
      } else if (op < 0.95 && retained.length) {
        s.release(retained.splice(int(retained.length), 1)[0]);
      } else {
        s.close();
        retained.length = 0; // a closed store's sessions are gone
        // Runtime GC is exact: reopening (which collects orphans) finds nothing left to delete.
        const before = AREAS.map((a) => readdirSync(join(dir, a)).sort());
        s = Store.open(dir);
        assert.deepEqual(AREAS.map((a) => readdirSync(join(dir, a)).sort()), before, `orphans at step ${step}`);
      }
      // Live = visible commits plus retained ones (pending deletions included).
      const live = [...s.commits(), ...retained];
      const pages = new Set<string>();
      const codes = new Set<string>();
      for (const r of live)
        for (const cid of s.contractIds(r)) {
          const e = s.contract(r, cid)!;
          for (const h of e.pages.values()) pages.add(hex(h));
          codes.add(hex(e.bytecodeHash));
        }
      assert.deepEqual(readdirSync(join(dir, "pages")).sort(), [...pages].sort(), `pages after step ${step}`);
      assert.deepEqual(readdirSync(join(dir, "bytecode")).sort(), [...codes].sort(), `bytecode after step ${step}`);
      assert.deepEqual(readdirSync(join(dir, "commits")).sort(), [...new Set(live.map(hex))].sort(), `commits after step ${step}`);
      for (const h of pages) assert.deepEqual(hex(blake3(s.pageBytes(Buffer.from(h, "hex")))), h);
    }
    s.close();
  } finally {
    cleanup();
  }
});

test("element deltas: one dirty page writes a small element; chains survive deleting their ancestors", () => {
  const { dir, cleanup } = tempDir("delta");
  try {
    let s = Store.open(dir);
    const big: [number, Uint8Array][] = [];
    for (let i = 0; i < 200; i++) big.push([i, page(i & 255, 1, i >> 8)]);
    const roots = [s.commit(null, [deploy(A, big, 200 * PAGE)])];
    const fullSize = readdirSync(join(dir, "elements")).map((n) => readFileSync(join(dir, "elements", n)).length)[0];
    for (let i = 1; i <= 70; i++) {
      const before = new Set(readdirSync(join(dir, "elements")));
      roots.push(s.commit(roots[i - 1], [touch(A, [[i % 200, page(7, 2, i)]], 200 * PAGE)]));
      const added = readdirSync(join(dir, "elements")).filter((n) => !before.has(n));
      assert.equal(added.length, 1);
      const size = readFileSync(join(dir, "elements", added[0])).length;
      if (i % 65 !== 0) assert.ok(size < 400, `commit ${i}: element of ${size} bytes (full: ${fullSize})`);
    }
    for (const r of roots.slice(0, -1)) s.deleteCommit(r);
    const snap = snapshot(s);
    s.close();
    s = Store.open(dir);
    assert.deepEqual(snapshot(s), snap);
    const e = s.contract(roots.at(-1)!, A)!;
    assert.equal(e.pages.size, 200);
    assert.deepEqual(s.pageBytes(e.pages.get(70)!), page(7, 2, 70));
    assert.deepEqual(s.pageBytes(e.pages.get(71)!), page(71, 1, 0));
    s.close();
  } finally {
    cleanup();
  }
});
