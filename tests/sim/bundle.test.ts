// The files package.json's exports name for piecrust-as/host-sim and piecrust-as/host-sim/dusk, and
// its private import #host-sim (the CLI's and the as-pect preset's), are
// scripts/bundle-host-sim.mjs's bundle of host-sim's modules. It must be the same VM: the same
// exports, the same gas and roots, one class per error for every entry, the stand-in found from its
// folder, and a store opened in turn by the bundle and by the modules (as this repository's tests
// import them) keeping both copies' rewrites.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import * as modules from "../../host-sim/index.js";
import * as duskModules from "../../host-sim/dusk/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { refuseLoads } from "../helpers/refuse-loads.js";
import { example, hex, idOf } from "./example.js";

type HostSim = typeof modules;
type Dusk = typeof duskModules;

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { exports: Record<string, { default: string }>; imports: Record<string, { types: string; default: string }> };
const bundle = (await import(join(REPO_ROOT, pkg.exports["./host-sim"].default))) as HostSim;
const duskBundle = (await import(join(REPO_ROOT, pkg.exports["./host-sim/dusk"].default))) as Dusk;
const cliBundle = (await import(join(REPO_ROOT, pkg.imports["#host-sim"].default))) as typeof import("../../host-sim/node.js");

const OWNER = idOf(0xaa);
const GAS = 1_000_000_000n;

test("bundle: built from the modules as they are now (npm run build bundles after tsc)", async () => {
  const { modulesDigest } = (await import(pathToFileURL(join(REPO_ROOT, "scripts", "modules-digest.mjs")).href)) as { modulesDigest(root: string, files: string[]): string };
  const built = JSON.parse(readFileSync(join(REPO_ROOT, "dist", "host-sim", "bundle", "built-from.json"), "utf8")) as { modules: string[]; sha256: string };
  assert.ok(built.modules.includes("dist/host-sim/session.js") && built.modules.includes("dist/host-sim/dusk/genesis.js"), built.modules.join(" "));
  assert.equal(modulesDigest(REPO_ROOT, built.modules), built.sha256, "dist/host-sim changed after the bundle was built: run npm run build");
});

test("bundle: package.json's host-sim entries are the bundle, with the modules' exports", () => {
  assert.equal(pkg.exports["./host-sim"].default, "./dist/host-sim/bundle/index.js");
  assert.equal(pkg.exports["./host-sim/dusk"].default, "./dist/host-sim/bundle/dusk.js");
  assert.deepEqual(Object.keys(bundle).sort(), Object.keys(modules).sort());
  assert.deepEqual(Object.keys(duskBundle).sort(), Object.keys(duskModules).sort());
  // a separate copy of the code, so the checks below are about the bundle
  assert.notEqual(bundle.VM, modules.VM);
});

test("bundle: the CLI's entry (#host-sim) is the bundle's third, with the public classes themselves and the Node-only helpers", async () => {
  assert.deepEqual(pkg.imports["#host-sim"], { types: "./dist/host-sim/node.d.ts", default: "./dist/host-sim/bundle/node.js" });
  for (const name of Object.keys(bundle) as (keyof HostSim)[]) assert.equal(cliBundle[name], bundle[name], name);
  const nodeModules = await import("../../host-sim/node.js");
  assert.deepEqual(Object.keys(cliBundle).sort(), Object.keys(nodeModules).sort());
  // what the VM checks with instanceof: a side file read by the CLI's helper is the VM's DebugInfo
  const info = cliBundle.debugInfoForWasmFile(join(REPO_ROOT, "build", "counter.wasm"));
  assert.ok(info instanceof bundle.DebugInfo);
  (await bundle.VM.ephemeral()).addDebugInfo(new Uint8Array(readFileSync(join(REPO_ROOT, "build", "counter.wasm"))), info);
});

