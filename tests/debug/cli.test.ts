// `piecrust-as call --profile`: the flame graph and speedscope files of a call, which is otherwise
// the same call; a file of another kind is refused before anything runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertUserError, run, TOKEN, withDir } from "../cli/support.js";

const OWNER = "aa".repeat(32);
const BOB = "0x" + "0b".repeat(32);

test("cli: call --profile writes an SVG flame graph or speedscope JSON whose total is the call's gas", () =>
  withDir((dir) => {
    assert.equal(run(dir, "deploy", TOKEN, "--owner", OWNER, "--init", '"1000"').code, 0);
    const svgFile = join(dir, "t.svg");
    const r = run(dir, "query", "token", "transfer", JSON.stringify([BOB, "5"]), "--meta", `signer=${OWNER}`, "--profile", svgFile);
    assert.equal(r.code, 0, r.err);
    const gas = /gas\s+(\d+) of/.exec(r.out)![1];
    const svg = readFileSync(svgFile, "utf8");
    assert.ok(svg.startsWith("<?xml") && svg.includes("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert.ok(svg.includes(`${gas} gas in all`), "the header gives the call's gas");
    // no build/ here: the frame is the contract's id prefix, functions by index
    assert.match(svg, /<title>[0-9a-f]{16}\.transfer\ngas \d+ \(100\.00%\)/);

    const jsonFile = join(dir, "t.json");
    assert.equal(run(dir, "query", "token", "transfer", JSON.stringify([BOB, "5"]), "--meta", `signer=${OWNER}`, "--profile", jsonFile).code, 0);
    const ss = JSON.parse(readFileSync(jsonFile, "utf8"));
    assert.equal(ss.$schema, "https://www.speedscope.app/file-format-schema.json");
    assert.equal(ss.profiles[0].endValue, Number(gas));
    assert.ok(ss.shared.frames.some((f: { name: string }) => /^wasm-function\[\d+\]$/.test(f.name)));

    assertUserError(run(dir, "query", "token", "name", "--profile", join(dir, "t.txt")), 2, /--profile takes a file ending in \.svg .* or \.json/);
  }));
