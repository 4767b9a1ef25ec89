// The fallible example on host-sim: every kind of failure undoes the call and keeps the root.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VMError } from "../../host-sim/index.js";
import { call, deploy, example, freshSession, hex } from "./example.js";

test("fallible: panics, asserts, traps and out-of-gas leave the state root unchanged", async () => {
  const { session } = await freshSession();
  const f = deploy(session, example("fallible"));
  const set = call(session, f, "set", "4");
  // as-pect asserts the same figure (examples/fallible/assembly/__tests__/fallible.spec.ts).
  assert.deepEqual([set.receipt.gasSpent, call(session, f, "get_value").receipt.gasSpent], [17862n, 229n]);
  const root = hex(session.root());
  const fails: [string, unknown, RegExp, string][] = [
    ["set_then_panic", "9", /changed my mind/, "Panic"],
    ["set_even", "3", /value must be even at .*examples\/fallible\/assembly\/index\.ts:\d+:\d+/, "Panic"],
    ["log_at", 5, /Index out of range/, "Panic"],
    ["divide", ["1", "0"], /wasm trap/, "RuntimeError"],
    ["spin", undefined, /OutOfGas|out of gas/i, "OutOfGas"],
  ];
  for (const [fn, arg, msg, code] of fails) {
    assert.throws(() => call(session, f, fn, arg, 2_000_000n), (e: unknown) => e instanceof VMError && e.code === code && msg.test(e.message), fn);
    assert.equal(hex(session.root()), root, `${fn} changed the root`);
  }
  assert.equal(call(session, f, "get_value").value, "4");
  assert.equal(call(session, f, "log_len").value, 1);
});

test("fallible: a caller recovers from its callee's panic and the callee's change is undone", async () => {
  const { session } = await freshSession();
  const f = deploy(session, example("fallible"));
  call(session, f, "set", "1");
  assert.equal(call(session, f, "try_set_then_panic", "99").value, "Panic: changed my mind");
  assert.equal(call(session, f, "get_value").value, "1");
  assert.equal(call(session, f, "log_len").value, 1);
});
