// The feeder example on host-sim: values streamed through feed during a feeder call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codec, VMError } from "../../host-sim/index.js";
import { deploy, example, freshSession, GAS } from "./example.js";

const U32 = codec.parseType("u32");

test("feeder: every fed value reaches the feeder, in order", async () => {
  const { session } = await freshSession();
  const f = deploy(session, example("feeder"));
  const got: number[] = [];
  const r = session.feederCallRaw(f.id, "feed_num", f.ex.codec.encodeInput("feed_num", 1000), GAS, (d) => got.push(codec.decode(U32, d) as number));
  assert.equal(got.length, 1000);
  assert.deepEqual(got.slice(0, 3), [0, 1, 2]);
  assert.equal(got[999], 999);
  // as-pect asserts the same figure (examples/feeder/assembly/__tests__/feeder.spec.ts).
  assert.equal(r.gasSpent, 29129n);
  console.log(`feeder feed_num(1000) gas: ${r.gasSpent}`);
  const chunks: string[] = [];
  session.feederCallRaw(f.id, "feed_chunks", f.ex.codec.encodeInput("feed_chunks", ["hello, feeder", 5]), GAS, (d) => chunks.push(Buffer.from(d).toString()));
  assert.deepEqual(chunks, ["hello", ", fee", "der"]);
});

test("feeder: feeding outside a feeder call traps; fed data stays delivered when the call fails", async () => {
  const { session } = await freshSession();
  const f = deploy(session, example("feeder"));
  assert.throws(() => session.callRaw(f.id, "feed_num", f.ex.codec.encodeInput("feed_num", 1), GAS), (e: unknown) => e instanceof VMError && e.code === "MissingFeed");
  const got: Uint8Array[] = [];
  assert.throws(() => session.feederCallRaw(f.id, "feed_then_panic", f.ex.codec.encodeInput("feed_then_panic", "7"), GAS, (d) => got.push(d)), /failed after feeding/);
  assert.equal(got.length, 1);
});
