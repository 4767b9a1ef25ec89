// piecrust-as build: compiles contracts with asc + the piecrust-as transform, checks the ABI of
// the result and writes the contract schema next to the wasm (build/<name>.schema.json) with its
// typed client (build/<name>.client.ts). Which
// contracts a project has is cli/project.ts; what makes a rebuild unnecessary is cli/build-cache.ts.

import { existsSync, readFileSync, statSync, watch, type FSWatcher } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs as parseOptions } from "node:util";
import { checkAbi } from "../transform/abi-check.js";
import type { ContractSchema } from "../transform/schema.js";
import { clientSource } from "./client-gen.js";
import { BuildCache, cacheKey, filesFingerprint, sha256 } from "./build-cache.js";
import { buildDriver, type DriverResult } from "./driver-build.js";
import { checkAsconfig, contractName, findContracts, ProjectError, type ContractEntry } from "./project.js";
import { reportError, UsageError } from "./commands/args.js";
import { ascArgv } from "./asc-args.js";
import { finishDebugFiles, namesCapture, SOURCE_MAP_ARGS } from "./debug-build.js";
import { AscOutputs } from "./asc-outputs.js";
import { writeWhole } from "./commands/files.js";
import { debugFileOf } from "#host-sim";

export { contractName, findExampleEntries } from "./project.js";

// asc and the transform (which loads the compiler too) are loaded on first use, so --help, other
// commands and a build with nothing to recompile stay fast.
type Asc = typeof import("assemblyscript/asc");
// asc instantiates a transform class itself, giving it binaryen (debug-build.ts namesCapture)
type AscTransform = NonNullable<NonNullable<Parameters<Asc["main"]>[1]>["transforms"]>[number];
let ascModule: Asc | undefined;
let transformModule: typeof import("../transform/index.js") | undefined;
async function loadAsc(): Promise<Asc> {
  transformModule ??= await import("../transform/index.js");
  ascModule ??= await import("assemblyscript/asc");
  return ascModule;
}

const PKG_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNTIMES = ["incremental", "minimal", "stub"] as const;
type Runtime = (typeof RUNTIMES)[number];

/** Options of a contract build (`piecrust-as build`, `buildOne`). */
export interface BuildOptions {
  /** Entry files to build (each a contract's assembly/index.ts), relative to `cwd`. */
  entries: string[];
  /** The asc target: "release" (optimised, no `hdebug`) or "debug" (debug-enabled Piecrust only). */
  target: "release" | "debug";
  /** The AssemblyScript runtime: "incremental", "minimal" or "stub". */
  runtime: Runtime;
  /** Directory the .wasm and .schema.json files are written to, relative to `cwd`. */
  outDir: string;
  /** Working directory the entries and outDir are relative to. */
  cwd: string;
  /** Output name override (default: the example folder name, or the entry's base name). */
  name?: string;
  /** Accepted for callers but currently unused: a build prints nothing of its own either way. */
  quiet?: boolean;
  /** Extra asc arguments (e.g. ["--textFile", "x.wat"]). */
  extraArgs?: string[];
  /**
   * Also write the contract's data driver, <outDir>/<name>.driver.wasm (release builds with a schema;
   * the `build` command does, unless --no-driver).
   */
  driver?: boolean;
}

/** The outcome of building one entry. */
export interface BuildResult {
  /** The entry file that was built. */
  entry: string;
  /** The .wasm file written (relative to the build's `cwd`). */
  outFile: string;
  /** True when asc succeeded and the module passes Piecrust's deploy-time ABI checks. */
  ok: boolean;
  /** Size of the .wasm in bytes (0 when asc failed). */
  bytes: number;
  /** Why the build failed: asc's error, or each ABI problem Piecrust would reject the module for. */
  problems: string[];
  /** What asc wrote to stderr (its diagnostics). */
  stderr: string;
  /** The contract schema, written to <outDir>/<name>.schema.json. */
  schema: ContractSchema | null;
  /** The generated entry-point source (for golden tests). */
  entrySource: string | null;
  /** Every file asc asked for (project-relative where inside the project): sha256, or null if absent. */
  inputs: Record<string, string | null>;
  /** The data driver (<outDir>/<name>.driver.wasm), when `driver` was asked for. */
  driver?: DriverResult & {
    /** How long generating and compiling it took, in milliseconds. */
    ms: number;
  };
}

