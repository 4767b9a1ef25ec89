// `piecrust-as init`: what it writes, what it refuses, and that --help has no side effects. The
// scaffolded project installing, building, testing and deploying is scripts/e2e-package.mjs (it
// needs the packed package and the npm registry).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";

const CLI = join(REPO_ROOT, "dist", "cli", "main.js");
const OWN = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function run(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function withDir(fn: (dir: string) => void): void {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "pcas-init-")));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FILES = [
  ".gitignore",
  "README.md",
  "as-pect.asconfig.json",
  "as-pect.config.js",
  "asconfig.json",
  "contracts/vault/__tests__/vault.spec.ts",
  "contracts/vault/index.ts",
  "package.json",
  "tests/vault.test.ts",
  "tsconfig.json",
];

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

test("init: scaffolds the project, named after its folder, the contract after --name", () =>
  withDir((dir) => {
    const r = run(dir, "init", "My Vault", "--name", "vault");
    assert.equal(r.code, 0, r.err);
    const root = join(dir, "My Vault");
    assert.deepEqual(listFiles(root).sort(), [...FILES].sort());
    for (const f of FILES) assert.match(r.out, new RegExp(`created {3}${f.replace(/[.]/g, "\\.")}\\n`));

    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    assert.equal(pkg.name, "my-vault");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.devDependencies["piecrust-as"], OWN.version, "the published version of the running piecrust-as");
    assert.equal(pkg.devDependencies["@as-pect/cli"], OWN.dependencies["@as-pect/cli"], "the as-pect the preset is made for");
    assert.equal(pkg.devDependencies.typescript, OWN.devDependencies.typescript, "the TypeScript the typed clients are checked with");
    assert.equal(pkg.devDependencies["@types/node"], OWN.devDependencies["@types/node"]);
    assert.deepEqual(Object.keys(pkg.scripts).sort(), ["asbuild", "deploy", "test"]);
    assert.equal(pkg.scripts.deploy, "piecrust-as deploy build/vault.wasm");

    const contract = readFileSync(join(root, "contracts", "vault", "index.ts"), "utf8");
    assert.match(contract, /^@contract\nclass Vault \{/m);
    assert.match(contract, /emit<u64>\("added"/);
    assert.match(contract, /assert\(/);
    const nodeTest = readFileSync(join(root, "tests", "vault.test.ts"), "utf8");
    assert.doesNotMatch(nodeTest, /\{\{|__name__/, "every placeholder filled");
    assert.match(nodeTest, /import \{ VaultClient \} from "\.\.\/build\/vault\.client\.js";/);
    assert.equal(readFileSync(join(root, ".gitignore"), "utf8"), "node_modules/\nbuild/\n.piecrust/\ndist/\n");
  }));

test("init: --sdk points the project at a checkout or tarball, relative to the project", () =>
  withDir((dir) => {
    const tarball = join(dir, "piecrust-as-9.9.9.tgz");
    writeFileSync(tarball, "");
    const r = run(dir, "init", "app", "--sdk", tarball);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(readFileSync(join(dir, "app", "package.json"), "utf8")).devDependencies["piecrust-as"], "file:../piecrust-as-9.9.9.tgz");

    const missing = run(dir, "init", "other", "--sdk", join(dir, "nope.tgz"));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /^piecrust-as init: --sdk .*nope\.tgz does not exist/);
    assert.ok(!existsSync(join(dir, "other")), "nothing written on a bad --sdk");
  }));

test("init: refuses to overwrite, names every file in the way, and writes nothing", () =>
  withDir((dir) => {
    mkdirSync(join(dir, "contracts", "counter"), { recursive: true });
    writeFileSync(join(dir, "package.json"), '{"name":"mine"}');
    writeFileSync(join(dir, "contracts", "counter", "index.ts"), "// mine");
    const r = run(dir, "init");
    assert.equal(r.code, 1);
    assert.equal(r.err, `piecrust-as init: not overwriting existing files in ${dir}: contracts/counter/index.ts, package.json (move them away, or init another folder)\n`);
    assert.equal(readFileSync(join(dir, "package.json"), "utf8"), '{"name":"mine"}');
    assert.deepEqual(listFiles(dir).sort(), ["contracts/counter/index.ts", "package.json"]);
  }));

test("init: --help and usage errors have no side effects", () =>
  withDir((dir) => {
    const help = run(dir, "init", "x", "--help");
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: piecrust-as init \[dir\]/);
    const bad = run(dir, "init", "x", "--name", "Bad-Name");
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--name must start with a lower-case letter/);
    const unknown = run(dir, "init", "x", "--force");
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Unknown option '--force'/);
    assert.deepEqual(readdirSync(dir), []);
  }));

test("init: the scaffolded node test compiles with tsc over the built typed client and passes", () =>
  withDir((dir) => {
    assert.equal(run(dir, "init", "app", "--sdk", REPO_ROOT).code, 0);
    const app = join(dir, "app");
    // As npm install would leave it, from this checkout.
    mkdirSync(join(app, "node_modules", "@types"), { recursive: true });
    symlinkSync(REPO_ROOT, join(app, "node_modules", "piecrust-as"));
    symlinkSync(join(REPO_ROOT, "node_modules", "@types", "node"), join(app, "node_modules", "@types", "node"));
    const built = run(app, "build");
    assert.equal(built.code, 0, built.err);
    assert.ok(existsSync(join(app, "build", "counter.client.ts")));
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    // Without the enclosing runner's NODE_TEST_CONTEXT, the child prints its own report.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_TEST_CONTEXT"));
    // the scaffold's own test command, as npm's shell runs it (its glob expands there on every Node line)
    const script = (JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as { scripts: { test: string } }).scripts.test;
    const nodeTest = script.slice(script.lastIndexOf("&& ") + 3);
    assert.match(nodeTest, /^node --test /);
    const t = spawnSync("sh", ["-c", `"${process.execPath}"${nodeTest.slice("node".length)}`], { cwd: app, encoding: "utf8", env });
    assert.equal(t.status, 0, t.stdout + t.stderr);
    assert.match(t.stdout, /[#ℹ] pass 2\n/); // TAP (Node 20) or the spec reporter (Node 24)
  }));
