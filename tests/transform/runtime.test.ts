// The runtime choice, by measurement (docs/runtime.md records a run): gas per call and memory growth
// over 1,000 calls of a contract with heap churn (a deposit that allocates strings and grows a Map
// and an Array, plus temporary garbage), for each AssemblyScript runtime. Prints the figures; asserts
// only what the choice rests on: stub grows without bound, minimal (collect at exit) and incremental
// stay bounded.

import { test } from "node:test";
import assert from "node:assert/strict";
import { VM } from "../../host-sim/index.js";
import { encode, parseType } from "../../host-sim/codec/index.js";
import { compileFixture } from "./support.js";
import * as F from "./fixtures.js";

const GAS = 1_000_000_000n;
const CALLS = 1000;

interface Figures {
  runtime: string;
  wasmBytes: number;
  firstCall: bigint;
  median: bigint;
  max: bigint;
  pagesAt: number[];
  /** Median gas of the same churn call once the live heap holds 1,000 more accounts. */
  bigHeapMedian: bigint;
}

async function measure(runtime: "stub" | "minimal" | "incremental"): Promise<Figures> {
  const r = await compileFixture(`bank-${runtime}`, F.BANK, { runtime });
  assert.ok(r.wasm, r.stderr);
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const id = session.deploy(r.wasm!, { owner: new Uint8Array(32) }, GAS).contractId;
  const depositT = parseType("(String, u128)");
  const churnArg = encode(parseType("u32"), 20);
  const gas: bigint[] = [];
  const pagesAt: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    // Mostly garbage; every 10th call also grows the state (20 accounts, so the Map stays small).
    const receipt = i % 10 === 0
      ? session.callRaw(id, "deposit", encode(depositT, [`account-${i % 200}`, BigInt(i)]), GAS)
      : session.callRaw(id, "churn", churnArg, GAS);
    gas.push(receipt.gasSpent);
    if ((i + 1) % 250 === 0) pagesAt.push(session.memoryLen(id)! / 65536);
  }
  const sorted = [...gas].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // A collector that marks the whole live heap on every call costs more as the state grows.
  for (let i = 0; i < 1000; i++) session.callRaw(id, "deposit", encode(depositT, [`big-${i}`, 1n]), GAS);
  const big: bigint[] = [];
  for (let i = 0; i < 51; i++) big.push(session.callRaw(id, "churn", churnArg, GAS).gasSpent);
  big.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { runtime, wasmBytes: r.wasm!.length, firstCall: gas[0]!, median: sorted[CALLS >> 1]!, max: sorted[CALLS - 1]!, pagesAt, bigHeapMedian: big[25]! };
}

test("runtime figures: gas per call and memory over 1,000 calls with heap churn", async () => {
  const rows: Figures[] = [];
  for (const rt of ["stub", "minimal", "incremental"] as const) rows.push(await measure(rt));
  const table = rows.map((f) => `${f.runtime.padEnd(12)} ${String(f.wasmBytes).padStart(6)} B  first ${String(f.firstCall).padStart(7)}  median ${String(f.median).padStart(7)}  max ${String(f.max).padStart(8)}  pages after 250/500/750/1000: ${f.pagesAt.join("/")}  median with +1000 accounts ${f.bigHeapMedian}`);
  console.log(table.join("\n"));
  const [stub, minimal, incremental] = rows as [Figures, Figures, Figures];
  assert.ok(stub.pagesAt[3]! > stub.pagesAt[0]!, "stub never frees");
  for (const f of [minimal, incremental]) assert.equal(f.pagesAt[3], f.pagesAt[1], `${f.runtime} stays bounded`);
});
