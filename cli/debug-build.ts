// The build's debug side file, build/<name>.wasm.map (host-sim/debug-info.ts reads it): asc's source
// map plus the module's function names. asc's --sourceMap only adds a `sourceMappingURL` section to
// the bytes (the code is the same), which is taken out again, so contract ids do not change.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { debugSideFile, withoutSourceMapUrl } from "./debug-map.js";
import { DebugInfoError, debugFileOf, debugInfoForWasmFile, type DebugInfo, type VM } from "#host-sim";
import { CliError } from "./commands/args.js";
import type { AscOutputs } from "./asc-outputs.js";

export { namesCapture, SOURCE_MAP_ARGS, withoutCustomSection } from "./debug-map.js";

/**
 * Takes the source-map URL out of the .wasm asc wrote (held in `out`) and completes its map with the
 * contract's name and function names. Returns the deployable bytes.
 */
export function finishDebugFiles(out: AscOutputs, wasmFile: string, name: string, functionNames: string[]): Uint8Array {
  const mapFile = debugFileOf(wasmFile);
  const bytes = withoutSourceMapUrl(out.bytes(wasmFile));
  out.set(wasmFile, bytes);
  out.set(mapFile, debugSideFile(out.text(mapFile), name, functionNames));
  return bytes;
}

/**
 * Gives `vm` the debug info of every build output in `buildDir` that has a side file, so failures
 * of contracts deployed from those bytes show AssemblyScript lines. A build dir that is missing
 * or unreadable only means no source lines.
 */
export function addBuildDebugInfo(vm: VM, buildDir = "build"): void {
  let files: string[];
  try {
    files = readdirSync(buildDir).filter((f) => f.endsWith(".wasm") && existsSync(debugFileOf(join(buildDir, f))));
  } catch {
    return;
  }
  for (const f of files) {
    const wasm = join(buildDir, f);
    let info: DebugInfo | null;
    try {
      info = debugInfoForWasmFile(wasm);
    } catch (e) {
      if (e instanceof DebugInfoError) throw new CliError(e.message);
      throw e;
    }
    if (info) vm.addDebugInfo(new Uint8Array(readFileSync(wasm)), info);
  }
}
