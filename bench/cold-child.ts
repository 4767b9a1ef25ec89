// One cold start, in a fresh process (bench/cold.ts runs it). Mode "host-sim": imports host-sim as
// the package gives it (the bundle, scripts/bundle-host-sim.mjs), opens the store, makes the first
// call of an example on the given base, then times the same call warm, and the whole open and first
// call again. Mode "modules": imports host-sim's modules instead, and stops there. Mode "bound": what
// any wasm VM on this engine must do for that first call, from the same files: read the bytecode and
// the pages, compile the bytecode (Node offers no compiled-code cache for wasm), instantiate it and
// put the pages in its memory. Prints one JSON line of milliseconds.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { time } from "./harness.js";

const GAS = 1_000_000_000n;
const [mode, dir, baseHex, idHex, fn, argHex] = process.argv.slice(2);

// host-sim's import, timed: every figure below starts after it, as native's start after its binary
// is loaded; bench/cold.ts prints it beside them.
const t = performance.now();
const entry = mode === "modules" ? "../host-sim/index.js" : "../host-sim/bundle/index.js";
const { VM, fromHex } = (await import(entry)) as typeof import("../host-sim/index.js");
const imported = performance.now() - t;

if (mode === "modules") {
  console.log(JSON.stringify({ import: imported }));
} else if (mode === "bound") {
  const t0 = performance.now();
  const pages = readdirSync(join(dir, "pages")).map((name) => readFileSync(join(dir, "pages", name)));
  const [code] = readdirSync(join(dir, "bytecode"));
  const wasm = readFileSync(join(dir, "bytecode", code));
  const module = new WebAssembly.Module(wasm);
  // Piecrust contracts import only host functions; what they do is not part of the bound
  const imports: WebAssembly.Imports = {};
  for (const imp of WebAssembly.Module.imports(module)) (imports[imp.module] ??= {})[imp.name] = () => 0;
  const memory = Object.values(new WebAssembly.Instance(module, imports).exports).find((e) => e instanceof WebAssembly.Memory)!;
  // each page at its own offset: the copies any VM makes (or maps) to restore the state
  const view = new Uint8Array(memory.buffer);
  pages.forEach((p, i) => (i + 1) * p.length <= view.length && view.set(p, i * p.length));
  const t1 = performance.now();
  console.log(JSON.stringify({ bound: t1 - t0, bytes: pages.reduce((n, p) => n + p.length, wasm.length) }));
} else {
  const id = fromHex(idHex);
  const arg = fromHex(argHex);
  const t0 = performance.now();
  const vm = await VM.open(dir);
  const t1 = performance.now();
  const s = await vm.session({ base: fromHex(baseHex) });
  s.callRaw(id, fn, arg, GAS);
  const t2 = performance.now();
  const warm = time(() => void s.callRaw(id, fn, arg, GAS), { iterations: 100 });
  s.close();
  vm.close();
  // The same open and first call again in this process: the work itself, once the engine has run
  // host-sim's code (parsed, compiled, its inline caches filled) for the first time.
  const t3 = performance.now();
  const again = await VM.open(dir);
  const s2 = await again.session({ base: fromHex(baseHex) });
  s2.callRaw(id, fn, arg, GAS);
  const t4 = performance.now();
  s2.close();
  again.close();
  console.log(JSON.stringify({ import: imported, open: t1 - t0, first: t2 - t1, warm, again: t4 - t3 }));
}
