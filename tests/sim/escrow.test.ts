// The escrow example on host-sim: a two-contract application with the token.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VMError } from "../../host-sim/index.js";
import { call, decodedEvents, deploy, example, freshSession, hex, idOf } from "./example.js";

const OWNER = idOf(0xaa);
const SELLER = idOf(0x5e);
const BUYER = idOf(0xb0);

async function setup() {
  const { session } = await freshSession();
  const token = deploy(session, example("token"), { owner: OWNER, init: "10000" });
  // A fixed id, which the as-pect spec gives the escrow too: the token keys allowances by it.
  const escrow = deploy(session, example("escrow"), { owner: OWNER, init: "0x" + hex(token.id), id: idOf(0xe5) });
  call(session, token, "transfer", ["0x" + hex(BUYER), "1000"]);
  return { session, token, escrow };
}

const as = (session: Awaited<ReturnType<typeof setup>>["session"], who: Uint8Array) => session.setMeta("signer", who);

test("escrow: open, fund (transfer_from through the escrow), release", async () => {
  const { session, token, escrow } = await setup();
  as(session, SELLER);
  const id = call(session, escrow, "open", ["0x" + hex(BUYER), "300"]).value as string;
  assert.equal(id, "1");
  as(session, BUYER);
  call(session, token, "approve", ["0x" + hex(escrow.id), "300"]);
  const funded = call(session, escrow, "fund", id);
  // One top-level call ran both contracts: the token's transfer event, then the escrow's.
  assert.deepEqual(funded.receipt.events.map((e) => e.topic), ["transfer", "deal"]);
  assert.deepEqual(decodedEvents(funded.receipt, escrow)[1].data, { id: "1", state: "Funded" });
  assert.deepEqual(funded.receipt.callTree.map((e) => hex(e.contractId)), [hex(token.id), hex(escrow.id)]);
  assert.equal(call(session, token, "balance_of", "0x" + hex(escrow.id)).value, "300");
  const released = call(session, escrow, "release", id);
  assert.equal(call(session, token, "balance_of", "0x" + hex(SELLER)).value, "300");
  assert.equal(call(session, token, "balance_of", "0x" + hex(BUYER)).value, "700");
  assert.deepEqual(call(session, escrow, "deal", id).value, { seller: "0x" + hex(SELLER), buyer: "0x" + hex(BUYER), price: "300", state: "Released" });
  // as-pect asserts the same figure (examples/escrow/assembly/__tests__/escrow.spec.ts).
  assert.deepEqual([funded.receipt.gasSpent, released.receipt.gasSpent], [18579n, 15070n]);
  console.log(`escrow fund gas: ${funded.receipt.gasSpent}, release gas: ${released.receipt.gasSpent}`);
});

test("escrow: a refused token transfer undoes the whole step; roles are enforced", async () => {
  const { session, token, escrow } = await setup();
  as(session, SELLER);
  const id = call(session, escrow, "open", ["0x" + hex(BUYER), "5000"]).value as string;
  as(session, BUYER);
  call(session, token, "approve", ["0x" + hex(escrow.id), "5000"]);
  const root = hex(session.root());
  assert.throws(() => call(session, escrow, "fund", id), (e: unknown) => e instanceof VMError && e.code === "Panic" && /insufficient balance/.test(e.message));
  assert.equal(hex(session.root()), root);
  assert.equal((call(session, escrow, "deal", id).value as { state: string }).state, "Open");
  as(session, SELLER);
  assert.throws(() => call(session, escrow, "fund", id), /only the buyer/);
  assert.throws(() => call(session, escrow, "release", "42"), /no such deal/);
});

test("escrow: refund by the seller", async () => {
  const { session, token, escrow } = await setup();
  as(session, SELLER);
  const id = call(session, escrow, "open", ["0x" + hex(BUYER), "100"]).value as string;
  as(session, BUYER);
  call(session, token, "approve", ["0x" + hex(escrow.id), "100"]);
  call(session, escrow, "fund", id);
  assert.throws(() => call(session, escrow, "refund", id), /only the seller/);
  as(session, SELLER);
  call(session, escrow, "refund", id);
  assert.equal(call(session, token, "balance_of", "0x" + hex(BUYER)).value, "1000");
});
