// Mirrors nothing in Piecrust (which calls std::fs directly): the file-system calls the disk store makes,
// injectable so tests can simulate failures such as ENOSPC part-way through a commit.
import * as fs from "node:fs";

export interface FsLayer {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  /** Hard link; fails with EEXIST when `to` exists (the lock's atomic step). */
  linkSync(existing: string, to: string): void;
  unlinkSync(path: string): void;
  readFileSync(path: string): Uint8Array;
  readdirSync(path: string): string[];
  mkdirSync(path: string): void;
  statSize(path: string): number | undefined;
  existsSync(path: string): boolean;
}

export const nodeFs: FsLayer = {
  openSync: (p, f) => fs.openSync(p, f),
  writeSync: (fd, d, o, l) => fs.writeSync(fd, d, o, l),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (a, b) => fs.renameSync(a, b),
  linkSync: (a, b) => fs.linkSync(a, b),
  unlinkSync: (p) => fs.unlinkSync(p),
  readFileSync: (p) => {
    const b = fs.readFileSync(p);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  readdirSync: (p) => fs.readdirSync(p),
  mkdirSync: (p) => void fs.mkdirSync(p, { recursive: true }),
  statSize: (p) => {
    try {
      return fs.statSync(p).size;
    } catch {
      return undefined;
    }
  },
  existsSync: (p) => fs.existsSync(p),
};
