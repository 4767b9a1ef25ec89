// Port of piecrust/tests/host.rs: host queries (a BLAKE3 hash, an unaffordable query) and host
// queries that panic, at top level and nested.
//
// Not ported: `host_proof` (it needs dusk-plonk to make and verify a PLONK proof; the query's
// plumbing is the same as `host_hash`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { blake3 } from "@noble/hashes/blake3.js";
import { VM } from "../../host-sim/index.js";
import type { HostQuery } from "../../host-sim/index.js";
import { call, de, deploy, idFrom, LIMIT, vmError } from "./support/piecrust.js";

const HOST_QUERY_PANICKED = "host query panicked";
const HOST_CALLER_ID = idFrom(1);

/** ZeroCostHostQuery(hash): the argument is an archived Vec<u8>; answers its 32-byte BLAKE3. */
const hashQuery: HostQuery = {
  price: () => 0n,
  execute(arg, argbuf) {
    const v = de<Uint8Array>("Vec<u8>", arg);
    argbuf.set(blake3(v), 0);
    return 32;
  },
};

const veryExpensive: HostQuery = {
  price: () => 2n ** 64n - 1n,
  execute() {
    throw new Error("Query will never be executed since its price is too high");
  },
};

const panicsInPricing: HostQuery = {
  price() {
    throw new Error("host query pricing panic");
  },
  execute() {
    throw new Error("pricing panic should prevent execution");
  },
};

const panicsInExecute: HostQuery = {
  price: () => 0n,
  execute() {
    throw new Error("host query execute panic");
  },
};

async function vmWith(queries: Record<string, HostQuery>): Promise<VM> {
  const vm = await VM.ephemeral();
  for (const [name, q] of Object.entries(queries)) vm.registerHostQuery(name, q);
  return vm;
}

test("host_query_pricing_panic_is_contained", async () => {
  const session = await (await vmWith({ very_expensive: panicsInPricing })).session();
  const { id } = await deploy(session, "host");
  assert.throws(() => call(session, id, "host_very_expensive", "()", null, "()"), vmError("Panic", HOST_QUERY_PANICKED));
});

test("host_query_execute_panic_is_contained", async () => {
  const session = await (await vmWith({ very_expensive: panicsInExecute })).session();
  const { id } = await deploy(session, "host");
  assert.throws(() => call(session, id, "host_very_expensive", "()", null, "()"), vmError("Panic", HOST_QUERY_PANICKED));
});

test("nested_host_query_panic_uses_deterministic_message", async () => {
  const session = await (await vmWith({ very_expensive: panicsInExecute })).session();
  const { id: callee } = await deploy(session, "host");
  const { id: hostCaller } = await deploy(session, "host", { contractId: HOST_CALLER_ID });
  const data = call(session, hostCaller, "delegate_host_very_expensive", "ContractId", callee, "Result<(), ContractError>").data;
  assert.deepEqual(data, { err: { variant: "Panic", fields: [HOST_QUERY_PANICKED] } });
});

test("host_hash", async () => {
  const session = await (await vmWith({ hash: hashQuery, very_expensive: veryExpensive })).session();
  const { id } = await deploy(session, "host");
  const h = call(session, id, "host_hash", "Vec<u8>", new Uint8Array([0, 1, 2]), "[u8; 32]").data;
  assert.deepEqual(h, blake3(new Uint8Array([0, 1, 2])));
});

test("host_very_expensive_oog", async () => {
  const session = await (await vmWith({ hash: hashQuery, very_expensive: veryExpensive })).session();
  const { id } = await deploy(session, "host");
  assert.throws(() => call(session, id, "host_very_expensive", "()", null, "String", LIMIT), vmError("OutOfGas"));
});

test("host_query_panic_propagates_when_containment_is_disabled", async () => {
  const session = await (await vmWith({ very_expensive: panicsInExecute })).session({ containHostQueryPanics: false });
  const { id } = await deploy(session, "host");
  const root = session.root();
  // The query's own exception reaches the embedder (Rust: the panic unwinds out of `call`)...
  assert.throws(() => call(session, id, "host_very_expensive", "()", null, "()"), /host query execute panic/);
  // ...and the call left no trace.
  assert.deepEqual(session.root(), root);
});
