// Files the CLI reads (issue #17 point 5): a wasm or schema path that is not a regular file is
// refused instead of hanging, reads are capped at 1 GiB, a malformed contracts.json is a typed
// error naming the file and the expected shape, and a deleted HEAD never silently means the empty state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../../cli/commands/args.js";
import { MAX_INPUT_BYTES, readRegularFile } from "../../cli/commands/files.js";
import { assertUserError, COUNTER, run, TOKEN, withDir } from "./support.js";
import { REPO_ROOT } from "../helpers/paths.js";

const mkfifo = (path: string): void => void execFileSync("mkfifo", [path]);

test("files: a wasm path that is a FIFO, /dev/zero or a directory is refused, not read", () =>
  withDir((dir) => {
    mkfifo(join(dir, "pipe.wasm"));
    mkdirSync(join(dir, "folder.wasm"));
    for (const cmd of ["deploy", "check"]) {
      assertUserError(run(dir, cmd, "pipe.wasm"), 1, new RegExp(`^piecrust-as ${cmd}: wasm file pipe\\.wasm is a FIFO \\(named pipe\\), not a regular file: give the path of a file$`));
      assertUserError(run(dir, cmd, "/dev/zero"), 1, new RegExp(`^piecrust-as ${cmd}: wasm file /dev/zero is a character device, not a regular file`));
      assertUserError(run(dir, cmd, "folder.wasm"), 1, new RegExp(`^piecrust-as ${cmd}: wasm file folder\\.wasm is a directory, not a regular file`));
    }
  }));

test("files: a schema beside the wasm that is a FIFO, a link to /dev/zero, a directory or not a schema is refused", () =>
  withDir((dir) => {
    const cases: [string, (p: string) => void, RegExp][] = [
      ["fifo", mkfifo, /schema fifo\.schema\.json is a FIFO \(named pipe\), not a regular file/],
      ["zero", (p) => symlinkSync("/dev/zero", p), /schema zero\.schema\.json is a character device, not a regular file/],
      ["dir", (p) => mkdirSync(p), /schema dir\.schema\.json is a directory, not a regular file/],
      ["shape", (p) => writeFileSync(p, '{"name":"x","functions":5}'), /^piecrust-as deploy: shape\.schema\.json is not a contract schema: no "functions" list \(expected \{"name": string, "functions": /],
      ["json", (p) => writeFileSync(p, "{oops"), /^piecrust-as deploy: json\.schema\.json is not a contract schema: not valid JSON/],
      ["fn", (p) => writeFileSync(p, '{"name":"x","functions":[{"name":"f"}]}'), /functions\[0\] lacks a string name, input or output/],
    ];
    for (const [name, make, pattern] of cases) {
      copyFileSync(COUNTER, join(dir, `${name}.wasm`));
      make(join(dir, `${name}.schema.json`));
      assertUserError(run(dir, "deploy", `${name}.wasm`), 1, pattern);
    }
    // Nothing was deployed.
    assertUserError(run(dir, "commits"), 1, /^piecrust-as commits: no store at \.piecrust/);
  }));

test("files: reads stop at 1 GiB, the largest module wasmtime and V8 accept", () =>
  withDir((dir) => {
    // A sparse file: its size is over the limit without a byte written, and nothing is read.
    const big = join(dir, "big.wasm");
    writeFileSync(big, "");
    truncateSync(big, MAX_INPUT_BYTES + 1);
    assertUserError(run(dir, "deploy", "big.wasm"), 1, /^piecrust-as deploy: wasm file big\.wasm is 1073741825 bytes, over the limit of 1073741824 \(1 GiB, the largest module Piecrust's wasmtime and host-sim's V8 accept\)$/);
    assertUserError(run(dir, "check", "big.wasm"), 1, /is 1073741825 bytes, over the limit of 1073741824/);
    // The boundary, on a small limit: exactly the limit is read, one byte more is refused.
    const f = join(dir, "ten");
    writeFileSync(f, "0123456789");
    assert.equal(readRegularFile(f, "file", "", 10).length, 10);
    assert.throws(() => readRegularFile(f, "file", "", 9), (e) => e instanceof CliError && e.message === `file ${f} is 10 bytes, over the limit of 9`);
  }));

const ID = "ab".repeat(32);

test("files: a contracts.json of the wrong shape is a typed error naming the file and what was expected", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    const file = join(dir, ".piecrust", "contracts.json");
    const good = readFileSync(file, "utf8");
    const expected = String.raw`; expected a JSON object mapping 64-hex-digit contract ids to \{"name": string, "schema"\?: "schemas/<hash>\.json"\} \(fix or delete it: deleting forgets names and schemas, ids still work\)$`;
    const cases: [string, string][] = [
      ["null", "it holds null"],
      ["[]", "it holds an array"],
      ["5", "it holds a number"],
      ['"x"', "it holds a string"],
      ["{oops", "not valid JSON \\(.*\\)"],
      ['{"counter": {"name": "c"}}', 'key "counter" is not a 64-hex-digit contract id'],
      [`{"${ID}": null}`, `the entry of ${ID} is not an object`],
      [`{"${ID}": {"name": 5}}`, `the entry of ${ID} has no "name" string`],
      [`{"${ID}": {"name": "c", "schema": "../../etc/passwd"}}`, `the "schema" of ${ID} is not schemas/<64 hex digits>\\.json`],
    ];
    for (const [text, what] of cases) {
      writeFileSync(file, text);
      for (const args of [["commits"], ["query", "counter", "read_value"], ["deploy", TOKEN]]) {
        assertUserError(run(dir, ...args), 1, new RegExp(`^piecrust-as ${args[0]}: \\.piecrust/contracts\\.json is not a contract registry: ${what}${expected}`));
      }
    }
    rmSync(file);
    mkfifo(file);
    assertUserError(run(dir, "commits"), 1, /^piecrust-as commits: contract registry \.piecrust\/contracts\.json is a FIFO \(named pipe\), not a regular file/);
    rmSync(file);
    writeFileSync(file, good);
    assert.equal(run(dir, "commits").code, 0);
  }));

