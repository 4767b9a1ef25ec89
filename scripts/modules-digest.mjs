// SHA-256 over compiled modules, in name order: what scripts/bundle-host-sim.mjs records of the
// modules a bundle was built from, and what tests/sim/bundle.test.ts compares with the modules now.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The digest of `files` (paths relative to `root`), each with its name. */
export function modulesDigest(root, files) {
  const h = createHash("sha256");
  for (const f of [...files].sort()) h.update(`${f}\0`).update(readFileSync(join(root, f))).update("\0");
  return h.digest("hex");
}
