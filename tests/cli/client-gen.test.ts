// Typed clients (build/<name>.client.ts): the TypeScript each Rust type becomes, and the pinned tsc
// on code using the generated escrow and token clients: misuse fails to compile, correct code
// compiles and runs against host-sim with the figures of tests/sim/escrow.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clientClassName, clientSource } from "../../cli/client-gen.js";
import type { ContractSchema } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";

const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

test("client source: each Rust type's TypeScript, archive classes as interfaces, enums as unions, events by topic", () => {
  const src = clientSource(
    {
      name: "shapes",
      functions: [
        { name: "init", input: "String", output: "()" },
        { name: "big", doc: "Two big ones.", input: "(u64, u128)", output: "i64" },
        { name: "small", input: "(u8, i32, bool, char)", output: "f64" },
        { name: "maybe", input: "Option<u32>", output: "Option<Option<u8>>" },
        { name: "bytes", input: "(Vec<u8>, [u8; 4], ContractId)", output: "Vec<String>" },
        { name: "kinds", input: "Kind", output: "Result<Point, String>" },
        { name: "maps", input: "BTreeMap<String, u64>", output: "BTreeSet<u16>" },
        { name: "nothing", input: "()", output: "Unit" },
        { name: "raw", input: "()", output: "()" },
      ],
      events: [
        { topic: "moved", data: "Point" },
        { topic: "kind", data: "Kind" },
      ],
      types: ["struct Point { x: i32, y: u64 }", "struct Pair(u32, String)", "struct Unit;", "enum Kind { Empty, Tuple(u8, Pair), Named { p: Point } }"],
    },
    "shapes.schema.json",
  );
  const has = (line: string) => assert.ok(src.includes(line), `missing:\n${line}\nin:\n${src}`);
  has('import * as PiecrustHostSim from "piecrust-as/host-sim";');
  has("export interface Point { x: number; y: bigint; }");
  has("export type Pair = [number, string];");
  has("export type Unit = null;");
  has('export type Kind = "Empty" | { variant: "Tuple"; fields: [number, Pair] } | { variant: "Named"; fields: { p: Point; } };');
  has('export type ShapesClientEvent = PiecrustHostSim.Event & ({ topic: "moved"; value: Point } | { topic: "kind"; value: Kind });');
  has("static deploy(session: PiecrustHostSim.Session, bytecode: Uint8Array, opts: { owner: Uint8Array; contractId?: Uint8Array; gasLimit?: bigint }, arg: string): ShapesClient {");
  has("  /** Two big ones. */\n  big(arg: [bigint, bigint], gasLimit?: bigint): PiecrustHostSim.CallReceipt<bigint> {");
  has("small(arg: [number, number, boolean, string], gasLimit?: bigint): PiecrustHostSim.CallReceipt<number> {");
  has("maybe(arg: number | null, gasLimit?: bigint): PiecrustHostSim.CallReceipt<{ some: number | null } | null> {");
  has("bytes(arg: [Uint8Array, Uint8Array, Uint8Array], gasLimit?: bigint): PiecrustHostSim.CallReceipt<Array<string>> {");
  has("kinds(arg: Kind, gasLimit?: bigint): PiecrustHostSim.CallReceipt<{ ok: Point } | { err: string }> {");
  has("maps(arg: Map<string, bigint>, gasLimit?: bigint): PiecrustHostSim.CallReceipt<Set<number>> {");
  has("nothing(gasLimit?: bigint): PiecrustHostSim.CallReceipt<Unit> {");
  // `raw` is the client's own property: the function's method gets a trailing underscore.
  has("raw_(gasLimit?: bigint): PiecrustHostSim.CallReceipt<null> {");
  assert.doesNotMatch(src, /^ {2}init\(/m, "init is deploy's argument, not a method");
  assert.equal(clientClassName("my-vault"), "MyVaultClient");
  assert.equal(clientClassName("2fa"), "C2faClient");
});

/** A project folder with piecrust-as (this repository) and @types/node installed, and the generated clients. */
function project(): string {
  const tmp = join(REPO_ROOT, "dist", "tmp");
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(join(tmp, "client-"));
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "piecrust-as"));
  symlinkSync(join(REPO_ROOT, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
  mkdirSync(join(dir, "build"));
  for (const name of ["token", "escrow"]) {
    const schemaFile = join(REPO_ROOT, "build", `${name}.schema.json`);
    const generated = readFileSync(join(REPO_ROOT, "build", `${name}.client.ts`), "utf8");
    // What the build wrote is the generator's output for that schema.
    assert.equal(generated, clientSource(JSON.parse(readFileSync(schemaFile, "utf8")) as ContractSchema, `${name}.schema.json`));
    writeFileSync(join(dir, "build", `${name}.client.ts`), generated);
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "client-test", type: "module", private: true }));
  return dir;
}

