// Mirrors nothing in Piecrust (wasmtime has no such switch): the one V8 feature host-sim turns on
// before it compiles a rewritten contract, and that compile.
let asked = false;

/**
 * V8 reads a module's branch hints (wasm/branch-hints.ts) only under
 * --experimental-wasm-branch-hinting. Without them it takes the page-cache miss in a store check for
 * a path as hot as the store, and around that path's host call keeps a loop's values in memory
 * instead of registers: AssemblyScript's byte loops ran 1.7× their unmetered time with the miss path
 * as it is, 1.4× with it hinted cold (docs/host-sim.md, "Speed of metered code"). The flag only lets
 * V8 read that custom section, which changes how it lays out code, never what the code does; it is
 * set at run time (Node reads V8 flags at any time, and this one is looked at when a module is
 * compiled), once, in Node only, and where the embedder already set it nothing changes. A Node
 * without process.getBuiltinModule (before 20.16) or whose V8 lacks the flag compiles the same
 * module without the hints' effect.
 */
function askForBranchHints(): void {
  if (asked) return;
  asked = true;
  // looked up, not imported: a browser bundle has no node:v8 (tests/playground/bundle.test.ts)
  const v8 = globalThis.process?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined;
  v8?.setFlagsFromString("--experimental-wasm-branch-hinting");
}

/** Compiles a rewritten contract's bytes (module.ts, prepared-cache.ts). */
export function compileRewritten(bytes: Uint8Array): WebAssembly.Module {
  askForBranchHints();
  return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
}
