// piecrust-as test [pattern] [--gas-report] [--gas-snapshot [--update]] — runs the as-pect specs,
// whose entry calls run the contracts' real wasm in host-sim, and reports their gas.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatReport, snapshotDiff, snapshotText, summarize, type GasRecord } from "../../as-pect/gas-report.js";
import { CliError, help, UsageError } from "./args.js";
import { reason, writeWhole } from "./files.js";
import { profileFile } from "../profile-files.js";
import type { CallProfile } from "../../host-sim/profile.js";

export const TEST_HELP = `usage: piecrust-as test [pattern] [--gas-report] [--gas-snapshot [--update]] [--snapshot FILE]
                       [--config as-pect.config.js] [--as-config as-pect.asconfig.json]

Runs the as-pect specs of the project (npx asp with the piecrust-as preset). Entry calls in specs
run the contract's real wasm in host-sim, with Piecrust's gas, rollback and errors.

  pattern         only the spec files whose path contains it; if no file does, only the tests
                  whose name contains it
  --gas-report    per contract and function: calls, min, median, mean and max gas of every call
                  that succeeded, nested calls included (from the receipts' call trees; a
                  call's gas includes its callees')
  --gas-snapshot  compares the same figures with the snapshot file and fails on any change,
                  printing the lines that differ (written when there is none yet)
  --update        rewrites the snapshot file instead of comparing
  --snapshot FILE the snapshot file (default .gas-snapshot)
  --profile       profiles the gas of every contract call the specs make, and writes the flame
                  graph build/test-profile.svg and speedscope's build/test-profile.json
  --profile-out F writes the profile to F instead (.svg or .json)

--coverage is refused with the reason: as-covers does not work with the pinned toolchain.`;

const SKIP = new Set(["node_modules", ".git", "dist", "build"]);

/**
 * The project's spec files. A link is followed once (a link to a folder above would otherwise be
 * walked forever); a dangling link is skipped unless it is named as a spec, which is an error.
 */
function specFiles(dir: string, root: string, out: string[] = [], seen = new Set<string>()): string[] {
  const real = realpathSync(dir);
  if (seen.has(real)) return out;
  seen.add(real);
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const p = join(dir, name);
    let folder: boolean;
    try {
      folder = statSync(p).isDirectory();
    } catch (e) {
      if (name.endsWith(".spec.ts")) throw new CliError(`cannot read the spec ${relative(root, p)}: ${reason(e)}`);
      continue;
    }
    if (folder) specFiles(p, root, out, seen);
    else if (name.endsWith(".spec.ts")) out.push(relative(root, p));
  }
  return out;
}

/** The module as-pect's process loads first, so that an uncaught error is printed readably. */
const ASP_CRASH = new URL("./asp-crash.js", import.meta.url).href;

/**
 * The project's as-pect config imports the preset from `piecrust-as`, which only a project's own
 * node_modules gives it (npm install); without it as-pect stops before running a spec.
 */
