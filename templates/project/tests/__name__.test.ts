// Deploys the built contract (npm run asbuild) into host-sim, Piecrust's VM in TypeScript, and
// calls it as a wallet would: the same gas, errors and state roots as on Dusk. The build writes
// build/{{name}}.client.ts, a typed client: a misspelt function or a wrong argument type is a
// compile error (npm test runs tsc first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VM, VMError } from "piecrust-as/host-sim";
import { {{Class}}Client } from "../build/{{name}}.client.js";

const wasm = new Uint8Array(readFileSync(new URL("../../build/{{name}}.wasm", import.meta.url)));
const OWNER = new Uint8Array(32);
const GAS = 10_000_000n;

test("{{name}}: add changes the state, emits an event and survives a commit", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session();
  const contract = {{Class}}Client.deploy(session, wasm, { owner: OWNER });

  const receipt = contract.add(5n, GAS);
  assert.equal(receipt.data, 5n);
  // emit<u64>("added", …) declares no @event class, so the event is raw bytes (a u64 archive);
  // topics of `@event("topic") @archive class` declarations come decoded from contract.eventsOf().
  assert.equal(receipt.events.length, 1);
  assert.equal(receipt.events[0].topic, "added");
  assert.equal(Buffer.from(receipt.events[0].data).readBigUInt64LE(0), 5n);
  assert.ok(receipt.gasSpent > 0n);

  const root = session.commit();
  const next = new {{Class}}Client(await vm.session({ base: root }), contract.contractId);
  assert.equal(next.read_value().data, 5n);
  vm.close();
});

test("{{name}}: a refused step panics and changes nothing", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session();
  const contract = {{Class}}Client.deploy(session, wasm, { owner: OWNER });

  assert.throws(() => contract.add(101n, GAS), (e) => e instanceof VMError && e.code === "Panic" && /add takes 1 to 100/.test(e.message));
  assert.equal(contract.read_value().data, 0n);
  vm.close();
});
