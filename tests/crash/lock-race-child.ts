// Mirrors nothing in Piecrust: one of the processes of lock-race.test.ts. It loads host-sim, says
// "ready", waits for "go" on stdin, opens the store, and if it got it, deploys a contract, has it store a mark of the tag, commits
// and reports the root, then holds the store until stdin ends (or forever with "hold", to be killed).
// Usage: node lock-race-child.js <dir> <wasm path> <tag> [hold]
import { readFileSync, writeSync } from "node:fs";
import { blake3 } from "@noble/hashes/blake3.js";
import { toHex, VM, VMError } from "../../host-sim/index.js";

const [dir, wasmPath, tag, mode] = process.argv.slice(2);
const say = (o: object) => writeSync(1, JSON.stringify(o) + "\n");
const bytecode = new Uint8Array(readFileSync(wasmPath));

let input = "";
const ended = new Promise<void>((resolve) => process.stdin.on("end", resolve));
const go = new Promise<void>((resolve) =>
  process.stdin.on("data", (d: Buffer) => {
    input += d.toString();
    if (input.includes("go\n")) resolve();
  }),
);
say({ ready: true });
if (mode !== "hold") await go;

let vm: VM;
try {
  vm = await VM.open(dir);
} catch (e) {
  say({ ok: false, vmError: e instanceof VMError, code: (e as VMError).code, message: (e as Error).message });
  process.exit(0);
}
const session = await vm.session();
const mark = blake3(new TextEncoder().encode(tag));
session.deploy(bytecode, { owner: new Uint8Array(32), contractId: mark }, 10_000_000n);
// The contract keeps the argument in its memory, so every racer's commit has its own root.
session.callRaw(mark, "keep", mark.subarray(0, 4), 1_000_000n);
say({ ok: true, root: toHex(session.commit()) });
if (mode === "hold") setInterval(() => {}, 1000);
else {
  await ended;
  vm.close();
}
