// `piecrust-as build` writes build/<name>.driver.wasm beside the contract, and --no-driver does not.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../helpers/paths.js";

const CLI = join(REPO_ROOT, "dist", "cli", "main.js");

function build(outDir: string, ...extra: string[]) {
  rmSync(join(REPO_ROOT, outDir), { recursive: true, force: true });
  return spawnSync(process.execPath, [CLI, "build", "counter", "--out-dir", outDir, ...extra], { cwd: REPO_ROOT, encoding: "utf8" });
}

test("build writes the data driver next to the contract and reports its size; --no-driver skips it", () => {
  const withDriver = build("build/test-driver-on");
  assert.equal(withDriver.status, 0, withDriver.stderr);
  assert.match(withDriver.stderr, /counter \(incremental, release\): \d+ bytes in [\d.]+ s; driver \d+ bytes in [\d.]+ s/);
  assert.ok(existsSync(join(REPO_ROOT, "build/test-driver-on/counter.driver.wasm")));
  const without = build("build/test-driver-off", "--no-driver");
  assert.equal(without.status, 0, without.stderr);
  assert.ok(existsSync(join(REPO_ROOT, "build/test-driver-off/counter.wasm")));
  assert.ok(!existsSync(join(REPO_ROOT, "build/test-driver-off/counter.driver.wasm")));
  assert.doesNotMatch(without.stderr, /driver/);
});
