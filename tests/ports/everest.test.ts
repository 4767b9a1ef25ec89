// Port of piecrust/tests/everest.rs: session metadata read from a contract (hd), present or absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession, ser } from "./support/piecrust.js";

test("height", async () => {
  const HEIGHT = 29_000n;
  const { session } = await newSession({ meta: { height: ser("u64", HEIGHT) } });
  const { id } = await deploy(session, "everest");
  assert.equal(call(session, id, "get_height", "()", null, "Option<u64>").data, HEIGHT);
});

test("meta_data_optionality", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "everest");
  assert.equal(call(session, id, "get_height", "()", null, "Option<u64>").data, null);
});
