// The AssemblyScript runtime figures of docs/runtime.md (gas per call, pages over 1,000 calls, the churn
// call once the heap holds 1,000 more accounts). Gas is exact, so this prints figures, not ratios.
import { figuresRow, measureRuntime } from "../tests/transform/runtime-figures.js";

export async function runtimeBench(): Promise<void> {
  for (const rt of ["stub", "minimal", "incremental"] as const) console.log(figuresRow(await measureRuntime(rt, true)));
}
