// The token example on host-sim: real wasm, rkyv arguments from the schema, events, owner rules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VMError } from "../../host-sim/index.js";
import { call, decodedEvents, deploy, example, freshSession, hex, idOf } from "./example.js";

const OWNER = idOf(0xaa);
const ALICE = idOf(1);
const BOB = idOf(2);

test("token: init mints to the owner, transfers move balances and emit events", async () => {
  const { session } = await freshSession();
  const token = deploy(session, example("token"), { owner: OWNER, init: "1000000" });
  assert.deepEqual(decodedEvents(token.init!, token)[0].data, { from: "0x" + "00".repeat(32), to: "0x" + hex(OWNER), amount: "1000000" });
  const t = call(session, token, "transfer", ["0x" + hex(ALICE), "250"]);
  const b = call(session, token, "balance_of", "0x" + hex(ALICE));
  assert.equal(b.value, "250");
  // as-pect asserts the same figure (examples/token/assembly/__tests__/token.spec.ts).
  assert.deepEqual([token.init!.gasSpent, t.receipt.gasSpent, b.receipt.gasSpent], [3695n, 3729n, 661n]);
  assert.equal(call(session, token, "balance_of", "0x" + hex(OWNER)).value, "999750");
  assert.deepEqual(decodedEvents(t.receipt, token), [{ topic: "transfer", data: { from: "0x" + hex(OWNER), to: "0x" + hex(ALICE), amount: "250" }, reverted: false }]);
  assert.equal(call(session, token, "symbol").value, "EXT");
  assert.equal(call(session, token, "total_supply").value, "1000000");
  console.log(`token transfer gas: ${t.receipt.gasSpent}`);
});

test("token: u128 amounts above 2^64 round-trip", async () => {
  const { session } = await freshSession();
  const big = (2n ** 100n + 7n).toString();
  const token = deploy(session, example("token"), { owner: OWNER, init: big });
  call(session, token, "transfer", ["0x" + hex(BOB), (2n ** 70n).toString()]);
  assert.equal(call(session, token, "balance_of", "0x" + hex(BOB)).value, (2n ** 70n).toString());
  assert.equal(call(session, token, "balance_of", "0x" + hex(OWNER)).value, (2n ** 100n + 7n - 2n ** 70n).toString());
});

test("token: the signer metadata picks the account; overdrafts and foreign mints fail and change nothing", async () => {
  const { session } = await freshSession();
  const token = deploy(session, example("token"), { owner: OWNER, init: "100" });
  session.setMeta("signer", ALICE);
  const root = session.root();
  assert.throws(() => call(session, token, "transfer", ["0x" + hex(BOB), "1"]), (e: unknown) => e instanceof VMError && e.code === "Panic" && /insufficient balance/.test(e.message));
  assert.throws(() => call(session, token, "mint", ["0x" + hex(ALICE), "1"]), (e: unknown) => e instanceof VMError && /only the owner/.test(e.message));
  assert.equal(hex(session.root()), hex(root));
  session.setMeta("signer", OWNER);
  call(session, token, "mint", ["0x" + hex(ALICE), "5"]);
  assert.equal(call(session, token, "total_supply").value, "105");
});

test("token: approve and transfer_from by the signer as spender", async () => {
  const { session } = await freshSession();
  const token = deploy(session, example("token"), { owner: OWNER, init: "100" });
  const a = call(session, token, "approve", ["0x" + hex(BOB), "30"]);
  assert.equal(decodedEvents(a.receipt, token)[0].topic, "approval");
  session.setMeta("signer", BOB);
  call(session, token, "transfer_from", ["0x" + hex(OWNER), "0x" + hex(ALICE), "20"]);
  assert.equal(call(session, token, "allowance", ["0x" + hex(OWNER), "0x" + hex(BOB)]).value, "10");
  assert.throws(() => call(session, token, "transfer_from", ["0x" + hex(OWNER), "0x" + hex(ALICE), "11"]), /insufficient allowance/);
  assert.equal(call(session, token, "balance_of", "0x" + hex(ALICE)).value, "20");
});
