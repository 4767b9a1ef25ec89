// Typed calls: arguments serialized and results validated with the rkyv codec, as Piecrust's `call`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { typed, VMError } from "../../host-sim/index.js";
import { deployWat, freshSession, idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";

// echo: returns its argument; add: (u64, u64) archive is two LE u64s → returns their u64 sum
const ECHO = `(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "echo") (param $n i32) (result i32) (local.get $n))
  (func (export "add") (param $n i32) (result i32) (i64.store (i32.const 0) (i64.add (i64.load (i32.const 0)) (i64.load (i32.const 8)))) (i32.const 8))
  (func (export "init") (param $n i32) (result i32) (memory.copy (i32.const 70000) (i32.const 0) (local.get $n)) (i32.store (i32.const 69996) (local.get $n)) (i32.const 0))
  (func (export "initarg") (param $n i32) (result i32) (memory.copy (i32.const 0) (i32.const 70000) (i32.load (i32.const 69996))) (i32.load (i32.const 69996))))`;

test("typed call: a tuple argument and a u64 result", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, ECHO, idOf(1));
  const r = session.call<bigint>(id, "add", typed("(u64, u64)", [40n, 2n]), 1_000_000n, "u64");
  assert.equal(r.data, 42n);
});

test("typed call: strings, vectors and options round-trip through a contract", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, ECHO, idOf(1));
  const t = "(String, Vec<u32>, Option<u64>)";
  const value = ["a string longer than seven bytes", [1, 2, 3], 7n];
  assert.deepEqual(session.call(id, "echo", typed(t, value), 1_000_000n, t).data, value);
});

test("typed call: a result that fails validation is a ValidationError", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, ECHO, idOf(1));
  assert.throws(() => session.call(id, "echo", typed("u8", 2), 1_000_000n, "bool"), (e: unknown) => e instanceof VMError && e.code === "ValidationError");
});

test("typed call: a value that does not match its type is a TypeError naming the argument", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, ECHO, idOf(1));
  assert.throws(() => session.call(id, "echo", typed("u64", "not a number"), 1_000_000n, "u64"), /argument of echo/);
});

test("typed deploy: the init argument is serialized with rkyv", async () => {
  const { session } = await freshSession();
  const { contractId } = session.deploy(await wat(ECHO), { owner: OWNER, contractId: idOf(1), init: typed("(u32, String)", [7, "hi"]) }, 1_000_000n);
  assert.deepEqual(session.call(contractId, "initarg", null, 1_000_000n, "(u32, String)").data, [7, "hi"]);
});

test("a schema client encodes arguments, decodes results and events by topic", async () => {
  const { ContractClient } = await import("../../host-sim/index.js");
  const { session } = await freshSession();
  const id = await deployWat(
    session,
    `(module (import "env" "emit" (func $emit (param i32 i32 i32))) (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
      (data (i32.const 70000) "added")
      (func (export "add") (param $n i32) (result i32)
        (i64.store (i32.const 0) (i64.add (i64.load (i32.const 0)) (i64.load (i32.const 8))))
        (call $emit (i32.const 70000) (i32.const 5) (i32.const 8)) (i32.const 8)))`,
    idOf(1),
  );
  const client = new ContractClient(session, id, {
    name: "Adder",
    functions: [{ name: "add", input: "Pair", output: "u64" }],
    events: [{ topic: "added", data: "u64" }],
    types: ["struct Pair { a: u64, b: u64 }"],
  });
  const r = client.call.add({ a: 40n, b: 2n });
  assert.equal(r.data, 42n);
  assert.equal(client.decodeEvent(r.events[0]).value, 42n);
  assert.throws(() => client.invoke("nope"), /has no function "nope"/);
});
