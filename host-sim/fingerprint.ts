// No Piecrust counterpart: a fingerprint of the code that produces a derived file (host-sim's kept
// rewrites, the CLI's build cache), so a file written by other code is never reused. Node-only.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { toHex } from "./hex.js";
import { hash as blake3 } from "./store/hash.js";

const SOURCE_MAP = Buffer.from("\n//# sourceMappingURL=");
const NEWLINE = 0x0a;
/** What may follow the comment's line: more line ends and blanks (CR, space, tab). */
const TRAILING = new Set([NEWLINE, 0x0d, 0x20, 0x09]);
const NUL = new Uint8Array(1);

/**
 * A compiled file without a final source-map comment: the dev build and prepack's differ only in it,
 * which changes no output. Works on the bytes (no decoding, no regex): it runs on every cold start.
 */
function withoutSourceMap(text: Buffer): Buffer {
  const at = text.lastIndexOf(SOURCE_MAP);
  if (at < 0) return text;
  const nl = text.indexOf(NEWLINE, at + 1);
  const last = nl < 0 || text.subarray(nl).every((b) => TRAILING.has(b));
  return last ? text.subarray(0, at + 1) : text;
}

/** `read(f)`, or `missing` when there is no such file or folder: one read, no separate existence check. */
function readOr<T>(f: string, read: (f: string) => T, missing: T): T {
  try {
    return read(f);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return missing;
    throw e;
  }
}

/** The .js files of `dir` in name order (none when there is no such folder). */
export function jsFiles(dir: string): string[] {
  return readOr<string[]>(dir, (d) => readdirSync(d), []).filter((f) => f.endsWith(".js")).sort().map((f) => join(dir, f));
}

/** The .js files of `dir`, then `extra`: the files a fingerprint covers. */
function covered(dir: string, extra: string[]): string[] {
  return [...jsFiles(dir), ...extra];
}

/**
 * BLAKE3 of each .js file of `dir` and of `extra` files, in name order: the toolchain's own code.
 * BLAKE3 because the store's hasher is loaded already, where node:crypto would add 2–3 ms to
 * every cold start.
 */
export function filesFingerprint(dir: string, extra: string[]): string {
  return contentFingerprint(covered(dir, extra));
}

function contentFingerprint(files: string[]): string {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    parts.push(Buffer.from(basename(f)), NUL, withoutSourceMap(readOr<Buffer>(f, (p) => readFileSync(p), Buffer.alloc(0))), NUL);
  }
  return toHex(blake3(Buffer.concat(parts)));
}

/**
 * A file changed this recently might change again within its timestamps' granularity, keeping its
 * identity with other bytes (git's "racily clean" entries): such files are hashed, never remembered.
 */
const SETTLED_MS = 2000;

/**
 * Each file's identity as git's index keeps it (device, inode, size, modification and change times):
 * any write to a file gives it a new change time, which no user can set back. Null when a file is too
 * new to be trusted (SETTLED_MS before `now`).
 */
function identity(files: string[], now: number): string | null {
  let id = "";
  for (const f of files) {
    const st = statSync(f, { throwIfNoEntry: false });
    if (st === undefined) {
      id += `${f} -\n`;
      continue;
    }
    if (now - Math.max(st.ctimeMs, st.mtimeMs) < SETTLED_MS) return null;
    id += `${f} ${st.dev} ${st.ino} ${st.size} ${st.mtimeMs} ${st.ctimeMs}\n`;
  }
  return id;
}

interface Memo {
  identity: string;
  fingerprint: string;
}

/**
 * filesFingerprint, remembered in the file `memo` against the files' identities: reading and hashing
 * every file cost a cold first call 1–2 ms, 4–5 ms in a process that had read no file yet, where
 * checking their identities costs under a millisecond. A file that changed is hashed again; a memo
 * that cannot be read or written costs only that hashing. `now` (ms since the epoch) is the clock,
 * injectable for tests.
 */
export function rememberedFingerprint(dir: string, extra: string[], memo: string, now: number = Date.now()): string {
  const files = covered(dir, extra);
  const id = identity(files, now);
  if (id !== null) {
    const kept = readMemo(memo);
    if (kept !== null && kept.identity === id) return kept.fingerprint;
  }
  const fingerprint = contentFingerprint(files);
  if (id !== null) writeMemo(memo, { identity: id, fingerprint });
  return fingerprint;
}

function readMemo(memo: string): Memo | null {
  let text: string;
  try {
    text = readFileSync(memo, "utf8");
  } catch (e) {
    // Missing or unreadable only costs the hashing; anything else is a host-sim bug.
    if (typeof (e as NodeJS.ErrnoException).syscall !== "string") throw e;
    return null;
  }
  try {
    const m = JSON.parse(text) as Partial<Memo>;
    return typeof m.identity === "string" && typeof m.fingerprint === "string" ? { identity: m.identity, fingerprint: m.fingerprint } : null;
  } catch {
    return null; // torn or hand-edited: hash again
  }
}

function writeMemo(memo: string, m: Memo): void {
  try {
    mkdirSync(dirname(memo), { recursive: true });
    const tmp = `${memo}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(m));
    renameSync(tmp, memo);
  } catch (e) {
    // A read-only or full disk only loses the memo; anything else is a host-sim bug.
    if (typeof (e as NodeJS.ErrnoException).syscall !== "string") throw e;
  }
}