test("files: a deleted HEAD while commits exist is refused with the way back; commits --head restores it", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    assert.equal(run(dir, "call", "counter", "increment").code, 0);
    const head = readFileSync(join(dir, ".piecrust", "HEAD"), "utf8").trim();
    rmSync(join(dir, ".piecrust", "HEAD"));
    const refusal = /\.piecrust\/HEAD is missing but the store holds 2 commits \([0-9a-f]{64}, [0-9a-f]{64}\), so which state to use is unknown; list them with piecrust-as commits and choose one with piecrust-as commits --head ROOT$/;
    for (const args of [["query", "counter", "read_value"], ["call", "counter", "increment"], ["inspect", "counter"], ["deploy", TOKEN]]) {
      assertUserError(run(dir, ...args), 1, new RegExp(`^piecrust-as ${args[0]}: ${refusal.source}`));
    }
    // commits lists them, none marked, and says the same on stderr.
    const list = run(dir, "commits");
    assert.equal(list.code, 0);
    assert.equal(list.out.split("\n").filter((l) => /^ {2}[0-9a-f]{64} {2}1 contract$/.test(l)).length, 2);
    assert.equal(list.err, "piecrust-as commits: .piecrust/HEAD is missing, so no commit above is the head; choose one with piecrust-as commits --head ROOT\n");
    assert.ok(list.out.includes(head));
    const set = run(dir, "commits", "--head", head);
    assert.equal(set.code, 0, set.err);
    assert.equal(set.out, `head      ${head}\n`);
    const q = run(dir, "query", "counter", "read_value", "--json");
    assert.equal(q.code, 0, q.err);
    // The counter starts at 0xfc; HEAD is back on the commit after one increment.
    assert.equal(JSON.parse(q.out), String(0xfc + 1));
    assertUserError(run(dir, "commits", "--head", "ee".repeat(32)), 1, /^piecrust-as commits: the store holds no commit e{64}/);
    assertUserError(run(dir, "commits", "--head", "xyz"), 2, /^piecrust-as commits: .*--head/);
  }));

test("files: a HEAD that is garbage, names an unknown commit, or is a FIFO is refused", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    const file = join(dir, ".piecrust", "HEAD");
    writeFileSync(file, "not a root\n");
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: .*\.piecrust\/HEAD.*; \.piecrust\/HEAD must hold one commit root \(64 hex digits\): see piecrust-as commits$/);
    // Bytes that are not text (fuzz cli finding: the error said only "is not UTF-8 text").
    writeFileSync(file, new Uint8Array([0xff, 0xfe, 0x00, 0x0a, 0x80]));
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: \.piecrust\/HEAD is not valid hex: .*; \.piecrust\/HEAD must hold one commit root \(64 hex digits\): see piecrust-as commits$/);
    writeFileSync(file, "cd".repeat(32));
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: \.piecrust\/HEAD names commit (cd){32}, which the store does not hold; pick one with piecrust-as commits and set it with piecrust-as commits --head ROOT$/);
    rmSync(file);
    mkfifo(file);
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: HEAD file \.piecrust\/HEAD is a FIFO \(named pipe\), not a regular file/);
  }));

