// `piecrust-as test` on a user project (tests/assembly/aspect-project, copied under dist/tmp with
// piecrust-as and as-pect linked into its node_modules, as if installed): the gas report's
// figures against host-sim running the same calls, the snapshot's diff on a change and --update,
// each failing test's own values, and a PCAS diagnostic instead of a compiler dump.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildOne } from "../../cli/build.js";
import { callsOfTree, formatReport, snapshotDiff, summarize } from "../../as-pect/gas-report.js";
import { VM, codec } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { aspectProject } from "../helpers/aspect-project.js";

const CLI = join(REPO_ROOT, "dist", "cli", "main.js");
const U32 = codec.parseType("u32");

const project = aspectProject;

function run(dir: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, "test", ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  return { code: r.status, out: (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "") };
}

/** The gas of work(n) for each n, then read(), on a fresh deployment, straight from host-sim. */
async function meterGas(dir: string, ns: number[]): Promise<bigint[]> {
  const built = await buildOne("examples/meter/assembly/index.ts", { entries: [], target: "release", runtime: "incremental", outDir: "out", cwd: dir, quiet: true });
  assert.ok(built.ok, built.problems.join("\n") + built.stderr);
  const session = await (await VM.ephemeral()).session({});
  const { contractId } = session.deploy(new Uint8Array(readFileSync(join(dir, built.outFile))), { owner: new Uint8Array(32) }, 1_000_000_000n);
  const gas = ns.map((n) => session.callRaw(contractId, "work", codec.encode(U32, n), 1_000_000_000n).gasSpent);
  gas.push(session.callRaw(contractId, "read", new Uint8Array(0), 1_000_000_000n).gasSpent);
  return gas;
}

test("gas summary: min, median, mean and max worked out by hand", () => {
  const rows = summarize([
    { contract: "c", fn: "f", gas: "43" },
    { contract: "c", fn: "f", gas: "93" },
    { contract: "c", fn: "f", gas: "41" },
    { contract: "c", fn: "g", gas: "10" },
    { contract: "c", fn: "g", gas: "41" },
    { contract: "c", fn: "g", gas: "20" },
    { contract: "c", fn: "g", gas: "30" },
  ]);
  // f: sorted 41 43 93, mean 177/3 = 59; g: sorted 10 20 30 41, median (20+30)/2, mean 101/4 = 25.
  assert.deepEqual(rows, [
    { contract: "c", fn: "f", calls: 3, min: 41n, median: 43n, mean: 59n, max: 93n },
    { contract: "c", fn: "g", calls: 4, min: 10n, median: 25n, mean: 25n, max: 41n },
  ]);
  assert.equal(
    formatReport(rows),
    ["c", "  function  calls  min  median  mean  max", "  f             3   41      43    59   93", "  g             4   10      25    25   41", ""].join("\n"),
  );
  assert.equal(snapshotDiff("c::f (calls: 1, min: 1, median: 1, mean: 1, max: 1)\n", "c::f (calls: 1, min: 2, median: 2, mean: 2, max: 2)\n"), "- c::f (calls: 1, min: 1, median: 1, mean: 1, max: 1)\n+ c::f (calls: 1, min: 2, median: 2, mean: 2, max: 2)");
});

test("calls of a receipt's tree: each node's own gas plus its callees'", () => {
  // root (own 10) calls a (own 5, which calls c: own 2) and then b (own 7); reverse post-order
  // lists the last callee's subtree first: b, c, a, root.
  const node = (fnName: string, spent: bigint, depth: number) => ({ contractId: new Uint8Array(32), fnName, limit: 0n, spent, memLen: 0, depth });
  const calls = callsOfTree([node("b", 7n, 1), node("c", 2n, 2), node("a", 5n, 1), node("root", 10n, 0)]);
  assert.deepEqual(calls.map((c) => [c.elem.fnName, c.gas]), [["b", 7n], ["c", 2n], ["a", 7n], ["root", 24n]]);
});

