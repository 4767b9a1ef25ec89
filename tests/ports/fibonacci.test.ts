// Port of piecrust/tests/fibonacci.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession } from "./support/piecrust.js";

test("fibo", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "fibonacci");
  const nth = (n: number) => call(session, id, "nth", "u32", n, "u64").data;
  assert.equal(nth(0), 1n);
  assert.equal(nth(1), 1n);
  assert.equal(nth(2), 2n);
  assert.equal(nth(3), 3n);
  assert.equal(nth(4), 5n);
});
