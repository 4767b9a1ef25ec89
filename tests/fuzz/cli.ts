// CLI fuzzing (issue #17 point 5): the CLI, run as a user runs it (a child process, under a time
// limit), against generated file arguments — random bytes, empty files, directories, FIFOs,
// /dev/zero, dangling symlinks and links to a FIFO, files over the largest contract Piecrust accepts
// — and against damaged store files: contracts.json as any JSON value (fast-check's jsonValue),
// truncated or not a file; HEAD missing, corrupt or not a file; a deployment's schema of the wrong
// shape. Each run must end in time with exit code 0, 1 or 2; a failure is one line naming the file
// and saying what was expected, with no stack; a file that can never be used is never accepted; and
// the store still opens with every earlier commit.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { MAX_INPUT_BYTES } from "../../cli/commands/files.js";
import { toHex, VM } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { mix, random as rng, type Random } from "../helpers/rng.js";
import { bump, describe, type FuzzFailure, type FuzzOptions, type FuzzReport } from "./report.js";

const CLI = join(REPO_ROOT, "dist", "cli", "main.js");
const COUNTER = join(REPO_ROOT, "build", "counter.wasm");
/** Far above a run's few hundred milliseconds: only a hang reaches it. */
const TIMEOUT_MS = 20_000;

/**
 * The phrasings in which the CLI's errors say what a file should have been. A deploy the VM refuses
 * reports Piecrust's own words for the rule the contract broke (`failed, nothing was committed: …`).
 */
const EXPECTATION = /expected|must|not a regular file|not a contract schema|not a wasm binary|no such file|over the limit|failed to compile|breaks Piecrust's ABI|is missing|does not hold|failed, nothing was committed: /;

interface Outcome {
  code: number | null;
  err: string;
  timedOut: boolean;
}

function cli(cwd: string, args: string[]): Outcome {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: TIMEOUT_MS, killSignal: "SIGKILL" });
  return { code: r.status, err: r.stderr ?? "", timedOut: r.error !== undefined || r.signal !== null };
}

/** What a generated path is, for stats and messages. */
const FILE_KINDS = ["random", "wasmPrefix", "empty", "directory", "fifo", "devZero", "linkDevZero", "dangling", "linkFifo", "oversize", "missing"] as const;
type FileKind = (typeof FILE_KINDS)[number];
/** Kinds that are never a usable wasm or schema, so the CLI must refuse them. */
const NEVER_OK: ReadonlySet<FileKind> = new Set(FILE_KINDS);
/** Kinds that are a regular file of readable bytes. */
const BYTES: ReadonlySet<FileKind> = new Set(["random", "wasmPrefix", "empty"]);

/** Makes `path` of `kind` (`good` is what a truncated prefix is cut from); returns the path to pass. */
function makeFile(path: string, kind: FileKind, r: Random, good: Uint8Array): string {
  switch (kind) {
    case "random":
      writeFileSync(path, r.bytes(1 + r.int(2048)));
      break;
    case "wasmPrefix":
      writeFileSync(path, strictPrefix(good, r));
      break;
    case "empty":
      writeFileSync(path, "");
      break;
    case "directory":
      mkdirSync(path);
      break;
    case "fifo":
      mkfifo(path);
      break;
    case "devZero":
      return "/dev/zero";
    case "linkDevZero":
      symlinkSync("/dev/zero", path);
      break;
    case "dangling":
      symlinkSync(`${path}.nowhere`, path);
      break;
    case "linkFifo":
      mkfifo(`${path}.fifo`);
      symlinkSync(`${path}.fifo`, path);
      break;
    case "oversize":
      // Sparse: over the limit without a byte written.
      writeFileSync(path, "");
      truncateSync(path, MAX_INPUT_BYTES + 1 + r.int(4096));
      break;
    case "missing":
      break;
  }
  return path;
}

/** A prefix of `bytes` shorter than its content without trailing whitespace: never the whole JSON text or root. */
function strictPrefix(bytes: Uint8Array, r: Random): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x09)) end--;
  return bytes.subarray(0, r.int(end));
}

