// The arena runtime (transform/runtime.ts, assembly/rt/arena.ts) and PersistentMap
// (assembly/persistent-map.ts): which contracts get the arena, a PersistentMap against a JS Map
// model over random operations on both runtimes, memory bounded under churn, the write barrier, and
// per-call objects surviving a re-entrant call into the same contract.

import { test } from "node:test";
import assert from "node:assert/strict";
import { VM, VMError } from "../../host-sim/index.js";
import { decode, encode, parseType } from "../../host-sim/codec/index.js";
import { lastBuild } from "../../transform/index.js";
import { mulberry32 as rng } from "../helpers/rng.js";
import { compileFixture } from "./support.js";

const GAS = 1_000_000_000n;
const OWNER = new Uint8Array(32);

/** Arena-eligible: value fields, an inline u128, PersistentMaps; per-call garbage in every call. */
const LEDGER = `
import { u128 } from "as-bignum/assembly";
import { ContractId, PersistentMap, Tuple2, callWithLimit, selfId } from "../../../assembly/index";

@contract
class Ledger {
  private byId: PersistentMap<ContractId, u128> = new PersistentMap<ContractId, u128>();
  private byPair: PersistentMap<Tuple2<ContractId, u32>, u64> = new PersistentMap<Tuple2<ContractId, u32>, u64>();
  private total: u128 = u128.Zero;
  private calls: u64 = 0;

  put(id: ContractId, v: u128): u32 {
    const old = this.byId.getOrZero(id);
    this.total = this.total - old + v;
    this.byId.set(id, v);
    this.calls++;
    return <u32>this.byId.size;
  }
  get(id: ContractId): u128 { return this.byId.getOr(id, u128.from(7777)); }
  has(id: ContractId): bool { return this.byId.has(id); }
  del(id: ContractId): bool {
    if (this.byId.has(id)) this.total = this.total - this.byId.get(id);
    return this.byId.delete(id);
  }
  total_of(): u128 { return this.total; }
  put_pair(id: ContractId, k: u32, v: u64): void { this.byPair.set(new Tuple2(id, k), v); }
  get_pair(id: ContractId, k: u32): u64 { return this.byPair.getOrZero(new Tuple2(id, k)); }
  churn(n: u32): u32 {
    let s = "";
    const parts = new Array<string>();
    for (let i: u32 = 0; i < n; i++) {
      s = s + i.toString();
      parts.push(s);
    }
    return <u32>parts.join(",").length;
  }
  replace_map(): void { this.byId = new PersistentMap<ContractId, u128>(); }
  /** Keeps per-call objects across a call back into this contract that allocates and writes state. */
  outer(id: ContractId): string {
    const mine = "before-" + this.calls.toString();
    const list = new Array<string>();
    list.push(mine);
    callWithLimit<Tuple2<ContractId, u128>, u32>(selfId(), "put", new Tuple2(id, u128.from(42)), 10_000_000).unwrap();
    const after = "after-" + this.churn(20).toString();
    list.push(after);
    return list.join("|");
  }
}
`;

async function build(name: string, keep: boolean): Promise<Uint8Array> {
  const r = await compileFixture(name, LEDGER, keep ? { extraArgs: ["--use", "PCAS_RUNTIME_KEEP=1"] } : {});
  assert.ok(r.wasm, r.stderr);
  assert.equal(lastBuild().runtime, keep ? null : "arena", "the runtime the transform chose");
  return r.wasm!;
}

const idT = parseType("ContractId");
const putT = parseType("(ContractId, u128)");
const pairT = parseType("(ContractId, u32, u64)");
const pairKeyT = parseType("(ContractId, u32)");
const u128T = parseType("u128");

async function deployed(wasm: Uint8Array) {
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const id = session.deploy(wasm, { owner: OWNER }, GAS).contractId;
  const call = (fn: string, t: ReturnType<typeof parseType> | null, arg: unknown, out: ReturnType<typeof parseType> | null) => {
    const r = session.callRaw(id, fn, t ? encode(t, arg) : new Uint8Array(0), GAS);
    return out ? decode(out, r.data) : r;
  };
  return { session, id, call };
}

function idOf(r: () => number, pool: number): Uint8Array {
  const out = new Uint8Array(32);
  const k = Math.floor(r() * pool);
  for (let i = 0; i < 32; i++) out[i] = (k * 131 + i * 7 + (i === 31 ? k : 0)) & 0xff;
  out[0] = k & 0xff;
  out[1] = k >> 8;
  return out;
}

