// `npm run bench`: prints ratios measured in one run; it never fails on a number.
import { executionBench } from "./execution.js";

async function main(): Promise<void> {
  console.log("== execution (host-sim calls, metering) ==");
  await executionBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
