// Worker-thread entry of the watchdog: runs one suite and posts a heartbeat before every iteration,
// so that the parent can tell a hang (no heartbeat) from a slow run, and name the iteration.
import { parentPort, workerData } from "node:worker_threads";
import type { FuzzOptions } from "./report.js";
import { SUITES, TEST_SUITES } from "./suites.js";

const { suite, seed, iterations, start, maxFailures } = workerData as { suite: string } & FuzzOptions;
const report = await (SUITES[suite] ?? TEST_SUITES[suite])({
  seed,
  iterations,
  start,
  maxFailures,
  onProgress: (iteration) => parentPort!.postMessage({ type: "progress", iteration }),
});
parentPort!.postMessage({ type: "done", report });
