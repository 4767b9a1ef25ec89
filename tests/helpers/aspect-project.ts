// tests/assembly/aspect-project copied under dist/tmp with piecrust-as and as-pect linked into its
// node_modules, as if installed, for tests that run `piecrust-as test` on a user project.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.js";

export function aspectProject(): string {
  const tmp = join(REPO_ROOT, "dist", "tmp");
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(join(tmp, "aspect-"));
  cpSync(join(REPO_ROOT, "tests", "assembly", "aspect-project"), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "piecrust-as"));
  symlinkSync(join(REPO_ROOT, "node_modules", "@as-pect"), join(dir, "node_modules", "@as-pect"));
  return dir;
}
