// Port of piecrust/tests/crossover.rs: a callee that writes to itself and back into its caller,
// then panics, must leave both contracts as they were; the caller's own writes stay.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, idFrom, newSession } from "./support/piecrust.js";

const CROSSOVER_ONE = idFrom([0x01]);
const CROSSOVER_TWO = idFrom([0x02]);

async function twoCrossovers() {
  const { session } = await newSession();
  await deploy(session, "crossover", { contractId: CROSSOVER_ONE });
  await deploy(session, "crossover", { contractId: CROSSOVER_TWO });
  return session;
}

test("crossover", async () => {
  const session = await twoCrossovers();
  // These values must differ from the contract's INITIAL_VALUE (0).
  const CROSSOVER_TO_SET = 42;
  const CROSSOVER_TO_SET_FORWARD = 314;
  const CROSSOVER_TO_SET_BACK = 272;
  // The contract itself asserts that the panicking callee's writes were reverted.
  call(
    session, CROSSOVER_ONE, "check_consistent_state_on_errors", "(ContractId, i32, i32, i32)",
    [CROSSOVER_TWO, CROSSOVER_TO_SET, CROSSOVER_TO_SET_FORWARD, CROSSOVER_TO_SET_BACK], "()",
  );
  assert.equal(
    call(session, CROSSOVER_ONE, "crossover", "()", null, "i32").data,
    CROSSOVER_TO_SET,
    "The crossover should still be set even though the other contract panicked",
  );
});

test("iccs_dont_rollback", async () => {
  const session = await twoCrossovers();
  const CROSSOVER_TO_SET = 42;
  call(session, CROSSOVER_ONE, "check_iccs_dont_rollback", "(ContractId, i32)", [CROSSOVER_TWO, CROSSOVER_TO_SET], "()");
  assert.equal(
    call(session, CROSSOVER_ONE, "crossover", "()", null, "i32").data,
    CROSSOVER_TO_SET,
    "The crossover should still be set even though the other contract panicked",
  );
});

