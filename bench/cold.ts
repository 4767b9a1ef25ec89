// Cold start (issue 21): a fresh process opens a store and makes the first call of each example,
// against the same call once warm; with the rewritten modules the store keeps (prepared-cache.ts)
// and with them removed (every contract rewritten again, as before that cache). The lower bound,
// measured in fresh processes of the same run, is what any wasm VM on this engine does for that
// call: read the contract's files, compile its bytecode, instantiate it and put its pages in its
// memory. Real Piecrust 0.32.2's recorded open and first call for the same store are printed beside
// them (bench/native.ts), and so is the same open and first call made again in the child, once
// host-sim's JavaScript has run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VM } from "../host-sim/index.js";
import { call, deploy, example, hex, idOf, type Deployed } from "../tests/sim/example.js";
import { fmt, report } from "./harness.js";
import { fmtRange, NATIVE, overNative, sumRanges } from "./native.js";

interface Case {
  name: string;
  init?: unknown;
  fn: string;
  arg?: unknown;
}

/**
 * Every example that runs on bare Piecrust without an embedder's host query or feed: hostquery needs
 * the example queries registered, feeder a feed callback, and transfer-stand-in and vault the Dusk profile.
 */
const CASES: Case[] = [
  { name: "counter", fn: "increment" },
  { name: "token", init: "1000000", fn: "transfer", arg: ["0x" + hex(idOf(1)), "5"] },
  { name: "escrow", init: "0x" + hex(idOf(7)), fn: "count" },
  { name: "fallible", fn: "set", arg: "7" },
  { name: "metadata", fn: "read_id" },
  { name: "spender", fn: "limit_and_spent" },
  { name: "stack", fn: "push", arg: "7" },
  { name: "callcenter", fn: "recurse", arg: 3 },
];

const CHILD = fileURLToPath(new URL("./cold-child.js", import.meta.url));
const RUNS = 3;

/**
 * The best of `runs` fresh processes, each figure on its own (a busy machine spoils single runs). They
 * run with node's default flags, as users do: under the bench's --no-liftoff every function a first
 * call reaches would wait for TurboFan instead of Liftoff's quick code.
 */
function bestOf<T extends Record<string, number>>(args: string[], before: () => void): T {
  const best: Record<string, number> = {};
  for (let r = 0; r < RUNS; r++) {
    before();
    const p = spawnSync(process.execPath, [CHILD, ...args], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(`bench: the cold-start child failed: ${p.stderr}`);
    const c = JSON.parse(p.stdout.trim().split("\n").pop()!) as Record<string, number>;
    for (const [k, v] of Object.entries(c)) best[k] = Math.min(best[k] ?? Infinity, v);
  }
  return best as T;
}

type Cold = {
  import: number;
  open: number;
  first: number;
  warm: number;
  again: number;
};

export async function coldBench(): Promise<void> {
  console.log(`${"example, first call".padEnd(28)} ${"import".padStart(10)} ${"open".padStart(10)} ${"first".padStart(10)} ${"warm".padStart(10)} ${"rewritten".padStart(10)} ${"bound".padStart(10)}  cold/bound  ${"native (recorded)".padStart(20)}  cold/native  ${"again".padStart(10)}  again/native`);
  const rows: { name: string; imported: number; cold: number; bound: number; again: number; native: [number, number] }[] = [];
  for (const c of CASES) {
    const dir = mkdtempSync(join(tmpdir(), "pcas-cold-"));
    try {
      const setup = await VM.open(dir);
      const s0 = await setup.session({});
      const d: Deployed = deploy(s0, example(c.name), { owner: idOf(0xaa), init: c.init });
      // The first call of the deploying process, where the rewrite was just made.
      call(s0, d, c.fn, c.arg);
      const base = s0.commit();
      setup.close();
      const args = [dir, hex(base), hex(d.id), c.fn, hex(d.ex.codec.encodeInput(c.fn, c.arg))];
      const kept = bestOf<Cold>(["host-sim", ...args], () => {});
      const rewritten = bestOf<Cold>(["host-sim", ...args], () => rmSync(join(dir, "prepared"), { recursive: true, force: true }));
      const { bound } = bestOf<{ bound: number }>(["bound", ...args], () => {});
      const cold = kept.open + kept.first;
      const n = NATIVE.cold[c.name];
      const native = sumRanges([n.openMs, n.firstCallMs]);
      rows.push({ name: c.name, imported: kept.import, cold, bound, again: kept.again, native });
      console.log(
        `${`${c.name}.${c.fn}`.padEnd(28)} ${fmt(kept.import).padStart(10)} ${fmt(kept.open).padStart(10)} ${fmt(kept.first).padStart(10)} ${fmt(kept.warm).padStart(10)} ` +
          `${fmt(rewritten.open + rewritten.first).padStart(10)} ${fmt(bound).padStart(10)}  ${(cold / bound).toFixed(2).padStart(8)}×  ${fmtRange(native).padStart(20)}  ${overNative(cold, native)}  ${fmt(kept.again).padStart(10)}  ${overNative(kept.again, native)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const sum = (k: "imported" | "cold" | "bound" | "again") => rows.reduce((a, r) => a + r[k], 0);
  report("all examples: open + first call vs reading, compiling and instantiating them", sum("cold"), sum("bound"));
  const native = sumRanges(rows.map((r) => r.native));
  console.log(`all examples: open + first call ${fmt(sum("cold"))} vs native Piecrust's ${fmtRange(native)} = ${overNative(sum("cold"), native)}  (target 1.5×)`);
  console.log(`all examples: the bound alone ${fmt(sum("bound"))} = ${overNative(sum("bound"), native)} native's`);
  // What is left once the engine has run host-sim's code once: the cold figure's excess over this is
  // that first run (parsing, compiling and warming the JavaScript), which a native binary does not have.
  console.log(`all examples: the same open + first call again in that process ${fmt(sum("again"))} = ${overNative(sum("again"), native)} native's`);
  // What a process pays before its first VM.open, beside the figures above (each process pays it once):
  // the package's bundle, which the rows use, over the modules it is built from.
  const modules = bestOf<{ import: number }>(["modules"], () => {});
  report("importing host-sim: the package's bundle (average of the rows) vs its modules", sum("imported") / rows.length, modules.import);
}
