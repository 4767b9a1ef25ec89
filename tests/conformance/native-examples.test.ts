// The project's examples, as this toolchain built them, on real Piecrust 0.32.2
// (tests/vectors/piecrust-native-examples.json): host-sim must give the same contract ids, gas,
// return bytes and state roots, across a commit and a fresh session on it. Also the bench's two
// state scenarios: the token's committed base, and a 64 MiB contract with all 1,024 pages written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex, VM } from "../../host-sim/index.js";
import { vectorJson } from "../helpers/paths.js";

const GAS = 1_000_000_000n;

interface Call {
  data: string;
  gasSpent: string;
}
interface Example {
  name: string;
  wasm: string;
  owner: string;
  init: string | null;
  fn: string;
  arg: string;
  contractId: string;
  deployGasSpent: string;
  first: Call;
  rootAfterFirstCall: string;
  second: Call;
  rootAfterSecondCall: string;
}
const file = vectorJson<{
  examples: Example[];
  token: { contractId: string; root: string; firstTransferGasSpent: string };
  big: { wasm: string; contractId: string; bumpGasSpent: string; root: string };
}>("piecrust-native-examples.json");

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));
const u32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
};

test("native examples: the vector holds the eight examples the cold-start bench runs", () => {
  assert.deepEqual(file.examples.map((e) => e.name), ["counter", "token", "escrow", "fallible", "metadata", "spender", "stack", "callcenter"]);
});

for (const ex of file.examples) {
  test(`native examples: ${ex.name}.${ex.fn} — id, deploy gas, two calls and both roots as Piecrust 0.32.2 gave them`, async () => {
    const vm = await VM.ephemeral();
    const s = await vm.session();
    const { contractId, receipt } = s.deploy(bytes(ex.wasm), { owner: fromHex(ex.owner), initArg: ex.init === null ? undefined : fromHex(ex.init) }, GAS);
    assert.equal(toHex(contractId), ex.contractId);
    assert.equal(String(receipt?.gasSpent ?? ""), ex.deployGasSpent);
    const first = s.callRaw(contractId, ex.fn, fromHex(ex.arg), GAS);
    assert.deepEqual({ data: toHex(first.data), gasSpent: String(first.gasSpent) }, ex.first);
    const root1 = s.commit();
    assert.equal(toHex(root1), ex.rootAfterFirstCall);
    const s2 = await vm.session({ base: root1 });
    const second = s2.callRaw(contractId, ex.fn, fromHex(ex.arg), GAS);
    assert.deepEqual({ data: toHex(second.data), gasSpent: String(second.gasSpent) }, ex.second);
    assert.equal(toHex(s2.commit()), ex.rootAfterSecondCall);
    vm.close();
  });
}

test("native examples: the token's base at 10^12, and its first transfer's gas", async () => {
  const token = file.examples.find((e) => e.name === "token")!;
  const vm = await VM.ephemeral();
  const s = await vm.session();
  const init = new Uint8Array(16);
  new DataView(init.buffer).setBigUint64(0, 1_000_000_000_000n, true);
  const { contractId } = s.deploy(bytes(token.wasm), { owner: fromHex(token.owner), initArg: init }, GAS);
  assert.equal(toHex(contractId), file.token.contractId);
  const base = s.commit();
  assert.equal(toHex(base), file.token.root);
  const arg = new Uint8Array(48);
  arg.set(u32(2654435761), 0);
  arg[32] = 1;
  const s2 = await vm.session({ base });
  const r = s2.callRaw(contractId, "transfer", arg, GAS);
  assert.equal(r.data.length, 0);
  assert.equal(String(r.gasSpent), file.token.firstTransferGasSpent);
  vm.close();
});

test("native examples: a 64 MiB contract with all 1,024 pages written has Piecrust's root", async () => {
  const vm = await VM.ephemeral();
  const s = await vm.session();
  const id = fromHex(file.big.contractId);
  s.deploy(bytes(file.big.wasm), { owner: new Uint8Array(32).fill(0xaa), contractId: id }, GAS);
  const r = s.callRaw(id, "bump", u32(1024), GAS);
  assert.equal(String(r.gasSpent), file.big.bumpGasSpent);
  assert.equal(toHex(s.commit()), file.big.root);
  vm.close();
});
