// The Dusk profile's cryptography loads only for the Dusk profile: building @noble/curves' curves
// costs every process that imports it 85–130 ms. Each case runs in a fresh process whose module
// resolver refuses @noble/curves, so a bare-Piecrust path that reached it would fail here.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { distUrl as dist, REPO_ROOT } from "../helpers/paths.js";
import { refuseLoads } from "../helpers/refuse-loads.js";

function run(body: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--import", refuseLoads(["/@noble/curves/"]), "--input-type=module", "-e", body], { encoding: "utf8", cwd: REPO_ROOT });
  return { status: r.status, out: r.stdout + r.stderr };
}

const COUNTER = JSON.stringify(join(REPO_ROOT, "build", "counter.wasm"));

test("bare Piecrust runs a contract, and the CLI and transform load, without @noble/curves", () => {
  const r = run(`
const { readFileSync } = await import("node:fs");
const { VM } = await import(${JSON.stringify(dist("host-sim/index.js"))});
await import(${JSON.stringify(dist("cli/main.js"))});
const vm = await VM.ephemeral();
const s = await vm.session();
const { contractId } = s.deploy(readFileSync(${COUNTER}), { owner: new Uint8Array(32) }, 1000000n);
const first = s.callRaw(contractId, "increment", new Uint8Array(0), 1000000n);
console.log("ran", first.gasSpent > 0n);`);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /ran true/);
});

test("the Dusk profile loads @noble/curves when its VM is made (the hook above can fail)", () => {
  const r = run(`
const { VM } = await import(${JSON.stringify(dist("host-sim/index.js"))});
console.log("imported");
await VM.ephemeral({ profile: "dusk" });`);
  assert.notEqual(r.status, 0);
  assert.match(r.out, /imported/);
  assert.match(r.out, /REFUSED LOAD: file:.*@noble\/curves\//);
});
