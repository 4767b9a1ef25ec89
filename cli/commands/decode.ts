// piecrust-as decode <contract> <fn|event> <hex> — rkyv bytes (a result, argument or event) as JSON.
import { CliError, expectPositionals, help, hexArg, parseCommand, UsageError } from "./args.js";
import { CONTRACT_ARG, CONTRACT_OPTIONS, contractCodec } from "./encode.js";
import { decodeStrictText, type DecodeTarget } from "./schema.js";

export const DECODE_HELP = `usage: piecrust-as decode <contract> <fn|event> <hex> [options]

Prints the JSON of rkyv bytes: by default the output of function <fn>, or, when the contract has no
such function, the data of the event with topic <event>.

${CONTRACT_ARG}

options:
  --input         decode <fn>'s argument instead of its output
  --event         read <event> as an event topic even if a function has that name
  --build DIR     where built schemas are (default build)
  --store DIR     store directory (default .piecrust)`;

const OPTIONS = { ...CONTRACT_OPTIONS, input: { type: "boolean" }, event: { type: "boolean" } } as const;

export async function decode(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(DECODE_HELP);
  const [target, name, hex] = expectPositionals(p, 3, 3, "<contract> <fn|event> <hex>");
  if (p.booleans.has("input") && p.booleans.has("event")) throw new UsageError("give either --input or --event, not both");
  const bytes = hexArg(hex, "the bytes");
  const c = await contractCodec(target, p.values);
  const isFn = c.schema.functions.some((f) => f.name === name);
  const isEvent = c.schema.events.some((e) => e.topic === name);
  let what: DecodeTarget;
  if (p.booleans.has("event")) what = "event";
  else if (p.booleans.has("input")) what = "input";
  else if (isFn) what = "output";
  else if (isEvent) what = "event";
  else {
    const fns = c.schema.functions.map((f) => f.name).join(", ") || "none";
    const events = c.schema.events.map((e) => e.topic).join(", ") || "none";
    throw new CliError(`contract '${c.schema.name}' has no function or event '${name}' (functions: ${fns}; events: ${events})`);
  }
  console.log(decodeStrictText(c, what, name, bytes));
  return 0;
}
