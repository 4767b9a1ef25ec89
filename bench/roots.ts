// State-root and commit benchmarks (issue 21): root() and commit() after N token transfers and after
// touching k pages of a 64 MiB contract, each over a lower bound measured in the same run: BLAKE3 of
// exactly the dirty pages (what Piecrust's root() hashes), and for disk commits that plus writing
// and fsyncing those bytes. Real Piecrust 0.32.2's recorded figures for the same work are printed
// beside them (bench/native.ts).
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE_SIZE as PAGE, VM, type Session } from "../host-sim/index.js";
import { nodeFs, type FsLayer } from "../host-sim/store/index.js";
import { blake3 } from "../host-sim/store/blake3.js";
import { CONTRACT_TREE_HEIGHT, PAGE_TREE_HEIGHT } from "../host-sim/store/index.js";
import { call, deploy, example, hex, idOf } from "../tests/sim/example.js";
import { wat } from "../tests/helpers/wat.js";
import { fmt, report } from "./harness.js";
import { fmtRange, NATIVE, overNative } from "./native.js";

const GAS = 1_000_000_000n;
const OWNER = idOf(0xaa);

/**
 * Time of one run of `fn` (state work cannot be repeated on the same state without changing it). No
 * collection is forced before it: a scavenge right before a root after one transfer made it 15%
 * slower, and a full collection 1.5–2× (both leave the CPU's caches cold), costs no root in a
 * running program pays. A collection of the work's garbage can still land inside a measurement;
 * each figure is the best of its row's repetitions.
 */
function once(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function best(n: number, fn: () => number): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, fn());
  return b;
}

/**
 * BLAKE3 of `pages` distinct 64 KiB pages of one contract and of their paths: a page-tree node
 * (4 × 32 bytes) per level per page and the contract-tree path (32 nodes of 2 × 32 bytes). The
 * hashing every root of that many dirty pages needs, whoever computes it.
 */
function hashBound(pages: number): number {
  const n = Math.max(1, pages);
  const buf = new Uint8Array(PAGE * n);
  for (let i = 0; i < buf.length; i += 4096) buf[i] = i & 255;
  const node = new Uint8Array(128);
  return best(5, () => once(() => {
    for (let p = 0; p < n; p++) {
      blake3(buf.subarray(p * PAGE, (p + 1) * PAGE));
      for (let l = 0; l < PAGE_TREE_HEIGHT; l++) blake3(node);
    }
    for (let l = 0; l < CONTRACT_TREE_HEIGHT; l++) blake3(node.subarray(0, 64));
  }));
}

/**
 * Writing `pages` page files plus the hash bound: without `sync`, what Piecrust 0.32's commit does
 * (fs::write, no fsync); with it, the least a durable commit does: every file written, then each
 * fsynced (one journal flush carries them all) and the directory once.
 */