test("bundle: as-pect's preset runs its specs' VM on the bundle, so a config's host-sim objects are its own classes", () => {
  // a test host made in a process where host-sim's modules cannot load
  const script = `const { TestHost } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, "dist", "as-pect", "host.js")).href)});
const host = await TestHost.create({ vm: { profile: "dusk" } });
console.log("test host", typeof host.attach);`;
  const r = spawnSync(process.execPath, ["--import", refuseLoads(["/dist/host-sim/vm.js", "/dist/host-sim/session.js", "/dist/host-sim/index.js"]), "--input-type=module", "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "test host function\n");
});

/** Deploys the token on a store at `dir`, transfers, commits: the token's id, the receipt's gas, the root. */
async function tokenRun(sim: HostSim, dir: string): Promise<{ id: string; gas: bigint; root: string }> {
  const vm = await sim.VM.open(dir);
  try {
    const s = await vm.session({});
    const token = example("token");
    const { contractId } = s.deploy(token.wasm, { owner: OWNER, initArg: token.codec.encodeInput("init", "1000000") }, GAS);
    const r = s.callRaw(contractId, "transfer", token.codec.encodeInput("transfer", ["0x" + hex(idOf(1)), "250"]), GAS);
    return { id: hex(contractId), gas: r.gasSpent, root: hex(s.commit()) };
  } finally {
    vm.close();
  }
}

test("bundle: the same gas and root as the modules, and errors of the bundle's own classes", async () => {
  const dirs = [mkdtempSync(join(tmpdir(), "pcas-bundle-")), mkdtempSync(join(tmpdir(), "pcas-bundle-"))];
  try {
    const [a, b] = [await tokenRun(modules, dirs[0]), await tokenRun(bundle, dirs[1])];
    assert.deepEqual(b, a);
    assert.equal(b.gas, 3729n); // tests/sim/prepared-cache.test.ts: a transfer to a new account
    const s = await (await bundle.VM.ephemeral()).session();
    assert.throws(() => s.callRaw(idOf(9), "x", new Uint8Array(0), GAS), (e: unknown) => e instanceof bundle.VMError && e.code === "ContractDoesNotExist" && !((e as object) instanceof modules.VMError));
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test("bundle: the Dusk entry shares the main entry's classes and finds the shipped stand-in", async () => {
  const vm = await bundle.VM.ephemeral({ profile: "dusk" });
  const s = await vm.session();
  const ids = duskBundle.deployGenesis(s);
  assert.deepEqual(ids[0], duskBundle.TRANSFER_CONTRACT);
  assert.equal(duskBundle.DuskProfileError, bundle.DuskProfileError);
  assert.throws(() => s.callRaw(idOf(9), "x", new Uint8Array(0), GAS), (e: unknown) => e instanceof bundle.VMError);
});

test("bundle: a store opened in turn by the bundle and the modules keeps both copies' rewrites", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-bundle-"));
  try {
    const { id } = await tokenRun(modules, dir);
    /** A call on the token by `sim`: its rewrite read from that copy's folder, or made and saved there. */
    const load = async (sim: HostSim) => {
      const vm = await sim.VM.open(dir);
      const s = await vm.session({ base: vm.commits()[0] });
      s.callRaw(sim.fromHex(id), "total_supply", new Uint8Array(0), GAS);
      s.close();
      vm.close();
    };
    /** Every kept rewrite, with its modification time. */
    const kept = () => {
      const prepared = join(dir, "prepared");
      return readdirSync(prepared)
        .filter((n) => !n.endsWith(".memo"))
        .flatMap((d) => readdirSync(join(prepared, d)).map((f) => `${d}/${f} ${statSync(join(prepared, d, f)).mtimeMs}`))
        .sort();
    };
    await load(bundle);
    const both = kept();
    assert.equal(new Set(both.map((l) => l.split("/")[0])).size, 2, "a folder for each copy");
    await load(modules);
    await load(bundle);
    assert.deepEqual(kept(), both, "neither copy removed or rewrote the other's");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
