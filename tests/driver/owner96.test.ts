// Every example deployed as on Dusk: the owner is the deployer's 96-byte BLS public key and the id
// is Dusk's (BLAKE2b-256 of bytecode, nonce, owner). The owner helpers read it at any length.
import assert from "node:assert/strict";
import { test } from "node:test";
import { duskContractId } from "../../host-sim/index.js";
import { call, example, freshSession, GAS, hex } from "../sim/example.js";

const OWNER96 = Uint8Array.from({ length: 96 }, (_, i) => (i * 7 + 3) & 0xff);
const ACCOUNT = OWNER96.subarray(0, 32);
// token before escrow, whose init takes the token's id.
const EXAMPLES = ["token", "escrow", "callcenter", "counter", "fallible", "feeder", "hostquery", "metadata", "spender", "stack"];

test("every example deploys with a 96-byte owner under Dusk's id, and keeps that owner", async () => {
  const { session } = await freshSession();
  let tokenId: Uint8Array | undefined;
  for (const [nonce, name] of EXAMPLES.entries()) {
    const ex = example(name);
    const init = name === "token" ? "1000" : name === "escrow" ? "0x" + hex(tokenId!) : undefined;
    const initArg = init === undefined ? undefined : ex.codec.encodeInput("init", init);
    const { contractId } = session.deploy(ex.wasm, { owner: OWNER96, initArg, duskNonce: BigInt(nonce) }, GAS);
    assert.equal(hex(contractId), hex(duskContractId(ex.wasm, BigInt(nonce), OWNER96)), name);
    assert.equal(hex(session.contractMetadata(contractId)!.owner), hex(OWNER96), name);
    if (name === "token") tokenId = contractId;
  }
});

test("metadata reads a 96-byte owner, its own and another contract's", async () => {
  const { session } = await freshSession();
  const ex = example("metadata");
  const { contractId } = session.deploy(ex.wasm, { owner: OWNER96, duskNonce: 0n }, GAS);
  const c = { id: contractId, ex };
  assert.equal(call(session, c, "read_owner").value, "0x" + hex(OWNER96));
  assert.equal(call(session, c, "owner_of", "0x" + hex(contractId)).value, "0x" + hex(OWNER96));
  assert.equal(call(session, c, "owner_of", "0x" + "00".repeat(32)).value, "0x");
});

test("token: a 96-byte owner's account is its first 32 bytes; it holds the initial supply and may mint", async () => {
  const { session } = await freshSession();
  const ex = example("token");
  const { contractId } = session.deploy(ex.wasm, { owner: OWNER96, initArg: ex.codec.encodeInput("init", "1000"), duskNonce: 0n }, GAS);
  const c = { id: contractId, ex };
  assert.equal(call(session, c, "balance_of", "0x" + hex(ACCOUNT)).value, "1000");
  call(session, c, "mint", ["0x" + hex(ACCOUNT), "5"]);
  assert.equal(call(session, c, "balance_of", "0x" + hex(ACCOUNT)).value, "1005");
});

test("token: an owner shorter than an account is refused at deploy with a panic naming the length", async () => {
  const { session } = await freshSession();
  const ex = example("token");
  assert.throws(
    () => session.deploy(ex.wasm, { owner: new Uint8Array(16).fill(1), initArg: ex.codec.encodeInput("init", "1000") }, GAS),
    (e: Error) => /self_owner_account: the owner has 16 bytes, fewer than a 32-byte account/.test(e.message),
  );
});
