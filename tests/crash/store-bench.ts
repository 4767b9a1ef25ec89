// Mirrors nothing in Piecrust: timing figures for the store (run: node dist-h3/tests/crash/store-bench.js).
// Commit cost of one dirty page in a big vs a small contract, and reopen time with many commits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store, PAGE_SIZE, type ContractChange } from "../../host-sim/store/index.js";

function pageOf(n: number): Uint8Array {
  const p = new Uint8Array(PAGE_SIZE);
  new DataView(p.buffer).setUint32(0, n);
  p[PAGE_SIZE - 1] = n & 255;
  return p;
}

function contract(pages: number, tag: number): { id: Uint8Array; deploy: ContractChange } {
  const id = new Uint8Array(32).fill(tag);
  const dirty = new Map<number, Uint8Array>();
  for (let i = 0; i < pages; i++) dirty.set(i, pageOf(tag * 100000 + i));
  return { id, deploy: { id, isNew: true, bytecode: new Uint8Array([tag]), owner: new Uint8Array(1), memLen: pages * PAGE_SIZE, dirtyPages: dirty } };
}

function bench(label: string, store: Store, pages: number, tag: number, reps: number): void {
  const { id, deploy } = contract(pages, tag);
  let base = store.commit(null, [deploy]);
  let tRoot = 0;
  let tCommit = 0;
  for (let r = 0; r < reps; r++) {
    const change: ContractChange = { id, isNew: false, memLen: pages * PAGE_SIZE, dirtyPages: new Map([[r % pages, pageOf(1e6 + r)]]) };
    let t = performance.now();
    store.root(base, [change]);
    tRoot += performance.now() - t;
    t = performance.now();
    base = store.commit(base, [change]);
    tCommit += performance.now() - t;
  }
  console.log(`${label}: ${pages} pages, 1 dirty: root() ${(tRoot / reps).toFixed(2)} ms, commit() ${(tCommit / reps).toFixed(2)} ms`);
}

const reps = Number(process.env.REPS ?? 30);
bench("memory", Store.memory(), 16, 1, reps);
bench("memory", Store.memory(), 1024, 2, reps);
const dir = mkdtempSync(join(tmpdir(), "piecrust-as-bench-"));
try {
  const disk = Store.open(join(dir, "a"));
  bench("disk  ", disk, 16, 3, reps);
  bench("disk  ", disk, 1024, 4, reps);
  disk.close();

  // 100 commits, 4 contracts of 16 pages, 3 dirty pages per commit.
  const s = Store.open(join(dir, "b"));
  const cs = [5, 6, 7, 8].map((t) => contract(16, t));
  let base = s.commit(null, cs.map((c) => c.deploy));
  for (let i = 1; i < 100; i++) {
    const c = cs[i % 4];
    base = s.commit(base, [{ id: c.id, isNew: false, memLen: 16 * PAGE_SIZE, dirtyPages: new Map([[i % 16, pageOf(i)], [(i + 5) % 16, pageOf(i + 1e5)], [(i + 9) % 16, pageOf(i + 2e5)]]) }]);
  }
  s.close();
  const t = performance.now();
  const r = Store.open(join(dir, "b"));
  console.log(`reopen with ${r.commits().length} commits (${4 * 16 + 99 * 3} distinct pages): ${(performance.now() - t).toFixed(0)} ms`);
  r.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
