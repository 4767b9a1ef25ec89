// Bundles host-sim's two public entries (piecrust-as/host-sim and piecrust-as/host-sim/dusk) and the
// CLI's (host-sim/node.ts, package.json's private import "#host-sim") from tsc's output into
// dist/host-sim/bundle/, the files package.json names. Node's ES module loader costs about half a
// millisecond a module: host-sim's 72 modules import in 53–70 ms, the same code in a few chunks in
// 26–30 ms (docs/host-sim.md, "Cold start"). Code splitting keeps the three entries on shared
// chunks (one VMError class for all) and keeps what host-sim imports lazily (the on-disk store, the
// Dusk profile's curves) in chunks of their own, loaded as before.
//
// The bundle sits two folders below dist/, as dist/host-sim/dusk/ does, so the paths host-sim
// resolves against import.meta.url (the stand-in contract, the files the rewrite cache's
// fingerprint covers) mean the same from either. Run by `npm run build` and by prepack.
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { modulesDigest } from "./modules-digest.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist", "host-sim", "bundle");

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { index: "dist/host-sim/index.js", dusk: "dist/host-sim/dusk/index.js", node: "dist/host-sim/node.js" },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // @noble and @jridgewell stay the package's dependencies, resolved from node_modules
  packages: "external",
  chunkNames: "chunk-[hash]",
  metafile: true,
  logLevel: "warning",
});

// what the bundle was built from, so that a bundle older than the modules is found (a `tsc` alone)
const inputs = Object.keys(result.metafile.inputs).filter((f) => f.startsWith("dist/"));
writeFileSync(join(OUT, "built-from.json"), JSON.stringify({ modules: inputs.sort(), sha256: modulesDigest(ROOT, inputs) }, null, 1) + "\n");
