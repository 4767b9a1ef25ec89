#!/usr/bin/env node
// Runs every suite: the as-pect specs first, then all node:test files, so that the node test
// runner's summary closes the output. Exits non-zero if anything failed.
//   --node-tests   only the node:test files, run by the node running this script (.ci/run runs
//                  them again on Node 24 this way; the as-pect specs compile under npx's node).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return p.endsWith(".test.js") ? [p] : [];
  });
}

let failed = false;
const nodeTestsOnly = process.argv.includes("--node-tests");
if (!nodeTestsOnly && existsSync("as-pect.config.js")) {
  // An absolute --as-config lets asc resolve the "./dist/as-pect/transform.js" entry in it.
  const asConfig = join(process.cwd(), "as-pect.asconfig.json");
  const asp = spawnSync("npx", ["asp", "--config", "as-pect.config.js", "--as-config", asConfig], { stdio: "inherit" });
  if (asp.status !== 0) {
    console.error(`as-pect failed (exit ${asp.status})`);
    failed = true;
  }
}
// The contracts of the ported Piecrust tests, built once in one process (the tests would otherwise
// each build what they need on first use).
console.error("building the test contracts (tests/contracts) that changed…");
const prebuild = spawnSync(process.execPath, [join("dist", "tests", "ports", "support", "build-contracts.js")], { stdio: "inherit" });
if (prebuild.status !== 0) failed = true;
const files = findTests(join("dist", "tests")).sort();
// Node's default runs one file at a time on a 2-core machine (cores - 1); many files spend their time
// waiting on a child process (asc, the CLI), so two at a time is CI's largest saving.
const concurrency = Math.max(2, availableParallelism());
const node = spawnSync(process.execPath, ["--test", `--test-concurrency=${concurrency}`, ...files], { stdio: "inherit" });
if (node.status !== 0) failed = true;
process.exit(failed ? 1 : 0);
