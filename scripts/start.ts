// The main job: run the built counter example in host-sim against the on-disk store `.piecrust/`.
// Each run continues from the previous run's commit: it deploys the counter if needed, increments
// it, reads it back, commits, and prints the id, the value, the gas and the new state root.
import { readFileSync } from "node:fs";
import { blake3 } from "@noble/hashes/blake3.js";
import { toHex, VM } from "../host-sim/index.js";
import { DEFAULT_STORE, readHead, writeHead } from "./workspace.js";

const GAS = 1_000_000n;

async function main(): Promise<void> {
  const wasm = new Uint8Array(readFileSync("build/counter.wasm"));
  const vm = await VM.open(DEFAULT_STORE);
  try {
    const base = readHead(DEFAULT_STORE, vm);
    const session = await vm.session({ base });
    const id = blake3(wasm);
    if (!session.contractMetadata(id)) {
      session.deploy(wasm, { owner: new Uint8Array(32) }, GAS);
      console.log(`deployed counter ${toHex(id)}`);
    }
    const inc = session.callRaw(id, "increment", new Uint8Array(0), GAS);
    const read = session.callRaw(id, "read_value", new Uint8Array(0), GAS);
    const value = new DataView(read.data.buffer, read.data.byteOffset, 8).getBigUint64(0, true);
    const root = session.commit();
    writeHead(DEFAULT_STORE, root);
    console.log(`contract  ${toHex(id)}`);
    console.log(`value     0x${value.toString(16)} (${value})`);
    console.log(`gas       increment ${inc.gasSpent}, read_value ${read.gasSpent}`);
    console.log(`root      ${toHex(root)}`);
  } finally {
    vm.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
