// Dusk's real genesis contracts, from a folder the user supplies (rusk's rusk-recovery/assets):
// they cannot be committed here, so this runs only when DUSK_GENESIS_DIR names that folder. Without
// it, only the folder checks run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codec, VM, VMError } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { engineHasMemory64 } from "../../host-sim/memory64.js";

const GAS = 1_000_000_000n;
const U64 = codec.parseType("u64");

test("genesis: a folder without the binaries, or no folder, is a clear error", () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-genesis-"));
  try {
    assert.throws(() => dusk.readGenesisContracts(join(dir, "nope")), (e: unknown) => e instanceof dusk.DuskProfileError && /not a directory/.test(e.message));
    assert.throws(() => dusk.readGenesisContracts(dir), (e: unknown) => e instanceof dusk.DuskProfileError && /neither transfer_contract.wasm nor stake_contract.wasm/.test(e.message));
    writeFileSync(join(dir, "stake_contract.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d]));
    assert.deepEqual(Object.keys(dusk.readGenesisContracts(dir)), ["stake"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const GENESIS_DIR = process.env.DUSK_GENESIS_DIR;
if (GENESIS_DIR) {
  test("genesis (DUSK_GENESIS_DIR): the real stake contract runs at STAKE_CONTRACT beside the stand-in transfer", async () => {
    const g = dusk.readGenesisContracts(GENESIS_DIR);
    assert.ok(g.stake, "stake_contract.wasm is in DUSK_GENESIS_DIR");
    const vm = await VM.ephemeral({ profile: "dusk" });
    const session = await vm.session();
    const ids = dusk.deployGenesis(session, { stake: g.stake });
    assert.deepEqual(ids.map((id) => id[0]), [1, 2]);
    const version = session.callRaw(dusk.STAKE_CONTRACT, "get_version", new Uint8Array(0), GAS);
    assert.ok((codec.decode(U64, version.data) as bigint) > 0n);
    const burnt = session.callRaw(dusk.STAKE_CONTRACT, "burnt_amount", new Uint8Array(0), GAS);
    assert.equal(codec.decode(U64, burnt.data), 0n);
    console.log(`stake get_version ${codec.decode(U64, version.data)} (${version.gasSpent} gas), burnt_amount 0 (${burnt.gasSpent} gas)`);
  });

  test("genesis (DUSK_GENESIS_DIR): the real transfer contract (wasm64) runs at TRANSFER_CONTRACT where the engine has memory64", async () => {
    const g = dusk.readGenesisContracts(GENESIS_DIR);
    assert.ok(g.transfer, "transfer_contract.wasm is in DUSK_GENESIS_DIR");
    const session = await (await VM.ephemeral({ profile: "dusk", dusk: { chainId: 7 } })).session();
    if (!engineHasMemory64()) {
      assert.throws(() => dusk.deployGenesis(session, { transfer: g.transfer }), (e: unknown) => e instanceof VMError && e.details.needsNode === "24");
      return;
    }
    assert.deepEqual(dusk.deployGenesis(session, { transfer: g.transfer })[0], dusk.TRANSFER_CONTRACT);
    // chain_id answers the metadata the profile sets; a contract nobody paid holds nothing
    const chain = session.callRaw(dusk.TRANSFER_CONTRACT, "chain_id", new Uint8Array(0), GAS);
    assert.deepEqual([...chain.data], [7]);
    const balance = session.callRaw(dusk.TRANSFER_CONTRACT, "contract_balance", new Uint8Array(32), GAS);
    assert.equal(codec.decode(U64, balance.data), 0n);
    console.log(`transfer chain_id (${chain.gasSpent} gas), contract_balance (${balance.gasSpent} gas)`);
  });
}
