// Not in Piecrust: a build's debug side file (build/<name>.wasm.map, written by `piecrust-as build`),
// which never reaches the deployed bytes. It is asc's source map, whose generated column is the
// byte offset in the wasm, plus the function names of the module (`x_functionNames`, by index).
// Reading it from disk is Node's part (debug-file.ts): this one runs in a browser too.
import { decodedMappings, TraceMap } from "@jridgewell/trace-mapping";
import { demangle } from "./wasm/names.js";

/** The fields of a version 3 source map that debug info reads. */
export interface SourceMapPayload {
  version: number;
  sources: string[];
  mappings: string;
}

/** A place in an AssemblyScript source. */
export interface SourceLocation {
  /** The file, project-relative as the build saw it (e.g. `examples/escrow/assembly/index.ts`). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** The source-map file written next to `wasmFile`. */
export function debugFileOf(wasmFile: string): string {
  return `${wasmFile}.map`;
}

/** A debug side file that cannot be read as one: named, with what was wrong and how to fix it. */
export class DebugInfoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DebugInfoError";
  }
}

/** What the build knows about the contract's code: names and AssemblyScript locations. */
export class DebugInfo {
  private readonly map: TraceMap;

  /**
   * @param name The contract's build name (e.g. "escrow").
   * @param functionNames Function names by function index (imports first), as the build saw them.
   * @param sourceMap asc's source map of the same bytes.
   */
  constructor(
    readonly name: string,
    readonly functionNames: string[],
    sourceMap: SourceMapPayload,
  ) {
    // asc sets sourceRoot to "./<name>"; the sources are already project-relative, so it is ignored.
    this.map = new TraceMap({ version: 3, sources: sourceMap.sources, mappings: sourceMap.mappings, names: [] });
  }

  /** Parses a side file's text (`x_name`, `x_functionNames` and the source map). */
  static parse(text: string, fallbackName: string): DebugInfo {
    const json = JSON.parse(text) as SourceMapPayload & { x_name?: string; x_functionNames?: string[] };
    if (json.version !== 3 || typeof json.mappings !== "string" || !Array.isArray(json.sources)) throw new DebugInfoError("not a version 3 source map");
    return new DebugInfo(json.x_name ?? fallbackName, Array.isArray(json.x_functionNames) ? json.x_functionNames : [], json);
  }

  /** The name of function `index` (imports first), without its file's path; undefined when unknown. */
  functionName(index: number): string | undefined {
    const n = this.functionNames[index];
    return n ? demangle(n) : undefined;
  }

  /** The AssemblyScript location of the instruction at `offset`, if the map has one at or after `from`. */
  locate(offset: number, from: number): SourceLocation | undefined {
    // wasm is one generated line, columns are byte offsets. The last segment at or before the offset
    // counts: asc may end one mapping and start the next at the
    // same offset, and the instruction there is the later one's
    const segs = decodedMappings(this.map)[0] ?? [];
    let lo = 0;
    let hi = segs.length - 1;
    let seg: (typeof segs)[number] | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][0] <= offset) {
        seg = segs[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (seg === null || seg.length < 4) return undefined; // a one-field segment maps to no source
    const [generated, source, line, column] = seg as [number, number, number, number];
    if (generated < from) return undefined;
    return { file: (this.map.sources[source] ?? "").replace(/^file:\/\/\//, "/"), line: line + 1, column: column + 1 };
  }
}