function outName(name: string, o: Pick<BuildOptions, "runtime" | "target">): string {
  let file = name;
  if (o.runtime !== "incremental") file += `.${o.runtime}`;
  if (o.target === "debug") file += ".debug";
  return file + ".wasm";
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

/**
 * node_modules directories asc may search for the SDK's own dependencies (as-bignum) when the
 * project has none of its own, e.g. a contract built by a globally installed piecrust-as. asc
 * names a package file `~lib/<pkg>/…` wherever it was found, so this never reaches the wasm.
 */
function packageSearchPath(): string[] {
  const dirs: string[] = [];
  for (let d = PKG_ROOT; ; d = dirname(d)) {
    if (!d.endsWith(`${sep}node_modules`)) dirs.push(join(d, "node_modules"));
    if (dirname(d) === d) return dirs;
  }
}

/**
 * asc's file reader, recording what it read. `piecrust-as/…` is always served from this package,
 * so the SDK a contract compiles against is the one the running transform was made for, with or
 * without a node_modules/piecrust-as in the project.
 */
function recordingReader(cwd: string, inputs: Record<string, string | null>) {
  return async (filename: string, baseDir: string): Promise<string | null> => {
    const asked = resolve(baseDir, filename);
    const own = /[\\/]node_modules[\\/]piecrust-as[\\/](.+)$/.exec(asked);
    const file = own ? join(PKG_ROOT, own[1]) : asked;
    let text: string | null;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      text = null;
    }
    const rel = relative(cwd, file);
    inputs[rel.startsWith("..") || isAbsolute(rel) ? file : toPosix(rel)] = text === null ? null : sha256(text);
    return text;
  };
}

// The transform hands its results over through one slot per process (transform/index.ts
// lastBuild), and asc awaits between reads, so two builds in one process take turns.
let turn: Promise<unknown> = Promise.resolve();

/**
 * Compiles one entry with asc's programmatic API, transform included, and checks the result. Builds
 * started together in one process run one after the other.
 */
export function buildOne(entry: string, o: BuildOptions): Promise<BuildResult> {
  const run = turn.then(() => buildAlone(entry, o));
  turn = run.catch(() => undefined);
  return run;
}

