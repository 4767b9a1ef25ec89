#!/usr/bin/env node
// The user's path, end to end, on the packed package: npm pack → an empty folder → npm i <tarball>
// → npx piecrust-as init → npm install → npm run asbuild (twice: the second compiles nothing) →
// npm test (as-pect specs, tsc, the node:test file over the typed client; tsc refusing misuse) →
// a Dusk contract taking a deposit, its spec deploying the shipped stand-in transfer contract →
// piecrust-as deploy / call / query, started as npx, an npm script and node_modules/.bin/piecrust-as,
// with the printed results checked. Then the same contract built by
// this checkout's CLI in another folder must give the same bytes. Network: the npm registry only.
//
//   node scripts/e2e-package.mjs [--keep]     (--keep leaves the temporary folder for a look)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "piecrust-as-e2e-"));
const times = [];
let failures = 0;

function run(what, cmd, args, cwd, { expectFail = false } = {}) {
  process.stderr.write(`e2e: ${what}: ${cmd} ${args.join(" ")}\n`);
  const started = Date.now();
  // npm_config_* from an enclosing `npm run` would leak into the user's npm: start clean.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env, maxBuffer: 64 << 20 });
  const seconds = (Date.now() - started) / 1000;
  times.push([what, seconds]);
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (expectFail ? r.status === 0 : r.status !== 0) {
    process.stderr.write(out);
    throw new Error(`${what}: exit ${r.status}${expectFail ? " (expected a failure)" : ""}`);
  }
  return { stdout: r.stdout, stderr: r.stderr, out, seconds };
}

function check(what, ok, detail = "") {
  if (ok) process.stderr.write(`e2e: ok   ${what}\n`);
  else {
    failures++;
    process.stderr.write(`e2e: FAIL ${what}${detail ? `\n${detail}` : ""}\n`);
  }
}

/** npm's warnings about peer dependencies or a forced resolution: the package must cause none. */
function peerWarnings(text) {
  return text.split("\n").filter((l) => /ERESOLVE|peer dep|conflicting peer|overriding peer|EBADENGINE/i.test(l));
}

