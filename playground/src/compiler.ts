// The in-page build: asc with the piecrust-as transform, the same command line as `piecrust-as build`
// (cli/asc-args.ts) and the same ABI check (transform/abi-check.ts), over the page's virtual files.
import * as asc from "assemblyscript/asc";
import { posix } from "path-browserify";
import PiecrustTransform, { lastBuild } from "../../transform/index.js";
import { checkAbi } from "../../transform/abi-check.js";
import type { ContractSchema } from "../../transform/schema.js";
import { ascArgv } from "../../cli/asc-args.js";
import { debugSideFile, namesCapture, SOURCE_MAP_ARGS, withoutSourceMapUrl } from "../../cli/debug-map.js";
import { listVirtual, readVirtual, ROOT } from "./vfs.js";

/** A problem at a place in a source file (asc's `in file(line,col)`), for the editor. */
export interface Diagnostic {
  file: string | null;
  line: number;
  column: number;
  message: string;
}

export interface BuildOutput {
  ok: boolean;
  wasm: Uint8Array | null;
  schema: ContractSchema | null;
  /** The debug side file `piecrust-as build` writes next to the wasm (cli/debug-map.ts), or null. */
  debug: string | null;
  /** asc's diagnostics, and the ABI problems. */
  text: string;
  diagnostics: Diagnostic[];
  ms: number;
}

/** asc's and the transform's diagnostics: "ERROR|WARNING CODE: message … in file(line,col)". */
export function parseDiagnostics(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const blocks = text.split(/\n(?=(?:ERROR|WARNING) )/);
  for (const b of blocks) {
    const head = /^(ERROR|WARNING) ([A-Z0-9]+): ([^\n]*)/.exec(b.trim());
    if (!head) continue;
    const at = /in ([^\s(]+)\((\d+),(\d+)\)/.exec(b);
    out.push({ file: at ? at[1] : null, line: at ? Number(at[2]) : 0, column: at ? Number(at[3]) : 0, message: `${head[1]} ${head[2]}: ${head[3]}` });
  }
  return out;
}

/**
 * Builds `entry` (relative to ROOT) whose text is `source`, release target, incremental runtime,
 * with the debug side file (source map and function names) `name` as `piecrust-as build` writes it.
 */
export async function build(entry: string, source: string, name = "contract"): Promise<BuildOutput> {
  const started = performance.now();
  const entryPath = posix.join(ROOT, entry);
  const written = new Map<string, Uint8Array>();
  const stdout = asc.createMemoryStream();
  const stderr = asc.createMemoryStream();
  const argv = ascArgv({
    entry,
    outFile: "build/contract.wasm",
    runtime: "incremental",
    target: "release",
    config: posix.join(ROOT, "asconfig.json"),
    baseDir: ROOT,
    searchPaths: [posix.join(ROOT, "node_modules")],
    extraArgs: SOURCE_MAP_ARGS,
  });
  const names = namesCapture();
  const { error } = await asc.main(argv, {
    stdout,
    stderr,
    // The page's config names no transform path (nothing may be fetched): the transform is handed over here.
    transforms: [PiecrustTransform as never, names.transform as never],
    readFile: (name: string, baseDir: string) => {
      const p = posix.resolve(baseDir, name);
      return p === entryPath ? source : readVirtual(p);
    },
    writeFile: (name: string, contents: Uint8Array | string, baseDir: string) => {
      written.set(posix.resolve(baseDir, name), typeof contents === "string" ? new TextEncoder().encode(contents) : contents);
    },
    listFiles: (dirname: string, baseDir: string) => listVirtual(posix.resolve(baseDir, dirname)),
  });
  let text = stderr.toString();
  const diagnostics = parseDiagnostics(text);
  const ms = performance.now() - started;
  if (error) return { ok: false, wasm: null, schema: null, debug: null, text: text || error.message, diagnostics, ms };
  const emitted = written.get(posix.join(ROOT, "build/contract.wasm"));
  const map = written.get(posix.join(ROOT, "build/contract.wasm.map"));
  if (!emitted || !map) return { ok: false, wasm: null, schema: null, debug: null, text: text + "asc wrote no wasm or no source map", diagnostics, ms };
  const wasm = withoutSourceMapUrl(emitted);
  const debug = debugSideFile(new TextDecoder().decode(map), name, names.names());
  const abi = checkAbi(wasm, { allowDebug: false });
  if (!abi.ok) text += abi.problems.map((p) => `ABI: ${p}`).join("\n");
  return { ok: abi.ok, wasm, schema: lastBuild().schema, debug, text, diagnostics, ms: performance.now() - started };
}
