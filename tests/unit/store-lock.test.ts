// The store's LOCK (host-sim/store/lock.ts): the interleavings that let two processes hold one store
// before (a taker removing a lock another process had just taken; an empty LOCK), replayed
// deterministically through the fs layer, and a close() that cannot remove its LOCK.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VM, VMError } from "../../host-sim/index.js";
import { DirLock } from "../../host-sim/store/lock.js";
import { nodeFs, Store, StoreError, type FsLayer } from "../../host-sim/store/index.js";
import { deploy, id, page, tempDir } from "./store-fixtures.js";

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  assert.equal(r.status, 0);
  return r.pid!;
}

function lockText(dir: string): string {
  return readFileSync(join(dir, "LOCK"), "utf8");
}

/** Only the LOCK and nothing the protocol leaves behind (own files, takeover rights). */
function lockFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith("LOCK")).sort();
}

test("LOCK holds '<pid> <token>' and only appears complete; it is gone after close", () => {
  const { dir, cleanup } = tempDir("lockfmt");
  try {
    const s = Store.open(dir);
    assert.match(lockText(dir), new RegExp(`^${process.pid} [0-9a-f]{32}\\n$`));
    assert.deepEqual(lockFiles(dir), ["LOCK"]);
    s.close();
    assert.deepEqual(lockFiles(dir), []);
  } finally {
    cleanup();
  }
});

for (const [what, content] of [
  ["empty", ""],
  ["garbled", "12x\n"],
  ["dead pid (old format)", null],
  ["dead pid", "token"],
] as const) {
  test(`a stale LOCK (${what}) is taken over and nothing of the takeover is left behind`, () => {
    const { dir, cleanup } = tempDir("lockstale");
    try {
      Store.open(dir).close();
      const text = content === null ? `${deadPid()}\n` : content === "token" ? `${deadPid()} ${"ab".repeat(16)}\n` : content;
      writeFileSync(join(dir, "LOCK"), text);
      const s = Store.open(dir);
      assert.match(lockText(dir), new RegExp(`^${process.pid} `));
      assert.deepEqual(lockFiles(dir), ["LOCK"]);
      s.close();
    } finally {
      cleanup();
    }
  });
}

test("a live old-format LOCK ('<pid>\\n' of a running process) still means in use", () => {
  const { dir, cleanup } = tempDir("lockold");
  try {
    Store.open(dir).close();
    writeFileSync(join(dir, "LOCK"), `${process.pid}\n`);
    assert.throws(() => Store.open(dir), (e) => e instanceof StoreError && e.code === "StoreInUse");
    assert.equal(lockText(dir), `${process.pid}\n`);
  } finally {
    cleanup();
  }
});

/**
 * An fs layer that runs `hook` once, right after the first read of LOCK that returns `trigger`:
 * this is where a slower taker has seen a stale lock and another process overtakes it.
 */
function overtakingFs(dir: string, trigger: string, hook: () => void): FsLayer {
  let fired = false;
  return {
    ...nodeFs,
    readFileSync: (p) => {
      const bytes = nodeFs.readFileSync(p);
      if (!fired && p === join(dir, "LOCK") && new TextDecoder().decode(bytes) === trigger) {
        fired = true;
        hook();
      }
      return bytes;
    },
  };
}

for (const [what, stale] of [
  ["dead pid", () => `${deadPid()} ${"cd".repeat(16)}\n`],
  ["empty LOCK", () => ""],
] as const) {
  test(`a taker that read a stale LOCK (${what}) never removes the lock another process took meanwhile`, () => {
    const { dir, cleanup } = tempDir("lockrace");
    try {
      Store.open(dir).close();
      const text = stale();
      writeFileSync(join(dir, "LOCK"), text);
      let fast: DirLock | undefined;
      // The slow taker reads the stale LOCK; before it acts, a fast one takes the store over.
      const slowFs = overtakingFs(dir, text, () => {
        fast = DirLock.acquire(dir);
      });
      assert.throws(
        () => DirLock.acquire(dir, slowFs),
        (e) => e instanceof StoreError && e.code === "StoreInUse" && e.message.includes(`in use by process ${process.pid}`),
      );
      assert.ok(fast);
      const held = lockText(dir);
      assert.match(held, new RegExp(`^${process.pid} [0-9a-f]{32}\\n$`));
      assert.deepEqual(lockFiles(dir), ["LOCK"], "the fast taker's LOCK is still there, nothing else is");
      fast.release();
      assert.deepEqual(lockFiles(dir), []);
    } finally {
      cleanup();
    }
  });
}

test("a takeover right left by a killed taker is cleared, then the stale LOCK is taken over", () => {
  const { dir, cleanup } = tempDir("lockright");
  try {
    Store.open(dir).close();
    const stale = "ef".repeat(16);
    writeFileSync(join(dir, "LOCK"), `${deadPid()} ${stale}\n`);
    // The killed taker had linked its own file to LOCK.takeover.<stale> and left both behind.
    const taker = `${deadPid()} ${"12".repeat(16)}\n`;
    writeFileSync(join(dir, `LOCK.${"12".repeat(16)}.tmp`), taker);
    writeFileSync(join(dir, `LOCK.takeover.${stale}`), taker);
    const s = Store.open(dir);
    assert.match(lockText(dir), new RegExp(`^${process.pid} `));
    assert.deepEqual(lockFiles(dir), ["LOCK"]);
    s.close();
  } finally {
    cleanup();
  }
});

test("close() that cannot remove its LOCK says so; the store is closed and this process can reopen it", async () => {
  const { dir, cleanup } = tempDir("lockro");
  try {
    let readOnly = false;
    const fs: FsLayer = {
      ...nodeFs,
      unlinkSync: (p) => {
        if (readOnly) throw Object.assign(new Error(`EROFS: read-only file system, unlink '${p}'`), { code: "EROFS" });
        nodeFs.unlinkSync(p);
      },
    };
    const s = Store.open(dir, { fs });
    const root = s.commit(null, [deploy(id(0x42), [[0, page(7)]])]);
    s.close();
    const vm = await VM.open(dir, { fs });
    readOnly = true;
    assert.throws(
      () => vm.close(),
      (e) => e instanceof VMError && e.code === "PersistenceError" && /lock file .*LOCK could not be removed \(EROFS/.test(e.message) && /this process can open the store again/.test(e.message),
    );
    assert.ok(existsSync(join(dir, "LOCK")), "the LOCK stayed");
    assert.throws(() => vm.commits(), (e) => e instanceof VMError || e instanceof StoreError, "the VM is closed all the same");
    vm.close(); // closing again is a no-op
    readOnly = false;
    const again = await VM.open(dir);
    assert.deepEqual(again.commits().map((r) => Buffer.from(r).toString("hex")), [Buffer.from(root).toString("hex")]);
    assert.deepEqual(lockFiles(dir), ["LOCK"]);
    again.close();
    assert.deepEqual(lockFiles(dir), []);
  } finally {
    cleanup();
  }
});
