// Running the CLI as a user does: a child process in a temporary folder, with a time limit as a
// safety net (the assertions are on what it prints), and the rules every error line must keep.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";

export const CLI = join(REPO_ROOT, "dist", "cli", "main.js");
export const BIN = join(REPO_ROOT, "bin", "piecrust-as.js");
export const TOKEN = join(REPO_ROOT, "build", "token.wasm");
export const COUNTER = join(REPO_ROOT, "build", "counter.wasm");

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** The environment a child gets: this node first on PATH (for `#!/usr/bin/env node` and npm). */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`, npm_config_offline: "true", npm_config_update_notifier: "false", ...extra };
}

/** Runs `command args…` in `cwd`; 60 s at most, so a hang fails the test instead of stalling it. */
export function spawn(cwd: string, command: string, args: string[]): Run {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: childEnv(), timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `node dist/cli/main.js args…` in `cwd`. */
export function run(cwd: string, ...args: string[]): Run {
  return spawn(cwd, process.execPath, [CLI, ...args]);
}

export function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "pcas-cli-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A user error: the exit code, and exactly one stderr line matching `pattern`, with no stack. */
export function assertUserError(r: Run, code: 1 | 2, pattern: RegExp): void {
  assert.equal(r.code, code, `exit code of: ${r.err}`);
  const lines = r.err.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, `one stderr line, got:\n${r.err}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.err, /\n\s+at |node:internal|\bE[A-Z]{3,}\b|\b(Type|Range|Syntax|Reference)?Error:/, "no stack, raw Node error or error class");
}
