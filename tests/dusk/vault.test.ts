// examples/vault on host-sim's Dusk profile, with the STAND-IN transfer contract at dusk-core's
// TRANSFER_CONTRACT: deposits taken from a public transaction, payouts to accounts, balances and
// dusk-core's event topics; every refused step leaves the state as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VM, VMError, type Session } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { SchemaCodec } from "../../cli/commands/schema.js";
import { call, decodedEvents, example, hex, type Deployed, type Example } from "../sim/example.js";

const GAS = 1_000_000_000n;
/** The stand-in as the package ships it (dist/dusk/, built by `npm run asbuild` here), as every test takes it. */
const transferEx: Example = { name: "transfer-stand-in", wasm: dusk.transferStandIn(), codec: new SchemaCodec(dusk.transferStandInSchema()) };
const vaultEx = example("vault");

/** An account key as the stand-in's JSON: the limbs only tell accounts apart (no curve check there). */
function account(n: number): unknown {
  const fp = (k: number) => ({ limbs: Array.from({ length: 6 }, (_, i) => String(n * 100 + k * 10 + i)) });
  return { point: { x: { c0: fp(1), c1: fp(2) }, y: { c0: fp(3), c1: fp(4) }, infinity: 0 } };
}
const archived = (n: number) => transferEx.codec.encodeInput("account", account(n));

async function setup(): Promise<{ session: Session; transfer: Deployed; vault: Deployed }> {
  const vm = await VM.ephemeral({ profile: "dusk" });
  const session = await vm.session();
  // no bytes given: the shipped stand-in
  dusk.deployGenesis(session);
  const transfer: Deployed = { id: dusk.TRANSFER_CONTRACT, ex: transferEx };
  const { contractId } = session.deploy(vaultEx.wasm, { owner: new Uint8Array(96).fill(7) }, GAS);
  const vault: Deployed = { id: contractId, ex: vaultEx };
  call(session, transfer, "stand_in_fund", { account: account(1), value: "1000" });
  call(session, transfer, "stand_in_fund", { account: account(2), value: "50" });
  return { session, transfer, vault };
}

/** A public transaction from account `n`, as the node runs one: public_sender set, deposit attached. */
function tx(session: Session, transfer: Deployed, n: number, vault: Deployed, fn: string, arg: unknown, deposit: bigint) {
  session.setMeta("public_sender", dusk.publicSenderMeta(archived(n)));
  try {
    const fnArgs = "0x" + hex(vault.ex.codec.encodeInput(fn, arg));
    return call(session, transfer, "stand_in_execute", { sender: account(n), deposit: String(deposit), contract: "0x" + hex(vault.id), fn_name: fn, fn_args: fnArgs }, GAS);
  } finally {
    session.setMeta("public_sender", dusk.publicSenderMeta(null));
  }
}

const balanceOf = (s: Session, t: Deployed, n: number) => call(s, t, "account", account(n)).value;

test("vault: a deposit goes through the stand-in transfer contract with dusk-core's events", async () => {
  const { session, transfer, vault } = await setup();
  const r = tx(session, transfer, 1, vault, "deposit", "300", 300n);
  assert.deepEqual(balanceOf(session, transfer, 1), { nonce: "1", balance: "700" });
  assert.equal(call(session, transfer, "contract_balance", "0x" + hex(vault.id)).value, "300");
  assert.equal(call(session, vault, "balance_of", account(1)).value, "300");
  assert.equal(call(session, vault, "total").value, "300");
  const events = r.receipt.events.map((e) => ({ source: hex(e.source), topic: e.topic }));
  assert.deepEqual(events, [
    { source: hex(dusk.TRANSFER_CONTRACT), topic: "deposit" },
    { source: hex(vault.id), topic: "deposited" },
  ]);
  const [dep] = decodedEvents({ ...r.receipt, events: [r.receipt.events[0]] }, transfer);
  assert.deepEqual(dep.data, { sender: account(1), receiver: "0x" + hex(vault.id), value: "300" });
  // the vault spec (examples/vault) asserts the same figure for the same transaction
  assert.equal(r.receipt.gasSpent, 586199n);
});

test("vault: withdraw pays the sender's account with a contract_to_account event", async () => {
  const { session, transfer, vault } = await setup();
  tx(session, transfer, 1, vault, "deposit", "300", 300n);
  const r = tx(session, transfer, 1, vault, "withdraw", "120", 0n);
  assert.deepEqual(balanceOf(session, transfer, 1), { nonce: "2", balance: "820" });
  assert.equal(call(session, vault, "total").value, "180");
  const c2a = r.receipt.events.find((e) => e.topic === "contract_to_account")!;
  assert.deepEqual(transferEx.codec.decodeEvent("contract_to_account", c2a.data), { sender: "0x" + hex(vault.id), receiver: account(1), value: "120" });
  assert.equal(r.receipt.gasSpent, 771367n);
});

test("vault: refused steps change nothing (overdraw, wrong deposit, short balance, no sender)", async () => {
  const { session, transfer, vault } = await setup();
  tx(session, transfer, 1, vault, "deposit", "300", 300n);
  const before = () => [balanceOf(session, transfer, 1), balanceOf(session, transfer, 2), call(session, vault, "total").value, call(session, vault, "balance_of", account(2)).value];
  const state = before();
  const panics = (re: RegExp) => (e: unknown) => e instanceof VMError && e.code === "Panic" && re.test(e.message);
  // Account 2 has nothing in the vault.
  assert.throws(() => tx(session, transfer, 2, vault, "withdraw", "1", 0n), panics(/withdraw failed/));
  // The contract asks for a different deposit than the transaction carries.
  assert.throws(() => tx(session, transfer, 1, vault, "deposit", "60", 50n), panics(/deposit failed/));
  // Account 2 cannot attach more than it has.
  assert.throws(() => tx(session, transfer, 2, vault, "deposit", "80", 80n), panics(/below the deposit/));
  // A direct call has no public sender at all.
  assert.throws(() => call(session, vault, "deposit", "5"), panics(/public \(Moonlight\) transactions only/));
  assert.deepEqual(before(), state);
});

