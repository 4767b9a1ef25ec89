// Command-line parsing for every command (node:util parseArgs, strict), the two kinds of user
// error, and the converters of option values (gas, hex, JSON).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { fromHex } from "../../host-sim/hex.js";

/** The command line cannot be understood (exit code 2); printed with a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure the user can fix (bad input, unknown contract, a failed call): one line, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/**
 * Reports an error that ends a command on stderr and returns its exit code: a UsageError (2) or a
 * CliError (1) as one line, anything else as a bug in piecrust-as, with its stack (70).
 */
export function reportError(where: string, e: unknown): 1 | 2 | 70 {
  if (e instanceof UsageError) {
    process.stderr.write(`${where}: ${e.message} (see ${where} --help)\n`);
    return 2;
  }
  if (e instanceof CliError) {
    process.stderr.write(`${where}: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`${where}: internal error, a bug in piecrust-as rather than in your input or contract; please report it with the command that caused it:\n${e instanceof Error ? e.stack : String(e)}\n`);
  return 70;
}

export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  positional: string[];
  values: Map<string, string>;
  booleans: Set<string>;
}

const HELP_OPTION: OptionSpecs = { help: { type: "boolean", short: "h" } };

/**
 * Parses `args` against `options` (plus --help/-h). Returns null when help was asked for: the
 * caller prints its help and does nothing else. Every malformed line is a UsageError that says
 * which option was wrong.
 */
export function parseCommand(args: string[], options: OptionSpecs): Parsed | null {
  const all = { ...options, ...HELP_OPTION };
  // Tokens first, leniently: --help wins over any other mistake on the line, and a mistake is
  // named from its token rather than from Node's wording.
  const { tokens } = parseArgs({ args, options: all, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return null;
  let parsed;
  try {
    parsed = parseArgs({ args, options: all, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(describeMistake(tokens, all) ?? (e as Error).message.split("\n")[0]);
  }
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  for (const [k, v] of Object.entries(parsed.values)) {
    if (typeof v === "string") values.set(k, v);
    else if (v === true) booleans.add(k);
  }
  return { positional: parsed.positionals, values, booleans };
}

type Token = ReturnType<typeof parseArgs>["tokens"] extends (infer T)[] | undefined ? T : never;

function describeMistake(tokens: Token[], options: OptionSpecs): string | undefined {
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const spec = options[t.name];
    if (!spec) {
      const hint = /^-\d/.test(t.rawName) ? " (to pass a value that starts with -, put it after --)" : "";
      return `unknown option ${t.rawName}${hint}`;
    }
    if (spec.type === "boolean" && t.value !== undefined) return `${t.rawName} takes no value`;
    if (spec.type === "string") {
      if (t.value === undefined) return `${t.rawName} needs a value`;
      if (!t.inlineValue && t.value.startsWith("-")) return `${t.rawName} needs a value (for one that starts with -, write ${t.rawName}=${t.value})`;
    }
  }
  return undefined;
}

/** Prints a command's help; its exit code. */
export function help(text: string): number {
  console.log(text);
  return 0;
}

/** Exactly `min`..`max` positionals, named by `shape` (e.g. "<contract> <fn> [json]"). */
export function expectPositionals(p: Parsed, min: number, max: number, shape: string): string[] {
  if (p.positional.length < min || p.positional.length > max) {
    const got = p.positional.length;
    throw new UsageError(`expected ${shape || "no arguments"}, got ${got} argument${got === 1 ? "" : "s"}${got > max ? ` (${p.positional.slice(max).map((a) => JSON.stringify(a)).join(" ")} too many)` : ""}`);
  }
  return p.positional;
}

/** A u64 gas amount from decimal, 0x-hex or 1e9-style text. */
export function parseGas(text: string | undefined, fallback: bigint): bigint {
  if (text === undefined) return fallback;
  let v: bigint;
  const m = /^(\d+)e(\d+)$/i.exec(text);
  try {
    v = m ? BigInt(m[1]) * 10n ** BigInt(m[2]) : BigInt(text);
  } catch {
    throw new UsageError(`--gas must be an integer, got ${JSON.stringify(text)}`);
  }
  if (v < 0n || v >= 1n << 64n) throw new UsageError(`--gas must fit in a u64, got ${text}`);
  return v;
}

export function parseJsonArg(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const hint = /^[A-Za-z_]/.test(text) && !/^(true|false|null)$/.test(text) ? `; a string needs its quotes: '${JSON.stringify(text)}'` : "";
    throw new UsageError(`${what} is not valid JSON (${(e as Error).message}): ${text.length > 80 ? text.slice(0, 80) + "…" : text}${hint}`);
  }
}

export function hexArg(text: string, what: string, len?: number): Uint8Array {
  try {
    return fromHex(text, len, what);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A VMError as one line: its code, then the message (which some codes already start with). */
export function vmText(e: { code: string; message: string }): string {
  const text = e.message.startsWith(e.code) ? e.message : `${e.code}: ${e.message}`;
  return text.replace(/\s*\n\s*/g, " ");
}
