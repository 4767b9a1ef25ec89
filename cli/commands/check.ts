// piecrust-as check [--debug] file.wasm … — Piecrust's ABI rules on any wasm file.
import { checkAbi, formatAbiProblems } from "../../transform/abi-check.js";
import { CliError, expectPositionals, help, parseCommand } from "./args.js";
import { readRegularFile } from "./files.js";

export const CHECK_HELP = `usage: piecrust-as check [--debug] file.wasm …

Checks each wasm file against the ABI Piecrust requires of a contract (memory, exports, imports,
the argument buffer) and lists what is wrong. Exit code 1 when any file fails.

options:
  --debug         allow the imports only a debug build may use`;

const OPTIONS = { debug: { type: "boolean" } } as const;

export async function check(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(CHECK_HELP);
  const files = expectPositionals(p, 1, Infinity, "one or more wasm files");
  const bad: string[] = [];
  for (const file of files) {
    const result = checkAbi(readRegularFile(file, "wasm file", "check the path, or build the contract first: piecrust-as build"), { allowDebug: p.booleans.has("debug") });
    process.stdout.write(formatAbiProblems(file, result) + "\n");
    if (!result.ok) bad.push(file);
  }
  if (bad.length) throw new CliError(`${bad.length} of ${files.length} file${files.length === 1 ? "" : "s"} break${bad.length === 1 ? "s" : ""} Piecrust's ABI: ${bad.join(", ")} (problems listed above)`);
  return 0;
}
