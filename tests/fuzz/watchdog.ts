// Runs a fuzz suite in a worker thread and terminates it when one iteration makes no progress for
// `stallMs`: a hang becomes a reported failure with its seed and iteration instead of a stuck run.
// (A synchronous hang inside host-sim cannot be interrupted from the same thread.)
import { Worker } from "node:worker_threads";
import type { FuzzReport } from "./report.js";

export interface WatchOptions {
  suite: string;
  seed: number;
  iterations: number;
  start?: number;
  maxFailures?: number;
  stallMs?: number;
  onProgress?: (iteration: number) => void;
}

export function runWatched(o: WatchOptions): Promise<FuzzReport> {
  const start = o.start ?? 0;
  const stallMs = o.stallMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker.js", import.meta.url), {
      workerData: { suite: o.suite, seed: o.seed, iterations: o.iterations, start, maxFailures: o.maxFailures },
    });
    let current = start;
    const failed = (message: string): FuzzReport => ({
      suite: o.suite,
      seed: o.seed,
      start,
      iterations: o.iterations,
      stats: {},
      failures: [{ suite: o.suite, seed: o.seed, iteration: current, message }],
    });
    let settled = false;
    let timer = setTimeout(stalled, stallMs);
    function stalled(): void {
      settled = true;
      void worker.terminate();
      resolve(failed(`no progress for ${stallMs} ms: a hang`));
    }
    worker.on("message", (m: { type: string; iteration?: number; report?: FuzzReport }) => {
      if (m.type === "progress") {
        current = m.iteration!;
        o.onProgress?.(current);
        clearTimeout(timer);
        timer = setTimeout(stalled, stallMs);
      } else if (m.type === "done") {
        clearTimeout(timer);
        settled = true;
        resolve(m.report!);
      }
    });
    worker.on("error", (e) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      // A crash of the worker (e.g. V8 out of memory) is a failure of the iteration it was on.
      resolve(failed(`worker crashed: ${e.stack ?? e}`));
    });
    worker.on("exit", (code) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(new Error(`fuzz worker exited with code ${code} at iteration ${current} (seed ${o.seed})`));
      }
    });
  });
}
