// Port of piecrust/tests/feeder.rs: feeds arrive in order, only in feeder calls, and a feeder
// call can run out of gas.
import { test } from "node:test";
import assert from "node:assert/strict";
import { de, deploy, newSession, ser, LIMIT, vmError } from "./support/piecrust.js";

test("feed", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "feeder");
  const FEED_NUM = 10;
  const GAS_LIMIT = 1_000_000n;
  for (const fn of ["feed_num", "feed_num_raw"]) {
    const fed: number[] = [];
    session.feederCallRaw(id, fn, ser("u32", FEED_NUM), GAS_LIMIT, (data) => fed.push(de<number>("u32", data)));
    assert.equal(fed.length, FEED_NUM, "The correct number of numbers should be fed");
    fed.forEach((n, i) => assert.equal(n, i, "Numbers should be fed in order"));
  }
});

test("feed_errors_when_normal_call", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "feeder");
  assert.throws(() => session.callRaw(id, "feed_num", ser("u32", 10), LIMIT), vmError("MissingFeed"));
});

test("feed_out_of_gas", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "feeder");
  const FEED_NUM = 100;
  const GAS_LIMIT = 1_000n;
  assert.throws(() => session.feederCallRaw(id, "feed_num", ser("u32", FEED_NUM), GAS_LIMIT, () => {}), vmError("OutOfGas"));
});