function mkfifo(path: string): void {
  const r = spawnSync("mkfifo", [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr}`);
}

/** A store with two commits (a deploy of the counter with its schema, then an increment), made once per run. */
interface Template {
  dir: string;
  commits: string[];
  head: string;
  id: string;
  schemaFile: string;
}

async function makeTemplate(): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), "pcas-fuzz-cli-template-"));
  mkdirSync(join(dir, "build"));
  copyFileSync(COUNTER, join(dir, "build", "counter.wasm"));
  copyFileSync(COUNTER.replace(/\.wasm$/, ".schema.json"), join(dir, "build", "counter.schema.json"));
  for (const args of [["deploy", "build/counter.wasm", "--id", "11".repeat(32)], ["call", "counter", "increment"]]) {
    const o = cli(dir, args);
    if (o.code !== 0) throw new Error(`making the template store: ${args.join(" ")} exited ${o.code}: ${o.err}`);
  }
  const store = join(dir, ".piecrust");
  const schemas = readdirSync(join(store, "schemas"));
  const head = readFileSync(join(store, "HEAD"), "utf8").trim();
  return { dir, commits: await listCommits(store), head, id: "11".repeat(32), schemaFile: join(".piecrust", "schemas", schemas[0]) };
}

async function listCommits(store: string): Promise<string[]> {
  const vm = await VM.open(store);
  try {
    return vm.commits().map(toHex);
  } finally {
    vm.close();
  }
}

/** One generated case: what to break, and the command line that meets it. */
interface Case {
  what: string;
  /** The path (relative to the case folder, or absolute) the error must name when the run fails. */
  names: string[];
  args: string[];
  /** Whether success is impossible (the file can never be used). */
  mustFail: boolean;
}

const STORE_FILES = ["contracts.json", "HEAD", "schema"] as const;
const STORE_KINDS = ["json", "truncated", ...FILE_KINDS] as const;
type StoreKind = (typeof STORE_KINDS)[number];

function jsonValue(seed: number): unknown {
  return fc.sample(fc.jsonValue(), { seed, numRuns: 1 })[0];
}

/** Breaks one file of the case's store copy and picks a command that reads it. */
function storeCase(dir: string, t: Template, r: Random): Case {
  const target = r.pick(STORE_FILES);
  const picked: StoreKind = r.pick(STORE_KINDS);
  const kind = picked === "devZero" ? "linkDevZero" : picked; // a store file's path is fixed
  const rel = target === "schema" ? t.schemaFile : join(".piecrust", target);
  const path = join(dir, rel);
  const before = readFileSync(path);
  rmSync(path);
  let mustFail = NEVER_OK.has(kind as FileKind);
  if (kind === "json") {
    const v = jsonValue(r.u32());
    writeFileSync(path, JSON.stringify(v) ?? "null");
    mustFail = false;
  } else if (kind === "truncated") {
    writeFileSync(path, strictPrefix(before, r));
  } else makeFile(path, kind, r, before);
  // A deleted HEAD is for `commits` to repair, and only a deploy with a schema or a typed call reads the schema copy.
  const commands: string[][] = [
    ["commits"],
    ["inspect", "counter"],
    ["call", "counter", "increment"],
    ["query", "counter", "read_value"],
    ["query", t.id, "read_value"],
    ["deploy", "build/counter.wasm", "--id", "22".repeat(32)],
  ];
  const args = r.pick(commands);
  if (args[0] === "commits") mustFail = false; // it lists commits and offers to repair HEAD
  if (target === "schema" && (args[0] === "deploy" || args[1] === t.id)) mustFail = false;
  if (kind === "missing" && target !== "HEAD") mustFail = false; // a documented way to forget names or a schema
  return { what: `${rel} made ${kind}, then ${args.join(" ")}`, names: [rel, target === "schema" ? "schema" : target], args, mustFail };
}

/** Passes a generated path where the CLI takes a wasm or schema file. */
function fileCase(dir: string, t: Template, r: Random): Case {
  const kind = r.pick(FILE_KINDS);
  const good = readFileSync(COUNTER);
  if (r.chance(0.3)) {
    // The schema beside a good wasm.
    copyFileSync(COUNTER, join(dir, "x.wasm"));
    // The schema's path is fixed by the wasm's, so /dev/zero comes as a link.
    const schema = r.chance(0.3) ? "json" : kind === "devZero" ? "linkDevZero" : kind;
    if (schema === "json") writeFileSync(join(dir, "x.schema.json"), JSON.stringify(jsonValue(r.u32())) ?? "null");
    else makeFile(join(dir, "x.schema.json"), schema, r, readFileSync(COUNTER.replace(/\.wasm$/, ".schema.json")));
    const mustFail = schema !== "json" && schema !== "missing";
    return { what: `x.schema.json made ${schema}, then deploy x.wasm`, names: ["x.schema.json"], args: ["deploy", "x.wasm", "--id", "33".repeat(32)], mustFail };
  }
  const path = makeFile(join(dir, "arg.wasm"), kind, r, good);
  const arg = path === "/dev/zero" ? path : "arg.wasm";
  const args = r.pick([["check", arg], ["deploy", arg], ["dusk-id", arg, "--owner", "ab".repeat(32), "--nonce", "1"]]);
  // Dusk's id hashes whatever bytes it is given (the deploy then checks them).
  const mustFail = args[0] !== "dusk-id" || !BYTES.has(kind);
  return { what: `arg.wasm made ${kind}, then ${args.join(" ")}`, names: [arg], args, mustFail };
}

export async function fuzzCli(opts: FuzzOptions): Promise<FuzzReport> {
  const start = opts.start ?? 0;
  const stats: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  const t = await makeTemplate();
  try {
    for (let i = start; i < start + opts.iterations; i++) {
      opts.onProgress?.(i);
      const r = rng(mix(opts.seed, i));
      const dir = mkdtempSync(join(tmpdir(), "pcas-fuzz-cli-"));
      let what = "(not generated)";
      const fail = (message: string) => failures.push({ suite: "cli", seed: opts.seed, iteration: i, message: `${what}: ${message}` });
      try {
        cpSync(t.dir, dir, { recursive: true });
        const c = r.chance(0.5) ? storeCase(dir, t, r) : fileCase(dir, t, r);
        what = c.what;
        await oneCase(dir, t, c, stats, fail);
      } catch (e) {
        fail(`harness error: ${describe(e)}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (failures.length >= (opts.maxFailures ?? 10)) break;
    }
  } finally {
    rmSync(t.dir, { recursive: true, force: true });
  }
  return { suite: "cli", seed: opts.seed, start, iterations: opts.iterations, stats, failures };
}

