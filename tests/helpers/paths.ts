// Where the repository and the shared spec/vector folder live, for tests and benches.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

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
/** The file URL of a compiled module under dist/, e.g. `distUrl("host-sim/index.js")`, for a child process to import. */
export function distUrl(path: string): string {
  return pathToFileURL(join(REPO_ROOT, "dist", path)).href;
}

/** The recorded vectors, copied into the repository (origin in tests/vectors/README.md). */
export const VECTORS_DIR = join(REPO_ROOT, "tests", "vectors");

/** Reads one vector file, e.g. `vectorJson("piecrust-vm.json")`. */
export function vectorJson<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(VECTORS_DIR, name), "utf8")) as T;
}
