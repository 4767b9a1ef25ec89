// Call-sequence fuzzing: random sequences of deploys, calls (many failing), commits, new sessions,
// reopening the store from disk and deleteCommit, over the actor contract (corpus.ts), the built
// examples and the other corpus contracts. Checked on every step:
// - a failed call never changes the session's root;
// - commit() returns what root() said, and a session on a commit starts at that root;
// - after reopening, the same commits exist and every one reads back exactly as before;
// - deleting one commit never changes what another commit reads (root, lengths, contents).
// Each sequence runs twice, in two directories: transcripts (receipts, errors, roots) must be
// byte-identical.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromHex, toHex, VM, VMError } from "../../host-sim/index.js";
import type { CallReceipt, Session } from "../../host-sim/index.js";
import { corpus, POOL_IDS, type CorpusEntry } from "./corpus.js";
import { bump, describe, type FuzzFailure, type FuzzOptions, type FuzzReport } from "./report.js";
import { mix, random as rng, type Random as Rng } from "../helpers/rng.js";

const OWNER = new Uint8Array([7, 7]);
const GAS = [0n, 100n, 10_000n, 1_000_000n, 1_000_000n, 1_000_000n, 10_000_000n];
/** Steps per sequence. */
const STEPS = 40;

class Violation extends Error {}

function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Violation(message);
}

/** Contracts visible in a session, by id hex → corpus entry name (of the last deploy under that id). */
type Contracts = Map<string, string>;

interface Run {
  dir: string;
  vm: VM;
  session: Session;
  base: string | null;
  visible: Contracts;
  /** Commits alive: root hex → fingerprint. */
  held: Map<string, string>;
  /** Corpus entry last deployed under each id (a root does not hash ids, so lineages can share one). */
  names: Map<string, string>;
  log: string[];
  stats: Record<string, number>;
}

function receiptText(r: CallReceipt): string {
  const events = r.events.map((e) => `${toHex(e.source).slice(0, 8)}:${e.topic}:${toHex(e.data)}:${e.reverted}`).join(",");
  const tree = r.callTree.map((c) => `${toHex(c.contractId).slice(0, 8)}/${c.limit}/${c.spent}/${c.memLen}`).join(",");
  return `data=${toHex(r.data)} gas=${r.gasSpent}/${r.gasLimit} events=[${events}] tree=[${tree}]`;
}

async function openVm(dir: string): Promise<VM> {
  const vm = await VM.open(dir);
  // Deterministic; registered before any session, which captures the registry when created.
  vm.registerHostQuery("q", { price: (a) => 10n + BigInt(a.length), execute: (_a, buf) => (buf.set([0x6f, 0x6b]), 2) });
  return vm;
}

/** The pool contracts present in a session. */
function visibleIn(run: Run, s: Session): Contracts {
  const out: Contracts = new Map();
  for (const id of POOL_IDS) if (s.memoryLen(id) !== undefined) out.set(toHex(id), run.names.get(toHex(id)) ?? "?");
  return out;
}

/** What a commit reads: its root as seen by a session, and every contract's length and contents. */
async function fingerprint(run: Run, root: string): Promise<string> {
  const s = await run.vm.session({ base: fromHex(root) });
  try {
    check(toHex(s.root()) === root, `a session on ${root} starts at root ${toHex(s.root())}`);
    const parts: string[] = [];
    for (const id of POOL_IDS) {
      const len = s.memoryLen(id);
      if (len === undefined) continue;
      parts.push(`${toHex(id).slice(0, 4)}:${len}`);
      try {
        parts.push(toHex(s.callRaw(id, "dump", new Uint8Array(0), 1_000_000n).data));
      } catch (e) {
        check(e instanceof VMError, `dump threw a non-VMError: ${describe(e)}`);
        parts.push(e.code);
      }
    }
    return parts.join(" ");
  } finally {
    s.close();
  }
}

