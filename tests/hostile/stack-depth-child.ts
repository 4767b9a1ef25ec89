// Child of stack-depth.test.ts: runs the recursion calls given as JSON on a fresh VM, each in a new
// session on the deployed state, and prints one JSON outcome per call. Run under different V8 flags
// (--liftoff-only, --no-liftoff) to show the outcome does not depend on the tier.
import { writeSync } from "node:fs";
import { runCalls, type Call } from "./stack-depth-run.js";

const calls = JSON.parse(process.argv[2]) as Call[];
writeSync(1, JSON.stringify(await runCalls(calls)) + "\n");
