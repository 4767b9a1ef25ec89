// The pure half of the build's debug side file (debug-build.ts writes it to disk): the names capture,
// the source-map section taken out of the bytes and the side file's text. The playground's in-page
// build uses the same, so its wasm and debug info are those of `piecrust-as build`.
// the wasm reader itself, not #host-sim: the playground bundles this file for the browser
import { ByteReader } from "../host-sim/wasm/bytes.js";

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

/** The deployable bytes of what asc wrote with --sourceMap: the same without its URL section. */
export function withoutSourceMapUrl(wasm: Uint8Array): Uint8Array {
  return withoutCustomSection(wasm, SOURCE_MAP_SECTION);
}

/** The side file's text: asc's source map `mapText` with the contract's name and function names. */
export function debugSideFile(mapText: string, name: string, functionNames: string[]): string {
  const map = JSON.parse(mapText) as Record<string, unknown>;
  return JSON.stringify({ ...map, x_name: name, x_functionNames: functionNames });
}
