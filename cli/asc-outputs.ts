// What asc writes during a build, held in memory and written out whole once the build has finished
// with it. asc's own writer truncates a file and writes it in place, so a second build of the same
// contract (another terminal, `--watch`, a test runner's other worker) could read half a file; and it
// ignores a failed write. Here every file appears through a rename, all or nothing, and a write that
// fails is a CliError naming the file.
import { resolve } from "node:path";
import { writeWhole } from "./commands/files.js";

export class AscOutputs {
  private readonly files = new Map<string, string | Uint8Array>();

  /** asc.main's `writeFile` option. */
  readonly writeFile = (filename: string, contents: string | Uint8Array, baseDir: string): void => {
    this.files.set(resolve(baseDir, filename), contents);
  };

  /** The binary asc wrote to `path` (absolute): an --outFile. */
  bytes(path: string): Uint8Array {
    const f = this.files.get(path);
    if (f instanceof Uint8Array) return f;
    throw this.missing(path, "bytes");
  }

  /** The text asc wrote to `path` (absolute): a source map. */
  text(path: string): string {
    const f = this.files.get(path);
    if (typeof f === "string") return f;
    throw this.missing(path, "text");
  }

  // asc is given the output options that produce these, so a miss is an asc this build does not know.
  private missing(path: string, as: string): Error {
    return new Error(`asc did not give ${path} as ${as}; piecrust-as does not support this asc`);
  }

  /** Replaces what will be written to `path`. */
  set(path: string, contents: string | Uint8Array): void {
    this.files.set(path, contents);
  }

  /** Writes every file, the build's `wasm` after the rest. */
  writeAll(wasm: string): void {
    for (const [path, contents] of this.files) if (path !== wasm) writeWhole(path, contents);
    writeWhole(wasm, this.bytes(wasm));
  }
}
