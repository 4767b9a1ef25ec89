// `piecrust-as test --profile` on a user project: the specs' contract calls, each profiled with the
// gas host-sim gives the same calls on its own, and the contract named from the build's side file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildOne } from "../../cli/build.js";
import { VM, codec } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { aspectProject } from "../helpers/aspect-project.js";

test("piecrust-as test --profile: a flame graph and speedscope file of the specs' calls", async () => {
  const dir = aspectProject();
  try {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "main.js"), "test", "meter", "--profile"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /gas profile of 4 calls written to build\/test-profile\.svg/);
    assert.ok(existsSync(join(dir, "build", "test-profile.svg")));
    const ss = JSON.parse(readFileSync(join(dir, "build", "test-profile.json"), "utf8")) as { profiles: Array<{ name: string; endValue: number }> };
    // the same calls straight on host-sim
    const built = await buildOne("examples/meter/assembly/index.ts", { entries: [], target: "release", runtime: "incremental", outDir: "out", cwd: dir });
    assert.ok(built.ok, built.problems.join("\n"));
    const session = await (await VM.ephemeral()).session({});
    const { contractId } = session.deploy(new Uint8Array(readFileSync(join(dir, built.outFile))), { owner: new Uint8Array(32) }, 1_000_000_000n);
    const U32 = codec.parseType("u32");
    const gas = [1, 2, 30].map((n) => Number(session.callRaw(contractId, "work", codec.encode(U32, n), 1_000_000_000n).gasSpent));
    gas.push(Number(session.callRaw(contractId, "read", new Uint8Array(0), 1_000_000_000n).gasSpent));
    assert.deepEqual(ss.profiles.map((p) => [p.name, p.endValue]), [["meter.work", gas[0]], ["meter.work", gas[1]], ["meter.work", gas[2]], ["meter.read", gas[3]]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as test: a spec failing over a failed contract call shows where the contract failed", () => {
  const dir = aspectProject();
  try {
    writeFileSync(
      join(dir, "examples", "meter", "assembly", "__tests__", "halve.spec.ts"),
      [
        `import { callEntryWith, reset } from "piecrust-as/assembly/testing";`,
        `import "../index";`,
        `describe("halve", () => {`,
        `  beforeEach(() => reset());`,
        `  it("halves an odd number", () => {`,
        `    expect(callEntryWith<u64, u64>("halve", 3).unwrap()).toBe(1);`,
        `  });`,
        `});`,
        ``,
      ].join("\n"),
    );
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "main.js"), "test", "halve"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "");
    assert.equal(r.status, 1, out);
    assert.match(out, /n must be even at examples\/meter\/assembly\/index\.ts:\d+:\d+\nthe last contract call failed:\nin contract meter \([0-9a-f]{64}\):\n {4}at __pcas_entry:halve \(/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
