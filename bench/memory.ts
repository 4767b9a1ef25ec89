// Memory benchmarks (issue 17): a contract declaring the whole 4 GiB against one declaring 2 pages
// (calls, failed calls, failed grows, session turnover), and the host memory one call holds per
// byte of contract memory it touched (peak RSS of a fresh process, before and after, same run).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PAGE_SIZE as PAGE, VM } from "../host-sim/index.js";
import { wat } from "../tests/helpers/wat.js";
import { fmt, report, time } from "./harness.js";

const GAS = 1_000_000n;
const ID = new Uint8Array(32).fill(5);
const empty = new Uint8Array(0);

const source = (pages: number) => `(module (import "env" "panic" (func $panic (param i32)))
  (memory (export "memory") ${pages}) (global (export "A") i32 (i32.const 0))
  (func (export "poke") (param i32) (result i32)
    (i32.store (i32.const 70000) (i32.add (i32.load (i32.const 70000)) (i32.const 1))) (i32.const 0))
  (func (export "fail") (param i32) (result i32)
    (i32.store (i32.const 70000) (i32.const 5)) (call $panic (i32.const 0)) (i32.const 0))
  (func (export "growfail") (param i32) (result i32)
    (drop (memory.grow (i32.const 1))) (i32.store (i32.const 70000) (i32.const 5)) unreachable))`;

async function calls(pages: number): Promise<Record<string, number>> {
  const vm = await VM.ephemeral();
  const s = await vm.session({});
  s.deploy(await wat(source(pages)), { owner: new Uint8Array(32), contractId: ID }, GAS);
  const failing = (fn: string) => () => {
    try {
      s.callRaw(ID, fn, empty, GAS);
    } catch {
      // the failure is what is measured
    }
  };
  const out = {
    poke: time(() => s.callRaw(ID, "poke", empty, GAS), { iterations: 200 }),
    fail: time(failing("fail"), { iterations: 200 }),
    growfail: time(failing("growfail"), { iterations: 200 }),
    session: 0,
  };
  let root = s.commit();
  // sessions are async to open: measure the turnover with awaits, best of 5 rounds of 20
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      const t = await vm.session({ base: root });
      t.callRaw(ID, "poke", empty, GAS);
      root = t.commit();
    }
    best = Math.min(best, (performance.now() - t0) / 20);
  }
  out.session = best;
  return out;
}

interface RssFigures {
  before: number;
  after: number;
  resident: number;
  touched: number;
  call: number;
  gas: string;
  commitMs: number;
  reopenMs: number;
  loadPeak: number;
  rewritePeak: number;
}

function rss(pages: number, commit: boolean, reopen = false): RssFigures {
  const child = fileURLToPath(new URL("./memory-child.js", import.meta.url));
  const r = spawnSync(process.execPath, [child, String(pages), ...(commit ? ["--commit"] : []), ...(reopen ? ["--reopen"] : [])], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`memory-child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/**
 * @param big Also the 4 GiB case (`npm run bench -- --big`: a fresh process holds some
 * 5 GiB and writes 4 GiB to disk): one call grows a contract to 65,536 pages and writes every one,
 * then the commit on disk and a reopen that reads the last page back.
 */
export async function memoryBench(withBig = false): Promise<void> {
  // alternated and best of two, so neither side runs on a colder JIT or a busier moment
  const best = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.keys(a).map((k) => [k, Math.min(a[k], b[k])]));
  const small1 = await calls(2);
  const big1 = await calls(65536);
  const small = best(small1, await calls(2));
  const big = best(big1, await calls(65536));
  report("call: 65536-page (4 GiB) vs 2-page contract", big.poke, small.poke, "≤ 1.5×");
  report("failed call: 65536-page vs 2-page contract", big.fail, small.fail, "≤ 1.5×");
  report("failed call that grew: 65536-page vs 2-page", big.growfail, small.growfail, "≤ 1.5×");
  report("session + call + commit: 65536-page vs 2-page", big.session, small.session, "≤ 1.5×");
  for (const [pages, commit] of [[4096, false], [4096, true]] as const) {
    const m = rss(pages, commit);
    const held = m.after - m.before;
    const label = `peak RSS over touched bytes: fill ${pages * PAGE / 2 ** 20} MiB${commit ? " + commit" : ""}`;
    console.log(`${label.padEnd(58)} ${(held / 2 ** 20).toFixed(0).padStart(7)} MiB / ${(m.touched / 2 ** 20).toFixed(0)} MiB = ${(held / m.touched).toFixed(2)}×  (target ≤ 1.25×; call ${fmt(m.call)})`);
  }
  const again = rss(4096, true, true);
  const ratio = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB / ${(again.touched / 2 ** 20).toFixed(0)} MiB = ${(n / again.touched).toFixed(2)}×`;
  console.log(`${"peak RSS: reopened 256 MiB, loading it".padEnd(58)} ${ratio(again.loadPeak)}`);
  console.log(`${"peak RSS: then one call rewriting all of it (over loaded)".padEnd(58)} ${ratio(again.rewritePeak)}  (target ≈ 0: no snapshot copy of stored pages)`);
  if (!withBig) return;
  const pages = 65536;
  const m = rss(pages, true, true);
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
  console.log(`4 GiB in one call (grow 2 → ${pages} pages, fill every byte; gas ${m.gas}), on disk:`);
  console.log(`  peak RSS over touched bytes (call + commit)             ${mib(m.after - m.before)} / ${mib(m.touched)} = ${((m.after - m.before) / m.touched).toFixed(2)}×  (target ≤ 1.25×)`);
  console.log(`  resident once the call returned, over touched bytes     ${mib(m.resident)} / ${mib(m.touched)} = ${(m.resident / m.touched).toFixed(2)}×  (snapshot pages released with the frame)`);
  console.log(`  call ${fmt(m.call)}; commit ${fmt(m.commitMs)} = ${fmt(m.commitMs / pages)} per written page; reopen + read the last page ${fmt(m.reopenMs)}`);
  console.log(`  reopened: loading it ${mib(m.loadPeak)} peak (${(m.loadPeak / m.touched).toFixed(2)}×), then one call rewriting every page ${mib(m.rewritePeak)} more (${(m.rewritePeak / m.touched).toFixed(2)}×)`);
}
