// Fuzz runner: `node dist/scripts/fuzz.js --iterations N --seed S [--suite modules|calls|codec|gas|memory|cli|all]`
// (`npm run fuzz -- …`). Each suite runs in a worker under a watchdog (a hang is a failure). Every
// failure is printed with its seed, iteration and the command that replays it alone; the exit
// code is 1 if anything failed.
// With --suite all, N is the count for `modules` and `codec`; `calls` (each iteration is a whole
// 40-step sequence run twice on disk, ~1 s) runs max(1, N/100) sequences unless --calls-iterations
// is given, and `gas` (each iteration sweeps a program over some 200 limits in two VMs) max(1, N/20)
// programs unless --gas-iterations is, and `memory` (each iteration a 30-step sequence checked against
// the memory model, ~2 s) max(1, N/100) unless --memory-iterations is, and `cli` (each iteration
// a CLI child process on a copied store, ~0.5 s) max(1, N/100) unless --cli-iterations is.
import { formatFailure, type FuzzReport } from "../tests/fuzz/report.js";
import { defaultSeed } from "../tests/helpers/rng.js";
import { runWatched } from "../tests/fuzz/watchdog.js";

const SUITE_NAMES = ["modules", "calls", "codec", "gas", "memory", "cli"];

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const [k, v] = a.includes("=") ? a.slice(2).split("=", 2) : [a.slice(2), argv[++i]];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    out[k] = v;
  }
  return out;
}

function usage(msg: string): never {
  console.error(`${msg}\nusage: fuzz --iterations N --seed S [--suite modules|calls|codec|gas|memory|cli|all] [--start I] [--calls-iterations M] [--gas-iterations G] [--memory-iterations M] [--cli-iterations C] [--stall-ms MS]`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args: Record<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    usage((e as Error).message);
  }
  const suite = args.suite ?? "all";
  if (suite !== "all" && !SUITE_NAMES.includes(suite)) usage(`unknown suite ${suite}`);
  const iterations = Number(args.iterations ?? 1000);
  const seed = args.seed !== undefined ? Number(args.seed) >>> 0 : defaultSeed();
  const start = Number(args.start ?? 0);
  const stallMs = Number(args["stall-ms"] ?? 60_000);
  if (!Number.isInteger(iterations) || iterations < 1) usage("--iterations must be a positive integer");
  if (!Number.isInteger(start) || start < 0) usage("--start must be a non-negative integer");
  const plan = (suite === "all" ? SUITE_NAMES : [suite]).map((s) => ({
    suite: s,
    iterations:
      suite !== "all"
        ? iterations
        : s === "calls"
          ? Number(args["calls-iterations"] ?? Math.max(1, Math.floor(iterations / 100)))
          : s === "gas"
            ? Number(args["gas-iterations"] ?? Math.max(1, Math.floor(iterations / 20)))
            : s === "memory"
              ? Number(args["memory-iterations"] ?? Math.max(1, Math.floor(iterations / 100)))
              : s === "cli"
                ? Number(args["cli-iterations"] ?? Math.max(1, Math.floor(iterations / 100)))
                : iterations,
  }));
  console.log(`fuzz: seed ${seed} (replay with --seed ${seed}); ${plan.map((p) => `${p.suite} ×${p.iterations}`).join(", ")}`);
  const reports: FuzzReport[] = [];
  for (const p of plan) {
    const began = Date.now();
    let last = Date.now();
    const report = await runWatched({
      suite: p.suite,
      seed,
      iterations: p.iterations,
      start,
      stallMs,
      onProgress: (i) => {
        if (Date.now() - last > 10_000) {
          last = Date.now();
          console.log(`  ${p.suite}: iteration ${i} (${i - start + 1}/${p.iterations})`);
        }
      },
    });
    reports.push(report);
    const secs = ((Date.now() - began) / 1000).toFixed(1);
    const stats = Object.entries(report.stats).sort().map(([k, v]) => `${k}: ${v}`).join(", ");
    console.log(`${p.suite}: ${p.iterations} iterations in ${secs} s, ${report.failures.length} failure(s)\n  ${stats}`);
    for (const f of report.failures) console.log(formatFailure(f));
  }
  const failed = reports.reduce((n, r) => n + r.failures.length, 0);
  if (failed > 0) {
    console.log(`fuzz: ${failed} failure(s) with seed ${seed}`);
    process.exit(1);
  }
  console.log(`fuzz: no failures (seed ${seed})`);
}

await main();
