// Deploys the built contract (npm run asbuild) into host-sim, Piecrust's VM in TypeScript, and
// calls it as a wallet would: the same gas, errors and state roots as on Dusk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ContractClient, VM, VMError } from "piecrust-as/host-sim";

const wasm = readFileSync(new URL("../build/{{name}}.wasm", import.meta.url));
const schema = JSON.parse(readFileSync(new URL("../build/{{name}}.schema.json", import.meta.url), "utf8"));
const GAS = 10_000_000n;

test("{{name}}: add changes the state, emits an event and survives a commit", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session();
  const { contractId } = session.deploy(wasm, { owner: new Uint8Array(32) }, GAS);
  const contract = new ContractClient(session, contractId, schema);

  const receipt = contract.call.add(5n, GAS);
  assert.equal(receipt.data, 5n);
  assert.equal(receipt.events.length, 1);
  assert.equal(receipt.events[0].topic, "added");
  assert.equal(Buffer.from(receipt.events[0].data).readBigUInt64LE(0), 5n);
  assert.ok(receipt.gasSpent > 0n);

  const root = session.commit();
  const next = new ContractClient(await vm.session({ base: root }), contractId, schema);
  assert.equal(next.call.read_value().data, 5n);
  vm.close();
});

test("{{name}}: a refused step panics and changes nothing", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session();
  const { contractId } = session.deploy(wasm, { owner: new Uint8Array(32) }, GAS);
  const contract = new ContractClient(session, contractId, schema);

  assert.throws(() => contract.call.add(101n, GAS), (e) => e instanceof VMError && e.code === "Panic" && /add takes 1 to 100/.test(e.message));
  assert.equal(contract.call.read_value().data, 0n);
  vm.close();
});
