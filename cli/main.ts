// piecrust-as command line: `build` compiles contracts with asc + the piecrust-as transform,
// `check` runs the Piecrust ABI check on any wasm file.
//
//   piecrust-as build [entry.ts …] [--target release|debug] [--runtime incremental|minimal|stub]
//                     [--out-dir build] [--all-runtimes]
//   piecrust-as check [--debug] file.wasm …

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkAbi, formatAbiProblems } from "../transform/abi-check.js";
import { cmdBuild, parseArgs } from "./build.js";
import { runStoreCommand, STORE_COMMANDS_USAGE } from "./commands/index.js";

// The build command lives in build.ts; re-exported for scripts and tests that import it from here.
export { buildOne, contractName, findExampleEntries, type BuildOptions, type BuildResult } from "./build.js";

async function cmdCheck(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args);
  if (!positional.length) {
    process.stderr.write("usage: piecrust-as check [--debug] file.wasm …\n");
    return 2;
  }
  let bad = 0;
  for (const file of positional) {
    const result = checkAbi(new Uint8Array(readFileSync(file)), { allowDebug: flags.has("debug") });
    (result.ok ? process.stdout : process.stderr).write(formatAbiProblems(file, result) + "\n");
    if (!result.ok) bad++;
  }
  return bad ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "build":
      return cmdBuild(rest);
    case "check":
      return cmdCheck(rest);
    default: {
      const code = cmd === undefined ? undefined : await runStoreCommand(cmd, rest);
      if (code !== undefined) return code;
      const out = cmd === undefined || cmd === "help" || cmd === "--help" ? process.stdout : process.stderr;
      out.write("usage: piecrust-as build [entry.ts …] [--target release|debug] [--runtime R | --all-runtimes] [--out-dir DIR]\n       piecrust-as check [--debug] file.wasm …\n" + STORE_COMMANDS_USAGE + "\n");
      return cmd === undefined || cmd === "help" || cmd === "--help" ? 0 : 2;
    }
  }
}

// Run when executed directly (node dist/cli/main.js …) or through bin/piecrust-as.js.
const invoked = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : "";
if (invoked === import.meta.url || /[\\/]bin[\\/]piecrust-as(\.js)?$/.test(process.argv[1] ?? "")) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`piecrust-as: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
