// The spender example on host-sim: limit(), spent(), callee limits and the cost of a failed callee.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, example, freshSession } from "./example.js";

test("spender: limit and spent from inside the frame", async () => {
  const { session } = await freshSession();
  const s = deploy(session, example("spender"));
  const r = call(session, s, "limit_and_spent", undefined, 1_000_000n);
  const [limit, first, now] = r.value as string[];
  assert.equal(limit, "1000000");
  assert.ok(BigInt(first) > 0n && BigInt(now) > BigInt(first));
  assert.ok(r.receipt.gasSpent >= BigInt(now));
  const burn = call(session, s, "burn", 1000);
  assert.ok(BigInt(burn.value as string) > 1000n);
  // as-pect asserts the same figure (examples/spender/assembly/__tests__/spender.spec.ts).
  assert.equal(burn.receipt.gasSpent, 15088n);
  console.log(`spender burn(1000) gas: ${burn.receipt.gasSpent}`);
});

test("spender: an explicit callee limit, the 93 % default, and a failed callee's full cost", async () => {
  const { session } = await freshSession();
  const s = deploy(session, example("spender"));
  const [innerLimit] = call(session, s, "nested", "50000", 1_000_000n).value as string[];
  assert.equal(innerLimit, "50000");
  const [defaultLimit] = call(session, s, "nested", "0", 1_000_000n).value as string[];
  // 93 % of what remained when the call was made: a little under 930000.
  assert.ok(BigInt(defaultLimit) < 930_000n && BigInt(defaultLimit) > 920_000n, defaultLimit);
  // The failed burn costs its whole limit: far more than the few hundred gas it needed to start.
  const cost = BigInt(call(session, s, "failed_callee_cost", "20000", 1_000_000n).value as string);
  // The rest is this frame's own work around the call (encoding the argument, the name, the checks).
  assert.ok(cost >= 20_000n && cost < 40_000n, String(cost));
});
