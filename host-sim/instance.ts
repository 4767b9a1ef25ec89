// Mirrors piecrust/src/instance.rs (WrappedInstance): one WebAssembly.Instance of a contract for
// one top-level call, its argument buffer, its fuel, and how a failed invocation is classified.
import { overflowed } from "./depth.js";
import { oob, outOfGas, VMError } from "./error.js";
import { ContractMemory, PageCache } from "./memory.js";
import { ARGBUF_LEN, bridgeFunctions, PreparedContract, setBridgeTarget } from "./module.js";
import { classifyTrap, hostExhausted, STACK_EXHAUSTED, trapError } from "./trap.js";
import { WasmFrame, wasmFrames } from "./backtrace.js";
import type { GasProfiler } from "./profile.js";

/** The wasm frames each failure of a contract's code was thrown from, for the session's backtrace. */
export const failureFrames = new WeakMap<VMError, WasmFrame[]>();

function withFrames(err: VMError, frames: WasmFrame[]): VMError {
  failureFrames.set(err, frames);
  return err;
}

const I64_MAX = (1n << 63n) - 1n;

/** A host query's own exception when panics are not contained: it unwinds to the embedder. */
export class EmbedderPanic extends Error {
  constructor(override readonly cause: unknown) {
    super("host query panicked (not contained)");
  }
}

/**
 * What unwinds through every frame to the embedder instead of failing one frame: an uncontained host
 * query panic, or the host running out of stack or memory (trap.ts hostExhausted). Null for anything else.
 */
export function hostFault(e: unknown): EmbedderPanic | null {
  if (e instanceof EmbedderPanic) return e;
  const exhausted = hostExhausted(e);
  return exhausted && new EmbedderPanic(exhausted);
}

/** Thrown by host imports: the frame fails with this error. */
export class HostTrap extends Error {
  /** @param error The error the running frame fails with. */
  constructor(readonly error: VMError) {
    super(error.message);
  }
}

export class ContractInstance {
  readonly instance: WebAssembly.Instance;
  readonly argbuf: number;
  private readonly gas: WebAssembly.Global;
  /** The modelled stack this instance's frames use (depth.ts). */
  private readonly depth: WebAssembly.Global;
  /** Fuel above i64::MAX that wasmtime would keep in reserve. */
  private reserve = 0n;
  private readonly bridgeTarget;
  private readonly pageCache: PageCache;
  /** memory.size as this instance sees it (wasmtime's VMMemoryDefinition length), in pages. */
  private readonly size: WebAssembly.Global;
  /** Where a profiled module's function events go (profile.ts); set by the session. */
  profiler: GasProfiler | null = null;
  /** Every mutable global with its value right after instantiation. */
  private readonly initialGlobals: Array<[WebAssembly.Global, unknown]>;

  constructor(
    readonly contract: PreparedContract,
    readonly memory: ContractMemory,
    imports: Record<string, Function>,
  ) {
    const importObject: Record<string, Record<string, unknown>> = { __pcsim: { memory: memory.memory } };
    for (const imp of contract.imports) {
      (importObject[imp.module] ??= {})[imp.name] = imports[imp.name];
    }
    try {
      this.instance = new WebAssembly.Instance(contract.module, importObject as WebAssembly.Imports);
    } catch (e) {
      throw new VMError("RuntimeError", `failed to instantiate contract: ${(e as Error).message}`);
    }
    const ex = this.instance.exports;
    this.gas = ex[contract.names.gas] as WebAssembly.Global;
    this.depth = ex[contract.names.depth] as WebAssembly.Global;
    const helpers = ex[contract.names.helpers] as WebAssembly.Table;
    const bridge = bridgeFunctions();
    helpers.set(0, bridge.touch);
    helpers.set(1, bridge.range);
    helpers.set(2, bridge.grow);
    if (contract.profiled) {
      helpers.set(3, bridge.entered);
      helpers.set(4, bridge.leaving);
    }
    this.size = ex[contract.names.size] as WebAssembly.Global;
    this.size.value = memory.pages;
    this.pageCache = new PageCache(contract.names.pages.map((n) => ex[n] as WebAssembly.Global));
    memory.pageCache = this.pageCache;
    this.initialGlobals = contract.names.globals.map((n) => {
      const g = ex[n] as WebAssembly.Global;
      return [g, g.value];
    });
    this.bridgeTarget = {
      touch: (a: number, o: number, s: number) => memory.touch(a, o, s),
      range: (d: number, l: number) => memory.touchRange(d, l),
      grow: (d: number) => this.grow(d),
      entered: (f: number, fuel: bigint) => this.profiler?.enter(f, fuel),
      leaving: (_: number, fuel: bigint) => this.profiler?.leave(fuel),
    };
    this.argbuf = contract.argbuf;
  }

