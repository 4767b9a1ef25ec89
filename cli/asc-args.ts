// The asc command line of a contract build, shared by `piecrust-as build` (cli/build.ts) and the
// browser playground (playground/src/compiler.ts), so both compile with the same options.

/** What one asc run is given; paths are as the caller's file reader understands them. */
export interface AscRun {
  /** The entry file, relative to `baseDir`. */
  entry: string;
  /** Where asc writes the wasm (the page's writer keeps it in memory). */
  outFile: string;
  /** The AssemblyScript runtime: incremental, minimal or stub. */
  runtime: string;
  /** The asconfig.json target: release (optimised) or debug. */
  target: "release" | "debug";
  /** The asconfig.json holding the release/debug targets (and, for Node, the transform's path). */
  config: string;
  /** The folder entry paths are relative to, and asc names sources from. */
  baseDir: string;
  /** node_modules folders asc searches for the SDK's own dependencies (as-bignum). */
  searchPaths: string[];
  /** More asc arguments, after the rest (e.g. ["--textFile", "x.wat"]). */
  extraArgs?: string[];
}

/** asc's argv for `r`, in the order `piecrust-as build` has always given it. */
export function ascArgv(r: AscRun): string[] {
  return [
    r.entry,
    "--outFile", r.outFile,
    "--runtime", r.runtime,
    "--config", r.config,
    "--target", r.target,
    "--baseDir", r.baseDir,
    ...r.searchPaths.flatMap((p) => ["--path", p]),
    ...(r.extraArgs ?? []),
  ];
}
