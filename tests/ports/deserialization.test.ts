// Port of piecrust/tests/deserialization.rs: a callee's result bytes are validated, by the calling
// contract (Panic "Callee return value failed validation: …") and by the host (ValidationError).
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession, vmError } from "./support/piecrust.js";

test("inter_contract_call_validates_return_bytes", async () => {
  const { session } = await newSession();
  const { id: badreturn } = await deploy(session, "badreturn");
  const { id: center } = await deploy(session, "callcenter");
  const query = (fn: string) =>
    call<{ ok?: boolean; err?: { variant: string; fields: string[] } }>(session, center, "try_query_bool", "(ContractId, String)", [badreturn, fn], "Result<bool, ContractError>").data;

  const garbage = query("garbage_value");
  assert.equal(garbage.err?.variant, "Panic", "Garbage return bytes should produce Err(Panic)");
  assert.ok(garbage.err.fields[0].startsWith("Callee return value failed validation:"), garbage.err.fields[0]);

  assert.deepEqual(query("valid_bool"), { ok: true }, "Valid return bytes should deserialize correctly");
});

test("host_call_rejects_garbage_return", async () => {
  const { session } = await newSession();
  const { id: badreturn } = await deploy(session, "badreturn");
  // Piecrust's Display text for the variant is exactly "ValidationError".
  assert.throws(() => session.call(badreturn, "garbage_value", null, 1_000_000n, "bool"), vmError("ValidationError"));
});
