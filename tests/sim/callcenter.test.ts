// The callcenter example on host-sim: calls to the counter, re-entrancy, errors as values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VMError } from "../../host-sim/index.js";
import { call, deploy, example, freshSession, hex, idOf } from "./example.js";

async function setup() {
  const { session } = await freshSession();
  const counter = deploy(session, example("counter"));
  const cc = deploy(session, example("callcenter"));
  return { session, counter, cc };
}

test("callcenter: typed calls into the counter, with the call tree of the receipt", async () => {
  const { session, counter, cc } = await setup();
  const q = call(session, cc, "query_counter", "0x" + hex(counter.id));
  assert.equal(q.value, String(0xfc));
  // Reverse post-order: the callee first, the root last.
  assert.deepEqual(q.receipt.callTree.map((e) => hex(e.contractId)), [hex(counter.id), hex(cc.id)]);
  call(session, cc, "increment_counter", "0x" + hex(counter.id));
  assert.equal(call(session, cc, "query_counter", "0x" + hex(counter.id)).value, String(0xfd));
  // as-pect asserts the same figure (examples/callcenter/assembly/__tests__/callcenter.spec.ts).
  assert.equal(q.receipt.gasSpent, 1793n);
  console.log(`callcenter query_counter gas: ${q.receipt.gasSpent}`);
});

test("callcenter: a callee's failure comes back as a ContractError value", async () => {
  const { session, counter, cc } = await setup();
  assert.equal(call(session, cc, "try_call", ["0x" + hex(counter.id), "read_value"]).value, "ok");
  assert.equal(call(session, cc, "try_call", ["0x" + hex(idOf(9)), "read_value"]).value, "Contract does not exist");
  assert.equal(call(session, cc, "try_call", ["0x" + hex(counter.id), "no_such_fn"]).value, "Unknown");
  assert.match(call(session, cc, "try_call", ["0x" + hex(cc.id), "count_then_panic"]).value as string, /^Panic: callcenter gave up at .*index\.ts:\d+:\d+$/);
  assert.equal(call(session, cc, "try_call_with_gas", ["0x" + hex(counter.id), "increment", "1"]).value, "OutOfGas");
  // unwrap turns the callee's error into the caller's panic.
  assert.throws(() => call(session, cc, "increment_counter", "0x" + hex(idOf(9))), (e: unknown) => e instanceof VMError && e.code === "Panic" && /does not exist/.test(e.message));
});

/** The VMError `f` throws. */
function vmErrorOf(f: () => unknown): VMError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof VMError, String(e));
    return e;
  }
  assert.fail("no VMError");
}

test("callcenter: unwrap passes a callee's panic on with its message, so 'Panic: ' reads once at every depth", async () => {
  const { session, cc } = await setup();
  const own = vmErrorOf(() => call(session, cc, "count_then_panic"));
  assert.match(own.message, /^Panic: callcenter gave up at .*examples\/callcenter\/assembly\/index\.ts:84:5$/);
  // delegate_query unwraps its call into count_then_panic (a self-call here, one level down).
  const passedOn = vmErrorOf(() => call(session, cc, "delegate_query", ["0x" + hex(cc.id), "count_then_panic", "0x"]));
  assert.equal(passedOn.code, "Panic");
  assert.equal(passedOn.message, own.message);
  assert.equal(passedOn.details.message, own.details.message);
  // Any other error panics with its text, once prefixed.
  assert.equal(vmErrorOf(() => call(session, cc, "increment_counter", "0x" + hex(idOf(9)))).message, "Panic: Contract does not exist");
});

test("callcenter: re-entrancy, caller and call stack", async () => {
  const { session, cc } = await setup();
  assert.equal(call(session, cc, "recurse", 10).value, 11);
  assert.equal(call(session, cc, "call_count").value, "11");
  assert.equal(call(session, cc, "calling_self").value, true);
  assert.equal(call(session, cc, "return_caller").value, null);
  assert.deepEqual(call(session, cc, "return_callstack").value, []);
  // The failed self-call's increment is undone while the outer frame keeps running.
  assert.equal(call(session, cc, "recover_from_self").value, "11");
});

test("callcenter: delegated raw queries", async () => {
  const { session, counter, cc } = await setup();
  assert.equal(call(session, cc, "delegate_query", ["0x" + hex(counter.id), "read_value", "0x"]).value, "0xfc00000000000000");
});
