// No Piecrust counterpart: a fingerprint of the code that produces a derived file (host-sim's kept
// rewrites, the CLI's build cache), so a file written by other code is never reused. Node-only.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { toHex } from "./hex.js";
import { hash as blake3 } from "./store/hash.js";

const SOURCE_MAP = Buffer.from("\n//# sourceMappingURL=");
const NEWLINE = 0x0a;
const NUL = new Uint8Array(1);

/**
 * A compiled file without a final source-map comment: the dev build and prepack's differ only in it,
 * which changes no output. Works on the bytes (no decoding, no regex): it runs on every cold start.
 */
function withoutSourceMap(text: Buffer): Buffer {
  const at = text.lastIndexOf(SOURCE_MAP);
  if (at < 0) return text;
  const nl = text.indexOf(NEWLINE, at + 1);
  const last = nl < 0 || text.subarray(nl).every((b) => b === NEWLINE || b === 0x0d || b === 0x20 || b === 0x09);
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

/**
 * BLAKE3 of each .js file of `dir` and of `extra` files, in name order: the toolchain's own code.
 * BLAKE3 because the store's hasher is loaded already, where node:crypto would add 2–3 ms to
 * every cold start.
 */
export function filesFingerprint(dir: string, extra: string[]): string {
  const parts: Uint8Array[] = [];
  const files = readOr<string[]>(dir, (d) => readdirSync(d), []).filter((f) => f.endsWith(".js")).sort().map((f) => join(dir, f));
  for (const f of [...files, ...extra]) {
    parts.push(Buffer.from(basename(f)), NUL, withoutSourceMap(readOr<Buffer>(f, (p) => readFileSync(p), Buffer.alloc(0))), NUL);
  }
  return toHex(blake3(Buffer.concat(parts)));
}
