// The slow reliability run (`npm run test:slow`): the SIGKILL crash test with CRASH_RUNS=100, 50 rounds
// of each lock race (8 processes opening one store), the
// hostile-contract suite in full (the whole page-by-page grow bomb, 200 stack-overflow offsets),
// every recorded verify_plonk case under every PLONK version,
// and the fuzzers at scale. Options: --seed S (default: random, printed), --scale X
// (multiplies every count; 0.1 for a quick look). Expects a full build (`npm run build`) in dist/.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultSeed } from "../tests/helpers/rng.js";

const DIST = join(dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = arg("seed") !== undefined ? Number(arg("seed")) >>> 0 : defaultSeed();
const scale = Number(arg("scale") ?? 1);
const n = (base: number) => String(Math.max(1, Math.round(base * scale)));

function tests(dir: string): string[] {
  const abs = join(DIST, "tests", dir);
  return existsSync(abs) ? readdirSync(abs).filter((f) => f.endsWith(".test.js")).sort().map((f) => join(abs, f)) : [];
}

const steps: Array<{ name: string; args: string[]; env?: Record<string, string> }> = [
  {
    name: `store crash test (CRASH_RUNS=${n(100)}) and lock race (LOCK_RACE_ROUNDS=${n(50)})`,
    args: ["--test", ...tests("crash")],
    env: { CRASH_RUNS: n(100), CRASH_SEED: String(seed), LOCK_RACE_ROUNDS: n(50) },
  },
  { name: `hostile contracts (full, ${n(200)} stack offsets)`, args: ["--test", ...tests("hostile")], env: { HOSTILE_SLOW: "1", HOSTILE_STACK_STEPS: n(200) } },
  { name: "verify_plonk: every recorded dusk-plonk case under V1, V2 and V3", args: ["--test", join(DIST, "tests", "dusk", "plonk.test.js")], env: { PLONK_SLOW: "1" } },
  { name: `module fuzzing (${n(100_000)})`, args: [join(DIST, "scripts", "fuzz.js"), "--suite", "modules", "--iterations", n(100_000), "--seed", String(seed)] },
  { name: `call-sequence fuzzing (${n(300)})`, args: [join(DIST, "scripts", "fuzz.js"), "--suite", "calls", "--iterations", n(300), "--seed", String(seed)] },
  { name: `codec fuzzing (${n(200_000)})`, args: [join(DIST, "scripts", "fuzz.js"), "--suite", "codec", "--iterations", n(200_000), "--seed", String(seed)] },
  { name: `gas differential fuzzing (${n(2_000)})`, args: [join(DIST, "scripts", "fuzz.js"), "--suite", "gas", "--iterations", n(2_000), "--seed", String(seed)] },
  { name: `CLI file fuzzing (${n(300)})`, args: [join(DIST, "scripts", "fuzz.js"), "--suite", "cli", "--iterations", n(300), "--seed", String(seed)] },
];

console.log(`test:slow: seed ${seed}, scale ${scale}`);
const results: Array<[string, boolean, number]> = [];
for (const s of steps) {
  console.log(`\n=== ${s.name}`);
  if (s.args[0] === "--test" && s.args.length === 1) {
    // `node --test` without files would search the whole tree: report the missing build instead.
    console.log("no compiled test files found: run `npm run build` first");
    results.push([s.name, false, 0]);
    continue;
  }
  const began = Date.now();
  const r = spawnSync(process.execPath, s.args, { stdio: "inherit", env: { ...process.env, ...s.env } });
  results.push([s.name, r.status === 0, (Date.now() - began) / 1000]);
}
console.log("\n=== test:slow summary");
for (const [name, ok, secs] of results) console.log(`${ok ? "ok  " : "FAIL"} ${name} (${secs.toFixed(0)} s)`);
console.log(`seed ${seed}: replay with --seed ${seed}${scale !== 1 ? ` --scale ${scale}` : ""}`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