test("files: a store file that cannot be written is a typed error, and a deploy that cannot keep its schema commits nothing", () =>
  withDir((dir) => {
    mkdirSync(join(dir, ".piecrust"));
    // `schemas` taken by a plain file: the schema copy cannot be written.
    writeFileSync(join(dir, ".piecrust", "schemas"), "");
    assertUserError(run(dir, "deploy", TOKEN, "--init", '"5"'), 1, /^piecrust-as deploy: cannot write \.piecrust\/schemas\/[0-9a-f]{64}\.json: a part of the path is not a directory \(it must be a writable file: move or remove what is in the way, or check the permissions\)$/);
    const none = run(dir, "commits");
    assert.equal(none.code, 0, none.err);
    assert.equal(none.out, "no commits\n");
    // HEAD replaced by a directory: refused like any input that is not a regular file.
    rmSync(join(dir, ".piecrust", "schemas"));
    // the schema copy's own path taken by a directory (fuzz cli, seed 210042): the message says what must be there
    const first = run(dir, "deploy", TOKEN, "--init", '"5"', "--id", "11".repeat(32));
    assert.equal(first.code, 0, first.err);
    const [copy] = readdirSync(join(dir, ".piecrust", "schemas"));
    rmSync(join(dir, ".piecrust", "schemas", copy));
    mkdirSync(join(dir, ".piecrust", "schemas", copy));
    assertUserError(run(dir, "deploy", TOKEN, "--init", '"5"', "--id", "22".repeat(32)), 1, /^piecrust-as deploy: cannot write \.piecrust\/schemas\/[0-9a-f]{64}\.json: it is a directory \(it must be a writable file: move or remove what is in the way, or check the permissions\)$/);
    rmSync(join(dir, ".piecrust", "schemas", copy), { recursive: true });
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    rmSync(join(dir, ".piecrust", "HEAD"));
    mkdirSync(join(dir, ".piecrust", "HEAD"));
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: HEAD file \.piecrust\/HEAD is a directory, not a regular file/);
  }));

test("files: a store that cannot be created is a typed error, not a hang", () =>
  withDir((dir) => {
    // Node's recursive mkdir never returns for /proc/…; host-sim's store uses it.
    assertUserError(run(dir, "deploy", COUNTER, "--store", "/proc/no-store-here"), 1, /^piecrust-as deploy: cannot create the store \/proc\/no-store-here: no such file; pass --store DIR with a folder you can write to$/);
    const nested = run(dir, "deploy", COUNTER, "--store", "a/b/c");
    assert.equal(nested.code, 0, nested.err);
    assert.equal(run(dir, "commits", "--store", "a/b/c").code, 0);
  }));

test("files: a dangling link as contracts.json or as the schema beside a wasm is refused, not taken for no file; a deleted one is named (fuzz cli findings)", () =>
  withDir((dir) => {
    // The schema beside the wasm: a link whose target is gone used to deploy without a schema.
    copyFileSync(COUNTER, join(dir, "x.wasm"));
    symlinkSync(join(dir, "gone.json"), join(dir, "x.schema.json"));
    assertUserError(run(dir, "deploy", "x.wasm"), 1, /^piecrust-as deploy: cannot read schema x\.schema\.json: no such file/);
    rmSync(join(dir, "x.schema.json"));
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    // contracts.json: such a link used to mean no names at all ("'counter' is neither … nor a deployed contract's name").
    const file = join(dir, ".piecrust", "contracts.json");
    rmSync(file);
    symlinkSync(join(dir, "gone.json"), file);
    for (const args of [["query", "counter", "read_value"], ["deploy", "x.wasm"]]) {
      assertUserError(run(dir, ...args), 1, new RegExp(`^piecrust-as ${args[0]}: cannot read contract registry \\.piecrust/contracts\\.json: no such file \\(a link to nothing: restore its target, or delete it \\(deleting forgets names and schemas, ids still work\\)\\)$`));
    }
    // Deleted: names are forgotten, as documented, and an unknown name says why.
    rmSync(file);
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: 'counter' is neither a 64-hex-digit contract id nor a deployed contract's name \(\.piecrust\/contracts\.json, where names are recorded, is missing: call the contract by its id\)$/);
  }));

test("files: a damaged schema copy in the store is written anew by the next deploy of that schema, not reused", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    const schemas = join(dir, ".piecrust", "schemas");
    const [copy] = readdirSync(schemas);
    writeFileSync(join(schemas, copy), "[]");
    assertUserError(run(dir, "query", "counter", "read_value"), 1, /^piecrust-as query: \.piecrust\/schemas\/[0-9a-f]{64}\.json is not a contract schema: it holds an array/);
    // A second deployment of the same build owns the same copy: it is checked against its name and rewritten.
    const again = run(dir, "deploy", COUNTER, "--id", "cd".repeat(32), "--name", "again");
    assert.equal(again.code, 0, again.err);
    const q = run(dir, "query", "again", "read_value", "--json");
    assert.equal(q.code, 0, q.err);
    assert.equal(JSON.parse(q.out), String(0xfc));
    assert.equal(run(dir, "query", "counter", "read_value").code, 0, "the first deployment's copy is whole again too");
  }));

