// `piecrust-as build` in a user project outside this repository, run as a user would:
// `node dist/cli/main.js build …` in temporary folders that have no node_modules of their own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";
import { contractName, findContracts } from "../../cli/project.js";

const CLI = join(REPO_ROOT, "dist", "cli", "main.js");

// A contract that reaches the wasm through every path-bearing route: an assert (its panic location
// names the file), a second project file it imports, and the SDK imported as the package.
const CONTRACT = `import { emit } from "piecrust-as/assembly";
import { limit } from "./limit";

@contract
class Demo {
  total: u64 = 0;

  add(by: u64): u64 {
    assert(by <= limit(), "too much");
    this.total += by;
    emit<u64>("added", this.total);
    return this.total;
  }
}
`;
const LIMIT = `export function limit(): u64 {
  return 10;
}
`;

function run(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function project(files: Record<string, string>): string {
  // realpath: on some systems tmpdir() is a symlink, and the check below must see the real path too.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "pcas-project-")));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Whether `needle` is in the bytes as UTF-8 or as UTF-16 (AssemblyScript's string literals). */
function contains(hay: Uint8Array, needle: string): boolean {
  const b = Buffer.from(hay);
  return b.includes(Buffer.from(needle, "utf8")) || b.includes(Buffer.from(needle, "utf16le"));
}

test("build: the same contract at the same project path gives the same bytes in any folder, with no absolute path inside", () => {
  const files = { "contracts/demo/index.ts": CONTRACT, "contracts/demo/limit.ts": LIMIT };
  const a = project(files);
  const b = project({ ...files, "deeper/unrelated.txt": "x" });
  try {
    for (const dir of [a, b]) {
      const r = run(dir, "build");
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /demo\s+incremental\s+\d+\s+ok\s+build\/demo\.wasm/);
    }
    const wa = new Uint8Array(readFileSync(join(a, "build", "demo.wasm")));
    const wb = new Uint8Array(readFileSync(join(b, "build", "demo.wasm")));
    assert.deepEqual(wa, wb);
    // The panic location is there, project-relative: the path is in the bytes, just never absolute.
    assert.ok(contains(wa, "contracts/demo/index.ts"), "the assert's location names the project-relative file");
    for (const abs of [a, b, REPO_ROOT, realpathSync(tmpdir()), process.env.HOME ?? "/root"]) {
      assert.ok(!contains(wa, abs), `the wasm holds the absolute path ${abs}`);
    }
    // The SDK is named as the package, whichever folder it was read from.
    assert.ok(!contains(wa, "node_modules"), "the wasm names a node_modules folder");
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test("build: a contract whose sources, options and toolchain are unchanged is not recompiled", () => {
  const dir = project({ "contracts/demo/index.ts": CONTRACT, "contracts/demo/limit.ts": LIMIT });
  try {
    const first = run(dir, "build");
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /compiling contracts\/demo\/index\.ts/);
    const wasm = readFileSync(join(dir, "build", "demo.wasm"));

    const again = run(dir, "build");
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /\[1\/1\] demo \(incremental, release\): up to date/);
    assert.doesNotMatch(again.err, /compiling/);
    assert.match(again.out, new RegExp(`demo\\s+incremental\\s+${wasm.length}\\s+ok`));

    // Another option is another build; the release one stays cached beside it.
    const debug = run(dir, "build", "--target", "debug");
    assert.equal(debug.code, 0, debug.err);
    assert.match(debug.err, /compiling/);
    assert.ok(existsSync(join(dir, "build", "demo.debug.wasm")));

    // A file the contract imports (not the entry) changed: recompiled, and the bytes follow.
    writeFileSync(join(dir, "contracts", "demo", "limit.ts"), LIMIT.replace("10", "1000"));
    const edited = run(dir, "build");
    assert.equal(edited.code, 0, edited.err);
    assert.match(edited.err, /compiling contracts\/demo\/index\.ts/);
    assert.notDeepEqual(new Uint8Array(readFileSync(join(dir, "build", "demo.wasm"))), new Uint8Array(wasm));

    // An output changed behind the cache's back is rebuilt, not trusted.
    writeFileSync(join(dir, "build", "demo.wasm"), "not wasm");
    const tampered = run(dir, "build");
    assert.match(tampered.err, /compiling/);
    assert.equal(readFileSync(join(dir, "build", "demo.wasm")).subarray(0, 4).toString("hex"), "0061736d");
    assert.ok(readdirSync(join(dir, "build", ".cache")).length >= 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("build: names, the package.json config, --help and usage errors", () => {
  const dir = project({
    "package.json": JSON.stringify({ name: "p", "piecrust-as": { contracts: { alpha: "src/a.ts", beta: "src/b/main.ts" } } }),
    "src/a.ts": "@contract class A { one(): u32 { return 1; } }\n",
    "src/b/main.ts": "@contract class B { two(): u32 { return 2; } }\n",
  });
  try {
    assert.deepEqual(findContracts(dir), [
      { name: "alpha", entry: "src/a.ts" },
      { name: "beta", entry: "src/b/main.ts" },
    ]);
    const help = run(dir, "build", "--help");
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: piecrust-as build/);
    assert.ok(!existsSync(join(dir, "build")), "--help must not build");

    const one = run(dir, "build", "beta");
    assert.equal(one.code, 0, one.err);
    assert.ok(existsSync(join(dir, "build", "beta.wasm")) && !existsSync(join(dir, "build", "alpha.wasm")), "only the named contract is built");

    const unknown = run(dir, "build", "gamma");
    assert.equal(unknown.code, 2);
    assert.equal(unknown.err, 'piecrust-as build: no contract named "gamma" (this project has: alpha, beta) (see piecrust-as build --help)\n');
    const badOption = run(dir, "build", "--fast");
    assert.equal(badOption.code, 2);
    assert.match(badOption.err, /^piecrust-as build: Unknown option '--fast' \(see piecrust-as build --help\)\n$/);
    const badTarget = run(dir, "build", "--target", "size");
    assert.equal(badTarget.code, 2);
    assert.match(badTarget.err, /--target must be release or debug, not "size"/);

    writeFileSync(join(dir, "package.json"), JSON.stringify({ "piecrust-as": { contracts: { alpha: "src/missing.ts" } } }));
    const missing = run(dir, "build");
    assert.equal(missing.code, 2);
    assert.match(missing.err, /contracts\.alpha names src\/missing\.ts, which does not exist/);
    assert.doesNotMatch(missing.err, /\n\s+at /, "no stack trace");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("build: a folder with no contracts says where they are expected", () => {
  const dir = project({ "README.md": "nothing here" });
  try {
    const r = run(dir, "build");
    assert.equal(r.code, 2);
    assert.match(r.err, /no contracts found in .*: expected contracts\/<name>\/index\.ts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("contractName: the folder names the contract", () => {
  assert.equal(contractName("examples/token/assembly/index.ts"), "token");
  assert.equal(contractName("contracts/vault/index.ts"), "vault");
  assert.equal(contractName("contracts\\vault\\index.ts"), "vault");
  assert.equal(contractName("src/escrow.ts"), "escrow");
  assert.equal(contractName("index.ts"), "index");
});

test("build --watch: rebuilds after a source changes, goes on after a rebuild that cannot write, and stops on Ctrl-C", async () => {
  const dir = project({ "contracts/demo/index.ts": CONTRACT, "contracts/demo/limit.ts": LIMIT });
  const child = spawn(process.execPath, [CLI, "build", "--watch"], { cwd: dir });
  let err = "";
  const seen = (re: RegExp) =>
    new Promise<void>((resolveSeen, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stderr so far:\n${err}`)), 240_000);
      const check = () => {
        if (re.test(err)) {
          clearTimeout(timer);
          child.stderr.off("data", check);
          resolveSeen();
        }
      };
      child.stderr.on("data", check);
      check();
    });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  try {
    await seen(/watching \d+ folder\(s\)/);
    // The first build is done and nothing runs: a folder now takes the wasm's place, so the rebuild a
    // change starts cannot write it. One line, and the watch goes on.
    const before = readFileSync(join(dir, "build", "demo.wasm"));
    rmSync(join(dir, "build", "demo.wasm"));
    mkdirSync(join(dir, "build", "demo.wasm", "taken"), { recursive: true });
    writeFileSync(join(dir, "contracts", "demo", "limit.ts"), LIMIT.replace("10", "78"));
    await seen(/change detected: rebuilding\n[^]*\npiecrust-as build: cannot write .*demo\.wasm: .+\nwatching for changes \(Ctrl-C stops\)\n/);
    assert.doesNotMatch(err, /internal error|\n\s+at /);
    // the folder gone and the source changed again: rebuilt
    rmSync(join(dir, "build", "demo.wasm"), { recursive: true });
    writeFileSync(join(dir, "contracts", "demo", "limit.ts"), LIMIT.replace("10", "77"));
    await seen(/watching for changes \(Ctrl-C stops\)\n[^]*\[1\/1\] demo \(incremental, release\): \d+ bytes in/);
    assert.notDeepEqual(new Uint8Array(readFileSync(join(dir, "build", "demo.wasm"))), new Uint8Array(before));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGINT");
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