async function verifyAll(run: Run, why: string): Promise<void> {
  for (const [root, print] of run.held) {
    const now = await fingerprint(run, root);
    check(now === print, `after ${why}, commit ${root} reads differently:\n  was ${print}\n  now ${now}`);
  }
}

async function newSession(run: Run, r: Rng): Promise<void> {
  run.session.close();
  const roots = [...run.held.keys()];
  const pick = roots.length && r.chance(0.85) ? r.pick(roots) : null;
  run.base = pick;
  run.session = await run.vm.session(pick ? { base: fromHex(pick) } : {});
  run.visible = visibleIn(run, run.session);
}

/** A random actor program (see ACTOR in corpus.ts), biased towards short and mostly-successful. */
function program(r: Rng): Uint8Array {
  const n = r.int(7);
  const out = new Uint8Array(8 * n);
  const dv = new DataView(out.buffer);
  for (let k = 0; k < n; k++) {
    const op = r.chance(0.75) ? r.pick([0, 0, 0, 1, 2, 3, 7]) : r.pick([4, 5, 6, 8]);
    dv.setUint8(8 * k, op + 9 * r.int(3));
    dv.setUint8(8 * k + 1, r.int(256));
    dv.setUint16(8 * k + 2, r.int(65536), true);
    dv.setUint32(8 * k + 4, r.chance(0.5) ? r.int(100_000) : r.u32(), true);
  }
  return out;
}

function exportsOf(entry: CorpusEntry): string[] {
  return WebAssembly.Module.exports(new WebAssembly.Module(entry.bytes as Uint8Array<ArrayBuffer>))
    .filter((e) => e.kind === "function")
    .map((e) => e.name);
}

async function step(run: Run, r: Rng, entries: CorpusEntry[]): Promise<void> {
  const x = r.next();
  const s = run.session;
  if (x < 0.15) {
    const entry = r.chance(0.5) ? entries[0] : r.pick(entries);
    const id = r.pick(POOL_IDS);
    const before = toHex(s.root());
    try {
      const { receipt } = s.deploy(entry.bytes, { owner: OWNER, contractId: id }, 10_000_000n);
      run.visible.set(toHex(id), entry.name);
      run.names.set(toHex(id), entry.name);
      run.log.push(`deploy ${entry.name} ${toHex(id).slice(0, 4)} ok ${receipt ? receiptText(receipt) : ""}`);
      bump(run.stats, "deploy ok");
    } catch (e) {
      check(e instanceof VMError, `deploy threw a non-VMError: ${describe(e)}`);
      check(toHex(s.root()) === before, `a failed deploy (${e.code}) changed the root`);
      run.log.push(`deploy ${entry.name} ${toHex(id).slice(0, 4)} ${e.code}`);
      bump(run.stats, `deploy ${e.code}`);
    }
  } else if (x < 0.65) {
    const known = [...run.visible.keys()].sort();
    const id = known.length && r.chance(0.9) ? fromHex(r.pick(known)) : r.pick(POOL_IDS);
    const name = run.visible.get(toHex(id));
    const entry = entries.find((e) => e.name === name);
    let fn = "act";
    let arg = program(r);
    if (entry && entry.name !== "actor") {
      fn = r.pick(exportsOf(entry));
      arg = r.chance(0.5) ? new Uint8Array(0) : r.bytes(r.int(48));
    }
    const gas = r.pick(GAS);
    const before = toHex(s.root());
    try {
      const rec = s.callRaw(id, fn, arg, gas);
      run.log.push(`call ${toHex(id).slice(0, 4)}.${fn} ${receiptText(rec)}`);
      bump(run.stats, "call ok");
    } catch (e) {
      check(e instanceof VMError, `call ${fn} threw a non-VMError: ${describe(e)}`);
      check(toHex(s.root()) === before, `a failed call ${fn} (${e.code}) changed the root`);
      run.log.push(`call ${toHex(id).slice(0, 4)}.${fn} ${e.code}`);
      bump(run.stats, `call ${e.code}`);
    }
  } else if (x < 0.77) {
    const expected = toHex(s.root());
    const root = toHex(s.commit());
    check(root === expected, `commit() returned ${root}, root() said ${expected}`);
    // An existing root is not rewritten (§11.3): its contracts win, which matters for contracts
    // with no written page (a zero leaf, invisible in the root).
    if (!run.held.has(root)) run.held.set(root, await fingerprint(run, root));
    run.log.push(`commit ${root}`);
    bump(run.stats, "commit");
    run.session = await run.vm.session({ base: fromHex(root) });
    run.base = root;
    run.visible = visibleIn(run, run.session);
    if (r.chance(0.3)) await newSession(run, r);
  } else if (x < 0.83) {
    await newSession(run, r);
    run.log.push(`session on ${run.base}`);
  } else if (x < 0.9) {
    run.session.close();
    const before = run.vm.commits().map(toHex).sort();
    run.vm.close();
    run.vm = await openVm(run.dir);
    const after = run.vm.commits().map(toHex).sort();
    check(JSON.stringify(before) === JSON.stringify(after), `reopen changed the commits: ${before} → ${after}`);
    check(JSON.stringify(after) === JSON.stringify([...run.held.keys()].sort()), `commits on disk ${after} ≠ held ${[...run.held.keys()]}`);
    await verifyAll(run, "reopen");
    if (run.base && !run.held.has(run.base)) run.base = null;
    run.session = await run.vm.session(run.base ? { base: fromHex(run.base) } : {});
    run.visible = visibleIn(run, run.session);
    run.log.push("reopen");
    bump(run.stats, "reopen");
  } else {
    const roots = [...run.held.keys()];
    if (!roots.length) return;
    const victim = r.pick(roots);
    run.vm.deleteCommit(fromHex(victim));
    run.held.delete(victim);
    check(!run.vm.commits().map(toHex).includes(victim), `deleted commit ${victim} still listed`);
    await verifyAll(run, `deleteCommit(${victim})`);
    run.log.push(`delete ${victim}`);
    bump(run.stats, "delete");
  }
}

