// Mirrors wasmtime's `impl Display for Trap` (crates/wasmtime/src/trap.rs in dusk-wasmtime 21):
// which JavaScript exceptions are the contract's traps, and the words Piecrust reports for them.
// Piecrust turns backtraces off (vm.rs `wasm_backtrace(false)`), so its RuntimeError reads exactly
// "wasm trap: <description>".
import { HostMemoryExhausted, HostSimBug, HostStackExhausted, VMError } from "./error.js";

/** V8's message for each trap → wasmtime's description of the same trap code. */
const V8_TO_WASMTIME: Record<string, string> = {
  unreachable: "wasm `unreachable` instruction executed",
  "memory access out of bounds": "out of bounds memory access",
  // memory.init past the memory: wasmtime's MemoryOutOfBounds.
  "data segment out of bounds": "out of bounds memory access",
  "divide by zero": "integer divide by zero",
  "remainder by zero": "integer divide by zero",
  "divide result unrepresentable": "integer overflow",
  "float unrepresentable in integer range": "invalid conversion to integer",
  // V8 reports a null entry and a wrong signature alike; wasmtime would say "uninitialized
  // element" for the former. The signature mismatch is the one a contract can hit with a table
  // the host never changes, so it gets wasmtime's words.
  "null function or function signature mismatch": "indirect call type mismatch",
  "table index is out of bounds": "undefined element: out of bounds table access",
  "element segment out of bounds": "undefined element: out of bounds table access",
  "operation does not support unaligned accesses": "misaligned memory access",
};

export const STACK_EXHAUSTED = "call stack exhausted";
export const OUT_OF_FUEL = "all fuel consumed by WebAssembly";

/** V8's own stack overflow, wherever it happened: in the contract, a host import or host-sim's own JS. */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message === "Maximum call stack size exceeded";
}

/**
 * The one rule for the host running out during a call. V8 running out of stack is never the
 * contract's outcome (host-sim's stack budget, depth.ts, traps first, deterministically), so it means
 * the embedder's JS stack was too deep: HostStackExhausted. A memory the process could not reserve
 * is HostMemoryExhausted. Either way the whole call is undone. Null for anything else.
 */
export function hostExhausted(e: unknown): HostStackExhausted | HostMemoryExhausted | null {
  if (e instanceof HostStackExhausted || e instanceof HostMemoryExhausted) return e;
  return isStackOverflow(e) ? new HostStackExhausted() : null;
}

/**
 * What a top-level entry (Session.callRaw, deploy) throws for `e`. It runs in the entry's own frame,
 * the only place that can catch an overflow in any frame after it; there V8 may have too little room
 * left even to call hostExhausted, and then only an error made up front can report it.
 */
export function entryFailure(e: unknown): unknown {
  return hostExhausted(e) ?? e;
}

/** Made up front: when V8 has no room left, no new error can be made to report its overflow. */
export const NO_STACK_LEFT = new HostStackExhausted();

/** Piecrust's RuntimeError for a trap with wasmtime's `description`. */
export function trapError(description: string): VMError {
  return new VMError("RuntimeError", `wasm trap: ${description}`, { trap: description });
}

/**
 * A contract's failure for a real wasm trap; a VMError passes through. The host running out is
 * thrown as hostExhausted says (the call is undone, no outcome is made up). Anything else thrown
 * while a contract ran is not the contract's doing: a HostSimBug.
 */
export function classifyTrap(e: unknown): VMError {
  if (e instanceof VMError) return e;
  if (e instanceof WebAssembly.RuntimeError) return trapError(V8_TO_WASMTIME[e.message] ?? e.message);
  const exhausted = hostExhausted(e);
  if (exhausted) throw exhausted;
  throw HostSimBug.wrap(e);
}