async function buildAlone(entry: string, o: BuildOptions): Promise<BuildResult> {
  const name = o.name ?? contractName(entry);
  const outFile = join(o.outDir, outName(name, o));
  const argv = ascArgv({
    entry,
    outFile,
    runtime: o.runtime,
    // The package's asconfig.json holds the release/debug targets and wires in the transform
    // (its path resolves relative to the config file, so this works from any directory); a
    // project's own asconfig.json (piecrust-as init writes one) extends it.
    config: existsSync(join(o.cwd, "asconfig.json")) ? join(o.cwd, "asconfig.json") : join(PKG_ROOT, "asconfig.json"),
    target: o.target,
    baseDir: o.cwd,
    searchPaths: packageSearchPath(),
    extraArgs: [...SOURCE_MAP_ARGS, ...(o.extraArgs ?? [])],
  });
  const asc = await loadAsc();
  const names = namesCapture();
  const stderr = asc.createMemoryStream();
  const stdout = asc.createMemoryStream();
  const inputs: Record<string, string | null> = {};
  const out = new AscOutputs();
  const { error } = await asc.main(argv, { stdout, stderr, readFile: recordingReader(o.cwd, inputs), writeFile: out.writeFile, transforms: [names.transform as unknown as AscTransform] });
  const errText = stderr.toString();
  // The transform ran in this process (asc imports the same module), so its last results are ours.
  const built = transformModule!.lastBuild();
  const schema = error ? null : built.schema;
  const entrySource = error ? null : built.entrySource;
  if (error) return { entry, outFile, ok: false, bytes: 0, problems: [error.message], stderr: errText, schema, entrySource, inputs };
  const wasmFile = resolve(o.cwd, outFile);
  const bytes = finishDebugFiles(out, wasmFile, name, names.names());
  out.writeAll(wasmFile);
  const result = checkAbi(bytes, { allowDebug: o.target === "debug" });
  if (schema) {
    writeWhole(resolve(o.cwd, o.outDir, `${name}.schema.json`), JSON.stringify(schema, null, 2) + "\n");
    writeWhole(resolve(o.cwd, o.outDir, `${name}.client.ts`), clientSource(schema, `${name}.schema.json`));
  }
  if (!schema || o.target !== "release" || !o.driver) return { entry, outFile, ok: result.ok, bytes: bytes.length, problems: result.problems, stderr: errText, schema, entrySource, inputs };
  const started = Date.now();
  const d = await buildDriver(schema, {
    asc, cwd: o.cwd, outDir: o.outDir, name, sdkDir: join(PKG_ROOT, "assembly"), searchPath: packageSearchPath(),
    reader: (into) => recordingReader(o.cwd, into),
  });
  const driver = { ...d, ms: Date.now() - started };
  Object.assign(inputs, d.inputs);
  return { entry, outFile, ok: result.ok && d.ok, bytes: bytes.length, problems: [...result.problems, ...d.problems], stderr: errText, schema, entrySource, inputs, driver };
}

export const BUILD_HELP = `usage: piecrust-as build [contract|entry.ts …] [options]

Builds the project's contracts into build/<name>.wasm with their schema build/<name>.schema.json
and a typed TypeScript client over host-sim, build/<name>.client.ts, then prints a size table. The contracts are those listed in package.json under
"piecrust-as": { "contracts": { "<name>": "<entry.ts>" } }, else every contracts/<name>/index.ts,
else every examples/<name>/assembly/index.ts. Name contracts to build only those, or give entry
files. A contract whose sources, options and toolchain are unchanged is not recompiled.

options:
  --target T       release (default) or debug
  --runtime R      incremental (default), minimal or stub
  --all-runtimes   build every runtime
  --out-dir DIR    output folder (default build)
  --name NAME      output name, for a single entry file
  --force          recompile even what is up to date
  --no-driver      skip the data driver (build/<name>.driver.wasm, see docs/dusk.md)
  --watch          rebuild whenever a source changes (Ctrl-C stops)
  -h, --help       this text`;

interface Plan {
  contracts: ContractEntry[];
  target: BuildOptions["target"];
  runtimes: Runtime[];
  outDir: string;
  force: boolean;
  noDriver: boolean;
  watch: boolean;
}

