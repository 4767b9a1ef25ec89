// Command lines: parsed strictly by node:util parseArgs for every command; --help and --version
// have no side effects; a mistake is one stderr line naming it, with exit code 2 (usage) or 1 (a
// failed check/deploy/call).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertUserError, run, TOKEN, withDir } from "./support.js";

const COMMANDS = ["check", "deploy", "call", "query", "commits", "inspect", "dusk-id", "encode", "decode", "typegen"];

test("args: --help, -h and `help <command>` print the command's usage and touch nothing", () =>
  withDir((dir) => {
    for (const cmd of COMMANDS) {
      for (const args of [[cmd, "--help"], [cmd, "-h"], ["help", cmd], [cmd, "x", "--store", "s", "--bogus", "--help"]]) {
        const h = run(dir, ...args);
        assert.equal(h.code, 0, `${args.join(" ")}: ${h.err}`);
        assert.equal(h.err, "");
        assert.match(h.out, new RegExp(`^usage: piecrust-as ${cmd} `), args.join(" "));
      }
    }
    for (const args of [["--help"], ["-h"], ["help"], []]) {
      const h = run(dir, ...args);
      assert.equal(h.code, 0);
      for (const cmd of ["build", ...COMMANDS]) assert.match(h.out, new RegExp(`^  piecrust-as ${cmd} `, "m"));
    }
    // No store (.piecrust, or s from --store) and nothing else was created.
    assert.deepEqual(readdirSync(dir), []);
  }));

test("args: unknown commands and options are named, exit code 2", () =>
  withDir((dir) => {
    assertUserError(run(dir, "deplyo", "x.wasm"), 2, /^piecrust-as: unknown command 'deplyo'; the commands are build, check, deploy, call, query, commits, dusk-id, encode, decode, inspect, init, test, typegen \(see piecrust-as --help\)$/);
    assertUserError(run(dir, "--frob"), 2, /^piecrust-as: unknown option --frob \(see piecrust-as --help\)$/);
    for (const cmd of COMMANDS) assertUserError(run(dir, cmd, "--frob"), 2, new RegExp(`^piecrust-as ${cmd}: unknown option --frob \\(see piecrust-as ${cmd} --help\\)$`));
    assertUserError(run(dir, "call", "token", "-x"), 2, /^piecrust-as call: unknown option -x /);
    assertUserError(run(dir, "query", "token", "f", "-5"), 2, /unknown option -5 \(to pass a value that starts with -, put it after --\)/);
    assertUserError(run(dir, "deploy", TOKEN, "--gas"), 2, /^piecrust-as deploy: --gas needs a value \(see piecrust-as deploy --help\)$/);
    assertUserError(run(dir, "query", "token", "f", "--gas", "--json"), 2, /^piecrust-as query: --gas needs a value \(for one that starts with -, write --gas=--json\)/);
    assertUserError(run(dir, "query", "token", "f", "--json=yes"), 2, /^piecrust-as query: --json takes no value/);
    assertUserError(run(dir, "inspect"), 2, /^piecrust-as inspect: expected one contract id or name, got 0 arguments/);
    assertUserError(run(dir, "inspect", "a", "b"), 2, /^piecrust-as inspect: expected one contract id or name, got 2 arguments \("b" too many\)/);
    assertUserError(run(dir, "commits", "extra"), 2, /^piecrust-as commits: expected no arguments, got 1 argument/);
    assertUserError(run(dir, "check"), 2, /^piecrust-as check: expected one or more wasm files, got 0 arguments/);
    assertUserError(run(dir, "call", "a", "b", "1", "--raw", "00"), 2, /give the argument either as JSON or with --raw, not both/);
    assertUserError(run(dir, "deploy", TOKEN, "--gas", String(2n ** 64n)), 2, /--gas must fit in a u64, got 18446744073709551616/);
    assert.deepEqual(readdirSync(dir), []);
  }));

test("args: check reads files safely and fails with exit code 1 on an ABI problem", () =>
  withDir((dir) => {
    // Before: `check missing.wasm` printed Node's ENOENT error.
    assertUserError(run(dir, "check", "missing.wasm"), 1, /^piecrust-as check: cannot read wasm file missing\.wasm: no such file \(check the path, or build the contract first: piecrust-as build\)$/);
    const ok = run(dir, "check", TOKEN);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, `${TOKEN}: ok\n`);
    writeFileSync(join(dir, "notwasm.wasm"), "hello");
    const bad = run(dir, "check", TOKEN, "notwasm.wasm");
    assertUserError(bad, 1, /^piecrust-as check: 1 of 2 files breaks Piecrust's ABI: notwasm\.wasm \(problems listed above\)$/);
    assert.match(bad.out, /^notwasm\.wasm: 1 Piecrust ABI problem\(s\)\n {2}- malformed module: not a wasm binary \(bad magic or version\) \(at byte 0\)$/m);
  }));

test("args: an exception that is no user mistake is reported as a bug, with its stack, exit code 70", async () => {
  const { main } = await import("../../cli/main.js");
  const { COMMANDS } = await import("../../cli/commands/index.js");
  const original = COMMANDS.inspect.run;
  const written: string[] = [];
  const write = process.stderr.write;
  COMMANDS.inspect.run = async () => {
    throw new TypeError("a broken invariant");
  };
  process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
  try {
    assert.equal(await main(["inspect", "x"]), 70);
  } finally {
    process.stderr.write = write;
    COMMANDS.inspect.run = original;
  }
  const text = written.join("");
  assert.match(text, /^piecrust-as inspect: internal error, a bug in piecrust-as rather than in your input or contract; please report it with the command that caused it:\nTypeError: a broken invariant\n\s+at /);
});
