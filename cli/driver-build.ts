// build/<name>.driver.wasm: a contract's data driver (rusk's data-drivers interface, docs/dusk.md),
// compiled by asc from the source transform/driver-source.ts generates from the contract's schema.
// The source is served to asc from memory (it is not a project file); the SDK pieces it imports
// are read like a contract's, so the build cache sees them.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { driverSource } from "../transform/driver-source.js";
import { sdkSpecifier } from "../transform/sdk-path.js";
import type { ContractSchema } from "../transform/schema.js";
import { AscOutputs } from "./asc-outputs.js";

type Asc = typeof import("assemblyscript/asc");

/** What building a driver produced. */
export interface DriverResult {
  /** The .driver.wasm written (relative to the build's cwd), or null when asc failed. */
  outFile: string;
  /** True when asc compiled it. */
  ok: boolean;
  /** Its size in bytes (0 when asc failed). */
  bytes: number;
  /** asc's diagnostics when it failed. */
  problems: string[];
  /** Every file asc read for it (as the contract build records them). */
  inputs: Record<string, string | null>;
}

/** How to build a driver: the compiler and where things are. */
export interface DriverBuild {
  /** asc's programmatic API. */
  asc: Asc;
  /** Working directory `outDir` is relative to (asc's baseDir). */
  cwd: string;
  /** Folder the driver is written to. */
  outDir: string;
  /** The contract's name: the driver is `<outDir>/<name>.driver.wasm`. */
  name: string;
  /** The SDK's assembly/ folder. */
  sdkDir: string;
  /** node_modules folders to search (as-bignum), as for the contract. */
  searchPath: string[];
  /** asc's file reader, recording inputs (the contract build's). */
  reader: (inputs: Record<string, string | null>) => (filename: string, baseDir: string) => Promise<string | null>;
}

// The same schema in the same folder needs no second compile (e.g. --all-runtimes builds the
// contract three times, its driver once).
const built = new Map<string, string>();

/** The file name of a contract's driver. */
export function driverFile(outDir: string, name: string): string {
  return join(outDir, `${name}.driver.wasm`);
}

/** Generates the driver source for `schema` and compiles it to `<outDir>/<name>.driver.wasm`. */
export async function buildDriver(schema: ContractSchema, b: DriverBuild): Promise<DriverResult> {
  // A path inside the project whatever --out-dir is, so that asc names its elements relative to
  // baseDir (the abort alias below names one); nothing is written there.
  const entry = `__pcas_driver__/${b.name}.driver.ts`;
  const outFile = driverFile(b.outDir, b.name);
  const source = driverSource(schema, sdkSpecifier(b.cwd, b.sdkDir, entry));
  const inputs: Record<string, string | null> = {};
  const memoKey = resolve(b.cwd, outFile);
  if (built.get(memoKey) === source) {
    return { outFile, ok: true, bytes: readFileSync(memoKey).length, problems: [], inputs };
  }
  const read = b.reader(inputs);
  const virtual = resolve(b.cwd, entry);
  const readFile = async (filename: string, baseDir: string): Promise<string | null> =>
    resolve(baseDir, filename) === virtual ? source : read(filename, baseDir);
  const argv = [
    entry,
    "--outFile", outFile,
    // Collected at the end of every export (assembly/driver/ffi.ts), so a long-lived driver stays small.
    "--runtime", "minimal",
    // -Os: a module shipped to wallets, and cheaper to compile than -O3 (docs/dusk.md gives the figures).
    "-Os", "--noAssert",
    // Nothing may import from the host, so not even `abort`: the driver never reaches it by design.
    "--use", `abort=${entry.replace(/\.ts$/, "")}/__drv_abort`,
    // Not the project's asconfig.json (asc would load it from baseDir): that one runs the contract transform.
    "--config", join(b.sdkDir, "driver", "asconfig.json"),
    "--baseDir", b.cwd,
    ...b.searchPath.flatMap((p) => ["--path", p]),
  ];
  const stderr = b.asc.createMemoryStream();
  const stdout = b.asc.createMemoryStream();
  const out = new AscOutputs();
  const { error } = await b.asc.main(argv, { stdout, stderr, readFile, writeFile: out.writeFile });
  delete inputs[entry];
  if (error) return { outFile, ok: false, bytes: 0, problems: [`data driver: ${error.message}`, stderr.toString()], inputs };
  const bytes = out.bytes(memoKey).length;
  out.writeAll(memoKey);
  built.set(memoKey, source);
  return { outFile, ok: true, bytes, problems: [], inputs };
}
