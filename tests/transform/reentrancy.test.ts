// Re-entrancy through `c` (the host calls back into the same instance), failed inner frames whose
// memory the host reverts, and a failed frame followed by a sibling frame in the same instance, all
// on host-sim.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFixture, isPanic, SimContract, u64le } from "./support.js";
import * as F from "./fixtures.js";

function readLog(c: SimContract): bigint[] {
  const out = c.call("read_log");
  const v = new DataView(out.buffer, out.byteOffset);
  const n = Number(v.getBigUint64(0, true));
  return Array.from({ length: n }, (_, i) => v.getBigUint64(8 + 8 * i, true));
}

for (const runtime of ["incremental", "stub"] as const) {
  test(`re-entrant call and a failed inner call leave globals consistent with memory (${runtime})`, async () => {
    const r = await compileFixture(`reentrant-${runtime}`, F.REENTRANT, { runtime });
    assert.ok(r.wasm, r.stderr);
    const c = await SimContract.deploy(r.wasm!);
    assert.equal(u64le(c.call("reenter")), 102n);
    assert.deepEqual(readLog(c), [1n, 2n, 102n]);
    // boom: +1000 and 51 log entries, then panics; the host reverts its memory. Without the `c`
    // wrapper the callee's global writes would survive (1203).
    assert.equal(u64le(c.call("reenter_fail")), 203n);
    assert.deepEqual(readLog(c), [1n, 2n, 102n, 103n, 203n]);
    assert.equal(u64le(c.call("read")), 203n);
    // A failed top-level call changes nothing.
    assert.throws(() => c.call("boom"), (e: unknown) => isPanic(e, /^boom at build\/test-fixtures\/reentrant-\w+\/index\.ts:\d+:\d+$/));
    assert.equal(u64le(c.call("increment")), 204n);
  });
}

test("a failed frame then a sibling frame on the same instance: the sibling sees reverted state", async () => {
  const r = await compileFixture("reentrant-sibling", F.REENTRANT);
  assert.ok(r.wasm, r.stderr);
  const caller = await compileFixture("reentrant-sibling-caller", F.SIBLING_CALLER);
  assert.ok(caller.wasm, caller.stderr);
  const c = await SimContract.deploy(r.wasm!);
  const other = SimContract.into(c.session, caller.wasm!);
  c.call("increment");
  // One top-level call in which another contract calls us twice: first `boom` (fails, memory
  // reverted, the instance keeps its dirty globals), then `read` and `increment` on the same instance.
  const out = other.call("run", c.id);
  assert.deepEqual([u64le(out.subarray(0, 8)), u64le(out.subarray(8, 16))], [1n, 2n]);
  assert.deepEqual(readLog(c), [1n, 2n]);
});
