// The fuzz suites by name, for the runner script, the worker and the CI slice.
import { fuzzCalls } from "./calls.js";
import { fuzzCli } from "./cli.js";
import { fuzzCodec } from "./codec.js";
import { fuzzGas } from "./gas.js";
import { fuzzMemory } from "./memory.js";
import { fuzzModules } from "./modules.js";
import type { FuzzOptions, FuzzReport } from "./report.js";

export const SUITES: Record<string, (opts: FuzzOptions) => Promise<FuzzReport>> = {
  modules: fuzzModules,
  calls: fuzzCalls,
  codec: fuzzCodec,
  gas: fuzzGas,
  memory: fuzzMemory,
  cli: fuzzCli,
};

export type SuiteName = keyof typeof SUITES;

/**
 * Suites only the watchdog's own test runs (the fuzz runner lists SUITES): `hang` reports iteration
 * `start` and then blocks its thread forever, like a synchronous hang inside host-sim.
 */
export const TEST_SUITES: Record<string, (opts: FuzzOptions) => Promise<FuzzReport>> = {
  hang: async (opts) => {
    opts.onProgress?.(opts.start ?? 0);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    throw new Error("unreachable: Atomics.wait on a value nobody changes returned");
  },
};
