// Mirrors nothing in Piecrust: 8 processes race to open one store, from a fresh directory, from a
// stale LOCK left by a holder killed with SIGKILL mid-session, and from an empty LOCK. Every round
// exactly one gets the store (the others are told it is in use), and the store then reopens with
// every commit ever reported. LOCK_RACE_ROUNDS (default 2) rounds of each; test:slow runs 50.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { toHex, VM } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";

const CHILD = fileURLToPath(new URL("./lock-race-child.js", import.meta.url));
const ROUNDS = Number(process.env.LOCK_RACE_ROUNDS ?? 2);
const RACERS = 8;

interface Report {
  ready?: boolean;
  ok?: boolean;
  root?: string;
  vmError?: boolean;
  code?: string;
  message?: string;
}

class Racer {
  readonly child: ChildProcess;
  private readonly lines: Report[] = [];
  private waiters: Array<() => void> = [];
  /** Whether the child has exited and its output is all read. */
  private closed = false;
  readonly exited: Promise<number | null>;

  constructor(dir: string, wasmPath: string, tag: string, hold = false) {
    this.child = spawn(process.execPath, [CHILD, dir, wasmPath, tag, ...(hold ? ["hold"] : [])], { stdio: ["pipe", "pipe", "inherit"] });
    let buf = "";
    this.child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        this.lines.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
        for (const w of this.waiters.splice(0)) w();
      }
    });
    // "close", not "exit": a child's last lines can still be in its stdout pipe when it has exited
    this.exited = new Promise((resolve) => this.child.once("close", (code) => {
      this.closed = true;
      resolve(code);
    }));
  }

  /** The n-th line the child reported (0: ready, 1: the outcome of its open). */
  async line(n: number): Promise<Report> {
    while (this.lines.length <= n) {
      if (this.closed) throw new Error(`racer exited (code ${this.child.exitCode}) after ${this.lines.length} lines`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        this.child.once("close", () => resolve());
      });
    }
    return this.lines[n];
  }
}

/** Races RACERS processes on `dir`; returns the root the single winner committed. */
async function race(dir: string, wasmPath: string, round: string): Promise<string> {
  const racers = Array.from({ length: RACERS }, (_, i) => new Racer(dir, wasmPath, `${round}/${i}`));
  try {
    return await raceWith(racers, round);
  } finally {
    for (const r of racers) if (r.child.exitCode === null) r.child.kill("SIGKILL");
  }
}

async function raceWith(racers: Racer[], round: string): Promise<string> {
  await Promise.all(racers.map((r) => r.line(0)));
  for (const r of racers) r.child.stdin!.write("go\n");
  const outcomes = await Promise.all(racers.map((r) => r.line(1)));
  const winners = outcomes.filter((o) => o.ok);
  for (const o of outcomes.filter((o) => !o.ok)) {
    assert.deepEqual([o.vmError, o.code], [true, "PersistenceError"], `${round}: ${o.message}`);
    assert.match(o.message!, /is in use by process \d+/, round);
  }
  assert.equal(winners.length, 1, `${round}: exactly one holder, got ${winners.length}`);
  for (const r of racers) r.child.stdin!.end();
  assert.deepEqual(await Promise.all(racers.map((r) => r.exited)), new Array(RACERS).fill(0), round);
  return winners[0].root!;
}

async function reopenHolds(dir: string, roots: string[], round: string): Promise<void> {
  const vm = await VM.open(dir);
  assert.deepEqual(vm.commits().map(toHex).sort(), [...roots].sort(), `${round}: every commit survives`);
  vm.close();
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("LOCK")), [], `${round}: no lock files left`);
}

test(`${RACERS} processes racing to open one store: exactly one holder (${ROUNDS} rounds each: fresh, stale LOCK, empty LOCK)`, async () => {
  const base = mkdtempSync(join(tmpdir(), "piecrust-as-lockrace-"));
  try {
    const wasmPath = join(base, "contract.wasm");
    writeFileSync(wasmPath, await wat(`(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
      (func (export "keep") (param i32) (result i32) (i32.store (i32.const 65536) (i32.load (i32.const 0))) (i32.const 0)))`));
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = join(base, `fresh-${round}`);
      await reopenHolds(fresh, [await race(fresh, wasmPath, `fresh ${round}`)], `fresh ${round}`);
    }
    const staleDir = join(base, "stale");
    const staleRoots: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // A holder that committed and is then killed leaves its LOCK (with its dead pid) behind.
      const holder = new Racer(staleDir, wasmPath, `stale-holder ${round}`, true);
      try {
        const held = await holder.line(1);
        assert.ok(held.ok, `stale ${round}: the holder opened the store: ${held.message}`);
        staleRoots.push(held.root!);
      } finally {
        holder.child.kill("SIGKILL");
        await holder.exited;
      }
      staleRoots.push(await race(staleDir, wasmPath, `stale ${round}`));
      await reopenHolds(staleDir, staleRoots, `stale ${round}`);
    }
    const emptyDir = join(base, "empty");
    const emptyRoots: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round === 0) (await VM.open(emptyDir)).close();
      writeFileSync(join(emptyDir, "LOCK"), "");
      emptyRoots.push(await race(emptyDir, wasmPath, `empty ${round}`));
      await reopenHolds(emptyDir, emptyRoots, `empty ${round}`);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
