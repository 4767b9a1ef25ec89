// A real Rust-built contract in host-sim: bench/reference/rust-string.wasm (rustc, from
// rust-string.rs beside it) takes and gives rkyv Strings as uplink's wrap_call does. Its results
// decode with host-sim's codec, and its gas above a no-op call is the "Rust (bench/reference)" row
// of docs/contracts.md (100 ASCII bytes: decode 774, both 892; 50 × "é": decode 2,997, both 3,115),
// measured by `npm run bench`. The spec examples/callcenter/assembly/__tests__/rust-string.spec.ts
// deploys the same file from as-pect and asserts the same figures.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { codec } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { call, deploy, example, freshSession, GAS, hex } from "./example.js";

const STRING = codec.parseType("String");
const WASM = new Uint8Array(readFileSync(join(REPO_ROOT, "bench", "reference", "rust-string.wasm")));

async function deployed() {
  const { session } = await freshSession();
  const { contractId } = session.deploy(WASM, { owner: new Uint8Array(32) }, GAS);
  return { session, id: contractId };
}

test("rust-string: its strings round-trip, with the gas docs/contracts.md records", async () => {
  const { session, id } = await deployed();
  const gas = (fn: string, arg: Uint8Array<ArrayBuffer> = new Uint8Array(0)) => session.callRaw(id, fn, arg, GAS).gasSpent;
  const ascii = new Uint8Array(codec.encode(STRING, "x".repeat(100)));
  // The first call that allocates pays for the Rust allocator's first use (memory it grows and
  // initializes, kept in the contract's memory afterwards), so the bench measures after keep_string.
  assert.equal(gas("noop"), 2n);
  assert.equal(gas("keep_string", ascii), 2148n);
  const noop = gas("noop");
  assert.equal(noop, 2n);
  const give = session.callRaw(id, "give_string", new Uint8Array(0), GAS);
  assert.equal(codec.decode(STRING, give.data), "x".repeat(100));
  assert.equal(give.gasSpent - noop, 126n);
  for (const [text, take, echo] of [["x".repeat(100), 774n, 892n], ["é".repeat(50), 2997n, 3115n]] as const) {
    const arg = new Uint8Array(codec.encode(STRING, text));
    const r = session.callRaw(id, "echo_string", arg, GAS);
    assert.equal(codec.decode(STRING, r.data), text);
    assert.equal(r.gasSpent - noop, echo, `echo of ${text.slice(0, 3)}…`);
    assert.equal(gas("take_string", arg) - noop, take, `take of ${text.slice(0, 3)}…`);
  }
});

test("rust-string: before the allocator's first use, echo costs 2,322 gas", async () => {
  const { session, id } = await deployed();
  const r = session.callRaw(id, "echo_string", codec.encode(STRING, "x".repeat(100)), GAS);
  assert.equal(codec.decode(STRING, r.data), "x".repeat(100));
  assert.equal(r.gasSpent, 2322n);
});

test("rust-string: the AssemblyScript callcenter calls it (delegate_query), as the spec does", async () => {
  const { session, id } = await deployed();
  const cc = deploy(session, example("callcenter"));
  const arg = codec.encode(STRING, "from AssemblyScript to Rust");
  const { receipt, value } = call(session, cc, "delegate_query", ["0x" + hex(id), "echo_string", "0x" + hex(arg)]);
  assert.equal(codec.decode(STRING, Buffer.from(String(value).slice(2), "hex")), "from AssemblyScript to Rust");
  assert.deepEqual(receipt.callTree.map((e) => hex(e.contractId)), [hex(id), hex(cc.id)]);
  // The Rust callee is fresh, so this includes its allocator's first use.
  assert.equal(receipt.gasSpent, 5405n);
});
