// The AssemblyScript codec data generated from tests/vectors/rkyv-0.7.json must match what the
// generator makes from the copy in the repository today.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../helpers/paths.js";

test("codec-*.generated.ts are current with tests/vectors/rkyv-0.7.json", () => {
  const gen = join(REPO_ROOT, "assembly", "__tests__", "gen-codec-vectors.mjs");
  const r = spawnSync(process.execPath, [gen, "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});
