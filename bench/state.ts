// State benchmarks (issue 5): commit and call cost against contract memory size, and reopen time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../host-sim/index.js";
import { wat } from "../tests/helpers/wat.js";
import { fmt, report, time } from "./harness.js";

const OWNER = new Uint8Array(32);
const GAS = 1_000_000_000n;
const ID = new Uint8Array(32).fill(9);

// grow(n): grows to n pages and writes one byte in every page; poke: writes one page.
const BIG = `(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "grow") (param $len i32) (result i32) (local $p i32) (local $n i32)
    (local.set $n (i32.load (i32.const 0)))
    (drop (memory.grow (i32.sub (local.get $n) (memory.size))))
    (loop $l (i32.store8 (i32.mul (local.get $p) (i32.const 65536)) (i32.const 1))
      (local.set $p (i32.add (local.get $p) (i32.const 1))) (br_if $l (i32.lt_u (local.get $p) (local.get $n))))
    (i32.const 0))
  (func (export "poke") (param $len i32) (result i32)
    (i32.store (i32.const 70000) (i32.add (i32.load (i32.const 70000)) (i32.const 1))) (i32.const 0)))`;

async function contractOf(vm: VM, pages: number): Promise<Uint8Array> {
  const s = await vm.session({});
  s.deploy(await wat(BIG), { owner: OWNER, contractId: ID }, GAS);
  const arg = new Uint8Array(4);
  new DataView(arg.buffer).setUint32(0, pages, true);
  s.callRaw(ID, "grow", arg, GAS);
  return s.commit();
}

async function measure(pages: number, dir: string | null): Promise<{ commit: number; call: number }> {
  const vm = dir ? await VM.open(dir) : await VM.ephemeral();
  try {
    let root = await contractOf(vm, pages);
    const empty = new Uint8Array(0);
    let commit = Infinity;
    for (let i = 0; i < 5; i++) {
      const s = await vm.session({ base: root });
      s.callRaw(ID, "poke", empty, GAS);
      const t0 = performance.now();
      root = s.commit();
      commit = Math.min(commit, performance.now() - t0);
    }
    const s = await vm.session({ base: root });
    const call = time(() => s.callRaw(ID, "poke", empty, GAS), { iterations: 500 });
    s.close();
    return { commit, call };
  } finally {
    vm.close();
  }
}

export async function stateBench(): Promise<void> {
  const small = await measure(16, null);
  const big = await measure(1024, null);
  report("commit after writing 1 page: 64 MiB vs 1 MiB (memory store)", big.commit, small.commit, "≤ 2×");
  const dirs = [mkdtempSync(join(tmpdir(), "pcas-bench-")), mkdtempSync(join(tmpdir(), "pcas-bench-"))];
  try {
    const smallDisk = await measure(16, dirs[0]);
    const bigDisk = await measure(1024, dirs[1]);
    report("commit after writing 1 page: 64 MiB vs 1 MiB (disk store)", bigDisk.commit, smallDisk.commit, "≤ 2×");
  } finally {
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  }
  report("top-level call: 64 MiB vs 1 MiB contract", big.call, small.call, "≤ 1.5×");

  const dir = mkdtempSync(join(tmpdir(), "pcas-bench-"));
  try {
    const vm = await VM.open(dir);
    let root = await contractOf(vm, 4);
    for (let i = 0; i < 99; i++) {
      const s = await vm.session({ base: root });
      s.callRaw(ID, "poke", new Uint8Array(0), GAS);
      root = s.commit();
    }
    vm.close();
    const t0 = performance.now();
    const again = await VM.open(dir);
    const reopen = performance.now() - t0;
    console.log(`${`reopen a store with ${again.commits().length} commits (full verification)`.padEnd(58)} ${fmt(reopen).padStart(10)}`);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
