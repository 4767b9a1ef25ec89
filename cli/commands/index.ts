// The store commands of the piecrust-as CLI, dispatched from cli/main.ts.
import { UsageError, CliError } from "./args.js";
import { deploy } from "./deploy.js";
import { call } from "./call.js";
import { commits } from "./commits.js";
import { inspect } from "./inspect.js";
import { test } from "./test.js";

export const STORE_COMMANDS_USAGE = `       piecrust-as deploy <file.wasm> [--owner HEX] [--init JSON] [--id HEX] [--gas N] [--store DIR]
       piecrust-as call <contract> <fn> [json] [--raw HEX] [--gas N] [--store DIR]
       piecrust-as query <contract> <fn> [json] [--raw HEX] [--gas N] [--store DIR]
       piecrust-as commits [--store DIR]
       piecrust-as inspect <contract> [--store DIR]
       piecrust-as test [pattern] [--gas-report] [--gas-snapshot [--update]]
  (each command takes --help)`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  deploy,
  call: (a) => call(a, true),
  query: (a) => call(a, false),
  commits,
  inspect,
  test,
};

/** Runs a store command; undefined when `cmd` is not one. User errors print one line, no stack. */
export async function runStoreCommand(cmd: string, args: string[]): Promise<number | undefined> {
  const run = COMMANDS[cmd];
  if (!run) return undefined;
  try {
    return await run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`piecrust-as ${e.command}: ${e.message} (see piecrust-as ${e.command} --help)\n`);
      return 2;
    }
    if (e instanceof CliError) {
      process.stderr.write(`piecrust-as ${cmd}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
