// Mirrors no Piecrust file (wasmtime ignores custom sections, and Piecrust turns backtraces off):
// the function names a module carries in its own `name` custom section (the wasm spec's appendix),
// which Rust toolchains keep (wasm-ld writes them demangled). Read only, for backtraces and profiles.
import { ByteReader, WasmDecodeError } from "./bytes.js";

/** The name section's subsection of function names. */
const FUNCTION_NAMES = 1;

const cache = new WeakMap<Uint8Array, ReadonlyMap<number, string>>();

/**
 * The function names, by function index (imports first), in `bytecode`'s `name` section; empty when
 * it has none. The section is debug data nothing depends on: a malformed one gives the names read
 * before the fault rather than an error, as wasmtime, which never reads it, would run the module.
 */
export function moduleFunctionNames(bytecode: Uint8Array): ReadonlyMap<number, string> {
  let names = cache.get(bytecode);
  if (names === undefined) {
    names = readFunctionNames(bytecode);
    cache.set(bytecode, names);
  }
  return names;
}

function readFunctionNames(bytes: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  const r = new ByteReader(bytes, 8);
  try {
    while (!r.eof) {
      const id = r.u8();
      const size = r.u32();
      const end = r.pos + size;
      if (id === 0 && r.name() === "name") {
        const s = new ByteReader(bytes, r.pos, Math.min(end, bytes.length));
        while (!s.eof) {
          const sub = s.u8();
          const subEnd = s.u32() + s.pos;
          if (sub === FUNCTION_NAMES) {
            for (let n = s.u32(); n > 0; n--) names.set(s.u32(), s.name());
            return names;
          }
          s.pos = subEnd;
        }
        return names;
      }
      r.pos = end;
    }
  } catch (e) {
    if (!(e instanceof WasmDecodeError)) throw e;
  }
  return names;
}

/**
 * asc's internal names without their files' paths, type arguments included:
 * "examples/escrow/assembly/index/Escrow#fund" → "Escrow#fund", "~lib/rt/itcms/__new" → "__new".
 * Names without a path (wasm-ld's demangled Rust names) stay as they are.
 */
export function demangle(name: string): string {
  return name.replace(/[^<>,|\s]*\//g, "");
}