function requireInstalledSdk(cwd: string, config: string): void {
  const text = readFileSync(resolve(cwd, config), "utf8");
  if (!/from\s+["']piecrust-as[/"']/.test(text)) return;
  try {
    createRequire(join(cwd, "package.json")).resolve("piecrust-as/package.json");
  } catch {
    throw new CliError(`${config} imports piecrust-as, which this project does not have installed (no node_modules/piecrust-as): run npm install, then piecrust-as test again`);
  }
}

/**
 * as-pect's runner, lib/test.js. Its bin (bin/asp.js) only starts that file again in a second Node,
 * the first `node` on PATH, which need not be the Node running piecrust-as and which would not get
 * ASP_CRASH; so it is started here, with the bin's flags.
 */
function aspRunner(): string[] {
  // The package exports only its library (lib/index.js), which sits beside lib/test.js.
  const runner = join(dirname(createRequire(import.meta.url).resolve("@as-pect/cli")), "test.js");
  return ["--enable-source-maps", "--experimental-wasi-unstable-preview1", "--import", ASP_CRASH, runner];
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        "gas-report": { type: "boolean" },
        "gas-snapshot": { type: "boolean" },
        update: { type: "boolean" },
        snapshot: { type: "string" },
        config: { type: "string" },
        "as-config": { type: "string" },
        coverage: { type: "boolean" },
        profile: { type: "boolean" },
        "profile-out": { type: "string" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function test(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.help) return help(TEST_HELP);
  if (positionals.length > 1) throw new UsageError(`one pattern at most, got ${positionals.length}`);
  if (values.coverage) {
    throw new UsageError(
      "line coverage is not available: as-pect's coverage (as-covers 0.4.2) crashes inside binaryen with the pinned AssemblyScript 0.27.37, and it would instrument only the spec module, not the built contract that entry calls run");
  }
  if (values.update && !values["gas-snapshot"]) throw new UsageError("--update only goes with --gas-snapshot");
  const profileOut = values["profile-out"];
  if (profileOut !== undefined && !/\.(svg|json)$/.test(profileOut)) throw new UsageError(`--profile-out takes a file ending in .svg or .json, got ${JSON.stringify(profileOut)}`);
  const profiling = Boolean(values.profile) || profileOut !== undefined;
  const cwd = process.cwd();
  const config = values.config ?? "as-pect.config.js";
  const asConfig = resolve(cwd, values["as-config"] ?? "as-pect.asconfig.json");
  if (!existsSync(resolve(cwd, config))) throw new CliError(`no ${config} here: run piecrust-as test in the project's folder, or give --config`);
  if (!existsSync(asConfig)) throw new CliError(`no ${relative(cwd, asConfig)} here: give --as-config`);
  requireInstalledSdk(cwd, config);

  const pattern = positionals[0] ?? "";
  const env: NodeJS.ProcessEnv = { ...process.env, PCAS_TEST_PATTERN: pattern };
  if (pattern) env.PCAS_PATTERN_IS_FILE = specFiles(cwd, cwd).some((f) => f.includes(pattern)) ? "1" : "0";
  const logDir = mkdtempSync(join(tmpdir(), "piecrust-as-gas-"));
  const log = join(logDir, "gas.jsonl");
  env.PCAS_GAS_LOG = log;
  const profileLog = join(logDir, "profiles.jsonl");
  if (profiling) env.PCAS_PROFILE_LOG = profileLog;
  try {
    // as-pect's own --config is relative to the cwd; an absolute --as-config lets asc resolve the
    // transform paths written in it.
    const r = spawnSync(process.execPath, [...aspRunner(), "--config", config, "--as-config", asConfig], { cwd, env, stdio: "inherit" });
    const records: GasRecord[] = existsSync(log)
      ? readFileSync(log, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as GasRecord)
      : [];
    let code = r.status === 0 ? 0 : 1;
    const rows = summarize(records);
    if (values["gas-report"]) process.stdout.write("\nGas report\n" + formatReport(rows));
    if (profiling) writeProfiles(profileLog, profileOut ? [profileOut] : [join("build", "test-profile.svg"), join("build", "test-profile.json")]);
    if (values["gas-snapshot"]) code = Math.max(code, compareSnapshot(resolve(cwd, values.snapshot ?? ".gas-snapshot"), snapshotText(rows), Boolean(values.update), pattern !== ""));
    return code;
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** The specs' call profiles (as-pect/preset.ts writes them as JSON lines) written to `files`. */
function writeProfiles(log: string, files: string[]): void {
  const revive = (k: string, v: unknown) => (k === "self" || k === "total" || k === "gasSpent" ? BigInt(v as string) : v);
  const profiles: CallProfile[] = existsSync(log)
    ? readFileSync(log, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l, revive) as CallProfile)
    : [];
  if (profiles.length === 0) {
    process.stdout.write("\nno contract call was profiled (the specs made none)\n");
    return;
  }
  for (const f of files) {
    writeWhole(f, profileFile(f, profiles, `piecrust-as test: ${profiles.length} calls`));
    process.stdout.write(`\ngas profile of ${profiles.length} calls written to ${f}`);
  }
  process.stdout.write("\n");
}

/**
 * Writes the snapshot when it is missing or `update` is set; otherwise fails on any difference.
 * A run narrowed by a pattern compares (and updates) only the functions it called.
 */
function compareSnapshot(file: string, now: string, update: boolean, partial: boolean): number {
  const name = relative(process.cwd(), file);
  if (!existsSync(file)) {
    writeWhole(file, now);
    process.stdout.write(`\ngas snapshot written to ${name}\n`);
    return 0;
  }
  const before = readFileSync(file, "utf8");
  const merged = partial ? mergeSnapshot(before, now) : now;
  if (update) {
    writeWhole(file, merged);
    process.stdout.write(`\ngas snapshot ${name} updated\n`);
    return 0;
  }
  const diff = snapshotDiff(before, merged);
  if (!diff) {
    process.stdout.write(`\ngas snapshot ${name}: no change\n`);
    return 0;
  }
  process.stdout.write(`\ngas snapshot ${name} differs (- snapshot, + this run):\n${diff}\nrun with --update to accept the new figures\n`);
  return 1;
}

/** The snapshot with this run's lines replacing or adding theirs. */
function mergeSnapshot(before: string, now: string): string {
  const key = (l: string) => l.slice(0, l.indexOf(" ("));
  const lines = new Map(before.split("\n").filter((l) => l.trim()).map((l) => [key(l), l] as const));
  for (const l of now.split("\n").filter((x) => x.trim())) lines.set(key(l), l);
  return [...lines.keys()].sort().map((k) => lines.get(k)).join("\n") + "\n";
}