function diskBound(pages: number, sync: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), "pcas-bound-"));
  const page = new Uint8Array(PAGE).fill(7);
  let round = 0;
  try {
    const write = best(3, () => {
      round++;
      return once(() => {
        const fds: number[] = [];
        for (let p = 0; p < pages; p++) {
          const fd = openSync(join(dir, `${round}-${p}`), "w");
          writeSync(fd, page);
          fds.push(fd);
        }
        for (const fd of fds) {
          if (sync) fsyncSync(fd);
          closeSync(fd);
        }
        if (sync) {
          const d = openSync(dir, "r");
          fsyncSync(d);
          closeSync(d);
        }
      });
    });
    return write + hashBound(pages);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the bench's VM keeps its state; "nosync": on disk with every fsync skipped, as Piecrust does. */
type Where = "memory" | "disk" | "nosync";

const noFsync: FsLayer = { ...nodeFs, fsyncSync: () => {} };

async function vmAt(where: Where): Promise<{ vm: VM; done: () => void }> {
  if (where === "memory") {
    const vm = await VM.ephemeral();
    return { vm, done: () => vm.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), "pcas-bench-"));
  const vm = await VM.open(dir, where === "nosync" ? { fs: noFsync } : {});
  return {
    vm,
    done: () => {
      vm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface StateCost {
  root: number;
  /** root() after one more unit of the same work on top (what a test asserting after each call pays). */
  rootAgain: number;
  commit: number;
  pages: number;
  /** Pages root() hashed again after `more`. */
  pagesAgain: number;
}

/**
 * Runs `work` on a fresh session based on `base`, then times the first root(), root() after `more`,
 * and commit(); `reps` times over, keeping each figure's best (one run of state work is a single
 * short measurement, which a GC pause or a busy machine can spoil). `work` must differ per `rep`:
 * committing a root the store already holds writes nothing.
 */
async function costOf(vm: VM, base: Uint8Array, work: (s: Session, rep: number) => void, more: (s: Session) => void, reps: number): Promise<StateCost> {
  const out: StateCost = { root: Infinity, rootAgain: Infinity, commit: Infinity, pages: 0, pagesAgain: 0 };
  for (let r = 0; r < reps; r++) {
    const s = await vm.session({ base });
    work(s, r);
    let before = vm.store.hasher.pagesHashed;
    out.root = Math.min(out.root, once(() => s.root()));
    out.pages = vm.store.hasher.pagesHashed - before;
    more(s);
    before = vm.store.hasher.pagesHashed;
    out.rootAgain = Math.min(out.rootAgain, once(() => s.root()));
    out.pagesAgain = vm.store.hasher.pagesHashed - before;
    out.commit = Math.min(out.commit, once(() => s.commit()));
  }
  return out;
}

/**
 * Repetitions of a row: each gives one measurement of each figure, the best of which is the row's.
 * A root of a few pages takes 0.1 ms, where this machine's noise alone swung single figures 1.5×,
 * so the short rows repeat most (as the native harness's rows are best-of too).
 */
function repsFor(size: number, large: number): number {
  return size >= large ? 3 : size > 1 ? 10 : 30;
}

async function tokenTransfers(n: number, where: Where, reps = repsFor(n, 1000)): Promise<StateCost> {
  const { vm, done } = await vmAt(where);
  try {
    const s0 = await vm.session({});
    const token = deploy(s0, example("token"), { owner: OWNER, init: "1000000000000" });
    const base = s0.commit();
    const transfer = (s: Session, i: number, rep = 0) => {
      const to = new Uint8Array(32);
      new DataView(to.buffer).setUint32(0, Math.imul(i + 1, 2654435761) >>> 0, true);
      to[31] = rep;
      call(s, token, "transfer", ["0x" + hex(to), "1"]);
    };
    return await costOf(vm, base, (s, rep) => {
      for (let i = 0; i < n; i++) transfer(s, i, rep);
    }, (s) => transfer(s, n), reps);
  } finally {
    done();
  }
}

// bump(k): adds 1 to byte 100 of pages 0, s, 2s, … (k pages spread over the memory) and writes the
// address after it, so that no two pages are equal (a store keeps one file for equal pages).
const BIG = `(module (memory (export "memory") 1024) (global (export "A") i32 (i32.const 0))
  (func (export "bump") (param $len i32) (result i32) (local $p i32) (local $k i32) (local $step i32) (local $a i32)
    (local.set $k (i32.load (i32.const 0)))
    (local.set $step (i32.div_u (i32.const 1024) (local.get $k)))
    (loop $l
      (local.set $a (i32.add (i32.mul (i32.mul (local.get $p) (local.get $step)) (i32.const 65536)) (i32.const 100)))
      (i32.store8 (local.get $a) (i32.add (i32.load8_u (local.get $a)) (i32.const 1)))
      (i32.store offset=4 (local.get $a) (local.get $a))
      (local.set $p (i32.add (local.get $p) (i32.const 1))) (br_if $l (i32.lt_u (local.get $p) (local.get $k))))
    (i32.const 0)))`;

async function touchedPages(k: number, where: Where): Promise<StateCost> {
  const { vm, done } = await vmAt(where);
  try {
    const id = idOf(9);
    const s0 = await vm.session({});
    s0.deploy(await wat(BIG), { owner: OWNER, contractId: id }, GAS);
    const all = new Uint8Array(4);
    new DataView(all.buffer).setUint32(0, 1024, true);
    s0.callRaw(id, "bump", all, GAS); // every page present in the committed base
    const base = s0.commit();
    const arg = new Uint8Array(4);
    new DataView(arg.buffer).setUint32(0, k, true);
    const one = new Uint8Array(4);
    new DataView(one.buffer).setUint32(0, 1, true);
    return await costOf(vm, base, (s, rep) => {
      for (let i = 0; i <= rep; i++) s.callRaw(id, "bump", arg, GAS);
    }, (s) => void s.callRaw(id, "bump", one, GAS), repsFor(k, 64));
  } finally {
    done();
  }
}

/**
 * Runs every path the rows time (root(), root() again, commit() on a memory and a disk store) on
 * throwaway sessions first, as the one-transfer row does them, so that the rows time the store's
 * code as a running program has it: compiled by V8's optimizing tier. Piecrust's is machine code
 * from the start, while host-sim's JavaScript runs in V8's lower tiers for its first few hundred
 * roots (a root after one transfer took 0.3–0.9 ms in a fresh process, and settled at 0.07–0.09 ms
 * after about a thousand). What a process's first call costs is bench/cold.ts's measure; the first
 * row's JIT-cold figures are printed beside the rows.
 */
async function warmUp(): Promise<void> {
  await tokenTransfers(1, "memory", 1000);
  await tokenTransfers(1, "nosync", 200);
}

export async function rootsBench(): Promise<void> {
  // The first row's figures before the warm-up, for comparison: the JIT-cold root a fresh process pays.
  const first = await tokenTransfers(1, "memory", 1);
  console.log(`before the warm-up (V8 not yet optimizing the store's code), after 1 transfer: root ${fmt(first.root)}, root after one more ${fmt(first.rootAgain)}, commit ${fmt(first.commit)}`);
  await warmUp();
  /** The row's host-sim figures over real Piecrust's for the same work (commit: host-sim without fsync, as Piecrust). */
  const native = (key: string, mem: StateCost, nosync: StateCost) => {
    const n = NATIVE.state[key];
    console.log(`  native Piecrust 0.32.2 (recorded): root ${fmtRange(n.rootMs)}, root after one more ${fmtRange(n.rootAgainMs)}, commit ${fmtRange(n.commitMs)}`);
    console.log(`  host-sim ÷ native: root ${overNative(mem.root, n.rootMs)}, root after one more ${overNative(mem.rootAgain, n.rootAgainMs)}, commit ${overNative(nosync.commit, n.commitMs)}`);
  };
  const disks = async (c: StateCost, nosync: StateCost, pages: number) => {
    report(`  commit() (disk store) vs BLAKE3 + write+fsync of them`, c.commit, diskBound(pages, true));
    report(`  commit() (disk, fsync skipped) vs BLAKE3 + write of them`, nosync.commit, diskBound(pages, false));
    console.log(`  fsync's share of the disk commit: ${fmt(Math.max(0, c.commit - nosync.commit))} (Piecrust 0.32 never fsyncs)`);
  };
  for (const n of [1, 200, 10_000]) {
    const mem = await tokenTransfers(n, "memory");
    const disk = await tokenTransfers(n, "disk");
    const nosync = await tokenTransfers(n, "nosync");
    const bound = hashBound(mem.pages);
    console.log(`after ${n} token transfers: ${mem.pages} dirty pages`);
    report(`  root() vs BLAKE3 of the dirty pages and their paths`, mem.root, bound);
    report(`  root() after one more transfer vs BLAKE3 of what it wrote (${mem.pagesAgain} p.)`, mem.rootAgain, hashBound(mem.pagesAgain));
    report(`  commit() (memory store) vs BLAKE3 of the dirty pages`, mem.commit, bound);
    await disks(disk, nosync, disk.pages);
    native(`transfers:${n}`, mem, nosync);
  }
  for (const k of [1, 64, 1024]) {
    const mem = await touchedPages(k, "memory");
    const disk = await touchedPages(k, "disk");
    const nosync = await touchedPages(k, "nosync");
    const bound = hashBound(mem.pages);
    console.log(`after touching ${k} pages of a 64 MiB contract (${mem.pages} dirty pages)`);
    report(`  root() vs BLAKE3 of the dirty pages and their paths`, mem.root, bound);
    report(`  root() after writing page 0 again vs BLAKE3 of it (${mem.pagesAgain} p.)`, mem.rootAgain, hashBound(mem.pagesAgain));
    report(`  commit() (memory store) vs BLAKE3 of the dirty pages`, mem.commit, bound);
    await disks(disk, nosync, disk.pages);
    native(`pages:${k}`, mem, nosync);
    if (k === 1024) console.log(`  commit per written page: memory ${fmt(mem.commit / k)}, disk ${fmt(disk.commit / k)}, disk without fsync ${fmt(nosync.commit / k)}`);
  }
}
