// Golden fixtures: tests/transform/golden/<case>/input.as is compiled with the transform; the
// generated entry-point source must equal entry.as and the schema schema.json. `.as` rather than
// `.ts` keeps tsc away from AssemblyScript sources. Regenerate after an intended change with
//   UPDATE_GOLDEN=1 node --test dist/tests/transform/golden.test.js
// and review the diff.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";
import { compileFixture, FIXTURE_DIR } from "./support.js";

const DIR = join(REPO_ROOT, "tests", "transform", "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

for (const name of readdirSync(DIR).sort()) {
  test(`golden: ${name}`, async () => {
    const input = readFileSync(join(DIR, name, "input.as"), "utf8");
    const r = await compileFixture(`golden-${name}`, input);
    assert.ok(r.wasm, r.stderr);
    const entry = (r.entrySource ?? "") + "\n";
    const schema = JSON.stringify(r.schema, null, 2) + "\n";
    const entryFile = join(DIR, name, "entry.as");
    const schemaFile = join(DIR, name, "schema.json");
    if (UPDATE || !existsSync(entryFile)) writeFileSync(entryFile, entry);
    if (UPDATE || !existsSync(schemaFile)) writeFileSync(schemaFile, schema);
    assert.equal(entry, readFileSync(entryFile, "utf8"), "generated entry points");
    assert.equal(schema, readFileSync(schemaFile, "utf8"), "schema");
    // The build driver wrote the same schema next to the wasm.
    assert.equal(readFileSync(join(REPO_ROOT, FIXTURE_DIR, "out", `golden-${name}.schema.json`), "utf8"), schema);
  });
}
