// Mirrors nothing in Piecrust (which does not guard a directory against a second process): the LOCK file.
//
// Why taking it is race-free:
// * LOCK only ever appears complete: a holder writes "<pid> <token>\n" to a file of its own, then
//   hard-links it to LOCK. link() fails if LOCK exists, so of any number of racing linkers exactly one
//   succeeds, and no process can ever read a half-written LOCK of ours. No fsync: only a machine
//   crash could leave LOCK empty, and then its holder is dead and an empty LOCK is taken over.
// * The token (unique, never reused: newToken) names one holding. A file's identity is its token, or for
//   content this code never writes (empty or garbled, e.g. left by an older version), a hash of it.
// * A file may be removed by its own holder (release), or by whoever holds `LOCK.takeover.<id>`, the
//   right to remove the file of identity <id> once its holder is dead. That right is itself taken by
//   link() (one winner), and its winner re-reads the file and removes it only if it still has
//   identity <id>. Between that check and the unlink nothing else can replace the file: its holder
//   is dead, every other remover would need the same right, and link() cannot overwrite. So a live
//   lock is never removed, however the takers interleave; a taker that lost the race only finds a
//   different identity and leaves it alone.
// * A taker killed while holding a right leaves `LOCK.takeover.<id>` with its own dead pid: that file
//   is removed the same way, under `LOCK.takeover.<its token>`.
// * A LOCK whose holder is this very process but which close() could not remove (read-only
//   directory) is remembered as abandoned, so this process can take it over when it opens again.
// pid liveness is checked with signal 0: processes in another pid namespace sharing the directory
// are not seen, and a dead holder's pid reused by an unrelated process keeps the store "in use".
import { join } from "node:path";
import { StoreError } from "./errors.js";
import { nodeFs, type FsLayer } from "./fs-layer.js";
import { hash } from "./hash.js";
import { toHex } from "../hex.js";

const LOCK = "LOCK";
const TAKEOVER = "LOCK.takeover.";
/** How long a taker waits for another process's takeover in progress before giving up. */
const WAIT_MS = 5_000;
/** Nested takeovers (a taker killed while taking over a taker killed while…) before giving up. */
const MAX_NESTING = 8;

/** Tokens of locks this process released but could not remove. */
const abandoned = new Set<string>();

interface Holding {
  pid: number;
  /** null for a bare "<pid>\n", as earlier versions wrote. */
  token: string | null;
}

function parse(bytes: Uint8Array): Holding | null {
  const m = /^([1-9][0-9]{0,9})(?: ([0-9a-f]{32}))?\n$/.exec(new TextDecoder().decode(bytes));
  return m ? { pid: Number(m[1]), token: m[2] ?? null } : null;
}

