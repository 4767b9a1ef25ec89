// piecrust-as build: compiles contracts with asc + the piecrust-as transform, checks the ABI of
// the result and writes the contract schema next to the wasm (build/<name>.schema.json).
//
//   piecrust-as build [entry.ts …] [--target release|debug] [--runtime incremental|minimal|stub]
//                     [--out-dir build] [--all-runtimes] [--name NAME]

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// asc is loaded on first use: every other command (and --help) stays fast.
type Asc = typeof import("assemblyscript/asc");
let ascModule: Asc | undefined;
async function loadAsc(): Promise<Asc> {
  ascModule ??= await import("assemblyscript/asc");
  return ascModule;
}
import { checkAbi } from "../transform/abi-check.js";
import * as transform from "../transform/index.js";
import type { ContractSchema } from "../transform/schema.js";

const PKG_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNTIMES = ["incremental", "minimal", "stub"] as const;
type Runtime = (typeof RUNTIMES)[number];

export interface BuildOptions {
  entries: string[];
  target: "release" | "debug";
  runtime: Runtime;
  outDir: string;
  /** Working directory the entries and outDir are relative to. */
  cwd: string;
  /** Output name override (default: the example folder name, or the entry's base name). */
  name?: string;
  quiet?: boolean;
  /** Extra asc arguments (e.g. ["--textFile", "x.wat"]). */
  extraArgs?: string[];
}

export interface BuildResult {
  entry: string;
  outFile: string;
  ok: boolean;
  bytes: number;
  problems: string[];
  stderr: string;
  /** The contract schema, written to <outDir>/<name>.schema.json. */
  schema: ContractSchema | null;
  /** The generated entry-point source (for golden tests). */
  entrySource: string | null;
}

/** examples/<name>/assembly/index.ts → <name>; anything else → its file name without .ts. */
export function contractName(entry: string): string {
  const parts = entry.split(/[\\/]/);
  const i = parts.lastIndexOf("assembly");
  if (i > 0 && parts[i + 1] === "index.ts") return parts[i - 1];
  return basename(entry).replace(/\.ts$/, "");
}

export function findExampleEntries(root: string): string[] {
  const dir = join(root, "examples");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => statSync(join(dir, d)).isDirectory() && existsSync(join(dir, d, "assembly", "index.ts")))
    .sort()
    .map((d) => join("examples", d, "assembly", "index.ts"));
}

function outName(name: string, o: BuildOptions): string {
  let file = name;
  if (o.runtime !== "incremental") file += `.${o.runtime}`;
  if (o.target === "debug") file += ".debug";
  return file + ".wasm";
}

/** Compiles one entry with asc's programmatic API, transform included, and checks the result. */
export async function buildOne(entry: string, o: BuildOptions): Promise<BuildResult> {
  const name = o.name ?? contractName(entry);
  const outFile = join(o.outDir, outName(name, o));
  const argv = [
    entry,
    "--outFile", outFile,
    "--runtime", o.runtime,
    // The package's asconfig.json holds the release/debug targets and wires in the transform
    // (its path resolves relative to the config file, so this works from any directory).
    "--config", join(PKG_ROOT, "asconfig.json"),
    "--target", o.target,
    "--baseDir", o.cwd,
    ...(o.extraArgs ?? []),
  ];
  const asc = await loadAsc();
  const stderr = asc.createMemoryStream();
  const stdout = asc.createMemoryStream();
  const { error } = await asc.main(argv, { stdout, stderr });
  const errText = stderr.toString();
  // The transform ran in this process (asc imports the same module), so its last results are ours.
  const built = transform.lastBuild();
  const schema = error ? null : built.schema;
  const entrySource = error ? null : built.entrySource;
  if (error) return { entry, outFile, ok: false, bytes: 0, problems: [error.message], stderr: errText, schema, entrySource };
  const bytes = new Uint8Array(readFileSync(resolve(o.cwd, outFile)));
  const result = checkAbi(bytes, { allowDebug: o.target === "debug" });
  if (schema) {
    const file = resolve(o.cwd, o.outDir, `${name}.schema.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(schema, null, 2) + "\n");
  }
  return { entry, outFile, ok: result.ok, bytes: bytes.length, problems: result.problems, stderr: errText, schema, entrySource };
}

export function parseArgs(args: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const [k, v] = a.slice(2).split("=", 2);
    if (v !== undefined) flags.set(k, v);
    else if (["target", "runtime", "out-dir", "name"].includes(k) && i + 1 < args.length) flags.set(k, args[++i]);
    else flags.set(k, true);
  }
  return { positional, flags };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd()).join("\n");
}

export async function cmdBuild(args: string[]): Promise<number> {
  const { positional, flags } = parseArgs(args);
  const cwd = process.cwd();
  const target = (flags.get("target") ?? "release") as BuildOptions["target"];
  if (target !== "release" && target !== "debug") throw new RangeError(`--target must be release or debug, not ${target}`);
  const runtimeFlag = flags.get("runtime");
  const runtimes: Runtime[] = flags.has("all-runtimes") ? [...RUNTIMES] : [((typeof runtimeFlag === "string" ? runtimeFlag : "incremental") as Runtime)];
  for (const r of runtimes) if (!RUNTIMES.includes(r)) throw new RangeError(`--runtime must be one of ${RUNTIMES.join(", ")}, not ${r}`);
  const outDir = typeof flags.get("out-dir") === "string" ? (flags.get("out-dir") as string) : "build";
  const entries = positional.length ? positional : findExampleEntries(cwd);
  if (!entries.length) {
    process.stderr.write("piecrust-as build: no entries given and no examples/*/assembly/index.ts found\n");
    return 1;
  }
  const rows = [["contract", "runtime", "bytes", "ABI", "file"]];
  let failed = 0;
  const total = runtimes.length * entries.length;
  let done = 0;
  for (const runtime of runtimes) {
    for (const entry of entries) {
      const name = typeof flags.get("name") === "string" ? (flags.get("name") as string) : undefined;
      process.stderr.write(`[${++done}/${total}] ${name ?? contractName(entry)} (${runtime}, ${target})…\n`);
      const r = await buildOne(entry, { entries, target, runtime, outDir, cwd, name });
      if (r.stderr) process.stderr.write(r.stderr);
      if (!r.ok) {
        failed++;
        process.stderr.write(`${entry}: build failed\n${r.problems.map((p) => `  - ${p}`).join("\n")}\n`);
      }
      rows.push([contractName(entry), runtime, r.ok ? String(r.bytes) : "-", r.ok ? "ok" : "FAIL", relative(cwd, resolve(cwd, r.outFile))]);
    }
  }
  process.stdout.write(table(rows) + "\n");
  return failed ? 1 : 0;
}
