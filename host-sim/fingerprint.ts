// No Piecrust counterpart: a fingerprint of the code that produces a derived file (host-sim's kept
// rewrites, the CLI's build cache), so a file written by other code is never reused. Node-only.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** sha256 of each .js file of `dir` and of `extra` files, in name order: the toolchain's own code. */
export function filesFingerprint(dir: string, extra: string[]): string {
  const h = createHash("sha256");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".js")).sort().map((f) => join(dir, f)) : [];
  for (const f of [...files, ...extra]) {
    // The dev build and prepack's differ only in the source-map comment, which changes no output.
    const text = existsSync(f) ? readFileSync(f, "utf8").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n") : "";
    h.update(basename(f)).update("\0").update(text).update("\0");
  }
  return h.digest("hex");
}
