// Contract memories are shared memories where the host allows (host-sim/memory.ts): V8 counts an
// unshared memory's 4 GiB as external memory, and every new one forced a full garbage collection
// ("external memory pressure"). A fresh process loads 24 contracts (24 memories) under --trace-gc,
// and no collection may name that reason; the same process then makes two unshared 4 GiB memories
// itself, which must, so the trace is shown to catch it.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { distUrl, REPO_ROOT } from "../helpers/paths.js";

test("loading 24 contracts makes their memories without a collection for external memory", () => {
  const hostSim = distUrl("host-sim/index.js");
  const script = `
const { readFileSync } = await import("node:fs");
const { VM } = await import(${JSON.stringify(hostSim)});
const wasm = readFileSync(${JSON.stringify(join(REPO_ROOT, "build", "counter.wasm"))});
const vm = await VM.ephemeral();
const s = await vm.session();
for (let i = 0; i < 24; i++) {
  const { contractId } = s.deploy(wasm, { owner: new Uint8Array(32), contractId: new Uint8Array(32).fill(i + 1) }, 1000000n);
  s.callRaw(contractId, "increment", new Uint8Array(0), 1000000n);
}
console.log("CONTRACTS DONE");
const keep = [];
for (let i = 0; i < 2; i++) keep.push(new WebAssembly.Memory({ initial: 65536, maximum: 65536 }));
console.log("UNSHARED DONE", keep.length);`;
  const r = spawnSync(process.execPath, ["--trace-gc", "--input-type=module", "-e", script], { encoding: "utf8", cwd: REPO_ROOT });
  assert.equal(r.status, 0, r.stderr);
  const [contracts, unshared] = r.stdout.split("CONTRACTS DONE");
  assert.ok(unshared !== undefined && unshared.includes("UNSHARED DONE 2"), r.stdout);
  assert.doesNotMatch(contracts, /external memory pressure/, "a contract memory forced a collection");
  assert.match(unshared, /external memory pressure/, "the trace shows the collection an unshared 4 GiB memory forces");
});
