// Compiles WAT test contracts to wasm bytes with wabt (bulk memory, SIMD and reference types on).
import wabtInit from "wabt";

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

/** With `debugNames`, the module gets a `name` section naming what the text names (`$f`). */
export async function wat(source: string, name = "contract.wat", opts: { debugNames?: boolean } = {}): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const mod = wabt.parseWat(name, source, {
    bulk_memory: true,
    simd: true,
    reference_types: true,
    multi_value: true,
    sign_extension: true,
    sat_float_to_int: true,
    extended_const: true,
    memory64: true,
  });
  try {
    return new Uint8Array(mod.toBinary({ write_debug_names: opts.debugNames ?? false }).buffer);
  } finally {
    mod.destroy();
  }
}