  /** Makes a reused instance indistinguishable from a fresh one (see PreparedContract.reusable). */
  reset(): void {
    for (const [g, v] of this.initialGlobals) g.value = v;
    this.size.value = this.memory.pages;
    this.gas.value = 0n;
    this.reserve = 0n;
    this.pageCache.forget();
    this.memory.pageCache = this.pageCache;
  }

  /** wasmtime's memory_grow: grows the contract's memory, then the instance sees its length, grown or not. */
  private grow(delta: number): number {
    const old = this.memory.grow(delta);
    this.size.value = this.memory.pages;
    return old;
  }

  hasFunction(name: string): boolean {
    return this.contract.functions.has(name);
  }

  setRemainingGas(limit: bigint): void {
    const active = limit > I64_MAX ? I64_MAX : limit;
    this.reserve = limit - active;
    this.gas.value = active;
  }

  /** Remaining fuel as wasmtime reports it: saturated at zero once the frame overdrew. */
  remainingGas(): bigint {
    const v = this.gas.value as bigint;
    return this.reserve + (v > 0n ? v : 0n);
  }

  writeArgument(data: Uint8Array): void {
    if (data.length > ARGBUF_LEN) throw new HostTrap(oob(0, data.length, ARGBUF_LEN));
    this.memory.write(this.argbuf, data);
  }

  readArgument(len: number): Uint8Array {
    return this.memory.read(this.argbuf, len);
  }

  /** The modelled stack in use at this instance's innermost running frame. */
  stackUsed(): number {
    return this.depth.value as number;
  }

  /**
   * Invokes export `name` with `argLen` and fuel `limit`, its frames stacked on `stackBase` (what
   * the frames below it use, depth.ts). Errors come back classified as Piecrust's map_call_err
   * does: whatever fails while the remaining fuel is 0 is OutOfGas.
   */
  call(name: string, argLen: number, limit: bigint, stackBase = 0): number {
    const fn = this.instance.exports[name];
    if (!this.contract.functions.has(name) || typeof fn !== "function") {
      throw new VMError("RuntimeError", `failed to find function export \`${name}\``, { function: name });
    }
    this.setRemainingGas(limit);
    const prev = setBridgeTarget(this.bridgeTarget);
    // A re-entered instance is running below this call: its own count comes back afterwards.
    const outer = this.depth.value as number;
    this.depth.value = stackBase;
    try {
      return (fn as (n: number) => number)(argLen) | 0;
    } catch (e) {
      const fault = hostFault(e);
      if (fault) throw fault;
      // Classified before the fuel is looked at: a HostSimBug must not pass for OutOfGas.
      const failure = e instanceof HostTrap ? e.error : classifyTrap(e);
      const frames = wasmFrames((e as Error | undefined)?.stack);
      if (this.remainingGas() === 0n) throw withFrames(outOfGas(), frames);
      if (overflowed(this.depth.value as number)) throw withFrames(trapError(STACK_EXHAUSTED), frames);
      throw withFrames(failure, frames);
    } finally {
      this.depth.value = outer;
      setBridgeTarget(prev);
    }
  }
}
