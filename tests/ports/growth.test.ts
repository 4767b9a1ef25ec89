// Port of piecrust/tests/growth.rs: memory grows by whole argument buffers (16 MiB in all), is
// read back after a commit, and growth inside a failed call is undone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ARGBUF_LEN } from "../../host-sim/index.js";
import { deploy, newSession } from "./support/piecrust.js";

const LIMIT = 80_000_000n;

test("grow_a_bunch", async () => {
  const { vm, session } = await newSession();
  const { id } = await deploy(session, "grower", { gas: LIMIT });
  for (let b = 0; b <= 255; b++) session.callRaw(id, "append", new Uint8Array(ARGBUF_LEN).fill(b), LIMIT);
  const root = session.commit();

  const next = await vm.session({ base: root });
  const arg = new Uint8Array(8);
  const dv = new DataView(arg.buffer);
  for (let b = 0; b <= 255; b++) {
    dv.setUint32(0, b * ARGBUF_LEN, true);
    dv.setUint32(4, ARGBUF_LEN, true);
    const { data } = next.callRaw(id, "view", arg, LIMIT);
    assert.equal(data.length, ARGBUF_LEN);
    assert.ok(data.every((x) => x === b), `slice ${b}`);
  }
});

test("error_reverts_growth", async () => {
  const { vm, session } = await newSession();
  const sessionErr = await vm.session();
  const { id } = await deploy(session, "grower", { gas: LIMIT });
  await deploy(sessionErr, "grower", { gas: LIMIT });

  const initialLen = session.memoryLen(id)!;
  const bytes = new Uint8Array(ARGBUF_LEN).fill(42);
  session.callRaw(id, "append", bytes, LIMIT);
  assert.throws(() => sessionErr.callRaw(id, "append_and_panic", bytes, LIMIT), "This should error, as per the contract");

  const lenData = sessionErr.callRaw(id, "len", new Uint8Array(0), LIMIT).data;
  assert.equal(lenData.length, 4);
  assert.equal(new DataView(lenData.buffer, lenData.byteOffset).getUint32(0, true), 0, "There should be nothing appended to the state");

  const finalLen = session.memoryLen(id)!;
  const finalLenErr = sessionErr.memoryLen(id)!;
  assert.ok(initialLen < finalLen);
  assert.equal(finalLenErr, initialLen, "When erroring the length of the memory should revert");
});
