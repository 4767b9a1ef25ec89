// The build's debug side file, build/<name>.wasm.map (host-sim/debug-info.ts reads it): asc's source
// map plus the module's function names. asc's --sourceMap only adds a `sourceMappingURL` section to
// the bytes (the code is the same), which is taken out again, so contract ids do not change.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ByteReader } from "../host-sim/wasm/bytes.js";
import { DebugInfo, debugFileOf } from "../host-sim/debug-info.js";
import type { VM } from "../host-sim/vm.js";

/** asc's arguments for a source map next to the .wasm. */
export const SOURCE_MAP_ARGS = ["--sourceMap"];

/** The section asc adds for --sourceMap; the only byte difference it makes. */
const SOURCE_MAP_SECTION = "sourceMappingURL";

/** The parts of binaryen's JS API the names capture uses. */
interface BinaryenModule {
  getNumFunctions(): number;
  getFunctionByIndex(i: number): number;
  emitBinary(...args: unknown[]): unknown;
}
interface BinaryenApi {
  getFunctionInfo(f: number): { name: string; module: string | null };
}

/**
 * An asc transform (passed in asc.main's `transforms`) that records the function names at emit time,
 * after optimisation, in the binary's order: binaryen writes imported functions first.
 */
export function namesCapture(): { transform: new () => object; names: () => string[] } {
  let names: string[] = [];
  class CaptureNames {
    declare binaryen: BinaryenApi;
    afterCompile(module: BinaryenModule): void {
      const binaryen = this.binaryen;
      const emit = module.emitBinary.bind(module);
      module.emitBinary = (...args: unknown[]) => {
        const imported: string[] = [];
        const defined: string[] = [];
        for (let i = 0; i < module.getNumFunctions(); i++) {
          const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
          (info.module ? imported : defined).push(info.name);
        }
        names = [...imported, ...defined];
        return emit(...args);
      };
    }
  }
  return { transform: CaptureNames, names: () => names };
}

/** `wasm` without its custom section named `name` (asc writes it last, but any position is handled). */
export function withoutCustomSection(wasm: Uint8Array, name: string): Uint8Array {
  const r = new ByteReader(wasm, 8);
  const kept: Uint8Array[] = [wasm.subarray(0, 8)];
  while (!r.eof) {
    const start = r.pos;
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (!(id === 0 && r.name() === name)) kept.push(wasm.subarray(start, end));
    r.pos = end;
  }
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let o = 0;
  for (const k of kept) {
    out.set(k, o);
    o += k.length;
  }
  return out;
}

/**
 * Takes the source-map URL out of the .wasm asc wrote and completes its map with the contract's
 * name and function names. Returns the deployable bytes.
 */
export function finishDebugFiles(wasmFile: string, name: string, functionNames: string[]): Uint8Array {
  const bytes = withoutCustomSection(new Uint8Array(readFileSync(wasmFile)), SOURCE_MAP_SECTION);
  writeFileSync(wasmFile, bytes);
  const mapFile = debugFileOf(wasmFile);
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as Record<string, unknown>;
  writeFileSync(mapFile, JSON.stringify({ ...map, x_name: name, x_functionNames: functionNames }));
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
    const info = DebugInfo.forWasmFile(wasm);
    if (info) vm.addDebugInfo(new Uint8Array(readFileSync(wasm)), info);
  }
}