for (const keep of [false, true]) {
  const runtime = keep ? "incremental" : "arena";
  test(`PersistentMap matches a JS Map over 400 random operations (${runtime})`, async () => {
    const { call } = await deployed(await build(`ledger-${runtime}`, keep));
    const model = new Map<string, bigint>();
    const pairs = new Map<string, bigint>();
    const r = rng(7);
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    for (let i = 0; i < 400; i++) {
      const id = idOf(r, 60);
      const op = r();
      if (op < 0.45) {
        const v = BigInt(Math.floor(r() * 1e9)) * (i % 5 === 0 ? 2n ** 80n : 1n);
        model.set(hex(id), v);
        assert.equal(call("put", putT, [id, v], parseType("u32")), model.size, `put #${i}`);
      } else if (op < 0.6) {
        assert.equal(call("del", idT, id, parseType("bool")), model.delete(hex(id)), `del #${i}`);
      } else if (op < 0.8) {
        assert.equal(call("get", idT, id, u128T), model.get(hex(id)) ?? 7777n, `get #${i}`);
        assert.equal(call("has", idT, id, parseType("bool")), model.has(hex(id)), `has #${i}`);
      } else {
        const k = Math.floor(r() * 4);
        const v = BigInt(i);
        pairs.set(`${hex(id)}/${k}`, v);
        call("put_pair", pairT, [id, k, v], null);
        const probe = Math.floor(r() * 4);
        assert.equal(call("get_pair", pairKeyT, [id, probe], parseType("u64")), pairs.get(`${hex(id)}/${probe}`) ?? 0n, `get_pair #${i}`);
      }
    }
    const sum = [...model.values()].reduce((a, b) => a + b, 0n);
    assert.equal(call("total_of", null, null, u128T), sum, "the inline u128 field tracks the sum");
  });
}

test("arena: 60 churning calls with growing state keep memory bounded, and results match incremental", async () => {
  const arena = await deployed(await build("ledger-churn-arena", false));
  const inc = await deployed(await build("ledger-churn-incremental", true));
  const pages: number[] = [];
  for (let i = 0; i < 60; i++) {
    const id = new Uint8Array(32).fill(i + 1);
    const a = arena.call("churn", parseType("u32"), 300, parseType("u32"));
    assert.equal(a, churnLen(300));
    assert.equal(inc.call("churn", parseType("u32"), 300, parseType("u32")), a);
    arena.call("put", putT, [id, BigInt(i)], null);
    pages.push(arena.session.memoryLen(arena.id)! / 65536);
  }
  // 300 rounds of strings and an array per call: without dropping them, pages would grow every call.
  assert.equal(pages[pages.length - 1], pages[10], `pages ${pages.join(",")}`);
  assert.ok(pages[pages.length - 1]! <= pages[0]! + 1, `memory grew from ${pages[0]} to ${pages[pages.length - 1]} pages`);
});

test("arena: storing a per-call object into deploy-time state panics and changes nothing", async () => {
  const { session, id, call } = await deployed(await build("ledger-barrier", false));
  call("put", putT, [new Uint8Array(32).fill(3), 5n], null);
  const root = session.root();
  assert.throws(() => call("replace_map", null, null, null), (e: unknown) => e instanceof VMError && e.code === "Panic" && /per-call object was stored into the contract's persistent state/.test(e.message));
  assert.deepEqual(session.root(), root);
  assert.equal(call("get", idT, new Uint8Array(32).fill(3), u128T), 5n);
  void id;
});

/** What churn(n) returns, worked out in JS: the length of the joined growing prefixes. */
function churnLen(n: number): number {
  const parts: string[] = [];
  let s = "";
  for (let i = 0; i < n; i++) parts.push((s += String(i)));
  return parts.join(",").length;
}

test("arena: a call back into the same contract does not disturb the outer frame's objects", async () => {
  const { call } = await deployed(await build("ledger-reenter", false));
  const id = new Uint8Array(32).fill(9);
  const out = call("outer", idT, id, parseType("String"));
  assert.equal(out, `before-0|after-${churnLen(20)}`);
  assert.equal(call("get", idT, id, u128T), 42n);
  // The next top-level call starts from the dropped arena: same result, the inner put counted.
  assert.equal(call("outer", idT, id, parseType("String")), `before-1|after-${churnLen(20)}`);
});
