// host-sim's ContractClient over a real build schema: the token, typed end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContractClient, typed } from "../../host-sim/index.js";
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
