// The typed SDK API (assembly/call.ts, meta.ts, abi.ts) in host-sim: typed inter-contract calls and
// their errors, metadata, owners, caller and self id, as piecrust-uplink behaves.

import { test } from "node:test";
import assert from "node:assert/strict";
import { VM, VMError } from "../../host-sim/index.js";
import { decode, encode, parseType } from "../../host-sim/codec/index.js";
import { compileFixture } from "./support.js";
import * as F from "./fixtures.js";

const GAS = 50_000_000n;
const OWNER = new Uint8Array(32).fill(0xa5);
const t = (s: string) => parseType(s);

async function setup() {
  // One build at a time: asc runs in this process and the transform reports through module state.
  const typed = await compileFixture("sdk-typed", F.TYPED);
  const callerBuild = await compileFixture("caller", F.CALLER);
  assert.ok(typed.wasm, typed.stderr);
  assert.ok(callerBuild.wasm, callerBuild.stderr);
  const vm = await VM.ephemeral();
  vm.registerHostQuery("sum", {
    price: () => 100n,
    execute: (arg, argbuf) => {
      const xs = decode(t("Vec<u64>"), arg) as bigint[];
      const out = encode(t("u64"), xs.reduce((a, b) => a + b, 0n));
      argbuf.set(out);
      return out.length;
    },
  });
  const u64 = new Uint8Array(8);
  new DataView(u64.buffer).setBigUint64(0, 1234n, true);
  const session = await vm.session({ meta: { height: u64, label: encode(t("String"), "block label"), bad: new Uint8Array([1]) } });
  const target = session.deploy(typed.wasm!, { owner: OWNER }, GAS).contractId;
  const caller = session.deploy(callerBuild.wasm!, { owner: OWNER }, GAS).contractId;
  const callT = (fn: string, inT: string, arg: unknown, outT: string) => decode(t(outT), session.callRaw(caller, fn, encode(t(inT), arg), GAS).data);
  return { session, target, caller, callT };
}

const ready = setup();

test("call<A, R> encodes the argument and decodes the callee's result", async () => {
  const { target, callT } = await ready;
  assert.deepEqual(callT("swap_via", "(ContractId, u64, String)", [target, 42n, "forty-two"], "(String, u64)"), ["forty-two", 42n]);
});

test("a callee result that fails validation becomes Panic(\"Callee return value failed validation: …\")", async () => {
  const { target, callT } = await ready;
  assert.match(callT("bad_result", "ContractId", target, "String") as string, /^Panic: Callee return value failed validation: /);
});

test("callee failures arrive as ContractError values", async () => {
  const { target, callT } = await ready;
  const out = callT("failures", "ContractId", target, "Vec<String>") as string[];
  assert.equal(out[0], "Unknown");
  assert.match(out[1]!, /^Panic: Argument should correctly deserialize: /);
  // A raw call passes bytes through: "abcd" is a valid u32 archive, echoed as 4 bytes.
  assert.equal(out[2], "4");
});

test("metaData / metaDataOr: value, absent, invalid", async () => {
  const { callT } = await ready;
  assert.equal(callT("meta_u64", "String", "height", "u64"), 1234n);
  assert.equal(callT("meta_u64", "String", "nothing", "u64"), 99n);
  assert.equal(callT("meta_u64", "String", "bad", "u64"), 99n);
  assert.equal(callT("meta_str", "String", "label", "Option<String>"), "block label");
  assert.equal(callT("meta_str", "String", "nothing", "Option<String>"), null);
  assert.equal(callT("meta_str", "String", "bad", "Option<String>"), null);
});

test("owner / selfOwner with uplink's length check", async () => {
  const { session, caller, target, callT } = await ready;
  assert.deepEqual(callT("owner_of", "ContractId", target, "Option<Vec<u8>>"), OWNER);
  assert.equal(callT("owner_of", "ContractId", new Uint8Array(32).fill(9), "Option<Vec<u8>>"), null);
  assert.deepEqual(callT("my_owner", "()", null, "Vec<u8>"), OWNER);
  assert.throws(() => session.callRaw(caller, "wrong_owner_len", new Uint8Array(0), GAS),
    (e: unknown) => e instanceof VMError && e.code === "Panic" && /self_owner: N \(96\) does not match host owner length \(32\)/.test(e.message));
});

test("caller is null at the root; callstack, selfId, limit, spent", async () => {
  const { caller, callT } = await ready;
  assert.equal(callT("who", "()", null, "Option<ContractId>"), null);
  assert.equal(callT("stack_len", "()", null, "u32"), 0);
  assert.deepEqual(callT("me", "()", null, "ContractId"), caller);
  assert.deepEqual(callT("gas", "()", null, "(u64, bool)"), [GAS, true]);
});

test("a constructor with parameters is the `init` export, run once at deploy", async () => {
  const r = await compileFixture("init-ctor", F.INIT_CTOR);
  assert.ok(r.wasm, r.stderr);
  assert.deepEqual(r.schema!.functions.map((f) => [f.name, f.input]), [["init", "(ContractId, u64)"], ["get_supply", "()"], ["get_owner", "()"]]);
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const who = new Uint8Array(32).fill(3);
  const id = session.deploy(r.wasm!, { owner: OWNER, initArg: encode(t("(ContractId, u64)"), [who, 1_000_000n]) }, GAS).contractId;
  assert.equal(decode(t("u64"), session.callRaw(id, "get_supply", new Uint8Array(0), GAS).data), 1_000_000n);
  assert.deepEqual(decode(t("ContractId"), session.callRaw(id, "get_owner", new Uint8Array(0), GAS).data), who);
  // Piecrust refuses `init` after deploy.
  assert.throws(() => session.callRaw(id, "init", new Uint8Array(0), GAS), (e: unknown) => e instanceof VMError && e.code === "InitalizationError");
});

test("an @init method is the `init` export", async () => {
  const r = await compileFixture("init-method", F.INIT_METHOD);
  assert.ok(r.wasm, r.stderr);
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const id = session.deploy(r.wasm!, { owner: OWNER, initArg: encode(t("String"), "configured at deploy") }, GAS).contractId;
  assert.equal(decode(t("String"), session.callRaw(id, "get_label", new Uint8Array(0), GAS).data), "configured at deploy");
  // Bad init bytes fail the deploy with uplink's message.
  assert.throws(() => session.deploy(r.wasm!, { owner: OWNER, initArg: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 9]), contractId: new Uint8Array(32).fill(8) }, GAS),
    (e: unknown) => e instanceof VMError && /Argument should correctly deserialize: inline string length over 7/.test(e.message));
});

test("hostQuery<A, R> and feed<T>", async () => {
  const { session, caller, callT } = await ready;
  assert.equal(callT("sum_via_host", "Vec<u64>", [1n, 2n, 3n, 10n ** 12n], "u64"), 10n ** 12n + 6n);
  const fed: unknown[] = [];
  session.feederCallRaw(caller, "feed_pairs", encode(t("u32"), 3), GAS, (d) => fed.push(decode(t("(u32, String)"), d)));
  assert.deepEqual(fed, [[0, "item 0"], [1, "item 1"], [2, "item 2"]]);
});
