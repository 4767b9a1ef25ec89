// Port of piecrust/tests/validation.rs. The C example is wasm64 in Piecrust; host-sim runs wasm32
// only, so the bounds cases use the 4 GiB wasm32 reservation instead of the 4 TiB wasm64 one:
// a name ending one byte past it must trap, one ending exactly at it must be read (as zeros).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LIMIT, newSession, OWNER, vmError } from "./support/piecrust.js";
import { cExample, invalid } from "./support/wat-contracts.js";

test("out_of_bounds", async () => {
  const { session } = await newSession();
  const { contractId } = session.deploy(await cExample(), { owner: OWNER }, LIMIT);
  assert.throws(() => session.callRaw(contractId, "out_of_bounds", new Uint8Array(0), LIMIT), vmError("MemoryAccessOutOfBounds"));
});

test("not_out_of_bounds", async () => {
  const { session } = await newSession();
  const { contractId } = session.deploy(await cExample(), { owner: OWNER }, LIMIT);
  session.callRaw(contractId, "not_out_of_bounds", new Uint8Array(0), LIMIT);
});

test("bad_contract", async () => {
  const { session } = await newSession();
  // Piecrust only asserts an error; the first rule broken is the export type (section 3 step 5).
  const bytecode = await invalid();
  assert.throws(() => session.deploy(bytecode, { owner: OWNER }, LIMIT), vmError("InvalidFunction"));
  assert.deepEqual(session.root(), new Uint8Array(32), "a rejected deploy leaves no trace");
});
