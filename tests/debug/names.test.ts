// Contracts built without piecrust-as's side file (Rust-built ones, say) name their functions in
// the module's own `name` section: backtraces and gas profiles show those names. The names are
// the ones written in the WAT source; the section is only read, and a malformed one is ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VM, VMError, type Session } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";
import { idOf, module, OWNER } from "../helpers/sim.js";

// function 0 is the import, so the name section's indices must count it as the backtrace does
const SOURCE = module(
  `(func $divide_helper (param $d i32) (result i32) (i32.div_u (i32.const 1) (local.get $d)))
   (func $entry_point (export "f") (param i32) (result i32)
     (drop (call $divide_helper (i32.load (i32.const 0))))
     (i32.const 0))`,
  `(import "env" "panic" (func $host_panic (param i32)))`,
);

const arg = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);

async function session(bytes: Uint8Array, profile = false): Promise<Session> {
  const vm = await VM.ephemeral();
  const s = await vm.session({ profile });
  s.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  return s;
}

function failure(s: Session): VMError {
  try {
    s.callRaw(idOf(1), "f", arg(0), 1_000_000n);
  } catch (e) {
    assert.ok(e instanceof VMError, String(e));
    return e;
  }
  assert.fail("f(0) did not fail");
}

test("names: a module's own name section names the backtrace's frames; without one they are indices", async () => {
  const named = failure(await session(await wat(SOURCE, "named.wat", { debugNames: true })));
  const bare = failure(await session(await wat(SOURCE)));
  assert.equal(named.message, "wasm trap: integer divide by zero");
  assert.deepEqual(named.backtrace![0].frames.map((f) => f.function), ["divide_helper", "entry_point"]);
  assert.deepEqual(bare.backtrace![0].frames.map((f) => f.function), ["wasm-function[1]", "wasm-function[2]"]);
  // the name section sits after the code: the instructions are at the same offsets
  assert.deepEqual(named.backtrace![0].frames.map((f) => f.offset), bare.backtrace![0].frames.map((f) => f.offset));
});

test("names: a gas profile names functions from the module's name section", async () => {
  const s = await session(await wat(SOURCE, "named.wat", { debugNames: true }), true);
  s.callRaw(idOf(1), "f", arg(4), 1_000_000n);
  const last = s.profiles[s.profiles.length - 1];
  const entry = last.root.children.find((n) => n.name === "entry_point");
  assert.ok(entry, JSON.stringify(last.root.children.map((n) => n.name)));
  assert.deepEqual(entry.children.map((n) => n.name), ["divide_helper"]);
});

test("names: a malformed name section is ignored: the names read before the fault stay, nothing fails", async () => {
  const bytes = await wat(SOURCE);
  const utf8 = (t: string) => [...new TextEncoder().encode(t)];
  // function names: 3 promised, function 1's complete, function 2's length runs past the section
  const names = [3, 1, 8, ...utf8("helper_x"), 2, 9, ...utf8("ent")];
  const content = [4, ...utf8("name"), 1, names.length, ...names];
  const s = await session(new Uint8Array([...bytes, 0, content.length, ...content]));
  const e = failure(s);
  assert.equal(e.message, "wasm trap: integer divide by zero");
  assert.deepEqual(e.backtrace![0].frames.map((f) => f.function), ["helper_x", "wasm-function[2]"]);
});