try {
  // 1. The tarball, as npm publish would make it (prepack builds the shipped code).
  const pack = run("npm pack", "npm", ["pack", "--json", "--pack-destination", work], REPO);
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
  const tarball = join(work, info.filename);
  const paths = info.files.map((f) => f.path);
  process.stderr.write(`e2e: tarball ${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked, ${info.entryCount} files\n`);
  check("the tarball holds no tests, bench, examples or sources of the compiled code", !paths.some((p) => /^(tests|bench|examples|scripts|host-sim|transform|cli|as-pect)\/|^dist\/(tests|bench)\/|^assembly\/__tests__|\.map$/.test(p)), paths.join("\n"));
  for (const need of ["dist/host-sim/index.js", "dist/host-sim/bundle/index.js", "dist/host-sim/bundle/dusk.js", "dist/host-sim/bundle/node.js", "dist/host-sim/index.d.ts", "dist/host-sim/node.d.ts", "dist/transform/index.d.ts", "dist/as-pect/preset.d.ts", "dist/as-pect/transform.d.ts", "dist/cli/main.d.ts", "assembly/index.ts", "assembly/testing/index.ts", "LICENSE", "README.md", "bin/piecrust-as.js", "templates/project/package.json", "dist/dusk/transfer-stand-in.wasm", "dist/dusk/transfer-stand-in.schema.json", "assembly/dusk/transfer.ts"]) {
    check(`the tarball holds ${need}`, paths.includes(need));
  }

  // 2. Installed into an empty folder with npm's defaults.
  const home = join(work, "install");
  mkdirSync(home);
  // --prefix: npm would otherwise adopt a package.json or node_modules found above the folder.
  const install = run("npm i <tarball>", "npm", ["install", "--prefix", home, tarball], home);
  check("npm i <tarball> prints no peer-dependency warning", peerWarnings(install.out).length === 0, peerWarnings(install.out).join("\n"));
  const imported = run("import piecrust-as/host-sim", process.execPath, ["--input-type=module", "-e", 'const m = await import("piecrust-as/host-sim"); console.log(typeof m.VM.ephemeral, import.meta.resolve("piecrust-as/host-sim").split("/").slice(-4).join("/"))'], home);
  // the bundle of host-sim's modules (scripts/bundle-host-sim.mjs), which imports in half their time
  check("import('piecrust-as/host-sim') works, from the bundle", imported.stdout.trim() === "function dist/host-sim/bundle/index.js", imported.out);

  // 3. init, through npx, into a new folder, depending on the same tarball.
  const init = run("npx piecrust-as init", "npx", ["--no-install", "piecrust-as", "init", "app", "--sdk", tarball], home);
  check("init names the files it wrote", /created\s+contracts\/counter\/index\.ts/.test(init.out), init.out);
  const again = run("init again (must refuse)", "npx", ["--no-install", "piecrust-as", "init", "app", "--sdk", tarball], home, { expectFail: true });
  check("init refuses to overwrite, naming the files", /not overwriting/.test(again.stderr) && /package\.json/.test(again.stderr), again.out);

  const app = join(home, "app");
  const appInstall = run("npm install (project)", "npm", ["install"], app);
  check("the project's npm install prints no peer-dependency warning", peerWarnings(appInstall.out).length === 0, peerWarnings(appInstall.out).join("\n"));
  const first = run("npm run asbuild (first build)", "npm", ["run", "asbuild"], app);
  check("the first build compiles counter", /counter\s+incremental\s+\d+\s+ok/.test(first.stdout), first.out);
  const noop = run("npm run asbuild (no-op build)", "npm", ["run", "asbuild"], app);
  check("the second build compiles nothing", /up to date/.test(noop.stderr) && !/compiling/.test(noop.stderr), noop.out);
  const test = run("npm test", "npm", ["test"], app);
  check("npm test runs the as-pect specs", /\[Tests\]:.*3 \/ 3/.test(test.out.replace(/\x1b\[[0-9;]*m/g, "")), test.out);
  check("npm test runs the node:test file", /[#ℹ] pass 2/.test(test.out) && /[#ℹ] fail 0/.test(test.out), test.out);
  check("the build wrote the typed client build/counter.client.ts", existsSync(join(app, "build", "counter.client.ts")));
  check("npm test compiled the node:test file over the typed client with tsc", existsSync(join(app, "dist", "tests", "counter.test.js")) && readFileSync(join(app, "dist", "tests", "counter.test.js"), "utf8").includes("CounterClient.deploy("));
  // Misuse of the typed client is a compile error in the scaffolded project.
  writeFileSync(join(app, "tests", "misuse.test.ts"), 'import { CounterClient } from "../build/counter.client.js";\ndeclare const c: CounterClient;\nc.add(5);\nc.nonexistent();\n');
  const misuse = run("npx tsc on a misused typed client (must fail)", "npx", ["--no-install", "tsc", "-p", "tsconfig.json", "--noEmit"], app, { expectFail: true });
  check("tsc refuses a number for a u64 and a function the contract lacks", /misuse\.test\.ts\(3,7\): error TS2345/.test(misuse.out) && /misuse\.test\.ts\(4,3\): error TS2339/.test(misuse.out), misuse.out);
  rmSync(join(app, "tests", "misuse.test.ts"));

  // 3b. Dusk from the user's side: a contract taking a deposit through the SDK's transfer helpers,
  // and a spec that deploys the stand-in transfer contract the package ships (the project never
  // builds it), funds an account and runs a public transaction carrying the deposit.
  mkdirSync(join(app, "contracts", "till", "__tests__"), { recursive: true });
  writeFileSync(join(app, "contracts", "till", "index.ts"), [
    'import { selfId } from "piecrust-as/assembly";',
    '// A namespace: the contract\'s entry points are functions of this file too.',
    'import * as transfer from "piecrust-as/assembly/dusk/transfer";',
    "",
    "@contract",
    "class Till {",
    "  take(value: u64): void { transfer.deposit(value).unwrap(); }",
    "  held(): u64 { return transfer.contractBalance(selfId()).unwrap(); }",
    "}",
    "",
  ].join("\n"));
  writeFileSync(join(app, "contracts", "till", "__tests__", "till.spec.ts"), [
    'import { ContractId, Unit } from "piecrust-as/assembly";',
    'import { AccountData, AccountPublicKey, transferContract } from "piecrust-as/assembly/dusk";',
    'import { deployContract, reset, topLevelCall } from "piecrust-as/assembly/testing/index";',
    'import { deployTransferStandIn, standInExecute, standInFund } from "piecrust-as/assembly/testing/transfer";',
    "",
    'describe("till", () => {',
    "  beforeEach(() => reset());",
    '  it("takes a deposit through the shipped stand-in transfer contract", () => {',
    "    expect(deployTransferStandIn().equals(transferContract())).toBe(true);",
    '    const till = deployContract("contracts/till/index.ts", new Uint8Array(96));',
    "    const alice = new AccountPublicKey();",
    "    alice.point.x.c0.limbs[0] = 7;",
    "    standInFund(alice, 1000);",
    '    expect(standInExecute<u64>(alice, 300, till, "take", 300).isOk).toBe(true);',
    '    expect(topLevelCall<ContractId, u64>(transferContract(), "contract_balance", till).unwrap()).toBe(300);',
    '    expect(topLevelCall<Unit, u64>(till, "held", new Unit()).unwrap()).toBe(300);',
    '    expect(topLevelCall<AccountPublicKey, AccountData>(transferContract(), "account", alice).unwrap().balance).toBe(700);',
    "  });",
    "});",
    "",
  ].join("\n"));
  const till = run("npx piecrust-as test till (Dusk deposit through the shipped stand-in)", "npx", ["--no-install", "piecrust-as", "test", "till"], app);
  check("a user's spec deploys the shipped stand-in and a deposit moves the balance", /\[Tests\]:.*1 \/ 1/.test(till.out.replace(/\x1b\[[0-9;]*m/g, "")), till.out);
  const standIn = run("deployGenesis with the shipped stand-in (host-sim)", process.execPath, ["--input-type=module", "-e", 'const { VM } = await import("piecrust-as/host-sim"); const dusk = await import("piecrust-as/host-sim/dusk"); const vm = await VM.ephemeral({ profile: "dusk" }); const s = await vm.session(); console.log(dusk.deployGenesis(s).map((id) => id[0]).join(","))'], app);
  check("dusk.deployGenesis(session) deploys the shipped stand-in at the transfer id", standIn.stdout.trim() === "1", standIn.out);

  // 4. deploy / call / query, started the three ways a user starts the CLI.
  const deployed = run("npm run deploy", "npm", ["run", "deploy"], app);
  check("deploy prints the contract's name and id", /deployed\s+counter [0-9a-f]{64}/.test(deployed.stdout), deployed.out);
  const called = run("npx piecrust-as call", "npx", ["--no-install", "piecrust-as", "call", "counter", "add", "5"], app);
  check("call prints the result, the event and a root", /added/.test(called.stdout) && /\b5\b/.test(called.stdout) && /root\s+[0-9a-f]{64}/.test(called.stdout), called.out);
  const queried = run("node_modules/.bin/piecrust-as query", join(app, "node_modules", ".bin", "piecrust-as"), ["query", "counter", "read_value", "--json"], app);
  check("query reads the committed value", String(JSON.parse(queried.stdout.trim())) === "5", queried.out);
  const refused = run("npx piecrust-as call (panics)", "npx", ["--no-install", "piecrust-as", "call", "counter", "add", "101"], app, { expectFail: true });
  check("a panicking call fails with the assert's message", /add takes 1 to 100/.test(refused.stderr), refused.out);

  // 5. Reproducible: the same contract at the same project path, built by this checkout in
  // another folder (no node_modules there), gives the same bytes; no absolute path is inside.
  const other = join(work, "elsewhere", "deeper");
  mkdirSync(other, { recursive: true });
  run("init elsewhere (this checkout)", process.execPath, [join(REPO, "dist", "cli", "main.js"), "init", other, "--sdk", REPO], work);
  rmSync(join(other, "asconfig.json")); // no node_modules/piecrust-as to extend: the package's own config is the same
  run("build elsewhere (this checkout)", process.execPath, [join(REPO, "dist", "cli", "main.js"), "build"], other);
  const a = readFileSync(join(app, "build", "counter.wasm"));
  const b = readFileSync(join(other, "build", "counter.wasm"));
  check("the wasm is byte-identical in both folders", a.equals(b), `${a.length} vs ${b.length} bytes`);
  // AssemblyScript keeps string literals (panic locations among them) as UTF-16.
  const holds = (bytes, text) => bytes.includes(Buffer.from(text, "utf8")) || bytes.includes(Buffer.from(text, "utf16le"));
  check("the panic location in the wasm is project-relative", holds(a, "contracts/counter/index.ts"));
  for (const abs of [work, REPO, tmpdir()]) check(`no absolute path (${abs}) in the wasm`, !holds(a, abs) && !holds(b, abs));

  const summary = times.map(([w, s]) => `  ${s.toFixed(1).padStart(6)} s  ${w}`).join("\n");
  process.stderr.write(`e2e: timings\n${summary}\n`);
  writeFileSync(join(work, "timings.json"), JSON.stringify({ tarball: { bytes: info.size, unpacked: info.unpackedSize, files: info.entryCount }, times }, null, 2));
} catch (e) {
  failures++;
  process.stderr.write(`e2e: FAIL ${e.message}\n`);
} finally {
  if (keep) process.stderr.write(`e2e: kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `e2e-package: ${failures} check(s) failed` : "e2e-package: every check passed");
process.exit(failures ? 1 : 0);
