// The store commands of the CLI, run as a user would: `node dist/cli/main.js …` in a temp dir.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";

const CLI = join(REPO_ROOT, "dist", "cli", "main.js");
const TOKEN = join(REPO_ROOT, "build", "token.wasm");
const OWNER = "aa".repeat(32);
const BOB = "0x" + "0b".repeat(32);

function run(cwd: string, ...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "pcas-cli-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("cli: deploy with an init argument, call, query, commits, inspect", () =>
  withDir((dir) => {
    const d = run(dir, "deploy", TOKEN, "--owner", OWNER, "--init", '"1000"');
    assert.equal(d.code, 0, d.err);
    assert.match(d.out, /deployed {2}token [0-9a-f]{64}/);
    assert.match(d.out, /transfer \{"from":"0x0{64}","to":"0x(aa){32}","amount":"1000"\}/);

    const c = run(dir, "call", "token", "transfer", JSON.stringify([BOB, "250"]));
    assert.equal(c.code, 0, c.err);
    assert.match(c.out, /gas {5}\d+ of 1000000000/);
    assert.match(c.out, /token\([0-9a-f]{8}\) transfer \{"from":"0x(aa){32}","to":"0x(0b){32}","amount":"250"\}/);
    assert.match(c.out, /root {6}[0-9a-f]{64}/);

    const before = run(dir, "commits").out;
    const q = run(dir, "query", "token", "balance_of", JSON.stringify(BOB), "--json");
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out.trim(), '"250"');
    // A query commits nothing.
    assert.equal(run(dir, "commits").out, before);
    assert.equal(before.trim().split("\n").length, 2);
    assert.match(before, /^\* [0-9a-f]{64} {2}1 contract$/m);

    const i = run(dir, "inspect", "token");
    assert.equal(i.code, 0, i.err);
    assert.match(i.out, /owner {5}0x(aa){32}/);
    assert.match(i.out, /memory {4}\d+ bytes/);
    assert.match(i.out, /exports {3}.*transfer_from/);
    assert.match(i.out, /balance_of\(ContractId\) -> u128/);
  }));

test("cli: clear errors for bad input", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", TOKEN, "--init", '"5"').code, 0);
    const unknown = run(dir, "call", "nosuch", "balance_of");
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /'nosuch' is neither a 64-hex-digit contract id nor a deployed contract's name \(known: token\)/);
    const missing = run(dir, "query", "ee".repeat(32), "balance_of");
    assert.match(missing.err, /contract e{64} is not deployed/);
    const badJson = run(dir, "call", "token", "transfer", "[oops");
    assert.equal(badJson.code, 1);
    assert.match(badJson.err, /the argument is not valid JSON/);
    const badType = run(dir, "query", "token", "balance_of", "42");
    assert.equal(badType.code, 1);
    assert.match(badType.err, /argument of balance_of does not match its type ContractId/);
    const badFn = run(dir, "query", "token", "steal");
    assert.match(badFn.err, /has no function 'steal' \(it has: init, name/);
    const panic = run(dir, "call", "token", "transfer", JSON.stringify([BOB, "99999"]));
    assert.equal(panic.code, 1);
    assert.match(panic.err, /call transfer failed: Panic: .*insufficient balance/);
    const badOpt = run(dir, "commits", "--frobnicate");
    assert.equal(badOpt.code, 2);
    assert.match(badOpt.err, /unknown option --frobnicate \(see piecrust-as commits --help\)/);
    assert.match(run(dir, "deploy", join(dir, "none.wasm")).err, /cannot read/);
  }));

test("cli: --help for every command, and a missing store", () =>
  withDir((dir) => {
    for (const cmd of ["deploy", "call", "query", "commits", "inspect"]) {
      const h = run(dir, cmd, "--help");
      assert.equal(h.code, 0);
      assert.match(h.out, new RegExp(`^usage: piecrust-as ${cmd}`));
    }
    assert.match(run(dir, "--help").out, /piecrust-as inspect <contract>/);
    const none = run(dir, "commits");
    assert.equal(none.code, 1);
    assert.match(none.err, /no store at \.piecrust/);
  }));
