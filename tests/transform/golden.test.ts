// Golden fixtures: each tests/transform/golden/<case>/input.as compiled with the transform must give
// exactly the reviewed entry-point source entry.as (regenerated only by `npm run golden:update`), and
// a schema equal to the one worked out by hand from input.as below — both the schema the build returns
// and the copy it writes next to the wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";
import { FIXTURE_DIR } from "./support.js";
import { entryFile, generate, goldenCases } from "./golden-cases.js";

const fn = (name: string, input: string, output: string, doc = "") => ({ name, doc, input, output });

/** Read off each input.as: public methods in source order, the constructor as `init`, docs from comments. */
const SCHEMAS: Record<string, unknown> = {
  counter: {
    name: "Counter",
    functions: [fn("read_value", "()", "u64"), fn("increment", "()", "()")],
    events: [],
    types: [],
  },
  ledger: {
    name: "Ledger",
    functions: [
      fn("init", "ContractId", "()", "Deploy-time setup."),
      fn("balance", "String", "u128", "The balance of `who`."),
      fn("transfer", "(String, String, u128)", "bool"),
      fn("kind_of", "Kind", "Kind"),
      fn("last", "Option<u32>", "Vec<Transfer>"),
    ],
    events: [{ topic: "transfer", data: "Transfer" }],
    types: ["enum Kind { Mint, Burn }", "struct Transfer { from: Option<ContractId>, to: ContractId, amount: u128, kind: Kind }"],
  },
};

test("golden: every case has a hand-written schema expectation and a reviewed entry.as", () => {
  assert.deepEqual(goldenCases(), Object.keys(SCHEMAS).sort());
  for (const name of goldenCases())
    assert.ok(existsSync(entryFile(name)), `${entryFile(name)} is missing: run \`npm run golden:update\` and review the file`);
});

for (const name of goldenCases()) {
  test(`golden: ${name}`, async () => {
    const { entry, schema } = await generate(name);
    assert.ok(existsSync(entryFile(name)), `${entryFile(name)} is missing: run \`npm run golden:update\` and review the file`);
    assert.equal(entry, readFileSync(entryFile(name), "utf8"), "generated entry points (after an intended change: npm run golden:update)");
    assert.deepEqual(schema, SCHEMAS[name], "schema returned by the build");
    const written = JSON.parse(readFileSync(join(REPO_ROOT, FIXTURE_DIR, "out", `golden-${name}.schema.json`), "utf8"));
    assert.deepEqual(written, SCHEMAS[name], "schema the build wrote next to the wasm");
  });
}
