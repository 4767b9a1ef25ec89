// Rust interop: examples/rust-peer/peer.wat reads and writes the rkyv bytes a Rust uplink contract
// would. The AssemblyScript token calls it (transfer_and_call → on_receive(Deposit)) and it calls
// the token (balance_of, transfer); both directions must decode to the same values, and what the
// peer writes must be byte-identical to host-sim's codec, which passes the shared rkyv vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codec, VMError } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { call, deploy, example, freshSession, hex, idOf, GAS } from "./example.js";

const OWNER = idOf(0xaa);
const ALICE = idOf(1);
const defs: codec.TypeDefs = {};
codec.parseDefinitions("struct Deposit { from: ContractId, amount: u128, memo: String }", defs);
const DEPOSIT = codec.parseType("Deposit", defs);
const U128 = codec.parseType("u128");
const U32 = codec.parseType("u32");

async function setup() {
  const { session } = await freshSession();
  const token = deploy(session, example("token"), { owner: OWNER, init: "1000" });
  const bytes = await wat(readFileSync(join(REPO_ROOT, "examples", "rust-peer", "peer.wat"), "utf8"), "peer.wat");
  const { contractId: peer } = session.deploy(bytes, { owner: OWNER }, GAS);
  return { session, token, peer };
}

test("rust-peer: the token's Deposit (short and long memo) arrives intact, and the peer re-serializes it byte for byte", async () => {
  const { session, token, peer } = await setup();
  for (const [i, memo] of ["hi", "a memo longer than seven bytes"].entries()) {
    const r = call(session, token, "transfer_and_call", ["0x" + hex(peer), "250", memo]);
    assert.equal(r.value, i + 1);
    const last = session.callRaw(peer, "last_deposit", new Uint8Array(0), GAS).data;
    const expected = { from: OWNER, amount: 250n, memo };
    assert.equal(hex(last), hex(codec.encode(DEPOSIT, expected, defs)), `bytes of Deposit with memo ${JSON.stringify(memo)}`);
    assert.deepEqual(codec.decode(DEPOSIT, last, defs), expected);
  }
  assert.equal(codec.decode(U32, session.callRaw(peer, "deposits", new Uint8Array(0), GAS).data), 2);
});

test("rust-peer: the peer calls the token with rkyv arguments it built by hand", async () => {
  const { session, token, peer } = await setup();
  call(session, token, "transfer", ["0x" + hex(peer), "400"]);
  const arg = codec.encode(codec.parseType("(ContractId, ContractId)"), [token.id, peer]);
  const bal = session.callRaw(peer, "balance_via", arg, GAS);
  assert.equal(codec.decode(U128, bal.data), 400n);
  // The call tree shows the nested call: the token first (reverse post-order), then the peer.
  assert.deepEqual(bal.callTree.map((e) => hex(e.contractId)), [hex(token.id), hex(peer)]);

  const pay = codec.encode(codec.parseType("(ContractId, ContractId, u128)"), [token.id, ALICE, 150n]);
  const paid = session.callRaw(peer, "pay", pay, GAS);
  assert.equal(paid.events[0].topic, "transfer");
  assert.deepEqual(token.ex.codec.decodeEvent("transfer", paid.events[0].data), { from: "0x" + hex(peer), to: "0x" + hex(ALICE), amount: "150" });
  assert.equal(call(session, token, "balance_of", "0x" + hex(ALICE)).value, "150");

  // The token's refusal travels back through the peer as a panic with the token's message.
  const tooMuch = codec.encode(codec.parseType("(ContractId, ContractId, u128)"), [token.id, ALICE, 10_000n]);
  assert.throws(() => session.callRaw(peer, "pay", tooMuch, GAS), (e: unknown) => e instanceof VMError && e.code === "Panic" && e.message.includes("insufficient balance"));
});

test("rust-peer: a malformed Deposit is refused by the peer and the token's transfer is undone", async () => {
  const { session, token, peer } = await setup();
  // An out-of-line memo whose offset points outside the argument.
  const bad = codec.encode(DEPOSIT, { from: OWNER, amount: 1n, memo: "long enough memo" }, defs);
  new DataView(bad.buffer).setInt32(bad.length - 64 + 52, -100000, true);
  assert.throws(() => session.callRaw(peer, "on_receive", bad, GAS), /bad argument/);
  // Through the token: the peer's panic fails transfer_and_call as a whole.
  const before = call(session, token, "balance_of", "0x" + hex(OWNER)).value;
  assert.throws(() => call(session, token, "transfer_and_call", ["0x" + hex(peer), "1", "x".repeat(2000)]), /memo too long/);
  assert.equal(call(session, token, "balance_of", "0x" + hex(OWNER)).value, before);
});
