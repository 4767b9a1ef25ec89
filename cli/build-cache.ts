// The incremental build's memory: one record per (entry, options, toolchain), in
// <outDir>/.cache/<key>.json, holding the hash of every file asc read (or tried to read: a file
// that appears later can change what an import resolves to) and of the outputs it wrote. A
// contract is rebuilt when any of them differs; nothing is trusted by timestamp.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeWhole } from "./commands/files.js";

export interface CacheRecord {
  /** Every file asc asked for, by the path it asked (project-relative where inside): sha256 or null if absent. */
  inputs: Record<string, string | null>;
  /** The files the build wrote (project-relative): sha256. */
  outputs: Record<string, string>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The key of a build: any change in what it is given (entry, options, toolchain) is a new key. */
export function cacheKey(parts: Record<string, unknown>): string {
  return sha256(JSON.stringify(parts, Object.keys(parts).sort()));
}

export { filesFingerprint } from "#host-sim";

export class BuildCache {
  private readonly dir: string;
  /** Hashes read during this run, so files every contract imports (the SDK) are hashed once. */
  private readonly hashes = new Map<string, string | null>();

  constructor(private readonly cwd: string, outDir: string) {
    this.dir = resolve(cwd, outDir, ".cache");
  }

  /**
   * The file's hash, or null when there is no file to read: absent, or something a read fails on
   * (a folder, no permission). asc's reader sees such an input as absent too, and such an output
   * is rebuilt, whose write then names the problem.
   */
  private hashOf(file: string): string | null {
    const abs = resolve(this.cwd, file);
    if (!this.hashes.has(abs)) {
      let hash: string | null;
      try {
        hash = sha256(readFileSync(abs));
      } catch {
        hash = null;
      }
      this.hashes.set(abs, hash);
    }
    return this.hashes.get(abs)!;
  }

  /** The inputs of the build recorded under `key` if it is still what they would produce, else null. */
  fresh(key: string): string[] | null {
    const file = join(this.dir, `${key}.json`);
    if (!existsSync(file)) return null;
    let rec: CacheRecord;
    try {
      rec = JSON.parse(readFileSync(file, "utf8")) as CacheRecord;
    } catch {
      return null; // a torn or hand-edited record only costs a rebuild
    }
    if (!rec || typeof rec.inputs !== "object" || typeof rec.outputs !== "object") return null;
    for (const [f, h] of Object.entries(rec.outputs)) if (this.hashOf(f) !== h) return null;
    for (const [f, h] of Object.entries(rec.inputs)) if (this.hashOf(f) !== h) return null;
    return Object.keys(rec.inputs);
  }

  record(key: string, inputs: Record<string, string | null>, outputFiles: string[]): void {
    const outputs: Record<string, string> = {};
    for (const f of outputFiles) {
      this.hashes.delete(resolve(this.cwd, f));
      outputs[f] = this.hashOf(f) ?? "";
    }
    writeWhole(join(this.dir, `${key}.json`), JSON.stringify({ inputs, outputs } satisfies CacheRecord) + "\n");
  }
}
