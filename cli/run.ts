// piecrust-as command line: the entry point `run`, called by bin/piecrust-as.js (however npm
// started it: npx, an npm script, node_modules/.bin, a global install) and by
// `node dist/cli/main.js`. Exit codes: 0 success, 1 a failed build/check/deploy/call, 2 a command
// line that cannot be understood, 70 a bug in piecrust-as itself. A command's modules load when it
// runs: `--version` or `call` never load the compiler's side.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { help, parseCommand, reportError, UsageError } from "./commands/args.js";
import { COMMANDS, type Command } from "./commands/index.js";

const PKG_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const ALL: Record<string, Command> = {
  build: { usage: "build [contract|entry.ts …] [--target release|debug] [--runtime R | --all-runtimes] [--out-dir DIR] [--force] [--watch]", run: async (a) => (await import("./build.js")).cmdBuild(a) },
  ...COMMANDS,
};

const USAGE = `usage: piecrust-as <command> [arguments] [options]

${Object.values(ALL).map((c) => `  piecrust-as ${c.usage}`).join("\n")}

Every command takes --help. piecrust-as --version prints the version.`;

function version(): string {
  const pkg = JSON.parse(readFileSync(join(PKG_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs one command line; returns the exit code. Prints user errors as one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const first = argv.findIndex((a) => !a.startsWith("-"));
  const lead = first < 0 ? argv : argv.slice(0, first);
  const [cmd, ...rest] = first < 0 ? [] : argv.slice(first);
  let where = "piecrust-as";
  try {
    const top = parseCommand(lead, { version: { type: "boolean" } });
    if (!top) return help(USAGE);
    if (top.booleans.has("version")) {
      console.log(version());
      return 0;
    }
    if (cmd === undefined) return help(USAGE);
    if (cmd === "help") {
      if (rest[0] === undefined) return help(USAGE);
      return await main([rest[0], "--help"]);
    }
    const command = ALL[cmd];
    if (!command) throw new UsageError(`unknown command '${cmd}'; the commands are ${Object.keys(ALL).join(", ")}`);
    where = `piecrust-as ${cmd}`;
    return await command.run(rest);
  } catch (e) {
    return reportError(where, e);
  }
}

/** The CLI's entry: runs process.argv and sets the exit code (output is flushed before exiting). */
export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await main(argv);
}
