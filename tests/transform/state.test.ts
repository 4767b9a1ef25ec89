// The fix-up matters: under Piecrust's instance model (fresh instance per top-level call, memory
// kept, globals not), a plain AssemblyScript build loses state and the transformed one keeps it in
// host-sim.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildOne } from "../../cli/main.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { compileFixture, FIXTURE_DIR, SimContract, u64le } from "./support.js";
import * as F from "./fixtures.js";

const COUNTER = join("examples", "counter", "assembly", "index.ts");

test("plain AS counter (no transform) loses its state in host-sim", async () => {
  // `--use abort=` leaves out env.abort, an import Piecrust does not offer; nothing else differs
  // from a plain asc build.
  const r = await compileFixture("plain-counter", F.PLAIN_COUNTER, { transform: false, extraArgs: ["--use", "abort="] });
  assert.ok(r.wasm, r.stderr);
  const c = await SimContract.deploy(r.wasm!);
  c.call("increment");
  c.call("increment");
  const v = u64le(c.call("read_value"));
  assert.notEqual(v, 0xfen);
  assert.equal(v, 0xfcn, "the global is re-initialised on every instance");
});

for (const runtime of ["incremental", "minimal", "stub"] as const) {
  test(`transformed counter keeps its state across fresh instances (${runtime})`, async () => {
    const r = await buildOne(COUNTER, { entries: [COUNTER], target: "release", runtime, outDir: join(FIXTURE_DIR, "out"), cwd: REPO_ROOT, name: `state-counter-${runtime}` });
    assert.deepEqual(r.problems, [], r.stderr);
    const c = await SimContract.deploy(new Uint8Array(readFileSync(join(REPO_ROOT, r.outFile))));
    assert.equal(u64le(c.call("read_value")), 0xfcn);
    c.call("increment");
    c.call("increment");
    assert.equal(u64le(c.call("read_value")), 0xfen);
    assert.equal(c.call("increment").length, 0);
    assert.equal(u64le(c.call("read_value")), 0xffn);
    // `()` is zero bytes at the end of the buffer: like rkyv, any argument bytes are accepted.
    assert.equal(c.call("increment", new Uint8Array(3)).length, 0);
    assert.equal(u64le(c.call("read_value")), 0x100n);
  });
}

test("module-level globals persist through the save area (transformed plain-style counter)", async () => {
  for (const target of ["release", "debug"] as const) {
    const r = await compileFixture(`global-counter-${target}`, F.GLOBAL_COUNTER, { target });
    assert.ok(r.wasm, r.stderr);
    const c = await SimContract.deploy(r.wasm!);
    c.call("increment");
    c.call("increment");
    assert.equal(u64le(c.call("read_value")), 0xfen, target);
  }
});

test("scalar arguments and results travel as raw little-endian bytes", async () => {
  const r = await compileFixture("args", F.ARGS);
  assert.ok(r.wasm, r.stderr);
  const c = await SimContract.deploy(r.wasm!);
  const u64 = (v: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    return b;
  };
  assert.equal(u64le(c.call("add", u64(5n))), 5n);
  assert.equal(u64le(c.call("add", u64(0xffff_ffffn))), 0x1_0000_0004n);
  assert.deepEqual([...c.call("neg", new Uint8Array([1]))], [0]);
  assert.deepEqual([...c.call("neg", new Uint8Array([0]))], [1]);
  assert.throws(() => c.call("neg", new Uint8Array([2])), /Argument should correctly deserialize: check failed for bool/);
  const i = new Uint8Array(4);
  new DataView(i.buffer).setInt32(0, -21, true);
  assert.equal(new DataView(c.call("twice", i).buffer).getInt32(0, true), -42);
  // rkyv reads the root at the end: 16 bytes hold a u64 at 8; 9 bytes leave it unaligned; 7 are too few.
  assert.equal(u64le(c.call("add", new Uint8Array([...new Uint8Array(8), ...u64(1n)]))), 0x1_0000_0005n);
  assert.throws(() => c.call("add", new Uint8Array(9)), /Argument should correctly deserialize: unaligned root object/);
  assert.throws(() => c.call("add", new Uint8Array(7)), /Argument should correctly deserialize: buffer too small/);
});

// Not "stub", which never frees. "minimal" collects at the end of the outermost call.
for (const runtime of ["incremental", "minimal"] as const) {
  test(`heap state (Map, Array<string>, class fields) survives 100 fresh-instance calls, memory bounded (${runtime})`, async () => {
    const r = await compileFixture(`heap-${runtime}`, F.HEAP, { runtime });
    assert.ok(r.wasm, r.stderr);
    const c = await SimContract.deploy(r.wasm!);
    const pages: number[] = [];
    for (let i = 1; i <= 100; i++) {
      const k = new DataView(c.call("push").buffer).getUint32(0, true);
      assert.equal(k, i);
      if (i % 25 === 0) {
        const v = u64le(c.call("check"));
        const parts = [v & 0xffffn, (v >> 16n) & 0xffffn, (v >> 32n) & 0xffffn, v >> 48n].map(Number);
        assert.deepEqual(parts, [i, i, i, i], `after ${i} calls`);
      }
      pages.push(c.memoryLen / 65536);
    }
    // ~200 temporary strings per call: without a working collector this grows by pages per call.
    const max = Math.max(...pages);
    assert.ok(max <= 8, `memory grew to ${max} pages`);
  });
}