async function runSequence(seed: number, entries: CorpusEntry[], stats: Record<string, number>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "piecrust-as-fuzz-calls-"));
  const vm = await openVm(dir);
  const run: Run = { dir, vm, session: await vm.session(), base: null, visible: new Map(), held: new Map(), names: new Map(), log: [], stats };
  const r = rng(seed);
  try {
    for (let k = 0; k < STEPS; k++) {
      try {
        await step(run, r, entries);
      } catch (e) {
        if (e instanceof Violation) throw new Violation(`step ${k}: ${e.message}\n  last steps:\n    ${run.log.slice(-5).join("\n    ")}`);
        throw e;
      }
    }
    return run.log;
  } finally {
    run.session.close();
    run.vm.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function fuzzCalls(opts: FuzzOptions): Promise<FuzzReport> {
  const start = opts.start ?? 0;
  const entries = await corpus();
  const stats: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  for (let i = start; i < start + opts.iterations; i++) {
    opts.onProgress?.(i);
    const seed = mix(opts.seed, i);
    try {
      const a = await runSequence(seed, entries, stats);
      const b = await runSequence(seed, entries, {});
      const at = a.findIndex((line, k) => line !== b[k]);
      if (at >= 0 || a.length !== b.length) {
        throw new Violation(`two runs of the same sequence differ at step ${at}:\n  ${a[at]}\n  ${b[at]}`);
      }
    } catch (e) {
      failures.push({ suite: "calls", seed: opts.seed, iteration: i, message: e instanceof Violation ? e.message : `harness: ${describe(e)}` });
      if (failures.length >= (opts.maxFailures ?? 10)) break;
    }
  }
  return { suite: "calls", seed: opts.seed, start, iterations: opts.iterations, stats, failures };
}
