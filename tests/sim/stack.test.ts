// The stack example on host-sim: collections in contract memory persist across commits and reopen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../../host-sim/index.js";
import { call, deploy, example, freshSession, type Deployed } from "./example.js";

test("stack: push, pop, peek, box and strings", async () => {
  const { session } = await freshSession();
  const s = deploy(session, example("stack"));
  const pop0 = call(session, s, "pop");
  assert.equal(pop0.value, null);
  const pushes = [5, 6, 7].map((v) => call(session, s, "push", String(v)));
  assert.equal(call(session, s, "peek").value, "7");
  const pop7 = call(session, s, "pop");
  assert.equal(pop7.value, "7");
  // as-pect asserts the same figure (examples/stack/assembly/__tests__/stack.spec.ts).
  assert.deepEqual([pop0.receipt.gasSpent, pushes[0].receipt.gasSpent, pop7.receipt.gasSpent], [22117n, 567n, 2013n]);
  assert.equal(call(session, s, "len").value, 2);
  assert.equal(call(session, s, "get_box").value, null);
  call(session, s, "set_box", -3);
  assert.equal(call(session, s, "get_box").value, -3);
  call(session, s, "add_name", "alpha");
  call(session, s, "add_name", "a name longer than eight bytes");
  assert.deepEqual(call(session, s, "names_list").value, ["alpha", "a name longer than eight bytes"]);
});

test("stack: 5000 values survive a commit and a VM restart", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-stack-"));
  try {
    let vm = await VM.open(dir);
    let session = await vm.session({});
    const s: Deployed = deploy(session, example("stack"));
    const filled = call(session, s, "fill", 5000);
    assert.equal(filled.value, 5000);
    const root = session.commit();
    vm.close();
    vm = await VM.open(dir);
    session = await vm.session({ base: root });
    assert.equal(call(session, s, "sum").value, String((4999 * 5000) / 2));
    assert.equal(call(session, s, "pop").value, "4999");
    assert.equal(filled.receipt.gasSpent, 1340281n);
    console.log(`stack fill(5000) gas: ${filled.receipt.gasSpent}, memory ${session.memoryLen(s.id)} bytes`);
    vm.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
