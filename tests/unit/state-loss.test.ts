// The evidence that the transform's state handling matters, on host-sim (Piecrust's instance model:
// a fresh instance per top-level call, memory kept, globals re-initialised, data applied once).
import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VMError } from "../../host-sim/index.js";
import { buildOne } from "../../cli/main.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { freshSession, idOf, OWNER } from "../helpers/sim.js";
import { compileFixture, FIXTURE_DIR } from "../transform/support.js";
import { PLAIN_COUNTER } from "../transform/fixtures.js";

const u64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
const empty = new Uint8Array(0);

test("a plain AssemblyScript counter (no fix-up) deploys on host-sim and silently loses its state", async () => {
  const r = await compileFixture("plain-counter-hostsim", PLAIN_COUNTER, { transform: false, runtime: "stub", extraArgs: ["--use", "abort="] });
  assert.ok(r.wasm, r.stderr);
  const { session } = await freshSession();
  session.deploy(r.wasm!, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  session.callRaw(idOf(1), "increment", empty, 1_000_000n);
  session.callRaw(idOf(1), "increment", empty, 1_000_000n);
  assert.equal(u64(session.callRaw(idOf(1), "read_value", empty, 1_000_000n).data), 0xfcn, "the u64 global was re-initialised on every call");
});

test("a plain AssemblyScript build with its runtime is rejected at deploy (env.abort, start section)", async () => {
  const source = `${PLAIN_COUNTER}\nconst seen = new Map<u32, u64>();\nexport function remember(arg_len: i32): i32 { seen.set(<u32>arg_len, value); return 0; }\n`;
  const r = await compileFixture("plain-heap-abort", source, { transform: false, runtime: "incremental", extraArgs: [] });
  assert.ok(r.wasm, r.stderr);
  const { session } = await freshSession();
  assert.throws(
    () => session.deploy(r.wasm!, { owner: OWNER, contractId: idOf(1) }, 1_000_000n),
    (e: unknown) => e instanceof VMError && (e.code === "InvalidFunction" || e.code === "RuntimeError"),
  );
});

test("the built counter keeps its state across calls, commits and sessions on host-sim", async () => {
  const entry = join("examples", "counter", "assembly", "index.ts");
  const b = await buildOne(entry, { entries: [entry], target: "release", runtime: "incremental", outDir: join(FIXTURE_DIR, "out"), cwd: REPO_ROOT, name: "hostsim-counter" });
  assert.deepEqual(b.problems, [], b.stderr);
  const wasm = new Uint8Array(readFileSync(join(REPO_ROOT, b.outFile)));
  const { vm, session } = await freshSession();
  const { contractId } = session.deploy(wasm, { owner: OWNER }, 1_000_000n);
  session.callRaw(contractId, "increment", empty, 1_000_000n);
  session.callRaw(contractId, "increment", empty, 1_000_000n);
  assert.equal(u64(session.callRaw(contractId, "read_value", empty, 1_000_000n).data), 0xfen);
  const root = session.commit();
  const next = await vm.session({ base: root });
  next.callRaw(contractId, "increment", empty, 1_000_000n);
  assert.equal(u64(next.callRaw(contractId, "read_value", empty, 1_000_000n).data), 0xffn);
});