function identity(bytes: Uint8Array): string {
  return parse(bytes)?.token ?? `x${toHex(hash(bytes)).slice(0, 32)}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function live(bytes: Uint8Array): Holding | null {
  const h = parse(bytes);
  if (!h || !alive(h.pid)) return null;
  if (h.pid === process.pid && h.token !== null && abandoned.has(h.token)) return null;
  return h;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let tokens = 0;

/**
 * A new holding's token: this process's id, the system's monotonic clock, a count and Math.random,
 * hashed. No two holdings share one (a pid is reused only later on the same clock, and machines
 * sharing a directory differ in the random part), and it needs no node:crypto, whose load would
 * add 2–3 ms to every open.
 */
function newToken(): string {
  const seed = `${process.pid} ${process.hrtime.bigint()} ${++tokens} ${Math.random()} ${Math.random()}`;
  return toHex(hash(new TextEncoder().encode(seed))).slice(0, 32);
}

/**
 * Holds `<dir>/LOCK` for this process. A live holder, this very process included, makes acquire
 * fail with StoreInUse; a lock left by a dead process (killed mid-commit, say) is taken over.
 */
export class DirLock {
  private constructor(
    readonly path: string,
    private readonly token: string,
    private readonly fs: FsLayer,
  ) {}

  static acquire(dir: string, fs: FsLayer = nodeFs): DirLock {
    const token = newToken();
    const taker = new Taker(dir, fs, token);
    const path = join(dir, LOCK);
    const deadline = Date.now() + WAIT_MS;
    taker.writeOwn();
    try {
      for (;;) {
        if (taker.link(path)) {
          taker.collectLeftovers();
          return new DirLock(path, token, fs);
        }
        const current = taker.read(path);
        if (current !== undefined) {
          const holder = live(current);
          if (holder) throw new StoreError("StoreInUse", `store ${dir} is in use by process ${holder.pid} (its lock file is ${path})`);
          if (taker.removeStale(path, identity(current), 0)) continue;
        }
        if (Date.now() > deadline) {
          throw new StoreError("StoreInUse", `store ${dir} is being taken over by another process (${path} stayed contended for ${WAIT_MS} ms)`);
        }
      }
    } finally {
      taker.dropOwn();
    }
  }

  /**
   * Removes LOCK if it is still ours. If that fails (a read-only directory, say) the lock is marked
   * abandoned, so this process may open the store again, and a StoreError says what is left behind.
   */
  release(): void {
    let bytes: Uint8Array;
    try {
      bytes = this.fs.readFileSync(this.path);
    } catch {
      return; // already gone
    }
    if (identity(bytes) !== this.token) return;
    try {
      this.fs.unlinkSync(this.path);
    } catch (e) {
      if (code(e) === "ENOENT") return;
      abandoned.add(this.token);
      throw new StoreError(
        "LockNotRemoved",
        `store ${join(this.path, "..")} is closed, but its lock file ${this.path} could not be removed (${(e as Error).message}); ` +
          `this process can open the store again, another process can once this one has exited, or remove the file by hand`,
        { cause: e },
      );
    }
  }
}

/** One process's attempt: its own complete lock file, and the link-based steps of the protocol. */
class Taker {
  readonly own: string;
  private readonly content: Uint8Array;

  constructor(
    private readonly dir: string,
    private readonly fs: FsLayer,
    token: string,
  ) {
    this.own = join(dir, `LOCK.${token}.tmp`);
    this.content = new TextEncoder().encode(`${process.pid} ${token}\n`);
  }

  writeOwn(): void {
    const fd = this.fs.openSync(this.own, "wx");
    try {
      this.fs.writeSync(fd, this.content, 0, this.content.length);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  dropOwn(): void {
    try {
      this.fs.unlinkSync(this.own);
    } catch {
      /* a leftover is collected by the next holder */
    }
  }

  /** Exclusive: true if `path` now is our file, false if something already stood there. */
  link(path: string): boolean {
    try {
      this.fs.linkSync(this.own, path);
      return true;
    } catch (e) {
      if (code(e) === "EEXIST") return false;
      throw e;
    }
  }

  read(path: string): Uint8Array | undefined {
    try {
      return this.fs.readFileSync(path);
    } catch (e) {
      if (code(e) === "ENOENT") return undefined;
      throw e;
    }
  }

  /**
   * Removes `path` if it still has identity `id`, under the right to do so. False when another live
   * process holds that right (it is doing the same; the caller retries after a short wait).
   */
  removeStale(path: string, id: string, nesting: number): boolean {
    const right = join(this.dir, TAKEOVER + id);
    if (!this.link(right)) {
      const other = this.read(right);
      if (other === undefined) return true; // just released: try again
      if (live(other)) {
        sleep(2);
        return false;
      }
      if (nesting >= MAX_NESTING) throw new StoreError("StoreInUse", `store ${this.dir}: too many abandoned takeovers of ${path}`);
      return this.removeStale(right, identity(other), nesting + 1);
    }
    try {
      const current = this.read(path);
      if (current !== undefined && identity(current) === id) this.unlinkIfPresent(path);
    } finally {
      this.unlinkIfPresent(right);
    }
    return true;
  }

  /** After taking LOCK: removes other processes' own files and takeover rights they left by dying. */
  collectLeftovers(): void {
    let names: string[];
    try {
      names = this.fs.readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith("LOCK.")) continue;
      const path = join(this.dir, name);
      if (path === this.own) continue;
      const bytes = this.read(path);
      // Only files of a known dead writer: an own file may still be empty while its writer fills it.
      const h = bytes === undefined ? null : parse(bytes);
      if (!h || live(bytes!)) continue;
      // An own file's name is unique to its dead writer, so nobody else can recreate it.
      if (name.endsWith(".tmp")) this.unlinkIfPresent(path);
      else if (name.startsWith(TAKEOVER)) this.removeStale(path, identity(bytes!), 1);
    }
  }

  private unlinkIfPresent(path: string): void {
    try {
      this.fs.unlinkSync(path);
    } catch (e) {
      if (code(e) !== "ENOENT") throw e;
    }
  }
}
