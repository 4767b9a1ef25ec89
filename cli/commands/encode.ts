// piecrust-as encode <contract> <fn> <json> — a function's argument as the rkyv hex a wallet sends.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { toHex } from "#host-sim";
import { CliError, expectPositionals, help, parseCommand, parseJsonArg } from "./args.js";
import { readSchemaFile, SchemaCodec } from "./schema.js";
import { Workspace } from "./store.js";

export const CONTRACT_ARG = `<contract> is a built contract's name (build/<name>.schema.json is read; --build DIR for another
folder) or a deployed contract's name or 64-hex-digit id in the store (--store DIR). The JSON is
the form Dusk's data drivers and wallets use (serde's; docs/dusk.md lists the conventions).`;

export const ENCODE_HELP = `usage: piecrust-as encode <contract> <fn> <json> [options]

Prints the rkyv bytes of <fn>'s argument as hex, ready for rusk-wallet's contract-call or
contract-deploy (--fn-args / --init-args). A function without an argument takes null.

${CONTRACT_ARG}

options:
  --build DIR     where built schemas are (default build)
  --store DIR     store directory (default .piecrust)`;

export const CONTRACT_OPTIONS = { build: { type: "string" }, store: { type: "string" } } as const;

/** The serde-style codec of a built contract by name, else of a deployed one by name or id. */
export async function contractCodec(target: string, values: Map<string, string>): Promise<SchemaCodec> {
  const built = join(values.get("build") ?? "build", `${target}.schema.json`);
  if (/^[A-Za-z0-9_.-]+$/.test(target) && existsSync(built)) return new SchemaCodec(readSchemaFile(built).schema, "serde");
  const storeDir = values.get("store") ?? ".piecrust";
  if (!existsSync(storeDir)) throw new CliError(`no built contract '${target}' (${built} does not exist) and no store at ${storeDir}; build it with piecrust-as build, or deploy it`);
  const ws = await Workspace.open(values.get("store"), { mustExist: true });
  try {
    const session = await ws.session();
    try {
      const id = ws.resolve(target, session);
      const c = ws.codec(id);
      if (!c) throw new CliError(`no schema is known for ${ws.name(id)}, so its JSON cannot be converted`);
      return new SchemaCodec(c.schema, "serde");
    } finally {
      session.close();
    }
  } finally {
    ws.close();
  }
}

export async function encode(args: string[]): Promise<number> {
  const p = parseCommand(args, CONTRACT_OPTIONS);
  if (!p) return help(ENCODE_HELP);
  const [target, fn, jsonText] = expectPositionals(p, 3, 3, "<contract> <fn> <json>");
  const json = parseJsonArg(jsonText, "the argument");
  const c = await contractCodec(target, p.values);
  console.log(toHex(c.encodeInput(fn, json)));
  return 0;
}
