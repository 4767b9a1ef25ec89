// Command-line parsing shared by the store commands: `--flag value`, `--flag=value`, booleans, and
// a usage error (exit code 2) that names the command's --help.

export class UsageError extends Error {
  constructor(message: string, readonly command: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A failure the user can fix (bad input, unknown contract): printed without a stack, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

export interface Parsed {
  positional: string[];
  values: Map<string, string>;
  booleans: Set<string>;
}

export function parseFlags(command: string, args: string[], valueFlags: string[], booleanFlags: string[] = []): Parsed {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-h") {
      booleans.add("help");
      continue;
    }
    if (!a.startsWith("--") || a === "--") {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const key = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (key === "help" || booleanFlags.includes(key)) {
      if (eq >= 0) throw new UsageError(`--${key} takes no value`, command);
      booleans.add(key);
    } else if (valueFlags.includes(key)) {
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new UsageError(`--${key} needs a value`, command);
      values.set(key, v);
    } else {
      throw new UsageError(`unknown option --${key}`, command);
    }
  }
  return { positional, values, booleans };
}

/** A u64 gas amount from decimal, 0x-hex or 1e9-style text. */
export function parseGas(text: string | undefined, fallback: bigint): bigint {
  if (text === undefined) return fallback;
  let v: bigint;
  const m = /^(\d+)e(\d+)$/i.exec(text);
  try {
    v = m ? BigInt(m[1]) * 10n ** BigInt(m[2]) : BigInt(text);
  } catch {
    throw new CliError(`--gas must be an integer, got ${JSON.stringify(text)}`);
  }
  if (v < 0n || v >= 1n << 64n) throw new CliError(`--gas must fit in a u64, got ${text}`);
  return v;
}

export function parseJsonArg(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what} is not valid JSON (${(e as Error).message}): ${text.length > 80 ? text.slice(0, 80) + "…" : text}`);
  }
}

/** A VMError as one line: its code, then the message (which some codes already start with). */
export function vmText(e: { code: string; message: string }): string {
  return e.message.startsWith(e.code) ? e.message : `${e.code}: ${e.message}`;
}
