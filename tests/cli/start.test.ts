// The CLI runs however a user starts it: `node dist/cli/main.js`, the symlink npm puts in
// node_modules/.bin, an npm script, npx, and a global install (npm -g into a private prefix).
// Each prints the package's version and runs a real command; before the bin called an entry
// function explicitly, everything started through a symlink printed nothing and exited 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";
import { refuseLoads } from "../helpers/refuse-loads.js";
import { BIN, COUNTER, run, spawn, withDir } from "./support.js";

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A project with piecrust-as installed the way npm installs a local folder: two symlinks. */
function project(dir: string): string {
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "piecrust-as"), "dir");
  const bin = join(dir, "node_modules", ".bin", "piecrust-as");
  symlinkSync(join("..", "piecrust-as", "bin", "piecrust-as.js"), bin);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", private: true, scripts: { pcv: "piecrust-as --version", pcdeploy: `piecrust-as deploy ${COUNTER} --store s` } }));
  return bin;
}

test("start: node dist/cli/main.js", () =>
  withDir((dir) => {
    const r = run(dir, "--version");
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${VERSION}\n`);
  }));

test("start: node_modules/.bin/piecrust-as, a symlink to bin/piecrust-as.js, run directly and through node", () =>
  withDir((dir) => {
    const bin = project(dir);
    const direct = spawn(dir, bin, ["--version"]);
    assert.equal(direct.code, 0, direct.err);
    assert.equal(direct.out, `${VERSION}\n`);
    const viaNode = spawn(dir, process.execPath, [bin, "deploy", COUNTER, "--store", "s"]);
    assert.equal(viaNode.code, 0, viaNode.err);
    assert.match(viaNode.out, /^deployed {2}counter [0-9a-f]{64}$/m);
    const usage = spawn(dir, bin, ["deploy"]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /^piecrust-as deploy: expected one wasm file, got 0 arguments/);
  }));

test("start: an npm script and npx", () =>
  withDir((dir) => {
    project(dir);
    const script = spawn(dir, "npm", ["run", "--silent", "pcv"]);
    assert.equal(script.code, 0, script.err);
    assert.equal(script.out, `${VERSION}\n`);
    const deploy = spawn(dir, "npm", ["run", "--silent", "pcdeploy"]);
    assert.equal(deploy.code, 0, deploy.err);
    assert.match(deploy.out, /^deployed {2}counter [0-9a-f]{64}$/m);
    // npx reads options before `--` itself (`npx piecrust-as --version` prints npm's version).
    const npx = spawn(dir, "npx", ["--no", "--", "piecrust-as", "--version"]);
    assert.equal(npx.code, 0, npx.err);
    assert.equal(npx.out, `${VERSION}\n`);
    const commits = spawn(dir, "npx", ["--no", "--", "piecrust-as", "commits", "--store", "s"]);
    assert.equal(commits.code, 0, commits.err);
    assert.match(commits.out, /^\* [0-9a-f]{64} {2}1 contract$/m);
  }));

test("start: a global install", () =>
  withDir((dir) => {
    // A folder installs globally as links: <prefix>/bin/piecrust-as → lib/node_modules/piecrust-as → the repository.
    const prefix = join(dir, "prefix");
    const install = spawn(dir, "npm", ["install", "--global", "--prefix", prefix, "--offline", "--ignore-scripts", "--no-audit", "--no-fund", REPO_ROOT]);
    assert.equal(install.code, 0, install.err);
    const bin = join(prefix, "bin", "piecrust-as");
    const v = spawn(dir, bin, ["--version"]);
    assert.equal(v.code, 0, v.err);
    assert.equal(v.out, `${VERSION}\n`);
    const help = spawn(dir, bin, ["help", "inspect"]);
    assert.equal(help.code, 0, help.err);
    assert.match(help.out, /^usage: piecrust-as inspect <contract>/);
  }));

/** bin/piecrust-as.js args… with `refused` modules failing to load. */
function runRefusing(dir: string, refused: string[], ...args: string[]) {
  return spawn(dir, process.execPath, ["--import", refuseLoads(refused), BIN, ...args]);
}

test("start: a command loads only its own modules: --version and init no VM and no compiler, a call the bundled VM and no compiler", () =>
  withDir((dir) => {
    const vmAndCompiler = ["/dist/host-sim/vm.js", "/dist/host-sim/bundle/", "/dist/transform/", "/assemblyscript/", "/binaryen/"];
    const v = runRefusing(dir, vmAndCompiler, "--version");
    assert.equal(v.code, 0, v.err);
    assert.equal(v.out, `${VERSION}\n`);
    const h = runRefusing(dir, vmAndCompiler, "--help");
    assert.equal(h.code, 0, h.err);
    assert.match(h.out, /^ {2}piecrust-as call /m);
    const i = runRefusing(dir, vmAndCompiler, "init", join(dir, "p"));
    assert.equal(i.code, 0, i.err);
    const compiler = ["/dist/transform/", "/assemblyscript/", "/binaryen/"];
    // a call runs on the bundle (package.json's #host-sim), never on host-sim's modules
    const modules = ["/dist/host-sim/vm.js", "/dist/host-sim/session.js", "/dist/host-sim/index.js"];
    const d = runRefusing(dir, [...compiler, ...modules], "deploy", COUNTER);
    assert.equal(d.code, 0, d.err);
    const c = runRefusing(dir, [...compiler, ...modules], "call", "counter", "increment");
    assert.equal(c.code, 0, c.err);
    // the hook can fail: build needs the compiler
    const b = runRefusing(join(dir, "p"), compiler, "build");
    assert.notEqual(b.code, 0);
    assert.match(b.err, /REFUSED LOAD: file:.*(transform|assemblyscript|binaryen)/);
  }));