function tsc(dir: string, file: string, emit: boolean): { code: number | null; out: string } {
  const args = [TSC, "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--types", "node", "--skipLibCheck"];
  args.push(...(emit ? ["--outDir", "out"] : ["--noEmit"]), file);
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

const PRELUDE = `import { readFileSync } from "node:fs";
import { VM } from "piecrust-as/host-sim";
import { EscrowClient } from "./build/escrow.client.js";
import { TokenClient } from "./build/token.client.js";

const wasm = (name: string) => new Uint8Array(readFileSync(\`${REPO_ROOT.replace(/\\/g, "/")}/build/\${name}.wasm\`));
const id = (fill: number) => new Uint8Array(32).fill(fill);
const session = await (await VM.ephemeral()).session({});
const token = TokenClient.deploy(session, wasm("token"), { owner: id(0xaa) }, 10000n);
const escrow = EscrowClient.deploy(session, wasm("escrow"), { owner: id(0xaa), contractId: id(0xe5) }, token.contractId);
`;

test("typed clients: tsc refuses a nonexistent function and wrong argument types, compiles and runs correct code", () => {
  const dir = project();
  try {
    writeFileSync(join(dir, "no-such-fn.ts"), PRELUDE + "escrow.nonexistent(1n);\n");
    const noFn = tsc(dir, "no-such-fn.ts", false);
    assert.notEqual(noFn.code, 0);
    assert.match(noFn.out, /no-such-fn\.ts\(\d+,\d+\): error TS2339: Property 'nonexistent' does not exist on type 'EscrowClient'/);

    // A number where the u64 deal id must be a bigint; a string where a ContractId must be bytes.
    writeFileSync(join(dir, "wrong-type.ts"), PRELUDE + 'escrow.fund(1);\ntoken.balance_of("0xb0b0");\nescrow.open([id(1), 300n, 1n]);\n');
    const wrong = tsc(dir, "wrong-type.ts", false);
    assert.notEqual(wrong.code, 0);
    const errors = wrong.out.split("\n").filter((l) => /error TS/.test(l));
    assert.equal(errors.length, 3, wrong.out);
    assert.match(errors[0], /wrong-type\.ts\(11,13\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'bigint'/);
    assert.match(errors[1], /wrong-type\.ts\(12,18\): error TS2345: Argument of type 'string' is not assignable to parameter of type 'Uint8Array/);
    assert.match(errors[2], /wrong-type\.ts\(13,13\): error TS2345: Argument of type '\[Uint8Array<ArrayBuffer>, bigint, bigint\]' is not assignable to parameter of type '\[Uint8Array(<ArrayBufferLike>)?, bigint\]'/);

    // The escrow test's scenario (tests/sim/escrow.test.ts), typed: the same balances and gas.
    writeFileSync(
      join(dir, "good.ts"),
      PRELUDE +
        `const seller = id(0x5e);
const buyer = id(0xb0);
token.transfer([buyer, 1000n]);
session.setMeta("signer", seller);
const deal: bigint = escrow.open([buyer, 300n]).data;
session.setMeta("signer", buyer);
token.approve([escrow.contractId, 300n]);
const funded = escrow.fund(deal);
const changes = escrow.eventsOf(funded).map((e) => (e.topic === "deal" ? \`\${e.value.id}:\${e.value.state}\` : ""));
const state: "Open" | "Funded" | "Released" | "Refunded" = escrow.deal(deal).data.state;
console.log(JSON.stringify({ deal: String(deal), changes, state, escrowBalance: String(token.balance_of(escrow.contractId).data), gas: String(funded.gasSpent) }));
`,
    );
    const good = tsc(dir, "good.ts", true);
    assert.equal(good.code, 0, good.out);
    const run = spawnSync(process.execPath, [join("out", "good.js")], { cwd: dir, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { deal: "1", changes: ["1:Funded"], state: "Funded", escrowBalance: "300", gas: "18579" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("piecrust-as typegen: the client of a schema file in dusk-forge's shape (types by name); a bad schema is named", () => {
  const dir = mkdtempSync(join(REPO_ROOT, "dist", "tmp", "typegen-"));
  try {
    const schema = {
      name: "Vault",
      functions: [{ name: "put", input: "(u64, Mode)", output: "Option<u128>" }],
      events: [{ topic: "put", data: "Mode" }],
      types: { Mode: "enum Mode { Open, Locked { until: u64 } }" },
    };
    writeFileSync(join(dir, "vault.schema.json"), JSON.stringify(schema));
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "main.js"), "typegen", ...args], { cwd: dir, encoding: "utf8" });
    const r = cli("vault.schema.json", "--out-dir", ".", "--import", "../host-sim.js");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "wrote vault.client.ts\n");
    const src = readFileSync(join(dir, "vault.client.ts"), "utf8");
    assert.equal(src, clientSource({ ...schema, types: [schema.types.Mode] }, "vault.schema.json", "../host-sim.js"));
    assert.ok(src.includes('export type Mode = "Open" | { variant: "Locked"; fields: { until: bigint; } };'), src);
    assert.ok(src.includes("put(arg: [bigint, Mode], gasLimit?: bigint): PiecrustHostSim.CallReceipt<bigint | null> {"), src);

    writeFileSync(join(dir, "bad.schema.json"), JSON.stringify({ name: "Bad", functions: [{ name: "f", input: "Nope<u8>", output: "()" }] }));
    const bad = cli("bad.schema.json");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^piecrust-as typegen: bad\.schema\.json: no client for this schema: .*Nope/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
