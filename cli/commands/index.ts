// The commands of the piecrust-as CLI besides `build` (cli/build.ts), dispatched from cli/main.ts.
import { call } from "./call.js";
import { check } from "./check.js";
import { commits } from "./commits.js";
import { decode } from "./decode.js";
import { deploy } from "./deploy.js";
import { duskId } from "./dusk-id.js";
import { encode } from "./encode.js";
import { init } from "./init.js";
import { inspect } from "./inspect.js";
import { test } from "./test.js";
import { typegen } from "./typegen.js";

export interface Command {
  /** The usage line after `piecrust-as `. */
  usage: string;
  run(args: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  check: { usage: "check [--debug] file.wasm …", run: check },
  deploy: { usage: "deploy <file.wasm> [--owner HEX] [--init JSON] [--id HEX | --dusk-nonce N] [--name N] [--gas N] [--store DIR]", run: deploy },
  call: { usage: "call <contract> <fn> [json] [--raw HEX] [--meta NAME=HEX] [--gas N] [--json] [--store DIR]", run: (a) => call(a, true) },
  query: { usage: "query <contract> <fn> [json] [--raw HEX] [--meta NAME=HEX] [--gas N] [--json] [--store DIR]", run: (a) => call(a, false) },
  commits: { usage: "commits [--head ROOT] [--store DIR]", run: commits },
  "dusk-id": { usage: "dusk-id <file.wasm> --owner HEX --nonce N", run: duskId },
  encode: { usage: "encode <contract> <fn> <json> [--build DIR] [--store DIR]", run: encode },
  decode: { usage: "decode <contract> <fn|event> <hex> [--input | --event] [--build DIR] [--store DIR]", run: decode },
  inspect: { usage: "inspect <contract> [--store DIR]", run: inspect },
  init: { usage: "init [dir] [--name NAME] [--sdk PATH]", run: init },
  test: { usage: "test [pattern] [--gas-report] [--gas-snapshot [--update]] [--snapshot FILE]", run: test },
  typegen: { usage: "typegen <schema.json …> [--out-dir DIR] [--import MODULE]", run: typegen },
};
