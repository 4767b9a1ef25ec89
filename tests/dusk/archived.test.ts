// The SDK's values held as their archived bytes (assembly/codec/bytes.ts) in a contract on the Dusk
// profile: each refuses bytes of the wrong length with a panic naming the type and both lengths,
// before any query is made, and the session stays usable. (Layout, encoding and validation:
// assembly/__tests__/dusk-archived.spec.ts.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, vmError } from "../ports/support/piecrust.js";
import { duskHost, GAS } from "./dusk-host.js";

const T3 = "(Vec<u8>, Vec<u8>, Vec<u8>)";
const bytes = (n: number) => new Uint8Array(n).fill(1);

test("dusk archived bytes: a value of the wrong length panics with the type and both lengths", async () => {
  const { session, id } = await duskHost();
  const panics = (fn: string, type: string, arg: unknown, message: string) =>
    assert.throws(() => call(session, id, fn, type, arg, "Vec<u8>", GAS), vmError("Panic", message), message);
  panics("scalar_to_canonical", "Vec<u8>", bytes(33), "BlsScalar holds 32 archived bytes, got 33");
  panics("scalar_round_trip", "Vec<u8>", bytes(31), "canonical BlsScalar holds 32 archived bytes, got 31");
  panics("verify_bls", T3, [bytes(3), bytes(199), bytes(104)], "BlsPublicKey holds 200 archived bytes, got 199");
  panics("verify_bls", T3, [bytes(3), bytes(200), bytes(48)], "BlsSignature holds 104 archived bytes, got 48");
  panics("verify_bls_multisig", "(Vec<u8>, Vec<Vec<u8>>, Vec<u8>)", [bytes(3), [bytes(200)], bytes(0)], "MultisigSignature holds 104 archived bytes, got 0");
  panics("verify_schnorr", T3, [bytes(32), bytes(192), bytes(192)], "SchnorrPublicKey holds 160 archived bytes, got 192");
  panics("verify_schnorr", T3, [bytes(32), bytes(160), bytes(160)], "SchnorrSignature holds 192 archived bytes, got 160");
  // Each panic left the session as it was.
  assert.equal(call<number>(session, id, "chain_id", "()", null, "u8", GAS).data, 0);
});
