// The commands of the piecrust-as CLI besides `build` (cli/build.ts), dispatched from cli/main.ts.
// Each command's module is loaded when it runs, so --help, --version and the commands that need no
// VM do not load host-sim or the compiler.
export interface Command {
  /** The usage line after `piecrust-as `. */
  usage: string;
  run(args: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  check: { usage: "check [--debug] file.wasm …", run: async (a) => (await import("./check.js")).check(a) },
  deploy: { usage: "deploy <file.wasm> [--owner HEX] [--init JSON] [--id HEX | --dusk-nonce N] [--name N] [--gas N] [--store DIR]", run: async (a) => (await import("./deploy.js")).deploy(a) },
  call: { usage: "call <contract> <fn> [json] [--raw HEX] [--meta NAME=HEX] [--gas N] [--json] [--store DIR]", run: async (a) => (await import("./call.js")).call(a, true) },
  query: { usage: "query <contract> <fn> [json] [--raw HEX] [--meta NAME=HEX] [--gas N] [--json] [--store DIR]", run: async (a) => (await import("./call.js")).call(a, false) },
  commits: { usage: "commits [--head ROOT] [--store DIR]", run: async (a) => (await import("./commits.js")).commits(a) },
  "dusk-id": { usage: "dusk-id <file.wasm> --owner HEX --nonce N", run: async (a) => (await import("./dusk-id.js")).duskId(a) },
  encode: { usage: "encode <contract> <fn> <json> [--build DIR] [--store DIR]", run: async (a) => (await import("./encode.js")).encode(a) },
  decode: { usage: "decode <contract> <fn|event> <hex> [--input | --event] [--build DIR] [--store DIR]", run: async (a) => (await import("./decode.js")).decode(a) },
  inspect: { usage: "inspect <contract> [--store DIR]", run: async (a) => (await import("./inspect.js")).inspect(a) },
  init: { usage: "init [dir] [--name NAME] [--sdk PATH]", run: async (a) => (await import("./init.js")).init(a) },
  test: { usage: "test [pattern] [--gas-report] [--gas-snapshot [--update]] [--snapshot FILE]", run: async (a) => (await import("./test.js")).test(a) },
  typegen: { usage: "typegen <schema.json …> [--out-dir DIR] [--import MODULE]", run: async (a) => (await import("./typegen.js")).typegen(a) },
};
