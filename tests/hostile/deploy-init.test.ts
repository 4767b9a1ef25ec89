// A hostile `init` (piecrust-vm.md §3 step 10, §10.3): whatever it does — spin, recurse, panic,
// grow to 4 GiB and trap, forge its return length, flood events, call a missing contract — the
// deploy fails with Piecrust's error, the contract leaves no trace, and the id can be used again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VM, VMError } from "../../host-sim/index.js";
import type { VMErrorCode } from "../../host-sim/index.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract } from "./support.js";

const INITS: Array<[string, string, VMErrorCode]> = [
  ["spins", `(loop $l (br $l)) (i32.const 0)`, "OutOfGas"],
  ["recurses without bound", `(call $rec (i32.const 0))`, "RuntimeError"],
  ["panics", `(i32.store (i32.const 0) (i32.const 0x6d6f6f62)) (call $panic (i32.const 4)) (i32.const 0)`, "Panic"],
  ["grows to 4 GiB, writes the last byte and traps", `(drop (memory.grow (i32.const 65534))) (i32.store8 (i32.const -1) (i32.const 1)) unreachable`, "RuntimeError"],
  ["forges a negative return length", `(i32.store (i32.const 0x10000) (i32.const 1)) (i32.const -1)`, "MemoryAccessOutOfBounds"],
  ["floods 64 KiB events", `(loop $l (call $emit (i32.const 0) (i32.const 0) (i32.const 65536)) (br $l)) (i32.const 0)`, "OutOfGas"],
  ["reads a name across 4 GiB", `(drop (call $hd (i32.const -1) (i32.const 2))) (i32.const 0)`, "MemoryAccessOutOfBounds"],
];

function withInit(body: string): string {
  return contract(`
    (func $rec (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
    (func (export "init") (param i32) (result i32) ${body})
    (func (export "f") (param i32) (result i32) (i32.const 0))`);
}

for (const [what, body, code] of INITS) {
  test(`an init that ${what}: deploy fails with ${code} and leaves no trace`, async () => {
    const vm = await VM.ephemeral();
    const session = await vm.session();
    const before = toHex(session.root());
    const bytes = await wat(withInit(body));
    assert.throws(
      () => session.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 10_000_000n),
      (e) => e instanceof VMError && e.code === code,
    );
    assert.equal(session.memoryLen(idOf(1)), undefined);
    assert.equal(session.contractMetadata(idOf(1)), undefined);
    assert.equal(toHex(session.root()), before);
    // The id is free again, for a well-behaved contract.
    session.deploy(await wat(withInit("(i32.const 0)")), { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
    session.callRaw(idOf(1), "f", new Uint8Array(0), 1_000_000n);
  });
}
