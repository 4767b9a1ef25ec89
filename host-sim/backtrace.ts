// Not in Piecrust (it turns wasm backtraces off, vm.rs `wasm_backtrace(false)`): where a failed
// contract was, read from V8's stack of the failure and mapped back through the rewrite
// (metering.ts marks) and the build's source map (debug-info.ts) to AssemblyScript lines.
import { parseModule } from "./wasm/module.js";
import type { DebugInfo } from "./debug-info.js";
import { demangle, moduleFunctionNames } from "./wasm/names.js";

/** One wasm frame as V8 reports it: the function index and byte offset in the rewritten module. */
export interface WasmFrame {
  func: number;
  offset: number;
}

/** One function frame of a failed contract, innermost first within its contract. */
export interface SourceFrame {
  /**
   * The function's name from the build's debug info, else from the module's own `name` section,
   * else `wasm-function[<index>]` (original index).
   */
  function: string;
  /** Byte offset of the instruction in the contract's deployed bytes. */
  offset: number;
  /** The AssemblyScript file of the instruction, when the build's source map has one. */
  file?: string;
  /** Its 1-based line, with `file`. */
  line?: number;
  /** Its 1-based column, with `file`. */
  column?: number;
}

/** The frames one contract had on the stack when the failure passed through it. */
export interface ContractTrace {
  /** The contract's id, hex. */
  contract: string;
  /** The contract's build name when its debug info is known (e.g. "escrow"), else null. */
  name: string | null;
  /** Its wasm frames, innermost first; empty when the failure happened outside its code. */
  frames: SourceFrame[];
}

// V8: "    at name (wasm://wasm/<hash>:wasm-function[12]:0x1a3)" or without the name and brackets.
const WASM_FRAME = /^\s*at (?:.*\()?(wasm:\/\/wasm\/[^:]*):wasm-function\[(\d+)\]:0x([0-9a-f]+)\)?\s*$/;

/**
 * The wasm frames of the contract that was running when `stack` was captured: the innermost run of
 * wasm frames, minus the write-tracking bridge's (another module) that a host callback may sit under.
 */
export function wasmFrames(stack: string | undefined): WasmFrame[] {
  if (!stack) return [];
  const run: Array<WasmFrame & { url: string }> = [];
  for (const line of stack.split("\n")) {
    const m = WASM_FRAME.exec(line);
    if (m) run.push({ url: m[1], func: Number(m[2]), offset: parseInt(m[3], 16) });
    else if (run.length > 0 && line.trimStart().startsWith("at ")) break;
  }
  if (run.length === 0) return [];
  const url = run[run.length - 1].url;
  return run.filter((f) => f.url === url).map(({ func, offset }) => ({ func, offset }));
}

/** Maps offsets in the rewritten module to the original function and instruction offset. */
/** Maps a rewritten module's code offsets back to the original's. */
export interface OffsetMapping {
  /** The original function index and byte offset for a frame; null for host-sim's own wrapper code. */
  original(frame: WasmFrame): { func: number; offset: number; start: number } | null;
}

/** An offset map made only when first asked (a kept rewrite is loaded without one: see VM.prepare). */
export function lazyOffsets(make: () => OffsetMapping): OffsetMapping {
  let map: OffsetMapping | undefined;
  return { original: (frame) => (map ??= make()).original(frame) };
}

export class OffsetMap implements OffsetMapping {
  private starts: number[] | null = null;

  /**
   * @param bytes The rewritten module.
   * @param firstDefined Index of the first defined function (the imported functions come first in both).
   * @param origins Per rewritten body: the original function index it was made from.
   * @param marks Per rewritten body: metering.ts's (output, input) offset pairs.
   * @param originalStarts Per original body: where its instructions start in the original bytes.
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly firstDefined: number,
    private readonly origins: number[],
    private readonly marks: number[][],
    private readonly originalStarts: number[],
  ) {}

  /** The original function index and byte offset for a frame; null for host-sim's own wrapper code. */
  original(frame: WasmFrame): { func: number; offset: number; start: number } | null {
    const body = frame.func - this.firstDefined;
    const marks = this.marks[body];
    if (!marks || marks.length === 0) return null;
    // bodies' positions are only needed once something failed: the module is parsed then
    this.starts ??= parseModule(this.bytes).bodies.map((b) => b.codeOffset);
    const rel = frame.offset - this.starts[body];
    let lo = 0;
    let hi = marks.length / 2 - 1;
    // the last mark at or before rel; code before the first (the prologue) belongs to the first
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (marks[2 * mid] <= rel) lo = mid;
      else hi = mid - 1;
    }
    const func = this.origins[body];
    const start = this.originalStarts[func - this.firstDefined];
    return { func, offset: start + marks[2 * lo + 1], start };
  }
}

/**
 * Function `index`'s name (imports first): the build's debug info's, else the one in the module's
 * own `name` section (a Rust-built contract's), else `wasm-function[<index>]`.
 */
export function functionNameOf(index: number, info: DebugInfo | undefined, bytecode: Uint8Array): string {
  const own = info?.functionName(index);
  if (own !== undefined) return own;
  const named = moduleFunctionNames(bytecode).get(index);
  return named ? demangle(named) : `wasm-function[${index}]`;
}

/** A frame's name and AssemblyScript location, through the contract's debug info when known. */
export function sourceFrames(raw: WasmFrame[], offsets: OffsetMapping, info: DebugInfo | undefined, bytecode: Uint8Array): SourceFrame[] {
  const out: SourceFrame[] = [];
  for (const f of raw) {
    const o = offsets.original(f);
    if (!o) continue;
    const frame: SourceFrame = { function: functionNameOf(o.func, info, bytecode), offset: o.offset };
    const at = info?.locate(o.offset, o.start);
    if (at) Object.assign(frame, at);
    out.push(frame);
  }
  return out;
}

/** "at <function> (<file>:<line>:<col>)" lines, contract by contract, innermost first. */
export function formatBacktrace(trace: ContractTrace[]): string {
  const lines: string[] = [];
  for (const c of trace) {
    lines.push(`in contract ${c.name ? `${c.name} (${c.contract})` : c.contract}:`);
    if (c.frames.length === 0) lines.push("    (no contract code on the stack)");
    let last = "";
    let repeats = 0;
    const flush = () => {
      if (repeats > 0) lines.push(`    … the frame above ${repeats} more time${repeats === 1 ? "" : "s"}`);
      repeats = 0;
    };
    for (const f of c.frames) {
      const where = f.file !== undefined ? `${f.file}:${f.line}:${f.column}` : `wasm offset 0x${f.offset.toString(16)}`;
      const line = `    at ${f.function} (${where})`;
      // deep recursion repeats one frame for as many frames as V8 kept
      if (line === last) {
        repeats++;
        continue;
      }
      flush();
      lines.push(line);
      last = line;
    }
    flush();
  }
  return lines.join("\n");
}

/** Enough frames for a failure's own wasm frames to survive the host's JS frames above them. */
const STACK_FRAMES = 64;

/** Runs `run` with V8 capturing at least STACK_FRAMES frames per error, as before afterwards. */
export function withDeepStacks<T>(run: () => T): T {
  const old = Error.stackTraceLimit;
  if (old >= STACK_FRAMES) return run();
  Error.stackTraceLimit = STACK_FRAMES;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = old;
  }
}
