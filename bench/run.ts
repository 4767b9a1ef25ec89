// `npm run bench`: prints ratios measured in one run; it never fails on a number.
// package.json runs this with --no-liftoff so that both sides of every ratio run TurboFan code from
// the first call: otherwise whether a function has left Liftoff by the time a short measurement ends
// varies from run to run (the AssemblyScript fibonacci ratio swung between 1.0x and 3.2x).
import { executionBench } from "./execution.js";
import { stateBench } from "./state.js";
import { codecBench } from "./codec.js";
import { tokenBench } from "./token.js";

async function main(): Promise<void> {
  console.log("== execution (host-sim calls, metering) ==");
  await executionBench();
  console.log("== state (commits, memory size, reopen) ==");
  await stateBench();
  console.log("== codec gas against the Rust reference (exact, not timed) ==");
  await codecBench();
  console.log("== token gas against the Rust uplink token on Piecrust 0.32 (issue 16; exact, not timed) ==");
  await tokenBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
