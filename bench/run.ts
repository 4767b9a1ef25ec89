// `npm run bench`: prints ratios measured in one run; it never fails on a number. `npm run bench -- --big`
// adds the 4 GiB one-call case (about 5 GiB of host memory and 4 GiB written to disk).
// package.json runs this with --no-liftoff so that both sides of every ratio run TurboFan code from
// the first call: otherwise whether a function has left Liftoff by the time a short measurement ends
// varies from run to run (the AssemblyScript fibonacci ratio swung between 1.0x and 3.2x).
import { executionBench } from "./execution.js";
import { stateBench } from "./state.js";
import { codecBench } from "./codec.js";
import { rootsBench } from "./roots.js";
import { coldBench } from "./cold.js";
import { blake3Bench } from "./blake3.js";
import { runtimeBench } from "./runtime.js";
import { memoryBench } from "./memory.js";
import { tokenBench } from "./token.js";
import { debugBench } from "./debug.js";

async function main(): Promise<void> {
  console.log("== execution (host-sim calls, metering) ==");
  await executionBench();
  console.log("== state (commits, memory size, reopen) ==");
  await stateBench();
  console.log("== state roots and commits (vs BLAKE3 of the dirty pages, same run) ==");
  await rootsBench();
  console.log("== BLAKE3: host-sim's chunk tree and kernel against hash-wasm's WebAssembly ==");
  await blake3Bench();
  console.log("== cold start ==");
  await coldBench();
  console.log("== AssemblyScript runtimes: gas and pages over 1,000 calls with heap churn (exact, not timed) ==");
  await runtimeBench();
  console.log("== memory (declared size, host memory per touched byte) ==");
  await memoryBench(process.argv.includes("--big"));
  console.log("== codec gas against the Rust reference (exact, not timed) ==");
  await codecBench();
  console.log("== token gas against the Rust uplink token on Piecrust 0.32 (issue 16; exact, not timed) ==");
  await tokenBench();
  console.log("== gas profiles: profiled over unprofiled time of the examples' main calls (issue 22) ==");
  await debugBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
