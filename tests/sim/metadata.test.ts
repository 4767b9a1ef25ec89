// The metadata example on host-sim: owner, self id, caller, and session metadata.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codec } from "../../host-sim/index.js";
import { call, deploy, example, freshSession, hex, idOf } from "./example.js";

test("metadata: owner, id and caller as Piecrust reports them", async () => {
  const { session } = await freshSession();
  const owner = idOf(0x77);
  const m = deploy(session, example("metadata"), { owner });
  const o = call(session, m, "read_owner");
  const i = call(session, m, "read_id");
  assert.equal(o.value, "0x" + hex(owner));
  assert.equal(i.value, "0x" + hex(m.id));
  // as-pect asserts the same figure (examples/metadata/assembly/__tests__/metadata.spec.ts).
  assert.deepEqual([o.receipt.gasSpent, i.receipt.gasSpent], [708n, 349n]);
  assert.equal(call(session, m, "read_caller").value, null);
  assert.equal(call(session, m, "depth").value, 0);
  assert.equal(call(session, m, "owner_of", "0x" + hex(m.id)).value, "0x" + hex(owner));
  assert.equal(call(session, m, "owner_of", "0x" + hex(idOf(5))).value, "0x");
});

test("metadata: session metadata is read as rkyv values, with fallbacks", async () => {
  const meta = {
    chain_id: codec.encode(codec.parseType("u8"), 2),
    block_height: codec.encode(codec.parseType("u64"), 1234567n),
  };
  const { session } = await freshSession(meta);
  const m = deploy(session, example("metadata"));
  assert.equal(call(session, m, "chain_id").value, 2);
  assert.equal(call(session, m, "block_height").value, "1234567");
  session.removeMeta("block_height");
  assert.equal(call(session, m, "block_height").value, "0");
  assert.equal(call(session, m, "meta_raw", "chain_id").value, "0x02");
});
