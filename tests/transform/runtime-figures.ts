// The runtime choice's figures (docs/runtime.md): gas per call and memory growth over 1,000 calls of
// a contract with heap churn (a deposit that allocates strings and grows a Map and an Array, plus
// temporary garbage), for each AssemblyScript runtime. The test asserts what the choice rests on;
// `npm run bench` prints the table.
import { VM } from "../../host-sim/index.js";
import { encode, parseType } from "../../host-sim/codec/index.js";
import { compileFixture } from "./support.js";
import * as F from "./fixtures.js";

const GAS = 1_000_000_000n;
const CALLS = 1000;

export interface Figures {
  runtime: string;
  wasmBytes: number;
  firstCall: bigint;
  median: bigint;
  max: bigint;
  pagesAt: number[];
  /** Median gas of the same churn call once the live heap holds 1,000 more accounts. */
  bigHeapMedian: bigint | null;
}

/**
 * Runs the BANK fixture for 1,000 calls under one runtime. `bigHeap` also measures the churn call
 * once the live heap holds 1,000 more accounts (bench only: it doubles the work).
 */
export async function measureRuntime(runtime: "stub" | "minimal" | "incremental", bigHeap: boolean): Promise<Figures> {
  const r = await compileFixture(`bank-${runtime}`, F.BANK, { runtime });
  if (!r.wasm) throw new Error(`the BANK fixture does not compile with --runtime ${runtime}:\n${r.stderr}`);
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
  if (!bigHeap) return { runtime, wasmBytes: r.wasm.length, firstCall: gas[0]!, median: sorted[CALLS >> 1]!, max: sorted[CALLS - 1]!, pagesAt, bigHeapMedian: null };
  // A collector that marks the whole live heap on every call costs more as the state grows.
  for (let i = 0; i < 1000; i++) session.callRaw(id, "deposit", encode(depositT, [`big-${i}`, 1n]), GAS);
  const big: bigint[] = [];
  for (let i = 0; i < 51; i++) big.push(session.callRaw(id, "churn", churnArg, GAS).gasSpent);
  big.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { runtime, wasmBytes: r.wasm.length, firstCall: gas[0]!, median: sorted[CALLS >> 1]!, max: sorted[CALLS - 1]!, pagesAt, bigHeapMedian: big[25]! };
}


export function figuresRow(f: Figures): string {
  return `${f.runtime.padEnd(12)} ${String(f.wasmBytes).padStart(6)} B  first ${String(f.firstCall).padStart(7)}  median ${String(f.median).padStart(7)}  max ${String(f.max).padStart(8)}  pages after 250/500/750/1000: ${f.pagesAt.join("/")}  median with +1000 accounts ${f.bigHeapMedian ?? "-"}`;
}
