// The CI slice of the fuzzers (seconds): each suite under the watchdog with a fixed seed (FUZZ_SEED
// overrides it). Inputs that once failed are kept as bytes in regressions.test.ts. The big runs
// are `node dist/scripts/fuzz.js` and `node dist/scripts/test-slow.js`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFailure } from "./report.js";
import { runWatched } from "./watchdog.js";

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : 20261124;

const SLICE: Array<[suite: string, iterations: number]> = [
  ["modules", 400],
  ["calls", 2],
  ["codec", 2000],
  ["gas", 300],
  ["memory", 3],
  ["cli", 12],
];

for (const [suite, iterations] of SLICE) {
  test(`fuzz ${suite}: ${iterations} iterations, seed ${SEED}`, async () => {
    const report = await runWatched({ suite, seed: SEED, iterations, stallMs: 30_000 });
    assert.deepEqual(report.failures.map(formatFailure), [], `seed ${SEED}`);
  });
}

test("the watchdog turns a stalled worker into a failure naming the seed and iteration", async () => {
  // The `hang` suite blocks for good after its heartbeat for iteration 7, so any stall limit trips.
  const report = await runWatched({ suite: "hang", seed: 5, iterations: 1, start: 7, stallMs: 300 });
  assert.equal(report.failures.length, 1);
  assert.deepEqual([report.failures[0].seed, report.failures[0].iteration], [5, 7]);
  assert.match(formatFailure(report.failures[0]), /hang[\s\S]*--seed 5 --start 7 --iterations 1/);
});
