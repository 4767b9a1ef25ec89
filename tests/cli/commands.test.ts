// The store commands of the CLI, run as a user would: `node dist/cli/main.js …` in a temp dir.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { assertUserError, run, TOKEN, withDir } from "./support.js";

const OWNER = "aa".repeat(32);
const BOB = "0x" + "0b".repeat(32);

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

test("cli: clear errors for bad input, each one line with its exit code", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", TOKEN, "--init", '"5"').code, 0);
    assertUserError(run(dir, "call", "nosuch", "balance_of"), 1, /^piecrust-as call: 'nosuch' is neither a 64-hex-digit contract id nor a deployed contract's name \(known: token\)$/);
    assertUserError(run(dir, "query", "ee".repeat(32), "balance_of"), 1, /^piecrust-as query: contract e{64} is not deployed at commit [0-9a-f]{64} \(see piecrust-as commits\)$/);
    // Malformed text on the command line is a usage error (2); text that does not fit the contract is a failure (1).
    assertUserError(run(dir, "call", "token", "transfer", "[oops"), 2, /^piecrust-as call: the argument is not valid JSON \(.*\): \[oops \(see piecrust-as call --help\)$/);
    assertUserError(run(dir, "query", "token", "name", "alice"), 2, /not valid JSON .*; a string needs its quotes: '"alice"'/);
    assertUserError(run(dir, "query", "token", "balance_of", "42"), 1, /^piecrust-as query: argument of balance_of does not match its type ContractId: /);
    assertUserError(run(dir, "query", "token", "steal"), 1, /has no function 'steal' \(it has: init, name/);
    assertUserError(run(dir, "commits", "--frobnicate"), 2, /^piecrust-as commits: unknown option --frobnicate \(see piecrust-as commits --help\)$/);
    assertUserError(run(dir, "call", "token", "name", "--gas", "lots"), 2, /^piecrust-as call: --gas must be an integer, got "lots"/);
    assertUserError(run(dir, "deploy", TOKEN, "--owner", "xyz"), 2, /^piecrust-as deploy: .*--owner/);
    assertUserError(run(dir, "call", "token", "name", "--meta", "signer"), 2, /--meta takes NAME=HEX, got "signer"/);
    assertUserError(run(dir, "deploy", join(dir, "none.wasm")), 1, /^piecrust-as deploy: cannot read wasm file .*none\.wasm: no such file \(check the path, or build the contract first: piecrust-as build\)$/);
    assertUserError(run(dir, "deploy", TOKEN, "--init", '"5"'), 1, /^piecrust-as deploy: deploy of .*token\.wasm failed, nothing was committed: InitalizationError: .*already exists \(this bytecode is already deployed; pass --id HEX to deploy another instance\); gas spent 1000000000 of 1000000000 \(a failed deploy is charged its whole limit, as on Dusk\)$/);
  }));

test("cli: a failed call says what failed, that the state is unchanged, and the gas it spent", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", TOKEN, "--owner", OWNER, "--init", '"1000"').code, 0);
    const before = run(dir, "commits").out;
    const panic = run(dir, "call", "token", "transfer", JSON.stringify([BOB, "99999"]), "--gas", "5000000");
    // Piecrust gives a failed call no receipt; Rusk's execute charges a failed call its whole limit.
    // then the backtrace: no build/ here, so functions by index and offsets in the deployed bytes
    const [first, ...trace] = panic.err.trimEnd().split("\n");
    assertUserError({ ...panic, err: first }, 1, /^piecrust-as call: transfer failed: Panic: .*insufficient balance.*; state unchanged; gas spent 5000000 of 5000000 \(a failed call is charged its whole limit, as on Dusk\)$/);
    assert.match(trace[0], /^in contract [0-9a-f]{64}:$/);
    assert.ok(trace.length > 1 && trace.slice(1).every((l) => /^ {4}at wasm-function\[\d+\] \(wasm offset 0x[0-9a-f]+\)$/.test(l)), trace.join("\n"));
    assert.equal(panic.out, "");
    assert.equal(run(dir, "commits").out, before);
    const q = run(dir, "query", "token", "balance_of", JSON.stringify("0x" + OWNER), "--json");
    assert.equal(q.out.trim(), '"1000"');
  }));
