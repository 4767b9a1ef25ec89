// Not in Piecrust: a build's debug side file (build/<name>.wasm.map, written by `piecrust-as build`),
// which never reaches the deployed bytes. It is asc's source map, whose generated column is the
// byte offset in the wasm, plus the function names of the module (`x_functionNames`, by index).
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { basename } from "node:path";
import { demangle } from "./wasm/names.js";

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

/** What the build knows about the contract's code: names and AssemblyScript locations. */
export class DebugInfo {
  private readonly map: SourceMap;

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
    // asc sets sourceRoot to "./<name>"; the sources are already project-relative.
    this.map = new SourceMap({ ...sourceMap, sourceRoot: "" });
  }

  /** Parses a side file's text (`x_name`, `x_functionNames` and the source map). */
  static parse(text: string, fallbackName: string): DebugInfo {
    const json = JSON.parse(text) as SourceMapPayload & { x_name?: string; x_functionNames?: string[] };
    if (json.version !== 3 || typeof json.mappings !== "string") throw new Error("not a version 3 source map");
    return new DebugInfo(json.x_name ?? fallbackName, Array.isArray(json.x_functionNames) ? json.x_functionNames : [], json);
  }

  /**
   * The debug info built next to `wasmFile`, or null when there is none. A side file that does not
   * parse is reported, since it would otherwise silently hide every source location.
   */
  static forWasmFile(wasmFile: string): DebugInfo | null {
    const file = debugFileOf(wasmFile);
    if (!existsSync(file)) return null;
    try {
      return DebugInfo.parse(readFileSync(file, "utf8"), basename(wasmFile).replace(/(\.debug)?\.wasm$/, ""));
    } catch (e) {
      throw new Error(`${file} is not a debug side file of piecrust-as build (${(e as Error).message}); rebuild with piecrust-as build --force`);
    }
  }

  /** The name of function `index` (imports first), without its file's path; undefined when unknown. */
  functionName(index: number): string | undefined {
    const n = this.functionNames[index];
    return n ? demangle(n) : undefined;
  }

  /** The AssemblyScript location of the instruction at `offset`, if the map has one at or after `from`. */
  locate(offset: number, from: number): SourceLocation | undefined {
    const e = this.map.findEntry(0, offset) as Partial<{ generatedColumn: number; originalSource: string; originalLine: number; originalColumn: number }>;
    if (e.originalSource === undefined || e.generatedColumn === undefined || e.generatedColumn < from) return undefined;
    return { file: e.originalSource.replace(/^file:\/\/\//, "/"), line: e.originalLine! + 1, column: e.originalColumn! + 1 };
  }
}
