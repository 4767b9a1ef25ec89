// Reading the files a user names (wasm, schemas) and the store's own text files, so that a path
// that is not a regular file (a FIFO, /dev/zero, a directory) is refused instead of hanging or
// filling memory; writing the CLI's files (the store's, a build's outputs) whole or not at all.
// Every failure is one typed line instead of a raw Node error.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { CliError } from "./args.js";

/**
 * The largest input read: 1 GiB. Piecrust 0.32 sets no size limit of its own (session.rs
 * `do_deploy` hands the bytes to contract.rs `WrappedContract::new`, i.e. wasmtime's
 * `Module::new`); the bound below it is wasmparser's `MAX_WASM_MODULE_SIZE` (limits.rs, 1 GiB,
 * "agreed upon with other engines"), which is also V8's module size limit, so host-sim cannot
 * load anything larger either.
 */
export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

function kind(s: Stats): string {
  if (s.isDirectory()) return "a directory";
  if (s.isFIFO()) return "a FIFO (named pipe)";
  if (s.isCharacterDevice()) return "a character device";
  if (s.isBlockDevice()) return "a block device";
  if (s.isSocket()) return "a socket";
  return "not a regular file";
}

/** A Node file-system error as a few words for a message. */
export function reason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
    case "EEXIST": // mkdir's answer when a part of the path is a file
      return "a part of the path is not a directory";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "read-only file system";
    case "ELOOP":
      return "too many symbolic links";
    case "EISDIR":
      return "it is a directory";
    default:
      return (e as NodeJS.ErrnoException).code ?? "unreadable";
  }
}

/**
 * Whether anything is at `path`, a dangling symbolic link included: a link whose target is gone
 * is not a missing file, and reading it then says what is wrong instead of silently using nothing.
 */
export function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw new CliError(`cannot read ${path}: ${reason(e)}`);
  }
}

/**
 * The bytes of the regular file at `path`, at most `limit` of them. `what` names the file in
 * errors ("wasm file", "schema"), `fix` says what to do when it is missing.
 */
export function readRegularFile(path: string, what: string, fix: string, limit = MAX_INPUT_BYTES): Uint8Array {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise block before fstat can refuse it.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${what} ${path}: ${reason(e)}${code === "ENOENT" && fix ? ` (${fix})` : ""}`);
  }
  try {
    // The checks use the opened file, so nothing can swap the path for a pipe in between.
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CliError(`${what} ${path} is ${kind(st)}, not a regular file: give the path of a file`);
    if (st.size > limit) throw new CliError(`${what} ${path} is ${st.size} bytes, over the limit of ${limit}${limit === MAX_INPUT_BYTES ? " (1 GiB, the largest module Piecrust's wasmtime and host-sim's V8 accept)" : ""}`);
    const buf = new Uint8Array(st.size);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        // The file grew since fstat: read on only to learn whether it is now over the limit.
        const probe = new Uint8Array(1);
        if (readSync(fd, probe, 0, 1, n) === 0) return buf;
        throw new CliError(`${what} ${path} changed while it was read; try again`);
      }
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) return buf.subarray(0, n);
      n += got;
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${what} ${path}: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to `file` through a temporary file and a rename, so readers see all or nothing. */
export function writeWhole(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was created there
    }
    throw new CliError(`cannot write ${file}: ${reason(e)} (it must be a writable file: move or remove what is in the way, or check the permissions)`);
  }
}