test("vault: a deposit the contract does not take goes back to the sender", async () => {
  const { session, transfer, vault } = await setup();
  tx(session, transfer, 2, vault, "balance_of", account(2), 40n);
  assert.deepEqual(balanceOf(session, transfer, 2), { nonce: "1", balance: "50" });
  assert.equal(call(session, vault, "total").value, "0");
});

test("stand-in: deposit needs a transaction and contract_to_account a calling contract", async () => {
  const { session, transfer, vault } = await setup();
  // deposit outside a transaction
  assert.throws(() => call(session, transfer, "deposit", "1"), (e: unknown) => e instanceof VMError && /A deposit must happen in the context of a transaction/.test(e.message));
  assert.throws(() => call(session, transfer, "contract_to_account", { account: account(1), value: "1" }), (e: unknown) => e instanceof VMError && /only be called by a contract/.test(e.message));
  assert.equal(call(session, transfer, "contract_balance", "0x" + hex(vault.id)).value, "0");
});

test("vault: send_to moves a share to another vault through contract_to_contract and its ReceiveFromContract", async () => {
  const { session, transfer, vault } = await setup();
  const { contractId } = session.deploy(vaultEx.wasm, { owner: new Uint8Array(96).fill(8), contractId: new Uint8Array(32).fill(0x22) }, GAS);
  const other: Deployed = { id: contractId, ex: vaultEx };
  tx(session, transfer, 1, vault, "deposit", "300", 300n);
  const r = tx(session, transfer, 1, vault, "send_to", ["0x" + hex(other.id), "100"], 0n);
  assert.equal(call(session, transfer, "contract_balance", "0x" + hex(vault.id)).value, "200");
  assert.equal(call(session, transfer, "contract_balance", "0x" + hex(other.id)).value, "100");
  assert.equal(call(session, other, "balance_of", account(1)).value, "100");
  assert.equal(call(session, vault, "balance_of", account(1)).value, "200");
  const c2c = r.receipt.events.find((e) => e.topic === "contract_to_contract")!;
  assert.equal(hex(c2c.source), hex(dusk.TRANSFER_CONTRACT));
  assert.deepEqual(transferEx.codec.decodeEvent("contract_to_contract", c2c.data), { sender: "0x" + hex(vault.id), receiver: "0x" + hex(other.id), value: "100" });
  // Only the transfer contract may credit a vault.
  assert.throws(() => call(session, other, "receive_from_contract", { contract: "0x" + hex(vault.id), value: "5", data: "0x" + hex(archived(1)) }), (e: unknown) => e instanceof VMError && /only the transfer contract/.test(e.message));
  // More than the contract's balance: the stand-in refuses, nothing moves.
  assert.throws(() => tx(session, transfer, 1, vault, "send_to", ["0x" + hex(other.id), "500"], 0n), (e: unknown) => e instanceof VMError && e.code === "Panic");
  assert.equal(call(session, transfer, "contract_balance", "0x" + hex(other.id)).value, "100");
});

test("stand-in: deployGenesis deploys the shipped stand-in's bytes; without Node's fs it asks for them", async () => {
  const vm = await VM.ephemeral({ profile: "dusk" });
  const session = await vm.session();
  const wasm = dusk.transferStandIn();
  assert.equal(hex(wasm.subarray(0, 4)), "0061736d");
  assert.deepEqual(dusk.deployGenesis(session), [dusk.TRANSFER_CONTRACT]);
  // one stand-in: the shipped file is the same build of examples/transfer-stand-in as build/'s
  assert.ok(Buffer.from(wasm).equals(Buffer.from(example("transfer-stand-in").wasm)), "dist/dusk/transfer-stand-in.wasm is stale: run npm run asbuild");
  // a browser has no process.getBuiltinModule: the error names the way out (pass standIn)
  const proc = globalThis.process as unknown as { getBuiltinModule?: unknown };
  const saved = proc.getBuiltinModule;
  proc.getBuiltinModule = undefined;
  try {
    const fresh = await vm.session();
    assert.throws(() => dusk.deployGenesis(fresh), (e: unknown) => e instanceof dusk.DuskProfileError && /pass its bytes: deployGenesis\(session, \{ standIn \}\)/.test(e.message));
    assert.deepEqual(dusk.deployGenesis(fresh, { standIn: wasm }), [dusk.TRANSFER_CONTRACT]);
  } finally {
    proc.getBuiltinModule = saved;
  }
  vm.close();
});

test("schemas: the SDK's transfer events are the stand-in's, not the vault's (a contract lists an SDK event only when it names it)", () => {
  assert.deepEqual(transferEx.codec.schema.events.map((e) => e.topic), ["deposit", "contract_to_contract", "contract_to_account"]);
  assert.deepEqual(vaultEx.codec.schema.events.map((e) => e.topic), ["deposited", "withdrawn"]);
  // the vault still describes the SDK types it takes, with dusk-core's field order
  assert.ok(vaultEx.codec.schema.types.includes("struct ReceiveFromContract { contract: ContractId, value: u64, data: Vec<u8> }"));
});
