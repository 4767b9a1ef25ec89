// Token gas against the Rust uplink token (issue 16): the same calls as the issue's table, measured
// on examples/token plus a `noop` method (for the first-call and no-op rows), each next to the Rust
// figure measured on real Piecrust 0.32 and the ratio, the 1,000 new-account transfers with their
// total, worst call and median. `node dist/bench/token.js --profile` runs the calls in a profiling
// session (host-sim's gas profile, host-sim/profile.ts) and prints where each row's gas goes.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encode, parseType } from "../host-sim/codec/index.js";
import { PAGE_SIZE, VM, type DebugInfo } from "../host-sim/index.js";
import { debugInfoForWasmFile } from "../host-sim/debug-file.js";
import type { CallProfile, ProfileNode } from "../host-sim/profile.js";
import { buildOne } from "../cli/main.js";
import { REPO_ROOT } from "../tests/helpers/paths.js";

const GAS = 1_000_000_000n;
const OWNER = new Uint8Array(32).fill(0xaa);
const SPENDER = new Uint8Array(32).fill(0xbb);
const TOKEN_ID = new Uint8Array(32).fill(0x77);

/** Rust uplink token on real Piecrust 0.32 (issue 16's table). */
export const RUST = {
  init: 4965n,
  firstCall: 2104n,
  noop: 68n,
  transferNew1: 4530n,
  transferNew10: 9467n,
  transferNew100: 8908n,
  transferNew1000: 9766n,
  transferExisting: 7136n,
  total1000: 9388844n,
  worst1000: 16666n,
  balancePresent: 2501n,
  balanceAbsent: 2320n,
  approve: 3770n,
  allowance: 1271n,
  transferFrom: 9529n,
  totalSupply: 138n,
  decimals: 86n,
  pages: 5,
};

/** Deterministic, well-spread 32-byte account ids (a BTreeMap's cost depends on key order). */
export function accountId(i: number): Uint8Array {
  const out = new Uint8Array(32);
  let x = (i + 1) * 0x9e3779b1;
  for (let k = 0; k < 32; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[k] = x & 0xff;
  }
  return out;
}

