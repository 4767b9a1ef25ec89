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

  /** What asc wrote to `path` (absolute), or undefined. */
  get(path: string): string | Uint8Array | undefined {
    return this.files.get(path);
  }

  /** Replaces what will be written to `path`. */
  set(path: string, contents: string | Uint8Array): void {
    this.files.set(path, contents);
  }

  /** Writes every file, `last` (the build's .wasm) after the rest. */
  writeAll(last?: string): void {
    for (const [path, contents] of this.files) if (path !== last) writeWhole(path, contents);
    const main = last === undefined ? undefined : this.files.get(last);
    if (last !== undefined && main !== undefined) writeWhole(last, main);
  }
}
