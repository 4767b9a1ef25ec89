// Gas profiles change nothing else: every example's main calls (and failing ones) give the same data,
// gas, events, call tree, errors and state root with and without profiling; and every unit of a call's
// gas is in exactly one node of its profile.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VMError, type CallReceipt, type Session } from "../../host-sim/index.js";
import { debugInfoForWasmFile } from "../../host-sim/debug-file.js";
import type { CallProfile, ProfileNode } from "../../host-sim/profile.js";
import { flameGraphSvg, speedscopeJson } from "../../cli/profile-files.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { join } from "node:path";
import { deploy, example, freshSession, hex, idOf, type Deployed } from "../sim/example.js";

const OWNER = idOf(0xaa);
const ALICE = idOf(0xa1);
const BOB = idOf(0xb0);
const GAS = 1_000_000_000n;

type Step = [contract: string, fn: string, arg?: unknown, signer?: Uint8Array, gas?: bigint];

/** A script over every example, its main calls and a failure or two. */
function script(c: Record<string, Deployed>): Step[] {
  const id = (name: string) => "0x" + hex(c[name].id);
  return [
    ["counter", "increment"],
    ["counter", "read_value"],
    ["token", "transfer", ["0x" + hex(BOB), "1000"], OWNER],
    ["token", "approve", [id("escrow"), "300"], BOB],
    ["escrow", "open", ["0x" + hex(BOB), "300"], ALICE],
    ["escrow", "fund", "1", BOB],
    ["escrow", "release", "1", ALICE],
    ["escrow", "fund", "1", BOB],
    ["token", "transfer", ["0x" + hex(ALICE), "1000000"], BOB],
    ["callcenter", "increment_counter", id("counter")],
    ["callcenter", "query_counter", id("counter")],
    ["callcenter", "recurse", 5],
    ["callcenter", "recover_from_self"],
    ["fallible", "set", "4"],
    ["fallible", "set_even", "3"],
    ["fallible", "divide", ["1", "0"]],
    ["fallible", "spin", undefined, undefined, 2_000_000n],
    ["fallible", "try_set_then_panic", "9"],
    ["feeder", "feed_num", 3],
    ["hostquery", "hash", "0x0102"],
    ["metadata", "read_owner"],
    ["metadata", "depth"],
    ["spender", "burn", 100],
    ["spender", "nested", "100000"],
    ["spender", "failed_callee_cost", "1000"],
    ["stack", "fill", 50],
    ["stack", "sum"],
    ["stack", "add_name", "alice"],
    ["stack", "pop"],
  ];
}

interface Outcome {
  ok?: { data: string; gas: bigint; events: unknown; tree: unknown };
  error?: { code: string; message: string };
  root: string;
}

async function run(profile: boolean): Promise<{ outcomes: Outcome[]; session: Session; receipts: Array<CallReceipt | null> }> {
  const { vm } = await freshSession();
  const names = ["counter", "token", "escrow", "callcenter", "fallible", "feeder", "hostquery", "metadata", "spender", "stack"];
  for (const n of names) vm.addDebugInfo(example(n).wasm, debugInfoForWasmFile(join(REPO_ROOT, "build", `${n}.wasm`))!);
  const session = await vm.session({ profile });
  const c: Record<string, Deployed> = {};
  for (const n of names) {
    const init = n === "token" ? "10000" : n === "escrow" ? "0x" + hex(c.token.id) : undefined;
    c[n] = deploy(session, example(n), { owner: OWNER, init });
  }
  const outcomes: Outcome[] = [];
  const receipts: Array<CallReceipt | null> = [];
  for (const [name, fn, arg, signer, gas] of script(c)) {
    if (signer) session.setMeta("signer", signer);
    else session.removeMeta("signer");
    try {
      const r = session.feederCallRaw(c[name].id, fn, c[name].ex.codec.encodeInput(fn, arg), gas ?? GAS, () => {});
      receipts.push(r);
      outcomes.push({ ok: { data: hex(r.data), gas: r.gasSpent, events: r.events, tree: r.callTree }, root: hex(session.root()) });
    } catch (e) {
      assert.ok(e instanceof VMError, `${name}.${fn}: ${e}`);
      receipts.push(null);
      outcomes.push({ error: { code: e.code, message: e.message }, root: hex(session.root()) });
    }
  }
  return { outcomes, session, receipts };
}

