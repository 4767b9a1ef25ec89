// Mirrors nothing in Piecrust: the worker of the store crash test. It commits and deletes in a loop on
// a store directory and reports each operation on stdout *after* it returned, until it SIGKILLs itself
// right after its <kill-after>-th file-system call that changes the disk (no clock involved, so a
// seed replays the same crash point).
// Usage: node store-crash-child.js <dir> <seed> <kill-after>
import { writeSync } from "node:fs";
import { Store, positionKey, PAGE_SIZE, nodeFs, type ContractChange, type FsLayer } from "../../host-sim/store/index.js";
import { toHex } from "../../host-sim/hex.js";
import { mulberry32 } from "../helpers/rng.js";

const [dir, seedArg, killArg] = process.argv.slice(2);
let armed = false;
let left = Number(killArg);
/** Counts the calls that change the disk once armed, and dies by SIGKILL right after the last one. */
function counted<A extends unknown[], R>(f: (...a: A) => R): (...a: A) => R {
  return (...a: A): R => {
    const r = f(...a);
    if (armed && --left <= 0) process.kill(process.pid, "SIGKILL");
    return r;
  };
}
const crashingFs: FsLayer = {
  ...nodeFs,
  openSync: counted(nodeFs.openSync),
  writeSync: counted(nodeFs.writeSync),
  fsyncSync: counted(nodeFs.fsyncSync),
  renameSync: counted(nodeFs.renameSync),
  unlinkSync: counted(nodeFs.unlinkSync),
};
const rand = mulberry32(Number(seedArg));
const int = (n: number) => Math.floor(rand() * n);
// Synchronous writes: nothing may sit in a buffer when the kill comes.
const say = (line: string) => writeSync(1, line + "\n");

function randomPage(): Uint8Array {
  const p = new Uint8Array(PAGE_SIZE);
  if (rand() < 0.2) return p; // written zeros
  const fill = int(256);
  p.fill(fill);
  for (let i = 0; i < 8; i++) p[int(PAGE_SIZE)] = int(256);
  return p;
}

const store = Store.open(dir, { fs: crashingFs });
say("ready");
armed = true;
for (;;) {
  const commits = store.commits();
  const base = commits.length === 0 || rand() < 0.05 ? null : commits[int(commits.length)];
  const changes: ContractChange[] = [];
  for (const cid of store.contractIds(base)) {
    if (rand() < 0.5) continue;
    const e = store.contract(base, cid)!;
    const dirty = new Map<number, Uint8Array>();
    for (let i = int(4); i > 0; i--) dirty.set(int(24), randomPage());
    const maxPage = Math.max(e.memLen / PAGE_SIZE, ...[...dirty.keys()].map((k) => k + 1));
    changes.push({ id: cid, isNew: false, memLen: maxPage * PAGE_SIZE, dirtyPages: dirty });
  }
  if (changes.length === 0 || rand() < 0.3) {
    const id = new Uint8Array(32);
    for (let i = 0; i < 32; i++) id[i] = int(256);
    if (!store.positionTaken(base, positionKey(id)) && !changes.some((c) => positionKey(c.id) === positionKey(id))) {
      const bytecode = new Uint8Array(100 + int(3000)).map(() => int(256));
      const dirty = new Map<number, Uint8Array>([[0, randomPage()]]);
      if (rand() < 0.5) dirty.set(1 + int(20), randomPage());
      // half the contracts are wasm64: their records (and height-13 roots) survive the crash too
      changes.push({ id, isNew: true, bytecode, owner: id.slice(0, 8), memLen: 24 * PAGE_SIZE, dirtyPages: dirty, memory64: rand() < 0.5 });
    }
  }
  say("c?");
  const root = store.commit(base, changes);
  say(`C ${toHex(root)}`);
  const now = store.commits();
  if (now.length > 6 || rand() < 0.15) {
    const victim = now[int(now.length)];
    say(`d? ${toHex(victim)}`);
    if (rand() < 0.5) store.deleteCommit(victim);
    else store.finalizeCommit(victim);
    say(`D ${toHex(victim)}`);
  }
}
