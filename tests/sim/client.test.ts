// host-sim's ContractClient over a real build schema: the token, typed end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContractClient, SchemaError, typed, type ContractSchema } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { freshSession, idOf } from "../helpers/sim.js";

test("ContractClient drives the built token from its schema", async () => {
  const wasm = new Uint8Array(readFileSync(join(REPO_ROOT, "build", "token.wasm")));
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, "build", "token.schema.json"), "utf8"));
  const owner = idOf(0xaa);
  const { session } = await freshSession();
  const { contractId } = session.deploy(wasm, { owner, init: typed("u128", 1000n) }, 1_000_000_000n);
  const token = new ContractClient(session, contractId, schema);
  assert.equal(token.call.balance_of(owner).data, 1000n);
  const r = token.call.transfer([idOf(1), 250n]);
  assert.equal(token.call.balance_of(idOf(1)).data, 250n);
  assert.deepEqual(token.decodeEvent(r.events[0]).value, { from: owner, to: idOf(1), amount: 250n });
});

test("ContractClient checks its schema with host-sim's one check: dusk-forge's shape drives the token, a wrong one names its part", async () => {
  const wasm = new Uint8Array(readFileSync(join(REPO_ROOT, "build", "token.wasm")));
  const built = JSON.parse(readFileSync(join(REPO_ROOT, "build", "token.schema.json"), "utf8"));
  // The same interface as dusk-forge may write it: no doc, `types` keyed by name, no events.
  const forge: unknown = {
    name: built.name,
    functions: built.functions.map(({ name, input, output }: { name: string; input: string; output: string }) => ({ name, input, output })),
    types: { Transfer: built.types[0], Approval: built.types[1] },
  };
  const owner = idOf(0xaa);
  const { session } = await freshSession();
  const { contractId } = session.deploy(wasm, { owner, init: typed("u128", 1000n) }, 1_000_000_000n);
  const token = new ContractClient(session, contractId, forge as ContractSchema);
  assert.deepEqual(token.schema.events, []);
  assert.deepEqual(Object.keys(token.defs), ["Transfer", "Approval"]);
  const r = token.call.transfer([idOf(2), 40n]);
  assert.equal(token.call.balance_of(owner).data, 960n);
  // The schema declares no events, so the transfer event stays undecoded.
  assert.equal(r.events[0]!.topic, "transfer");
  assert.equal("value" in token.decodeEvent(r.events[0]!), false);

  const broken = { ...built, functions: [...built.functions, { name: "burn", input: "u128" }] };
  assert.throws(
    () => new ContractClient(session, contractId, broken),
    (e) => e instanceof SchemaError && e.part === `functions[${built.functions.length}].output` && /lacks a string name, input or output \(its "output" is missing\)/.test(e.message),
  );
});
