// The fuzz suites by name, for the runner script, the worker and the CI slice.
import { fuzzCalls } from "./calls.js";
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
};

export type SuiteName = keyof typeof SUITES;
