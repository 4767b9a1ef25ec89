// `npm run bench`: prints ratios measured in one run; it never fails on a number.
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
