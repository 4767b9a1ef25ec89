// Session.takeProfiles hands the embedder the profiles recorded since it last asked and forgets
// them, so a long-lived profiled session does not grow without bound (the CLI and as-pect use it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { VM } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";
import { idOf, module, OWNER } from "../helpers/sim.js";

// entry 1 + const 1 = 2 gas per call of f
const SOURCE = module(`(func (export "f") (param i32) (result i32) (i32.const 0))`);

test("takeProfiles: returns the profiles since the last take, oldest first, and clears them", async () => {
  const vm = await VM.ephemeral();
  const s = await vm.session({ profile: true });
  s.deploy(await wat(SOURCE), { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  const call = () => s.callRaw(idOf(1), "f", new Uint8Array(0), 1_000_000n).gasSpent;
  assert.deepEqual([call(), call()], [2n, 2n]);
  // the deploy records none: the module has no init
  const first = s.takeProfiles();
  assert.deepEqual(first.map((p) => [p.root.name, p.gasSpent]), [[`${"01".repeat(8)}.f`, 2n], [`${"01".repeat(8)}.f`, 2n]]);
  assert.equal(s.profiles.length, 0);
  assert.deepEqual(s.takeProfiles(), []);
  call();
  assert.equal(s.profiles.length, 1);
  assert.deepEqual(s.takeProfiles().map((p) => p.gasSpent), [2n]);
  assert.equal(s.profiles.length, 0);
  // what was taken is the embedder's: later calls do not change it
  assert.equal(first.length, 2);
});

test("takeProfiles: a session without profiling has none to take", async () => {
  const vm = await VM.ephemeral();
  const s = await vm.session();
  s.deploy(await wat(SOURCE), { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  s.callRaw(idOf(1), "f", new Uint8Array(0), 1_000_000n);
  assert.deepEqual(s.takeProfiles(), []);
});
