// State-root and commit benchmarks (issue 21): root() and commit() after N token transfers and after
// touching k pages of a 64 MiB contract, each over a lower bound measured in the same run: BLAKE3 of
// exactly the dirty pages (what Piecrust's root() hashes), and for disk commits that plus writing
// and fsyncing those bytes. Native Piecrust 0.32 figures from issue 21 are printed beside them.
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PAGE_SIZE as PAGE, VM, type Session } from "../host-sim/index.js";
import { blake3 } from "../host-sim/store/blake3.js";
import { call, deploy, example, hex, idOf } from "../tests/sim/example.js";
import { wat } from "../tests/helpers/wat.js";
import { fmt, report } from "./harness.js";

const GAS = 1_000_000_000n;
const OWNER = idOf(0xaa);

/** Time of one run of `fn` (state work cannot be repeated on the same state without changing it). */
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

/** BLAKE3 of `pages` distinct 64 KiB pages: the hashing every root of that many dirty pages needs. */
function hashBound(pages: number): number {
  const buf = new Uint8Array(PAGE * Math.max(1, pages));
  for (let i = 0; i < buf.length; i += 4096) buf[i] = i & 255;
  return best(3, () => once(() => {
    for (let p = 0; p < pages; p++) blake3(buf.subarray(p * PAGE, (p + 1) * PAGE));
  }));
}

/** Writing and fsyncing `pages` page files plus the hash bound: the least a durable commit does. */
function diskBound(pages: number): number {
  const dir = mkdtempSync(join(tmpdir(), "pcas-bound-"));
  const page = new Uint8Array(PAGE).fill(7);
  try {
    const write = once(() => {
      for (let p = 0; p < pages; p++) {
        const fd = openSync(join(dir, String(p)), "w");
        writeSync(fd, page);
        fsyncSync(fd);
        closeSync(fd);
      }
    });
    return write + hashBound(pages);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface StateCost {
  root: number;
  /** root() after one more unit of the same work on top (what a test asserting after each call pays). */
  rootAgain: number;
  commit: number;
  pages: number;
}

/**
 * Runs `work` on a fresh session based on `base`, then times the first root(), root() after `more`,
 * and commit().
 */
async function costOf(vm: VM, base: Uint8Array, work: (s: Session) => void, more: (s: Session) => void): Promise<StateCost> {
  const s = await vm.session({ base });
  work(s);
  const before = vm.store.hasher.pagesHashed;
  const root = once(() => s.root());
  const pages = vm.store.hasher.pagesHashed - before;
  more(s);
  const rootAgain = once(() => s.root());
  const commit = once(() => s.commit());
  return { root, rootAgain, commit, pages };
}

async function tokenTransfers(n: number, disk: boolean): Promise<StateCost> {
  const dir = disk ? mkdtempSync(join(tmpdir(), "pcas-bench-")) : null;
  const vm = dir ? await VM.open(dir) : await VM.ephemeral();
  try {
    const s0 = await vm.session({});
    const token = deploy(s0, example("token"), { owner: OWNER, init: "1000000000000" });
    const base = s0.commit();
    const transfer = (s: Session, i: number) => {
      const to = new Uint8Array(32);
      new DataView(to.buffer).setUint32(0, Math.imul(i + 1, 2654435761) >>> 0, true);
      call(s, token, "transfer", ["0x" + hex(to), "1"]);
    };
    return await costOf(vm, base, (s) => {
      for (let i = 0; i < n; i++) transfer(s, i);
    }, (s) => transfer(s, n));
  } finally {
    vm.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

// bump(k): adds 1 to the first byte of pages 0, s, 2s, … (k pages spread over the memory).
const BIG = `(module (memory (export "memory") 1024) (global (export "A") i32 (i32.const 0))
  (func (export "bump") (param $len i32) (result i32) (local $p i32) (local $k i32) (local $step i32) (local $a i32)
    (local.set $k (i32.load (i32.const 0)))
    (local.set $step (i32.div_u (i32.const 1024) (local.get $k)))
    (loop $l
      (local.set $a (i32.add (i32.mul (i32.mul (local.get $p) (local.get $step)) (i32.const 65536)) (i32.const 100)))
      (i32.store8 (local.get $a) (i32.add (i32.load8_u (local.get $a)) (i32.const 1)))
      (local.set $p (i32.add (local.get $p) (i32.const 1))) (br_if $l (i32.lt_u (local.get $p) (local.get $k))))
    (i32.const 0)))`;

async function touchedPages(k: number, disk: boolean): Promise<StateCost> {
  const dir = disk ? mkdtempSync(join(tmpdir(), "pcas-bench-")) : null;
  const vm = dir ? await VM.open(dir) : await VM.ephemeral();
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
    return await costOf(vm, base, (s) => void s.callRaw(id, "bump", arg, GAS), (s) => void s.callRaw(id, "bump", one, GAS));
  } finally {
    vm.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Native Piecrust 0.32 after 200 token transfers, same machine kind (issue 21). */
const NATIVE_200 = { root: 0.2, commit: 1.2 };

export async function rootsBench(): Promise<void> {
  for (const n of [1, 200, 10_000]) {
    const mem = await tokenTransfers(n, false);
    const disk = await tokenTransfers(n, true);
    const bound = hashBound(mem.pages);
    const native = n === 200 ? `  (native root ${fmt(NATIVE_200.root)}, commit ${fmt(NATIVE_200.commit)})` : "";
    console.log(`after ${n} token transfers: ${mem.pages} dirty pages${native}`);
    report(`  root() vs BLAKE3 of the dirty pages`, mem.root, bound);
    report(`  root() after one more transfer vs BLAKE3 of one page`, mem.rootAgain, hashBound(1));
    report(`  commit() (memory store) vs BLAKE3 of the dirty pages`, mem.commit, bound);
    report(`  commit() (disk store) vs BLAKE3 + write+fsync of them`, disk.commit, diskBound(disk.pages));
  }
  for (const k of [1, 64, 1024]) {
    const mem = await touchedPages(k, false);
    const disk = await touchedPages(k, true);
    const bound = hashBound(mem.pages);
    console.log(`after touching ${k} pages of a 64 MiB contract (${mem.pages} dirty pages)`);
    report(`  root() vs BLAKE3 of the dirty pages`, mem.root, bound);
    report(`  root() after writing page 0 again vs BLAKE3 of one page`, mem.rootAgain, hashBound(1));
    report(`  commit() (memory store) vs BLAKE3 of the dirty pages`, mem.commit, bound);
    const dbound = diskBound(disk.pages);
    report(`  commit() (disk store) vs BLAKE3 + write+fsync of them`, disk.commit, dbound);
    if (k === 1024) {
      console.log(`  commit per written page: memory ${fmt(mem.commit / k)}, disk ${fmt(disk.commit / k)} (bound ${fmt(dbound / k)})`);
    }
  }
}