function sumSelf(n: ProfileNode): bigint {
  return n.children.reduce((s, c) => s + sumSelf(c), n.self);
}

function checkTotals(n: ProfileNode): void {
  assert.equal(n.total, n.children.reduce((s, c) => s + c.total, n.self), n.name);
  n.children.forEach(checkTotals);
}

test("profile: every example's calls give the same data, gas, events, errors and roots with and without profiling", async () => {
  const plain = await run(false);
  const profiled = await run(true);
  assert.deepEqual(profiled.outcomes, plain.outcomes);
  assert.ok(plain.outcomes.some((o) => o.error) && plain.outcomes.some((o) => o.ok));
  assert.equal(plain.session.profiles.length, 0);
});

test("profile: every unit of every call's gas is in exactly one node, and totals add up", async () => {
  const { session, receipts } = await run(true);
  // ten deploys (the token's and escrow's have an init), then the script's calls
  const calls = session.profiles.slice(session.profiles.length - receipts.length);
  assert.equal(calls.length, receipts.length);
  calls.forEach((p: CallProfile, i) => {
    const r = receipts[i];
    assert.equal(p.failed, r === null);
    // a failed call is charged its whole limit
    assert.equal(p.gasSpent, r ? r.gasSpent : p.gasSpent);
    assert.equal(p.root.total, p.gasSpent, p.root.name);
    assert.equal(sumSelf(p.root), p.gasSpent);
    checkTotals(p.root);
    // the receipt's per-contract self gas is the sum of that contract's frames in the profile
    if (r) {
      const byContract = new Map<string, bigint>();
      const walk = (n: ProfileNode) => {
        byContract.set(n.contract, (byContract.get(n.contract) ?? 0n) + n.self);
        n.children.forEach(walk);
      };
      walk(p.root);
      const receiptSum = r.callTree.reduce((s, e) => s + e.spent, 0n);
      assert.equal([...byContract.values()].reduce((s, v) => s + v, 0n), receiptSum);
    }
  });
});

test("profile: escrow fund shows the token's transfer_from under the escrow, with names from the build", async () => {
  const { session, receipts } = await run(true);
  const fund = session.profiles.find((p) => p.root.name === "escrow.fund" && !p.failed)!;
  const receipt = receipts[5]!; // the script's first escrow fund
  assert.equal(fund.gasSpent, receipt.gasSpent);
  const find = (n: ProfileNode, name: string): ProfileNode | undefined => (n.name === name ? n : n.children.map((c) => find(c, name)).find(Boolean));
  const entry = find(fund.root, "__pcas_entry:fund")!;
  assert.equal(entry.contract, "escrow");
  const token = find(fund.root, "token.transfer_from")!;
  assert.equal(token.kind, "contract");
  // the receipt's call tree: the token's node first (reverse post-order), with its own gas
  assert.equal(receipt.callTree.length, 2);
  assert.equal(token.total, receipt.callTree[0].spent);
  assert.ok(find(token, "__pcas_entry:transfer_from"));
  const svg = flameGraphSvg([fund], "escrow fund");
  const share = (Number((token.total * 100_000n) / fund.gasSpent) / 1000).toFixed(2);
  assert.ok(svg.startsWith("<?xml") && svg.includes("<svg "), svg.slice(0, 100));
  assert.ok(svg.includes(`<title>token.transfer_from\ngas ${token.total} (${share}%)`), "the token frame's tooltip");
  const ss = speedscopeJson([fund], "escrow fund") as { profiles: Array<{ type: string; unit: string; endValue: number; events: Array<{ type: string; at: number }> }> };
  const total = Number(fund.gasSpent);
  assert.deepEqual([ss.profiles[0].type, ss.profiles[0].unit, ss.profiles[0].endValue], ["evented", "none", total]);
  const ev = ss.profiles[0].events;
  assert.equal(ev.filter((e) => e.type === "O").length, ev.filter((e) => e.type === "C").length);
  assert.deepEqual([ev[0].at, ev[ev.length - 1].at], [0, total]);
});
