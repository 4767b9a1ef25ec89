// Port of piecrust/tests/box.rs: a heap cell (Option<Box<i16>>) set and read, typed and raw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, de, deploy, LIMIT, newSession, ser } from "./support/piecrust.js";

test("box_set_get", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "box");
  assert.equal(call(session, id, "get", "()", null, "Option<i16>").data, null);
  call(session, id, "set", "i16", 0x11, "()");
  assert.equal(call(session, id, "get", "()", null, "Option<i16>").data, 0x11);
});

test("box_set_get_raw", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "box");
  const deserialize = (bytes: Uint8Array) => de<number | null>("Option<i16>", bytes);
  assert.equal(deserialize(session.callRaw(id, "get", new Uint8Array(0), LIMIT).data), null);
  session.callRaw(id, "set", ser("i16", 0x11), LIMIT);
  const bytes = session.callRaw(id, "get", new Uint8Array(0), LIMIT).data;
  // Option<i16>: tag, padding, the i16 (piecrust-vm.md §12.1).
  assert.deepEqual(bytes, new Uint8Array([1, 0, 0x11, 0]));
  assert.equal(deserialize(bytes), 0x11);
});
