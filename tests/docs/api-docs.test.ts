// Every exported name of the TypeScript API and of the AssemblyScript SDK carries a doc comment:
// TypeDoc's own "not documented" validation over the configurations `npm run docs` uses.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../helpers/paths.js";

const typedocBin = join(REPO_ROOT, "node_modules", "typedoc", "bin", "typedoc");
createRequire(import.meta.url).resolve("typedoc"); // a clear failure when typedoc is not installed

for (const config of ["typedoc.json", "typedoc.sdk.json"]) {
  test(`every exported name in ${config}'s entry points has a doc comment`, () => {
    const r = spawnSync(process.execPath, [typedocBin, "--options", config, "--emit", "none", "--treatValidationWarningsAsErrors"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    const missing = (r.stdout + r.stderr).split("\n").filter((l) => l.includes("does not have any documentation"));
    assert.deepEqual(missing, [], `${missing.length} exported names lack a doc comment`);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
