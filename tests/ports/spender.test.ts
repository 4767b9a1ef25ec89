// Port of piecrust/tests/spender.rs. Piecrust's absolute figures belong to its Rust binaries
// (5345 is the limit at which its spender can just still deliver its panic message); here the
// same properties are checked as relations: the boundary is searched for and then checked exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, deploy, newSession, vmError } from "./support/piecrust.js";

test("gas_get_used", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  const { id: center } = await deploy(session, "callcenter");
  const counterSpent = call(session, counter, "read_value", "()", null, "i64").gasSpent;
  const centerSpent = call(session, center, "query_counter", "ContractId", counter, "i64").gasSpent;
  assert.ok(counterSpent < centerSpent);
});

test("call_receipt", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  const { id: center } = await deploy(session, "callcenter");
  const receipt = call(session, center, "query_counter", "ContractId", counter, "i64");
  assert.deepEqual(receipt.callTree.map((e) => e.contractId), [counter, center]);
});

type SpendResult = { ok?: null; err?: unknown };

function spendWithLimit(session: Awaited<ReturnType<typeof newSession>>["session"], center: Uint8Array, spender: Uint8Array, limit: bigint) {
  return call<SpendResult>(session, center, "call_spend_with_limit", "(ContractId, u64)", [spender, limit], "Result<(), ContractError>");
}

test("panic_msg_gets_through", async () => {
  const { session } = await newSession();
  const { id: spender } = await deploy(session, "spender");
  const { id: center } = await deploy(session, "callcenter");
  const PANIC = { variant: "Panic", fields: ["I like spending"] };
  const outcome = (limit: bigint) => spendWithLimit(session, center, spender, limit);
  const panicked = (limit: bigint) => JSON.stringify(outcome(limit).data.err) === JSON.stringify(PANIC);
  // Find the smallest limit at which the message gets through (Piecrust's binary: 4845-5345).
  let lo = 1n;
  let hi = 1_000_000n;
  assert.ok(panicked(hi) && !panicked(lo));
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (panicked(mid)) hi = mid;
    else lo = mid;
  }
  // Piecrust's relation, which the search only assumed: one threshold. Every limit below it ends in
  // OutOfGas (never another error, never a truncated message), every limit from it on delivers the
  // whole message. (Exact costs are contract_sets_call_limit's: the AssemblyScript callcenter's own
  // cost moves with its collector's steps, so differences of whole calls are not exact here.)
  for (const limit of [1n, hi / 2n, hi - 2n, hi - 1n]) assert.deepEqual(outcome(limit).data.err, "OutOfGas", `limit ${limit}`);
  for (const limit of [hi, hi + 1n, hi * 2n, 1_000_000n]) assert.deepEqual(outcome(limit).data.err, PANIC, `limit ${limit}`);
});

test("fails_with_out_of_gas", async () => {
  const { session } = await newSession();
  const { id: counter } = await deploy(session, "counter");
  assert.throws(() => call(session, counter, "read_value", "()", null, "i64", 1n), vmError("OutOfGas"));
});

test("contract_sets_call_limit", async () => {
  const { vm } = await newSession();
  const first = await vm.session();
  const second = await vm.session();
  await deploy(first, "spender");
  await deploy(first, "callcenter");
  const { id: spender } = await deploy(second, "spender");
  const { id: center } = await deploy(second, "callcenter");
  const FIRST_LIMIT = 1175n;
  const SECOND_LIMIT = 2175n;
  // A failing callee is charged its whole (explicit) limit.
  const spentFirst = spendWithLimit(first, center, spender, FIRST_LIMIT).gasSpent;
  const spentSecond = spendWithLimit(second, center, spender, SECOND_LIMIT).gasSpent;
  assert.equal(spentSecond - spentFirst, SECOND_LIMIT - FIRST_LIMIT);
});

// Piecrust runs this with a 10 000 gas limit. The AssemblyScript spender needs more (about 28 000 on
// its first call, which also runs the start code, and 14 000 after), so the limit here is 100 000.
test("limit_and_spent", async () => {
  const { session } = await newSession();
  const LIMIT = 100_000n;
  const { id: spender } = await deploy(session, "spender");
  const receipt = call<bigint[]>(session, spender, "get_limit_and_spent", "()", null, "(u64, u64, u64, u64, u64)", LIMIT);
  const [limit, spentBefore, spentAfter, calledLimit, calledSpent] = receipt.data;
  assert.equal(limit, LIMIT, "should be the initial limit");
  // Relations Piecrust only prints: the callee got 93% of what was left when it was called, it
  // spent part of it, the caller paid that and its own work, and the receipt covers all of it.
  assert.ok(spentBefore > 0n && spentBefore < spentAfter);
  assert.ok(calledLimit <= ((LIMIT - spentBefore) * 93n) / 100n && calledLimit > ((LIMIT - spentAfter) * 93n) / 100n);
  assert.ok(calledSpent > 0n && calledSpent < calledLimit);
  assert.ok(spentAfter - spentBefore > calledSpent);
  assert.ok(receipt.gasSpent >= spentAfter && receipt.gasSpent <= LIMIT);
  assert.equal(receipt.callTree[0].limit, calledLimit, "the call tree records the limit the callee saw");
});