test("piecrust-as test: the gas report and snapshot of a project, a changed figure's diff, --update", async () => {
  const dir = project();
  try {
    const [w1, w2, w30, read] = await meterGas(dir, [1, 2, 30]);
    const first = run(dir, "meter", "--gas-report", "--gas-snapshot");
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /meter\.spec\.ts/);
    assert.doesNotMatch(first.out, /fail\.spec|bad\.spec/, "the pattern names a file: only it runs");
    const workLine = (calls: number, g: bigint[]) => {
      const s = [...g].sort((a, b) => (a < b ? -1 : 1));
      return `meter::work (calls: ${calls}, min: ${s[0]}, median: ${s[1]}, mean: ${(g[0] + g[1] + g[2]) / 3n}, max: ${s[2]})`;
    };
    const report = first.out.slice(first.out.indexOf("Gas report"));
    assert.match(report, new RegExp(`read +1 +${read} +${read} +${read} +${read}`));
    assert.match(report, new RegExp(`work +3 +${w1 < w2 ? w1 : w2} `));
    const snapFile = join(dir, ".gas-snapshot");
    assert.equal(readFileSync(snapFile, "utf8"), `meter::read (calls: 1, min: ${read}, median: ${read}, mean: ${read}, max: ${read})\n${workLine(3, [w1, w2, w30])}\n`);

    // work(30) becomes work(31): one more iteration, a different figure, and the run fails.
    const spec = join(dir, "examples", "meter", "assembly", "__tests__", "meter.spec.ts");
    writeFileSync(spec, readFileSync(spec, "utf8").replace('("work", 30).unwrap()).toBe(469)', '("work", 31).unwrap()).toBe(500)').replace('("read").unwrap()).toBe(469)', '("read").unwrap()).toBe(500)'));
    const [, , w31] = await meterGas(dir, [1, 2, 31]);
    assert.ok(w31 > w30);
    const changed = run(dir, "meter", "--gas-snapshot");
    assert.equal(changed.code, 1, changed.out);
    assert.ok(changed.out.includes(`- ${workLine(3, [w1, w2, w30])}\n+ ${workLine(3, [w1, w2, w31])}\n`), changed.out);
    assert.doesNotMatch(changed.out, /[-+] meter::read/, "an unchanged function is not in the diff");
    assert.match(changed.out, /--update/);

    const updated = run(dir, "meter", "--gas-snapshot", "--update");
    assert.equal(updated.code, 0, updated.out);
    assert.ok(readFileSync(snapFile, "utf8").includes(workLine(3, [w1, w2, w31])));
    const again = run(dir, "meter", "--gas-snapshot");
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /no change/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as test --gas-report: nested calls count, per contract and function, from the call tree", async () => {
  const dir = project();
  try {
    // Hand-worked from host-sim: a nested work(n) spends what a top-level work(n) spends on the
    // same state; boss::delegate is the whole receipt, its own share the rest.
    const [w1, w2] = await meterGas(dir, [1, 2]);
    const build = async (entry: string) => {
      const b = await buildOne(entry, { entries: [], target: "release", runtime: "incremental", outDir: "out", cwd: dir, quiet: true });
      assert.ok(b.ok, b.problems.join("\n") + b.stderr);
      return new Uint8Array(readFileSync(join(dir, b.outFile)));
    };
    const session = await (await VM.ephemeral()).session({});
    const meter = session.deploy(await build("examples/meter/assembly/index.ts"), { owner: new Uint8Array(32) }, 1_000_000_000n).contractId;
    const boss = session.deploy(await build("examples/boss/assembly/index.ts"), { owner: new Uint8Array(32) }, 1_000_000_000n).contractId;
    const arg = codec.encode(codec.parseType("(ContractId, u32)"), [meter, 1]);
    const receipt = session.callRaw(boss, "delegate", arg, 1_000_000_000n);
    assert.deepEqual(receipt.callTree.map((e) => [e.fnName, e.spent]), [["work", w2], ["work", w1], ["delegate", receipt.gasSpent - w1 - w2]]);

    const r = run(dir, "boss", "--gas-report");
    assert.equal(r.code, 0, r.out);
    const report = r.out.slice(r.out.indexOf("Gas report"));
    const total = receipt.gasSpent;
    assert.match(report, new RegExp(`boss\\n +function +calls +min +median +mean +max\\n +delegate +1 +${total} +${total} +${total} +${total}\\n`));
    const [lo, hi] = w1 < w2 ? [w1, w2] : [w2, w1];
    assert.match(report, new RegExp(`meter\\n +function +calls +min +median +mean +max\\n +work +2 +${lo} +${(w1 + w2) / 2n} +${(w1 + w2) / 2n} +${hi}\\n`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as test: each failing test shows its own values, unknown entries list the real ones, panics their source line", () => {
  const dir = project();
  try {
    const r = run(dir, "failing");
    assert.equal(r.code, 1, r.out);
    const block = (name: string) => {
      const start = r.out.indexOf(`❌ ${name}`);
      assert.ok(start >= 0, `${name} is not reported:\n${r.out}`);
      const next = r.out.indexOf("❌", start + 2);
      return r.out.slice(start, next < 0 ? undefined : next);
    };
    assert.match(block("first wrong value"), /\[Actual\]\s*:\s*3 as u64[\s\S]*\[Expected\]:\s*111 as u64/);
    assert.match(block("second wrong value"), /\[Actual\]\s*:\s*6 as u64[\s\S]*\[Expected\]:\s*222 as u64/);
    const unknown = block("calls an entry that does not exist");
    assert.match(unknown, /no entry point 'nope'; its entries are: halve, read, work/);
    assert.doesNotMatch(unknown, /Actual|Expected/, "no values of an earlier test");
    // The contract's panic message under "Panic: " once (the SDK's unwrap passes it on as it is).
    assert.match(block("unwraps an entry call's panic"), / - Panic: n must be even at examples\/meter\/assembly\/index\.ts:12:5\n/);
    assert.doesNotMatch(r.out, /Panic: Panic/);
    assert.match(block("panics in a direct call"), /Panic: n must be even at examples\/meter\/assembly\/index\.ts:12:5/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as test: a forbidden API in imported contract code is a PCAS diagnostic with its line, not a dump", () => {
  const dir = project();
  try {
    const r = run(dir, "forbidden");
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /ERROR PCAS008: Math\.random is not available in contracts/);
    assert.match(r.out, /return <u64>\(Math\.random\(\) \* 6\) \+ 1;/);
    assert.match(r.out, /forbidden\/contract\.ts\(4,18\)/);
    assert.ok(r.out.length < 4000, `${r.out.length} characters of output`);
    assert.ok(!existsSync(join(dir, ".gas-snapshot")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as test: an uncaught error in as-pect is printed readably, a project without npm install is told so, and links in the tree are walked safely", () => {
  const dir = project();
  try {
    // a config that throws: as-pect's process ends on it; binaryen's own handler would print its source
    writeFileSync(join(dir, "as-pect.broken.config.js"), readFileSync(join(dir, "as-pect.config.js"), "utf8") + '\nthrow new Error("the config broke");\n');
    const broken = run(dir, "--config", "as-pect.broken.config.js");
    assert.equal(broken.code, 1, broken.out);
    assert.match(broken.out, /piecrust-as test: as-pect stopped on an uncaught error:\nError: the config broke\n\s+at .*as-pect\.broken\.config\.js:/);
    assert.ok(broken.out.length < 4000, `${broken.out.length} characters of output`);
    // a spec pattern walks the tree: a link to a folder above and a dangling link are passed over,
    // a dangling link named as a spec is named
    symlinkSync("..", join(dir, "examples", "up"));
    symlinkSync("/nonexistent-pcas", join(dir, "examples", "gone"));
    const linked = run(dir, "meter");
    assert.equal(linked.code, 0, linked.out);
    symlinkSync("/nonexistent-pcas", join(dir, "examples", "gone.spec.ts"));
    const named = run(dir, "meter");
    assert.equal(named.code, 1, named.out);
    assert.equal(named.out, "piecrust-as test: cannot read the spec examples/gone.spec.ts: no such file\n");
    // without node_modules/piecrust-as (npm install not run), before as-pect starts; the project's
    // own package.json, as a user's project has, keeps Node from resolving piecrust-as to this
    // checkout, whose folder the project sits in
    writeFileSync(join(dir, "package.json"), '{ "private": true, "type": "module" }\n');
    rmSync(join(dir, "node_modules", "piecrust-as"));
    const bare = run(dir);
    assert.equal(bare.code, 1, bare.out);
    assert.equal(bare.out, "piecrust-as test: as-pect.config.js imports piecrust-as, which this project does not have installed (no node_modules/piecrust-as): run npm install, then piecrust-as test again\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as test: usage errors", () => {
  const r = run(REPO_ROOT, "--update");
  assert.equal(r.code, 2);
  assert.match(r.out, /--update only goes with --gas-snapshot/);
  const cov = run(REPO_ROOT, "--coverage");
  assert.equal(cov.code, 2);
  assert.match(cov.out, /line coverage is not available: .*as-covers/);
  const bad = run(REPO_ROOT, "--frobnicate");
  assert.equal(bad.code, 2);
  assert.match(bad.out, /Unknown option '--frobnicate'/);
});

test("piecrust-as test on the Dusk profile: a spec's contract reads the metadata the config sets and calls Dusk's sha256", () => {
  const dir = project();
  try {
    const r = run(dir, "--config", "as-pect.dusk.config.js");
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /teller\.spec\.ts[^\n]*Pass: 2 \/ 2/);
    // The same contract on bare Piecrust (a config without `vm`) has neither.
    writeFileSync(join(dir, "as-pect.bare.config.js"), readFileSync(join(dir, "as-pect.dusk.config.js"), "utf8").replace(/\n  vm: .*\n/, "\n"));
    const bare = run(dir, "--config", "as-pect.bare.config.js");
    assert.notEqual(bare.code, 0, bare.out);
    assert.match(bare.out, /Missing host query: sha256|MissingHostQuery|block_height/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
