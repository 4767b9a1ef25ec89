// Cold start (issue 21): a fresh process opens a store and makes the first call of an example, against
// the same call once warm; with the rewritten modules the store keeps (prepared-cache.ts) and with them
// removed (every contract rewritten again, as before the cache). Native Piecrust figures per example
// are not recorded; issue 21 puts host-sim's first calls at about 2.5× native's before the cache.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VM } from "../host-sim/index.js";
import { call, deploy, example, hex, idOf, type Deployed } from "../tests/sim/example.js";
import { fmt, report } from "./harness.js";

interface Case {
  name: string;
  init?: unknown;
  fn: string;
  arg?: unknown;
}

const CASES: Case[] = [
  { name: "counter", fn: "increment" },
  { name: "token", init: "1000000", fn: "transfer", arg: ["0x" + hex(idOf(1)), "5"] },
];

const CHILD = fileURLToPath(new URL("./cold-child.js", import.meta.url));

interface Cold {
  open: number;
  first: number;
  warm: number;
}

/**
 * The best of `runs` fresh processes (each figure on its own: a busy machine spoils single runs).
 * They run with node's default flags, as users do: under the bench's --no-liftoff every function a
 * first call reaches would wait for TurboFan instead of Liftoff's quick code.
 */
function coldRuns(runs: number, args: string[], before: () => void): Cold {
  const best: Cold = { open: Infinity, first: Infinity, warm: Infinity };
  for (let r = 0; r < runs; r++) {
    before();
    const p = spawnSync(process.execPath, [CHILD, ...args], { encoding: "utf8" });
    if (p.status !== 0) throw new Error(`bench: the cold-start child failed: ${p.stderr}`);
    const c = JSON.parse(p.stdout.trim().split("\n").pop()!) as Cold;
    best.open = Math.min(best.open, c.open);
    best.first = Math.min(best.first, c.first);
    best.warm = Math.min(best.warm, c.warm);
  }
  return best;
}

export async function coldBench(): Promise<void> {
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
      const args = [dir, c.name, hex(base), hex(d.id), c.fn, c.arg === undefined ? "" : JSON.stringify(c.arg)];
      const cached = coldRuns(3, args, () => {});
      const rewritten = coldRuns(3, args, () => rmSync(join(dir, "prepared"), { recursive: true, force: true }));
      console.log(`cold start, ${c.name} (fresh process): open store / first ${c.fn} / warm ${c.fn}`);
      console.log(`  ${"kept rewrite".padEnd(20)} ${fmt(cached.open).padStart(10)} / ${fmt(cached.first).padStart(10)} / ${fmt(cached.warm).padStart(10)}`);
      console.log(`  ${"rewritten on open".padEnd(20)} ${fmt(rewritten.open).padStart(10)} / ${fmt(rewritten.first).padStart(10)} / ${fmt(rewritten.warm).padStart(10)}`);
      report(`  first ${c.fn}: kept rewrite vs rewritten on open`, cached.first, rewritten.first);
      report(`  open + first ${c.fn} (kept rewrite) vs a warm ${c.fn}`, cached.open + cached.first, cached.warm);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