test("files: a damaged debug side file beside a build output is a typed error naming it and the rebuild, not an internal error", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", COUNTER).code, 0);
    mkdirSync(join(dir, "build"));
    copyFileSync(COUNTER, join(dir, "build", "counter.wasm"));
    const side = join(dir, "build", "counter.wasm.map");
    for (const text of ["{oops", '{"version": 2, "mappings": "", "sources": []}', "null"]) {
      writeFileSync(side, text);
      assertUserError(run(dir, "call", "counter", "increment"), 1, /^piecrust-as call: build\/counter\.wasm\.map is not a debug side file of piecrust-as build \(.+\); rebuild with piecrust-as build --force$/);
    }
    // the failed calls changed nothing: the counter starts at 252 (examples/counter), and one call adds 1
    rmSync(side);
    const r = run(dir, "call", "counter", "increment");
    assert.equal(r.code, 0, r.err);
    assert.match(run(dir, "query", "counter", "read_value").out, /\bresult\s+"253"\n/);
  }));

test("files: an output folder that cannot be made is a typed error naming the file for build, typegen and init; init leaves the folder as it was", () =>
  withDir((dir) => {
    writeFileSync(join(dir, "taken"), "a file, where a folder is asked for");
    const blocked = join(dir, "taken", "out");
    // build shows its progress on stderr, then one error line, no stack
    const b = run(REPO_ROOT, "build", "counter", "--out-dir", blocked, "--force", "--no-driver");
    assert.equal(b.code, 1, b.err);
    assert.doesNotMatch(b.err, /\n\s+at |internal error/);
    assert.match(b.err.trimEnd().split("\n").at(-1)!, /^piecrust-as build: cannot write .*\/taken\/out\/counter\.wasm(\.map)?: a part of the path is not a directory \(it must be a writable file: move or remove what is in the way, or check the permissions\)$/);
    assertUserError(run(dir, "typegen", join(REPO_ROOT, "build", "counter.schema.json"), "--out-dir", blocked), 1, /^piecrust-as typegen: cannot write .*\/taken\/out\/counter\.client\.ts: a part of the path is not a directory/);
    // init: `contracts` is a file, so the contract's folder cannot be made; nothing init made stays
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, "contracts"), "mine");
    assertUserError(run(dir, "init", project), 1, /^piecrust-as init: cannot create .*\/project\/contracts\/counter\/.+: a part of the path is not a directory \(init needs a folder it can write to: choose another, or check the permissions\)$/);
    assert.deepEqual(readdirSync(project), ["contracts"]);
    assert.equal(readFileSync(join(project, "contracts"), "utf8"), "mine");
  }));

test("files: a dangling link in contracts/ holds no contract and a contracts file is named, where both were internal errors", () =>
  withDir((dir) => {
    mkdirSync(join(dir, "contracts"));
    symlinkSync("/nonexistent-pcas", join(dir, "contracts", "ghost"));
    assertUserError(run(dir, "build"), 2, /^piecrust-as build: no contracts found in .+: expected contracts\/<name>\/index\.ts/);
    rmSync(join(dir, "contracts"), { recursive: true });
    writeFileSync(join(dir, "contracts"), "");
    assertUserError(run(dir, "build"), 2, /^piecrust-as build: .+\/contracts is not a folder; contracts are found in contracts\/<name>\/index\.ts \(move the file away, or list the contracts in package\.json under "piecrust-as"\)$/);
  }));

test("files: a project whose asconfig.json extends a missing file (npm install not run) or is not JSON is told so before compiling", () =>
  withDir((dir) => {
    const project = join(dir, "p");
    assert.equal(run(dir, "init", project).code, 0);
    assertUserError(run(project, "build"), 2, /^piecrust-as build: .+\/p\/asconfig\.json extends \.\/node_modules\/piecrust-as\/asconfig\.json, which does not exist; piecrust-as is not installed in this project: run npm install$/);
    writeFileSync(join(project, "asconfig.json"), '{ "extends": "./base.json" }');
    assertUserError(run(project, "build"), 2, /^piecrust-as build: .+\/p\/asconfig\.json extends \.\/base\.json, which does not exist; correct "extends" in asconfig\.json$/);
    writeFileSync(join(project, "asconfig.json"), "{ extends: nope }");
    assertUserError(run(project, "build"), 2, /^piecrust-as build: .+\/p\/asconfig\.json is not valid JSON \(.+\)$/);
    assert.ok(!existsSync(join(project, "build")));
  }));
