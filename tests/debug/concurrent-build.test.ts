// Builds of the same contracts at the same time, as a user gets them from two terminals, `--watch`
// beside a manual build, or a test runner's workers: every build succeeds, reports its own contract,
// and leaves whole files (the wasm deployable, its side file readable, its schema JSON).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildOne, type BuildOptions } from "../../cli/build.js";
import { debugInfoForWasmFile } from "../../host-sim/debug-file.js";
import { checkAbi } from "../../transform/abi-check.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { childEnv } from "../cli/support.js";

const COUNTER = "examples/counter/assembly/index.ts";
const TOKEN = "examples/token/assembly/index.ts";

function options(entry: string, outDir: string, name: string): BuildOptions {
  return { entries: [entry], cwd: REPO_ROOT, outDir, runtime: "incremental", target: "release", name };
}

/** The files of build `name` in `outDir` are whole: the wasm passes the ABI check, the side file and schema parse. */
function assertWhole(outDir: string, name: string, contract: string): void {
  const wasm = resolve(REPO_ROOT, outDir, `${name}.wasm`);
  const check = checkAbi(new Uint8Array(readFileSync(wasm)), { allowDebug: false });
  assert.ok(check.ok, check.problems.join("; "));
  assert.equal(debugInfoForWasmFile(wasm)?.name, name);
  assert.equal((JSON.parse(readFileSync(resolve(REPO_ROOT, outDir, `${name}.schema.json`), "utf8")) as { name: string }).name, contract);
}

test("builds started together in one process each report their own contract and leave whole files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-concurrent-build-"));
  try {
    const [counter, token, again] = await Promise.all([
      buildOne(COUNTER, options(COUNTER, dir, "counter")),
      buildOne(TOKEN, options(TOKEN, dir, "token")),
      buildOne(COUNTER, options(COUNTER, dir, "counter")),
    ]);
    for (const r of [counter, token, again]) assert.ok(r.ok, r.problems.join("; "));
    assert.equal(counter.schema?.name, "Counter");
    assert.equal(token.schema?.name, "Token");
    assert.equal(again.schema?.name, "Counter");
    assert.match(counter.entrySource ?? "", /increment/);
    assert.doesNotMatch(counter.entrySource ?? "", /transfer/);
    assertWhole(dir, "counter", "Counter");
    assertWhole(dir, "token", "Token");
    // nothing half-written is left beside them
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A child process that builds the counter into `outDir` `rounds` times; resolves with its exit code and stderr. */
function builder(outDir: string, rounds: number): Promise<{ code: number | null; err: string }> {
  const script = `
    const { buildOne } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, "dist", "cli", "build.js")).href)});
    for (let i = 0; i < ${rounds}; i++) {
      const r = await buildOne(${JSON.stringify(COUNTER)}, ${JSON.stringify(options(COUNTER, outDir, "counter"))});
      if (!r.ok) throw new Error(r.problems.join("; "));
    }`;
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, env: childEnv() });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => done({ code, err }));
  });
}

test("three processes building the same contract into the same folder all succeed and leave whole files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-concurrent-build-"));
  try {
    // Enough rounds that, before builds wrote whole files, one process read another's half-written
    // side file in every run on a 2-core machine.
    const runs = await Promise.all([builder(dir, 6), builder(dir, 6), builder(dir, 6)]);
    // binaryen prints the source line of an uncaught error, one very long line: the message is the end
    for (const r of runs) assert.equal(r.code, 0, r.err.slice(-2000));
    assertWhole(dir, "counter", "Counter");
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
