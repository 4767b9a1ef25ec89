// Transform bugs found while porting Piecrust's tests, kept as regression tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, idFrom, newSession } from "./support/piecrust.js";

// Found by crossover.rs when its state was a module global: a contract whose FIRST entry after
// deploy fails leaves its live wasm globals modified; the transform's "start code has run" flag
// was reverted with the memory, so the next frame of that contract in the same top-level call
// skips the restore from memory and sees the failed frame's values (314 instead of 0).
// @contract fields are not affected (they live in linear memory, which the host reverts).
test("a failed first frame leaves no global state behind", async () => {
  const { session } = await newSession();
  const X = idFrom(1);
  const Y = idFrom(2);
  await deploy(session, "stale_global", { contractId: X });
  await deploy(session, "stale_global", { contractId: Y });
  assert.equal(call(session, X, "probe", "ContractId", Y, "i32").data, 0);
});

// The same after Y's first entry succeeded (its start flag is then committed): passes today.
test("a failed later frame leaves no global state behind", async () => {
  const { session } = await newSession();
  const X = idFrom(1);
  const Y = idFrom(2);
  await deploy(session, "stale_global", { contractId: X });
  await deploy(session, "stale_global", { contractId: Y });
  call(session, Y, "read", "()", null, "i32");
  assert.equal(call(session, X, "probe", "ContractId", Y, "i32").data, 0);
});
