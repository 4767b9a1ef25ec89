#!/usr/bin/env node
// Copies the recorded vector files from a shared folder given on the command line into
// tests/vectors/, then regenerates the AssemblyScript codec data derived from them. The source
// is an argument, never a default: tests and builds read only the copies in the repository.
import { copyFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FILES = ["piecrust-vm.json", "rkyv-0.7.json"];
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const from = process.argv[2];
if (!from) {
  console.error("usage: npm run vectors:refresh -- <shared folder holding vectors/>");
  process.exit(2);
}
for (const f of FILES) {
  const src = join(resolve(from), "vectors", f);
  if (!existsSync(src)) {
    console.error(`no ${src}: pass the folder that holds vectors/${f}`);
    process.exit(2);
  }
  copyFileSync(src, join(root, "tests", "vectors", f));
  console.log(`copied ${f}`);
}
const gen = spawnSync(process.execPath, [join(root, "assembly", "__tests__", "gen-codec-vectors.mjs")], { stdio: "inherit" });
process.exit(gen.status ?? 1);
