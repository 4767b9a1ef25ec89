// Mirrors nothing in Piecrust: kills a committing process (SIGKILL) at seeded points between its file-system
// calls and checks that every commit it reported survives, every deletion it reported stuck, and the
// store reopens verified. CRASH_RUNS (default 5) sets the number of kills; CRASH_SEED (default 1)
// picks the sequence, so a failure replays exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { blake3 } from "@noble/hashes/blake3.js";
import { Store } from "../../host-sim/store/index.js";
import { bytesEqual, fromHex, toHex } from "../../host-sim/hex.js";
import { mulberry32 } from "../helpers/rng.js";

const CHILD = fileURLToPath(new URL("./store-crash-child.js", import.meta.url));
const RUNS = Number(process.env.CRASH_RUNS ?? 5);
const SEED = Number(process.env.CRASH_SEED ?? 1);

/** Runs the child until it kills itself after `killAfter` disk-changing file-system calls. */
function runChild(dir: string, seed: number, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(seed), String(killAfter)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`child exited by itself (code ${code}): ${err}`));
      else resolve(out.split("\n").filter((l) => l.length > 0));
    });
  });
}

test(`store survives SIGKILL at random moments (runs=${RUNS}, seed=${SEED})`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "piecrust-as-crash-"));
  const rand = mulberry32(SEED);
  // Whether each root reported so far should be present, by the last completed operation.
  const expect = new Map<string, boolean>();
  let totalCommits = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const ctx = `seed=${SEED} run=${run} (replay with CRASH_SEED=${SEED} CRASH_RUNS=${RUNS})`;
      const lines = await runChild(dir, (SEED + run * 7919) >>> 0, 1 + Math.floor(rand() * 600));
      let inFlight: { kind: "commit" } | { kind: "delete"; root: string } | null = null;
      for (const line of lines.slice(1)) {
        if (line === "c?") inFlight = { kind: "commit" };
        else if (line.startsWith("d? ")) inFlight = { kind: "delete", root: line.slice(3) };
        else if (line.startsWith("C ")) {
          expect.set(line.slice(2), true);
          inFlight = null;
          totalCommits++;
        } else if (line.startsWith("D ")) {
          expect.set(line.slice(2), false);
          inFlight = null;
        } else assert.fail(`unexpected child output ${JSON.stringify(line)}; ${ctx}`);
      }

      let s: Store;
      try {
        s = Store.open(dir);
      } catch (e) {
        assert.fail(`reopen failed: ${(e as Error).message}; ${ctx}`);
      }
      try {
        const held = new Set(s.commits().map(toHex));
        for (const [root, present] of expect) {
          if (inFlight?.kind === "delete" && inFlight.root === root) continue; // either outcome is fine
          assert.equal(held.has(root), present, `root ${root} should be ${present ? "present" : "deleted"}; ${ctx}`);
        }
        const extra = [...held].filter((r) => !expect.has(r));
        assert.ok(extra.length <= (inFlight?.kind === "commit" ? 1 : 0), `unreported commits ${extra}; ${ctx}`);
        for (const r of extra) expect.set(r, true); // the interrupted commit did land
        if (inFlight?.kind === "delete") expect.set(inFlight.root, held.has(inFlight.root));
        // Every commit re-derives its root and every page reads back with its hash.
        for (const hex of held) {
          const root = fromHex(hex);
          assert.ok(bytesEqual(s.root(root, []), root), `root ${hex} does not recompute; ${ctx}`);
          for (const cid of s.contractIds(root)) {
            const e = s.contract(root, cid)!;
            s.readBytecode(e.bytecodeHash);
            for (const [, h] of e.pages) assert.ok(bytesEqual(blake3(s.pageBytes(h)), h), `page ${toHex(h)}; ${ctx}`);
          }
        }
      } finally {
        s.close();
      }
    }
    assert.ok(totalCommits > 0, `the child never committed; seed=${SEED}`);
    t.diagnostic(`${totalCommits} commits reported over ${RUNS} kills, ${[...expect.values()].filter(Boolean).length} held at the end`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
