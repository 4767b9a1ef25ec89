// `piecrust-as/cli`: the command line (run.ts) and the build (build.ts) for scripts, and
// `node dist/cli/main.js …`, which runs the command line. bin/piecrust-as.js imports run.ts alone,
// so that a command does not load the build's modules it does not use.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { run } from "./run.js";

export { main, run } from "./run.js";
export { buildOne, contractName, findExampleEntries, type BuildOptions, type BuildResult } from "./build.js";

function startedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (startedDirectly()) await run();