async function oneCase(dir: string, t: Template, c: Case, stats: Record<string, number>, fail: (m: string) => void): Promise<void> {
  const o = cli(dir, c.args);
  if (o.timedOut) return fail(`the CLI did not finish within ${TIMEOUT_MS / 1000} s`);
  bump(stats, `exit ${o.code}`);
  if (o.code === 0) {
    if (c.mustFail) fail(`exit code 0 for a file that cannot be used`);
  } else if (o.code === 1 || o.code === 2) {
    const lines = o.err.split("\n").filter((l) => l !== "");
    if (lines.length !== 1) fail(`exit ${o.code} with ${lines.length} stderr lines, not one:\n${o.err}`);
    else if (!lines[0].startsWith(`piecrust-as ${c.args[0]}: `)) fail(`the error line does not start with the command: ${lines[0]}`);
    else if (!c.names.some((n) => lines[0].includes(n))) fail(`the error does not name ${c.names.join(" or ")}: ${lines[0]}`);
    else if (!EXPECTATION.test(lines[0])) fail(`the error does not say what was expected: ${lines[0]}`);
    if (/\n\s+at |node:internal|\b(Type|Range|Syntax|Reference)?Error:/.test(o.err)) fail(`a stack or raw error class in:\n${o.err}`);
  } else return fail(`exit code ${o.code}:\n${o.err}`);
  // The store still opens, with every commit it had.
  const vm = await VM.open(join(dir, ".piecrust"));
  try {
    const have = new Set(vm.commits().map(toHex));
    const lost = t.commits.filter((root) => !have.has(root));
    if (lost.length) fail(`commits lost: ${lost.join(", ")}`);
    const session = await vm.session({ base: Uint8Array.from(Buffer.from(t.head, "hex")) });
    if (session.memoryLen(Uint8Array.from(Buffer.from(t.id, "hex"))) === undefined) fail("the counter is gone from HEAD's commit");
    session.close();
  } finally {
    vm.close();
  }
}
