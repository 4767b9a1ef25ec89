// The hostquery example on host-sim: embedder-registered queries, their price, a missing query.
import { test } from "node:test";
import assert from "node:assert/strict";
import { blake3 } from "@noble/hashes/blake3.js";
import { VM, VMError } from "../../host-sim/index.js";
import { call, deploy, example, freshSession, hex, GAS } from "./example.js";

test("hostquery: hash and oracle price come from the host, priced in gas", async () => {
  const { session } = await freshSession();
  const h = deploy(session, example("hostquery"));
  const data = new Uint8Array(1000).fill(3);
  const r = call(session, h, "hash", "0x" + hex(data));
  assert.equal(r.value, "0x" + hex(blake3(data)));
  assert.equal(call(session, h, "last_hash").value, "0x" + hex(blake3(data)));
  assert.equal(call(session, h, "price", "DUSK").value, "31");
  assert.equal(call(session, h, "value_of", ["BTC", "2"]).value, "19300000");
  // The query's price (1000 + 1 per byte) is part of the call's gas.
  const small = call(session, h, "hash", "0x00");
  assert.ok(r.receipt.gasSpent - small.receipt.gasSpent >= 999n);
  // as-pect asserts the same figure (examples/hostquery/assembly/__tests__/hostquery.spec.ts).
  assert.equal(r.receipt.gasSpent, 36594n);
  console.log(`hostquery hash(1000 bytes) gas: ${r.receipt.gasSpent}`);
  assert.throws(() => call(session, h, "price", "NOPE"), (e: unknown) => e instanceof VMError && e.code === "Panic" && /host query panicked/.test(e.message));
});

test("hostquery: a VM without the query traps with MissingHostQuery", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const h = deploy(session, example("hostquery"));
  assert.throws(() => session.callRaw(h.id, "price", h.ex.codec.encodeInput("price", "DUSK"), GAS), (e: unknown) => e instanceof VMError && e.code === "MissingHostQuery");
});
