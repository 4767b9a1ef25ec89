// Gas relations from Piecrust's tests (issue 4), stated so that they hold for any compiler:
// absolute figures belong to Piecrust's Rust binaries, relations between runs of the same binary
// do not. Sources: callcenter/spender (pass-down, explicit limit, failure charging), fibonacci,
// and out of gas at every depth of a call chain.
//
// Each contract is called once before it is measured: the first entry after deploy also runs the
// AssemblyScript start code (allocator and globals set-up), which the later calls do not repeat.
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, de, deploy, LIMIT, newSession, vmError } from "./support/piecrust.js";

const NONE = new Uint8Array(0);
type Res = { ok?: Uint8Array; err?: unknown };
const SPENDER_RESULT = "(u64, u64, u64, u64, u64)";

async function centerAndSpender() {
  const { vm, session } = await newSession();
  const { id: spender } = await deploy(session, "spender");
  const { id: center } = await deploy(session, "callcenter");
  return { vm, session, spender, center };
}

test("the callee gets 93% of the caller's remaining gas by default", async () => {
  const { session, spender, center } = await centerAndSpender();
  // Same path, two limits 100 000 apart: everything before the call is identical, so the callee's
  // limit floor(R × 93 / 100) moves by exactly 93 000.
  const seen = (limit: bigint) => {
    const r = call<Res>(session, center, "delegate_query", "(ContractId, String, Vec<u8>)", [spender, "get_limit_and_spent", NONE], "Result<Vec<u8>, ContractError>", limit);
    const [calleeLimit] = de<bigint[]>(SPENDER_RESULT, r.data.ok!);
    return calleeLimit;
  };
  seen(LIMIT); // prime
  const a = seen(LIMIT);
  const b = seen(LIMIT + 100_000n);
  assert.equal(b - a, 93_000n);
  assert.ok(a < (LIMIT * 93n) / 100n && a > (LIMIT * 90n) / 100n);
});

test("an explicit limit below the remaining gas is passed as is; above it, 93% applies", async () => {
  const { session, spender, center } = await centerAndSpender();
  const seen = (gas: bigint) => {
    const r = call<Res>(session, center, "delegate_query_with_limit", "(ContractId, String, Vec<u8>, u64)", [spender, "get_limit_and_spent", NONE, gas], "Result<Vec<u8>, ContractError>");
    return de<bigint[]>(SPENDER_RESULT, r.data.ok!)[0];
  };
  seen(0n); // prime
  assert.equal(seen(50_000n), 50_000n);
  assert.equal(seen(123_457n), 123_457n);
  const byDefault = seen(0n);
  assert.ok(byDefault < (LIMIT * 93n) / 100n && byDefault > (LIMIT * 90n) / 100n);
  assert.equal(seen(LIMIT * 10n), byDefault, "a limit above the remaining gas falls back to the default share");
});

test("a failed callee costs the caller its whole limit (explicit or default)", async () => {
  const { vm } = await newSession();
  const spent = async (gas: bigint, topLimit: bigint) => {
    const session = await vm.session();
    const { id: spender } = await deploy(session, "spender");
    const { id: center } = await deploy(session, "callcenter");
    const r = call<Res>(session, center, "call_spend_with_limit", "(ContractId, u64)", [spender, gas], "Result<(), ContractError>", topLimit);
    assert.ok(r.data.err, "spend always panics");
    // A failed callee is pruned from the call tree: the caller carries the charge.
    assert.equal(r.callTree.length, 1);
    return r.gasSpent;
  };
  // Explicit: the difference of the charges is the difference of the limits.
  assert.equal((await spent(20_000n, LIMIT)) - (await spent(10_000n, LIMIT)), 10_000n);
  // Default: 93% of the remaining gas, so 100 000 more gas at the top costs exactly 93 000 more.
  assert.equal((await spent(0n, LIMIT + 100_000n)) - (await spent(0n, LIMIT)), 93_000n);
});

test("fibonacci: gas follows the call count exactly", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "fibonacci");
  const gas = (n: number) => call(session, id, "nth", "u32", n, "u64").gasSpent;
  gas(0); // prime
  const g = Array.from({ length: 12 }, (_, n) => gas(n));
  for (let n = 1; n < g.length; n++) assert.ok(g[n] >= g[n - 1]);
  // nth(n) runs nth(n-1) and nth(n-2) plus a fixed amount of work, and a top-level call adds a
  // fixed overhead, so g(n) − g(n−1) − g(n−2) is the same for every n ≥ 3.
  const k = g[3] - g[2] - g[1];
  for (let n = 4; n < g.length; n++) assert.equal(g[n] - g[n - 1] - g[n - 2], k, `n = ${n}`);
});

test("out of gas at every depth of a call chain leaves the state unchanged", async () => {
  const { session } = await newSession();
  const { id } = await deploy(session, "chain");
  const END = 6;
  // A successful chain: every frame counted once.
  call(session, id, "descend", "(u32, u32, u32)", [0, 0xffffffff, END], "()");
  assert.equal(call(session, id, "read_count", "()", null, "u64").data, BigInt(END + 1));
  const root = session.root();
  const memLen = session.memoryLen(id);
  for (let depth = 0; depth <= END; depth++) {
    assert.throws(() => call(session, id, "descend", "(u32, u32, u32)", [0, depth, END], "()", LIMIT), vmError("OutOfGas"), `depth ${depth}`);
    assert.deepEqual(session.root(), root, `root unchanged after running out of gas at depth ${depth}`);
    assert.equal(session.memoryLen(id), memLen);
    assert.equal(call(session, id, "read_count", "()", null, "u64").data, BigInt(END + 1), `count unchanged (depth ${depth})`);
  }
});
