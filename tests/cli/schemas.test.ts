// Deployments own their interface: a deploy copies the contract's schema into the store
// (<store>/schemas/<blake3 of its bytes>.json, named store-relative in contracts.json), so a rebuild,
// or a deleted build folder, never changes how a deployed contract's calls and events are read.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { toHex } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { assertUserError, COUNTER, run, TOKEN, withDir } from "./support.js";

const OWNER = "aa".repeat(32);
const BOB = "0x" + "0b".repeat(32);
const TOKEN_SCHEMA = join(REPO_ROOT, "build", "token.schema.json");

/** build/token.wasm and its schema, copied into `dir` as a user's build would leave them. */
function userBuild(dir: string): string {
  mkdirSync(join(dir, "build"));
  copyFileSync(TOKEN, join(dir, "build", "token.wasm"));
  copyFileSync(TOKEN_SCHEMA, join(dir, "build", "token.schema.json"));
  return join(dir, "build", "token.wasm");
}

function registry(dir: string, store = ".piecrust"): Record<string, { name: string; schema?: string }> {
  return JSON.parse(readFileSync(join(dir, store, "contracts.json"), "utf8"));
}

test("schemas: deploy copies the schema into the store and records it store-relative", () =>
  withDir((dir) => {
    const wasm = userBuild(dir);
    const d = run(dir, "deploy", wasm, "--owner", OWNER, "--init", '"1000"');
    assert.equal(d.code, 0, d.err);
    const text = readFileSync(join(dir, ".piecrust", "contracts.json"), "utf8");
    assert.doesNotMatch(text, /"\//, "no absolute path");
    assert.ok(!text.includes(dir));
    const bytes = readFileSync(TOKEN_SCHEMA);
    const rec = registry(dir)[toHex(blake3(readFileSync(TOKEN)))];
    assert.deepEqual(rec, { name: "token", schema: `schemas/${toHex(blake3(bytes))}.json` });
    assert.deepEqual(readFileSync(join(dir, ".piecrust", rec.schema!)), bytes);
    const i = run(dir, "inspect", "token");
    assert.equal(i.code, 0, i.err);
    assert.match(i.out, new RegExp(`^schema {4}${rec.schema!.replace(".", "\\.")} \\(in the store, kept by this deployment\\)$`, "m"));
    assert.match(i.out, /^ {2}balance_of\(ContractId\) -> u128/m);
  }));

test("schemas: a rebuild that changes the schema, or deleting the build, leaves a deployment's calls and events as they were", () =>
  withDir((dir) => {
    const wasm = userBuild(dir);
    assert.equal(run(dir, "deploy", wasm, "--owner", OWNER, "--init", '"1000"').code, 0);
    // The "rebuild": every function and event renamed. Before, calls then failed with "has no function".
    const schema = JSON.parse(readFileSync(TOKEN_SCHEMA, "utf8"));
    for (const f of schema.functions) f.name += "_v2";
    for (const e of schema.events) e.topic += "_v2";
    writeFileSync(join(dir, "build", "token.schema.json"), JSON.stringify(schema));
    const c = run(dir, "call", "token", "transfer", JSON.stringify([BOB, "250"]), "--meta", `signer=${OWNER}`);
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /transfer \{"from":"0x(aa){32}","to":"0x(0b){32}","amount":"250"\}/);
    rmSync(join(dir, "build"), { recursive: true });
    const q = run(dir, "query", "token", "balance_of", JSON.stringify(BOB), "--json");
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out, '"250"\n');
    // The store holds no absolute path, so it can move.
    renameSync(join(dir, ".piecrust"), join(dir, "moved"));
    const moved = run(dir, "query", "token", "balance_of", JSON.stringify("0x" + OWNER), "--json", "--store", "moved");
    assert.equal(moved.code, 0, moved.err);
    assert.equal(moved.out, '"750"\n');
  }));

test("schemas: a contract deployed without a schema says so", () =>
  withDir((dir) => {
    copyFileSync(COUNTER, join(dir, "bare.wasm"));
    assert.equal(run(dir, "deploy", "bare.wasm").code, 0);
    assert.deepEqual(Object.values(registry(dir)), [{ name: "bare" }]);
    const i = run(dir, "inspect", "bare");
    assert.equal(i.code, 0, i.err);
    assert.match(i.out, /^schema {4}none \(deployed without one: calls take --raw HEX, results print as hex\)$/m);
  }));

test("schemas: an old contracts.json with absolute schema paths is migrated into the store", () =>
  withDir((dir) => {
    const wasm = userBuild(dir);
    assert.equal(run(dir, "deploy", wasm, "--init", '"7"').code, 0);
    const id = toHex(blake3(readFileSync(TOKEN)));
    const legacySchema = join(dir, "build", "token.schema.json");
    writeFileSync(join(dir, ".piecrust", "contracts.json"), JSON.stringify({ [id]: { name: "token", schema: legacySchema, wasm } }));
    rmSync(join(dir, ".piecrust", "schemas"), { recursive: true });
    const q = run(dir, "query", "token", "total_supply", "--json");
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out, '"7"\n');
    const ref = `schemas/${toHex(blake3(readFileSync(TOKEN_SCHEMA)))}.json`;
    assert.equal(q.err, `piecrust-as: moved the schema of 'token' from ${legacySchema} into the store as ${ref}\n`);
    assert.deepEqual(registry(dir), { [id]: { name: "token", schema: ref } });
    assert.ok(existsSync(join(dir, ".piecrust", ref)));
    // Migrated once: the next command is silent.
    assert.equal(run(dir, "query", "token", "total_supply", "--json").err, "");
  }));

test("schemas: an old record whose schema file is gone is refused with the fix", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", TOKEN, "--init", '"7"').code, 0);
    const id = toHex(blake3(readFileSync(TOKEN)));
    const gone = join(dir, "old-build", "token.schema.json");
    const file = join(dir, ".piecrust", "contracts.json");
    writeFileSync(file, JSON.stringify({ [id]: { name: "token", schema: gone } }));
    const before = readFileSync(file, "utf8");
    assertUserError(
      run(dir, "query", "token", "total_supply"),
      1,
      new RegExp(`^piecrust-as query: .*contracts\\.json names ${gone.replace(/[.]/g, "\\.")} as the schema of 'token' \\(${id}\\), an absolute path from an older piecrust-as that cannot be used: cannot read schema .*: no such file .*Put that file back and rerun, or delete the "schema" line of that contract from .*contracts\\.json to use it without one$`),
    );
    assert.equal(readFileSync(file, "utf8"), before);
  }));
