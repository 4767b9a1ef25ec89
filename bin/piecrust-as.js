#!/usr/bin/env node
// The piecrust-as command. npm starts it through symlinks (node_modules/.bin, a global bin
// directory, npx), so it calls the CLI's entry explicitly instead of relying on the script path.
import module from "node:module";

// Node 22.1 and later keep the compiled JavaScript of the CLI and host-sim between runs (in the OS's
// temporary directory), which cuts a quarter of every start's module loading. Older Nodes lack it.
module.enableCompileCache?.();
let cli;
try {
  cli = await import("../dist/cli/run.js");
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist")) throw e;
  const root = new URL("..", import.meta.url).pathname;
  process.stderr.write(`piecrust-as: the CLI is not compiled (no dist/cli/run.js): run npm run build in ${root}\n`);
  process.exit(1);
}
await cli.run();