function plan(args: string[], cwd: string): Plan | "help" {
  let parsed;
  try {
    parsed = parseOptions({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        target: { type: "string" },
        runtime: { type: "string" },
        "all-runtimes": { type: "boolean" },
        "out-dir": { type: "string" },
        name: { type: "string" },
        force: { type: "boolean" },
        "no-driver": { type: "boolean" },
        watch: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    // node:util names the option ("Unknown option '--x'", "Option '--target <value>' argument missing").
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return "help";
  const target = v.target ?? "release";
  if (target !== "release" && target !== "debug") throw new UsageError(`--target must be release or debug, not ${JSON.stringify(target)}`);
  if (v.runtime !== undefined && v["all-runtimes"]) throw new UsageError("give --runtime or --all-runtimes, not both");
  const runtime = v.runtime ?? "incremental";
  if (!(RUNTIMES as readonly string[]).includes(runtime)) throw new UsageError(`--runtime must be one of ${RUNTIMES.join(", ")}, not ${JSON.stringify(runtime)}`);
  const runtimes: Runtime[] = v["all-runtimes"] ? [...RUNTIMES] : [runtime as Runtime];
  if (v.name !== undefined && !(positionals.length === 1 && positionals[0].endsWith(".ts"))) {
    throw new UsageError("--name renames the output of one entry file: give exactly one entry.ts with it");
  }
  let contracts: ContractEntry[];
  let found: ContractEntry[] | undefined;
  const known = () => (found ??= findContracts(cwd));
  if (!positionals.length) {
    contracts = known();
    if (!contracts.length) {
      throw new UsageError(`no contracts found in ${cwd}: expected contracts/<name>/index.ts (see piecrust-as init), or "piecrust-as": { "contracts": … } in package.json`);
    }
  } else {
    contracts = positionals.map((p) => {
      if (p.endsWith(".ts")) {
        if (!existsSync(resolve(cwd, p))) throw new UsageError(`entry file ${p} does not exist`);
        return { name: v.name ?? contractName(p), entry: p };
      }
      const all = known();
      const named = all.find((c) => c.name === p);
      if (!named) throw new UsageError(`no contract named ${JSON.stringify(p)}${all.length ? ` (this project has: ${all.map((c) => c.name).join(", ")})` : " (this project has none)"}`);
      return named;
    });
  }
  const asconfig = join(cwd, "asconfig.json");
  if (existsSync(asconfig)) checkAsconfig(asconfig);
  return { contracts, target, runtimes, outDir: v["out-dir"] ?? "build", force: !!v.force, noDriver: !!v["no-driver"], watch: !!v.watch };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd()).join("\n");
}

let toolchainPrint: string | undefined;
/** What, besides the sources asc reads, decides the bytes: asc's version, this package's transform and driver build. */
function toolchain(): string {
  if (toolchainPrint === undefined) {
    const ascPkg = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve("assemblyscript/package.json")), "utf8")) as { version: string };
    toolchainPrint = `asc ${ascPkg.version}; transform ${filesFingerprint(join(PKG_ROOT, "dist", "transform"), [join(PKG_ROOT, "asconfig.json"), join(PKG_ROOT, "dist", "cli", "driver-build.js")])}`;
  }
  return toolchainPrint;
}

interface RunOutcome {
  failed: number;
  /** Every source any contract read, to watch. */
  sources: Set<string>;
}