/** examples/token with a `noop(): void {}` method, and the build's debug info (for function names). */
async function buildToken(): Promise<{ wasm: Uint8Array; info: DebugInfo }> {
  const dir = join("build", "bench-token", "assembly");
  mkdirSync(join(REPO_ROOT, dir), { recursive: true });
  const src = readFileSync(join(REPO_ROOT, "examples", "token", "assembly", "index.ts"), "utf8");
  const withNoop = src.replace(/(@contract\s+class \w+ \{)/, "$1\n  noop(): void {}\n");
  if (withNoop === src) throw new Error("bench: could not find the token's @contract class");
  writeFileSync(join(REPO_ROOT, dir, "index.ts"), withNoop);
  copyFileSync(join(REPO_ROOT, "examples", "token", "assembly", "types.ts"), join(REPO_ROOT, dir, "types.ts"));
  const entry = join(dir, "index.ts");
  const r = await buildOne(entry, { entries: [entry], target: "release", runtime: "incremental", outDir: join(dir, "out"), cwd: REPO_ROOT, name: "token" });
  if (!r.ok) throw new Error(`bench: the token did not build: ${r.problems.join("; ")}\n${r.stderr}`);
  const file = join(REPO_ROOT, r.outFile);
  const info = debugInfoForWasmFile(file);
  if (!info) throw new Error(`bench: the build wrote no debug side file next to ${file}`);
  return { wasm: new Uint8Array(readFileSync(file)), info };
}

const transferT = parseType("(ContractId, u128)");
const idT = parseType("ContractId");
const pairT = parseType("(ContractId, ContractId)");
const fromT = parseType("(ContractId, ContractId, u128)");
const empty = new Uint8Array(0);

export interface TokenRow {
  label: string;
  as: bigint;
  rust: bigint;
  /** host-sim's gas profile of the call, when measured with `profile`. */
  profile: CallProfile | null;
}

export interface TokenFigures {
  rows: TokenRow[];
  transfers: bigint[];
  pages: number;
  /** The token build's debug info (its functions' full names, for grouping a profile). */
  info: DebugInfo;
}

/** A call's gas and, in a profiling session, its profile. */
interface Measured {
  total: bigint;
  profile: CallProfile | null;
}

/** The token's calls; with `profile`, in a profiling session (profiling changes no gas: tests/debug/profile.test.ts). */
export async function measureToken(profile = false): Promise<TokenFigures> {
  const { wasm, info } = await buildToken();
  const vm = await VM.ephemeral();
  vm.addDebugInfo(wasm, info);
  const session = await vm.session({ profile });
  // one profile per top-level call or deploy: taken at once, so the session keeps none
  const measured = (total: bigint): Measured => {
    const taken = session.takeProfiles();
    if (profile && (taken.length !== 1 || taken[0].gasSpent !== total)) throw new Error(`bench: expected one profile of ${total} gas, got ${taken.map((p) => p.gasSpent).join(", ")}`);
    return { total, profile: taken[0] ?? null };
  };
  const initArg = encode(parseType("u128"), 1_000_000n);
  const deployed = session.deploy(wasm, { owner: OWNER, contractId: TOKEN_ID, initArg }, GAS);
  const init = measured(deployed.receipt!.gasSpent);
  const call = (fn: string, arg: Uint8Array = empty) => measured(session.callRaw(TOKEN_ID, fn, arg, GAS).gasSpent);
  const rows: TokenRow[] = [];
  const row = (label: string, p: Measured, rust: bigint) => rows.push({ label, as: p.total, rust, profile: p.profile });
  row("init(1_000_000)", init, RUST.init);
  row("first call of a fresh contract (a no-op)", call("noop"), RUST.firstCall);
  row("no-op call", call("noop"), RUST.noop);
  const transfers: bigint[] = [];
  const marks: Record<number, [string, bigint]> = {
    1: ["transfer to a new account, after 1 account", RUST.transferNew1],
    10: ["transfer to a new account, after 10 accounts", RUST.transferNew10],
    100: ["transfer to a new account, after 100 accounts", RUST.transferNew100],
    1000: ["transfer to a new account, after 1,000 accounts", RUST.transferNew1000],
  };
  for (let k = 1; k <= 1000; k++) {
    // The k-th transfer runs with k accounts present: the owner and k - 1 earlier receivers.
    const p = call("transfer", encode(transferT, [accountId(k), 100n]));
    transfers.push(p.total);
    const m = marks[k];
    if (m) row(m[0], p, m[1]);
  }
  row("transfer to an existing account, after 1,000 accounts", call("transfer", encode(transferT, [accountId(500), 100n])), RUST.transferExisting);
  row("balance_of (present)", call("balance_of", encode(idT, accountId(700))), RUST.balancePresent);
  row("balance_of (absent)", call("balance_of", encode(idT, accountId(5000))), RUST.balanceAbsent);
  row("approve", call("approve", encode(transferT, [SPENDER, 1000n])), RUST.approve);
  row("allowance", call("allowance", encode(pairT, [OWNER, SPENDER])), RUST.allowance);
  session.setMeta("signer", SPENDER);
  row("transfer_from", call("transfer_from", encode(fromT, [OWNER, accountId(3), 10n])), RUST.transferFrom);
  row("total_supply", call("total_supply"), RUST.totalSupply);
  row("decimals", call("decimals"), RUST.decimals);
  const pages = session.memoryLen(TOKEN_ID)! / PAGE_SIZE;
  session.close();
  return { rows, transfers, pages, info };
}

/** Groups the build's full function names into the parts of the SDK and runtime they belong to. */
function groupOf(name: string): string {
  if (name.startsWith("__pcas_entry") || name === "__pcas_enter" || name === "__pcas_restore" || name === "__pcas_save") return "entry prologue/epilogue";
  if (name === "start:" || name.startsWith("start:") || name.includes("~start")) return "start code";
  if (/~lib\/rt\/itcms/.test(name)) return "GC (itcms)";
  if (/~lib\/rt\/tlsf/.test(name)) return "allocator (tlsf)";
  if (/~lib\/rt\/tcms|~lib\/rt\/stub/.test(name)) return "runtime";
  if (/~lib\/map|~lib\/set/.test(name)) return "Map/Set";
  if (/~lib\/string|~lib\/util\/string/.test(name)) return "strings";
  if (/as-bignum/.test(name)) return "as-bignum u128";
  if (/assembly\/codec|assembly\/entry/.test(name)) return "codec";
  if (/~lib\/memory|~lib\/util\/memory/.test(name)) return "memory utils";
  if (/~lib\//.test(name)) return "std";
  if (/assembly\//.test(name) && !/examples\//.test(name)) return "SDK";
  return "contract";
}

const byGas = (a: [string, bigint], b: [string, bigint]) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0);

/**
 * A profile's self gas by group and its `top` costliest functions. The contract frame's own gas
 * (charged before its entry function reports itself) is "call entry"; a host import's charge is
 * its calling function's.
 */
function summarize(p: CallProfile, info: DebugInfo, top = 6): string {
  const groups = new Map<string, bigint>();
  const fns = new Map<string, bigint>();
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  const walk = (n: ProfileNode) => {
    if (n.kind === "contract") add(groups, "call entry", n.self);
    else {
      add(groups, groupOf(info.functionNames[n.func] ?? n.name), n.self);
      add(fns, n.name, n.self);
    }
    n.children.forEach(walk);
  };
  walk(p.root);
  const shown = (m: Map<string, bigint>) => [...m].filter(([, v]) => v > 0n).sort(byGas);
  return `${shown(groups).map(([g, v]) => `${g} ${v}`).join(", ")}\n      top functions: ${shown(fns).slice(0, top).map(([n, v]) => `${n} ${v}`).join(", ")}`;
}

const ratio = (a: bigint, b: bigint) => `${(Number(a) / Number(b)).toFixed(2)}×`;

export async function tokenBench(profile = false): Promise<void> {
  const f = await measureToken(profile);
  for (const r of f.rows) {
    console.log(`${r.label.padEnd(56)} AS ${String(r.as).padStart(8)}  Rust ${String(r.rust).padStart(7)}  ${ratio(r.as, r.rust).padStart(7)}`);
    if (r.profile) console.log(`      ${summarize(r.profile, f.info)}`);
  }
  const total = f.transfers.reduce((a, b) => a + b, 0n);
  const sorted = [...f.transfers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = sorted[sorted.length >> 1]!;
  const worst = sorted[sorted.length - 1]!;
  const worstAt = f.transfers.indexOf(worst) + 1;
  console.log(`${"1,000 new-account transfers, total".padEnd(56)} AS ${String(total).padStart(8)}  Rust ${String(RUST.total1000).padStart(7)}  ${ratio(total, RUST.total1000).padStart(7)}`);
  console.log(`${"   worst single transfer (Rust's worst: 16,666)".padEnd(56)} AS ${String(worst).padStart(8)}  (transfer ${worstAt}; median ${median}, worst/median ${ratio(worst, median)}; ${f.transfers.filter((g) => g > 2n * median).length} calls above 2× the median)`);
  console.log(`${"memory after 1,000 accounts (pages)".padEnd(56)} AS ${String(f.pages).padStart(8)}  Rust ${String(RUST.pages).padStart(7)}`);
}

if (process.argv[1] && /bench[\\/]token\.js$/.test(process.argv[1])) {
  tokenBench(process.argv.includes("--profile")).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
