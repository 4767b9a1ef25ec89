// Mirrors nothing in Piecrust (wasmtime reads no hints): the branch hinting proposal's
// `metadata.code.branch_hint` custom section, which tells V8 which side of an `if` or `br_if` is cold.
import { ByteWriter } from "./bytes.js";

export const BRANCH_HINT_SECTION = "metadata.code.branch_hint";

/** The proposal's hint values. */
const enum Hint {
  Unlikely = 0,
}

/**
 * The section's content (its name excluded): for each function, in index order, the offsets of its
 * unlikely branches from the start of its body (the locals' declaration), ascending. Null when there
 * is none. V8 reads it only with --experimental-wasm-branch-hinting; hints never change what code
 * does, only how an engine lays it out (a call on a path V8 takes for hot makes it keep values in
 * memory across the whole loop around it).
 */
export function branchHints(functions: ReadonlyArray<{ index: number; offsets: readonly number[] }>): Uint8Array | null {
  const listed = functions.filter((f) => f.offsets.length > 0);
  if (listed.length === 0) return null;
  const w = new ByteWriter().u32(listed.length);
  for (const f of listed) {
    w.u32(f.index).u32(f.offsets.length);
    for (const at of f.offsets) w.u32(at).u32(1).byte(Hint.Unlikely);
  }
  return w.finish();
}