async function runBuild(p: Plan, cwd: string): Promise<RunOutcome> {
  const cache = new BuildCache(cwd, p.outDir);
  const rows = [["contract", "runtime", "bytes", "ABI", "file"]];
  const sources = new Set<string>();
  let failed = 0;
  let done = 0;
  const total = p.runtimes.length * p.contracts.length;
  for (const runtime of p.runtimes) {
    for (const c of p.contracts) {
      const step = `[${++done}/${total}] ${c.name} (${runtime}, ${p.target})`;
      const outFile = toPosix(join(p.outDir, outName(c.name, { runtime, target: p.target })));
      const schemaFile = toPosix(join(p.outDir, `${c.name}.schema.json`));
      const key = cacheKey({ entry: toPosix(c.entry), name: c.name, runtime, target: p.target, outDir: toPosix(p.outDir), toolchain: toolchain(), ...(p.noDriver ? { driver: false } : {}) });
      // a build recorded before the debug side file existed is rebuilt to get one
      const unchanged = p.force || !existsSync(resolve(cwd, debugFileOf(outFile))) ? null : cache.fresh(key);
      if (unchanged) {
        for (const f of unchanged) sources.add(resolve(cwd, f));
        process.stderr.write(`${step}: up to date\n`);
        rows.push([c.name, runtime, String(statSync(resolve(cwd, outFile)).size), "ok", outFile]);
        continue;
      }
      if (!ascModule) process.stderr.write("loading the AssemblyScript compiler…\n");
      await loadAsc();
      process.stderr.write(`${step}: compiling ${c.entry}…\n`);
      const started = Date.now();
      const r = await buildOne(c.entry, { entries: [c.entry], target: p.target, runtime, outDir: p.outDir, cwd, name: c.name, driver: !p.noDriver });
      for (const f of Object.keys(r.inputs)) sources.add(resolve(cwd, f));
      if (r.stderr) process.stderr.write(r.stderr);
      if (!r.ok) {
        failed++;
        process.stderr.write(`${c.entry}: build failed\n${r.problems.map((x) => `  - ${x}`).join("\n")}\n`);
      } else {
        cache.record(key, r.inputs, [outFile, debugFileOf(outFile), ...(r.schema ? [schemaFile, toPosix(join(p.outDir, `${c.name}.client.ts`))] : []), ...(r.driver ? [toPosix(r.driver.outFile)] : [])]);
        const driverNote = r.driver ? `; driver ${r.driver.bytes} bytes in ${(r.driver.ms / 1000).toFixed(1)} s` : "";
        process.stderr.write(`${step}: ${r.bytes} bytes in ${((Date.now() - started) / 1000).toFixed(1)} s${driverNote}\n`);
      }
      rows.push([c.name, runtime, r.ok ? String(r.bytes) : "-", r.ok ? "ok" : "FAIL", toPosix(relative(cwd, resolve(cwd, r.outFile)))]);
    }
  }
  process.stdout.write(table(rows) + "\n");
  return { failed, sources };
}

/** Rebuilds on every change to a file a build read, until the process is stopped. */
async function watchLoop(p: Plan, cwd: string, first: RunOutcome): Promise<number> {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const arm = (sources: Set<string>) => {
    for (const w of watchers) w.close();
    // Folders, not files: editors replace a file on save, which ends a watch on the file itself.
    const dirs = new Set([...sources].filter((f) => !f.includes(`${sep}node_modules${sep}`)).map((f) => dirname(f)).filter((d) => existsSync(d)));
    // A watched folder that disappears ends its watcher with an error: the rebuild re-arms.
    watchers = [...dirs].map((d) => watch(d, () => schedule()).on("error", () => schedule()));
    process.stderr.write(`watching ${dirs.size} folder(s) for changes (Ctrl-C stops)\n`);
  };
  let stop: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolveExit) => {
    stop = (code) => {
      for (const w of watchers) w.close();
      clearTimeout(timer);
      resolveExit(code);
    };
  });
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        process.stderr.write("change detected: rebuilding\n");
        const out = await runBuild(p, cwd);
        // A build that failed early read less: keep watching what the first one read too.
        arm(new Set([...first.sources, ...out.sources]));
      } while (again);
    } catch (e) {
      // Nothing awaits a rebuild, so its error is reported here, as cli/run.ts reports a command's:
      // a user's (an output that cannot be written) is one line and the watch goes on, as after a
      // failed build; a bug ends the watch.
      if (reportError("piecrust-as build", e) === 70) stop(70);
      else process.stderr.write("watching for changes (Ctrl-C stops)\n");
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 150);
  };
  arm(first.sources);
  process.once("SIGINT", () => stop(0));
  return stopped;
}

export async function cmdBuild(args: string[]): Promise<number> {
  const cwd = process.cwd();
  let p: Plan | "help";
  try {
    p = plan(args, cwd);
  } catch (e) {
    if (e instanceof ProjectError) {
      process.stderr.write(`piecrust-as build: ${e.message}\n`);
      return 2;
    }
    throw e; // a UsageError is printed by cli/main.ts, with the pointer to --help
  }
  if (p === "help") {
    process.stdout.write(BUILD_HELP + "\n");
    return 0;
  }
  const out = await runBuild(p, cwd);
  if (p.watch) return watchLoop(p, cwd, out);
  return out.failed ? 1 : 0;
}
