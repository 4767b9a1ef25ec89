// `npm run bench`: prints ratios measured in one run; it never fails on a number.
// package.json runs this with --no-wasm-dynamic-tiering so that both sides of every ratio run at
// V8's top tier: with dynamic tiering, whether a function has left Liftoff by the time a short
// measurement ends varies from run to run (the AssemblyScript fibonacci ratio swung 1.0x-2.4x).
import { executionBench } from "./execution.js";
import { stateBench } from "./state.js";
import { codecBench } from "./codec.js";

async function main(): Promise<void> {
  console.log("== execution (host-sim calls, metering) ==");
  await executionBench();
  console.log("== state (commits, memory size, reopen) ==");
  await stateBench();
  console.log("== codec gas against the Rust reference (exact, not timed) ==");
  await codecBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
