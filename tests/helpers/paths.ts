// Where the repository and the shared spec/vector folder live, for tests and benches.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "piecrust-as") return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = findRepoRoot();
/** The shared folder beside the checkout (specs and recorded vectors); PIECRUST_SHARED overrides it. */
export const SHARED_DIR = process.env.PIECRUST_SHARED ?? resolve(REPO_ROOT, "..", "shared");

export function sharedJson<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(join(SHARED_DIR, rel), "utf8")) as T;
}
