// Typed entry points end to end in host-sim: for every archivable type, seeded random values are
// encoded by host-sim/codec (TypeScript), decoded by the contract's generated entry point (the AS
// codec), encoded back by the AS codec and decoded again in TypeScript. The returned bytes must be
// identical to TypeScript's own encoding, so both directions agree byte for byte. The types come
// from the schema the build wrote, which checks the schema at the same time.

import { test } from "node:test";
import assert from "node:assert/strict";
import { VM, VMError } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { decode, encode, parseType, type RType, type TypeDefs } from "../../host-sim/codec/index.js";
import { compileFixture } from "./support.js";
import { randomValue } from "../helpers/random-value.js";
import { mulberry32 as rng } from "../helpers/rng.js";
import * as F from "./fixtures.js";

const GAS = 50_000_000n;
const SEEDS = 25;

async function setup(): Promise<{ session: Session; id: Uint8Array; defs: TypeDefs; fns: Map<string, { input: RType; output: RType }> }> {
  const r = await compileFixture("typed", F.TYPED);
  assert.ok(r.wasm && r.schema, r.stderr);
  const defs: TypeDefs = {};
  for (const d of r.schema!.types) parseType(d, defs);
  const fns = new Map(r.schema!.functions.map((f) => [f.name, { input: parseType(f.input, defs), output: parseType(f.output, defs) }]));
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const { contractId } = session.deploy(r.wasm!, { owner: new Uint8Array(32) }, GAS);
  return { session, id: contractId, defs, fns };
}

const ready = setup();

test("every echo_* entry point returns TypeScript's exact encoding of random values", async () => {
  const { session, id, defs, fns } = await ready;
  const echoes = [...fns.keys()].filter((n) => n.startsWith("echo_"));
  assert.ok(echoes.length >= 30, `${echoes.length} echo functions`);
  for (const fn of echoes) {
    const { input, output } = fns.get(fn)!;
    assert.deepEqual(input, output, fn);
    for (let seed = 1; seed <= SEEDS; seed++) {
      const value = randomValue(input, rng(seed * 7919 + fn.length), defs);
      const bytes = encode(input, value, defs);
      const receipt = session.callRaw(id, fn, bytes, GAS);
      assert.deepEqual(receipt.data, bytes, `${fn} seed ${seed}: AS re-encoding differs`);
      assert.deepEqual(decode(output, receipt.data, defs), decode(input, bytes, defs), `${fn} seed ${seed}`);
    }
  }
});

test("several parameters arrive as one rkyv tuple (dusk-forge's convention)", async () => {
  const { session, id, defs, fns } = await ready;
  const swap = fns.get("swap")!;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const [a, b] = randomValue(swap.input, rng(seed), defs) as [bigint, string];
    const out = session.callRaw(id, "swap", encode(swap.input, [a, b], defs), GAS);
    assert.deepEqual(decode(swap.output, out.data, defs), [b, a]);
  }
  const four = fns.get("four")!;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const [a, color, named, flag] = randomValue(four.input, rng(seed), defs) as [number, string, Record<string, unknown>, boolean];
    const out = decode(four.output, session.callRaw(id, "four", encode(four.input, [a, color, named, flag], defs), GAS).data, defs) as Record<string, unknown>;
    const id4 = new Uint8Array(named.id as Uint8Array);
    id4[0] = a;
    assert.deepEqual(out, { ...named, flag, color, id: id4 });
  }
});

test("emit<T> publishes the rkyv archive of an @event type under its topic", async () => {
  const { session, id, defs, fns } = await ready;
  const t = fns.get("emit_mixed")!.input;
  const value = { a: 7, b: 0x0102030405060708n, c: 0x1234 };
  const receipt = session.callRaw(id, "emit_mixed", encode(t, value, defs), GAS);
  assert.equal(receipt.events.length, 1);
  assert.equal(receipt.events[0]!.topic, "mixed");
  // rustc's order for struct_mixed: b@0, c@8, a@10, 16 bytes.
  assert.deepEqual([...receipt.events[0]!.data], [8, 7, 6, 5, 4, 3, 2, 1, 0x34, 0x12, 7, 0, 0, 0, 0, 0]);
});

test("invalid argument bytes panic with uplink's 'Argument should correctly deserialize'", async () => {
  const { session, id, defs, fns } = await ready;
  const bad: [string, Uint8Array][] = [
    ["echo_bool", new Uint8Array([2])],
    ["echo_u64", new Uint8Array(5)],
    ["echo_string", new Uint8Array([0xff, 0xfe, 0, 0, 0, 0, 0, 2])],
    ["echo_string", new Uint8Array([0, 0, 0, 0, 0, 0, 0, 9])],
    ["echo_vec_u32", new Uint8Array([0, 0, 0, 0, 9, 0, 0, 0])],
    ["echo_opt_u64", new Uint8Array(16).fill(2)],
    ["echo_color", new Uint8Array([3])],
    ["echo_shape", new Uint8Array(16).fill(9)],
    ["echo_char", new Uint8Array([0, 0xd8, 0, 0])],
    ["swap", new Uint8Array(3)],
  ];
  for (const [fn, bytes] of bad) {
    assert.throws(
      () => session.callRaw(id, fn, bytes, GAS),
      (e: unknown) => e instanceof VMError && e.code === "Panic" && /Argument should correctly deserialize: /.test(e.message),
      fn,
    );
  }
  // The contract is intact afterwards.
  const t = fns.get("echo_string")!.input;
  assert.equal(decode(t, session.callRaw(id, "echo_string", encode(t, "still here", defs), GAS).data, defs), "still here");
});

test("Utf8String: text survives a trip through string, and invalid UTF-8 is refused by name", async () => {
  const { session, id } = await ready;
  const str = parseType("String");
  for (const text of ["", "short", "exactly8", "héllo wörld", "日本語テキスト", "🦀 crab 🦀", "x".repeat(300)]) {
    const out = session.callRaw(id, "utf8_via_string", encode(str, text), GAS);
    assert.equal(decode(str, out.data), text);
  }
  // "ab\xff..." as an out-of-line String: the entry point's check must reject it before any decoding.
  const bad = encode(str, "ab" + "c".repeat(10));
  bad[2] = 0xff;
  assert.throws(() => session.callRaw(id, "echo_utf8", bad, GAS), (e: unknown) => e instanceof VMError && /UTF-8/i.test(String(e)));
});

