// host-sim's core and the playground bundle for browsers with no Node built-in: esbuild, bundling
// for the browser platform, cannot resolve one, and the outputs name none. Only the on-disk store
// (host-sim/store/disk-store.ts and what it imports) may use node:*.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const NODE_ONLY = ["host-sim/store/disk-store.ts", "host-sim/store/disk.ts", "host-sim/store/lock.ts", "host-sim/store/fs-layer.ts", "host-sim/prepared-cache.ts", "host-sim/fingerprint.ts", "host-sim/debug-file.ts"];
const BUILTIN = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function inputsOf(meta: Metafile): string[] {
  return Object.keys(meta.inputs);
}

/** What the bundle's outputs still import from outside themselves (a Node built-in would be one). */
function externalImports(meta: Metafile): string[] {
  return Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
}

test("only host-sim's on-disk store imports node:*", () => {
  const importers = tsFiles(join(ROOT, "host-sim"))
    .filter((f) => /from\s+["']node:|import\(\s*["']node:/.test(readFileSync(f, "utf8")))
    .map((f) => relative(ROOT, f).split(sep).join("/"));
  assert.ok(importers.length > 0);
  assert.deepEqual(importers.filter((f) => !NODE_ONLY.includes(f)), []);
});

test("host-sim's public API bundles for browsers without the on-disk adapter, where VM.open says why it cannot", async () => {
  const noDisk: Plugin = {
    name: "no-disk",
    setup(b) {
      b.onResolve({ filter: /[\\/](disk-store|prepared-cache)\.js$/ }, () => ({ path: "no-disk", namespace: "absent" }));
      b.onLoad({ filter: /.*/, namespace: "absent" }, () => ({ contents: "export {};", loader: "js" }));
    },
  };
  const out = await build({
    entryPoints: [join(ROOT, "host-sim", "index.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    metafile: true,
    logLevel: "silent",
    plugins: [noDisk],
  });
  assert.deepEqual(inputsOf(out.metafile).filter((i) => BUILTIN.has(i) || i.includes("host-sim/store/disk")), []);
  assert.deepEqual(externalImports(out.metafile), []);
  const js = out.outputFiles[0].text;
  // The bundle runs (here in Node, as a page would run it): memory state works, a directory is refused.
  const sim = (await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`)) as typeof import("../../host-sim/index.js");
  const vm = await sim.VM.ephemeral();
  assert.equal((await vm.session()).root().length, 32);
  await assert.rejects(sim.VM.open(join(ROOT, "build", "never-created-store")), (e: Error) => {
    assert.ok(e instanceof sim.VMError, String(e));
    assert.equal(e.code, "PersistenceError");
    assert.match(e.message, /needs Node's file system/);
    return true;
  });
});

test("the playground's bundle has no Node built-in", async () => {
  const script = (await import(pathToFileURL(join(ROOT, "scripts", "playground.mjs")).href)) as { buildPlayground(o?: { minify?: boolean }): Promise<Metafile> };
  const meta = await script.buildPlayground({ minify: false });
  const inputs = inputsOf(meta);
  assert.deepEqual(inputs.filter((i) => BUILTIN.has(i)), []);
  // Its compiler and VM are the project's own sources, not copies.
  for (const f of ["transform/index.ts", "transform/abi-check.ts", "cli/asc-args.ts", "host-sim/session.ts", "host-sim/vm.ts"]) assert.ok(inputs.includes(f), f);
  assert.ok(!inputs.some((i) => i.startsWith("host-sim/store/disk")), "the on-disk store reached the page");
  assert.deepEqual(externalImports(meta), []);
});
