// Mirrors piecrust/src/store.rs (`write_commit`, `delete_commit_dir`, `read_all_commits`) in spirit.
// Divergence: our own content-addressed layout (see README.md): pages/, bytecode/, elements/ and
// commits/<root hex>; every file is written temp + fsync + rename + fsync(dir), and a commit exists
// exactly when its manifest has been renamed into place.
import { join } from "node:path";
import { StoreError } from "./errors.js";
import { nodeFs, type FsLayer } from "./fs-layer.js";

export type Area = "pages" | "bytecode" | "elements" | "commits";
export const AREAS: readonly Area[] = ["pages", "bytecode", "elements", "commits"];

export interface FileWrite {
  area: Area;
  name: string;
  data: Uint8Array;
}

let tmpCounter = 0;

export class Disk {
  constructor(readonly dir: string, readonly fs: FsLayer = nodeFs) {}

  path(area: Area, name: string): string {
    return join(this.dir, area, name);
  }

  ensureLayout(): void {
    this.fs.mkdirSync(this.dir);
    for (const a of AREAS) this.fs.mkdirSync(join(this.dir, a));
  }

  /** Lists an area, deleting temp files a crashed writer left behind. */
  list(area: Area): string[] {
    const out: string[] = [];
    for (const name of this.fs.readdirSync(join(this.dir, area))) {
      if (name.endsWith(".tmp")) this.fs.unlinkSync(join(this.dir, area, name));
      else out.push(name);
    }
    return out;
  }

  read(area: Area, name: string): Uint8Array {
    const p = this.path(area, name);
    try {
      return this.fs.readFileSync(p);
    } catch (e) {
      throw new StoreError("PersistenceError", `store: cannot read ${p}: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Writes files so that each either appears complete under its final name or not at all.
   * Data files go first; `last` (the manifest) is renamed into place only after every data file
   * and its directory entry is durable. On failure every file this call created is removed
   * (best effort) and a PersistenceError is thrown; files that already existed are untouched.
   */
  writeAll(files: readonly FileWrite[], last: FileWrite | null): void {
    const created: string[] = [];
    const dirs = new Set<string>();
    try {
      for (const f of files) {
        const p = this.path(f.area, f.name);
        if (this.fs.existsSync(p)) continue; // content-addressed: same name = same bytes
        this.writeOne(p, f.data);
        created.push(p);
        dirs.add(join(this.dir, f.area));
      }
      for (const d of dirs) this.fsyncDir(d);
      if (last) {
        const p = this.path(last.area, last.name);
        this.writeOne(p, last.data);
        created.push(p);
        this.fsyncDir(join(this.dir, last.area));
      }
    } catch (e) {
      for (const p of created.reverse()) {
        try {
          this.fs.unlinkSync(p);
        } catch {
          /* best effort: an orphan is collected at the next open */
        }
      }
      if (e instanceof StoreError) throw e;
      throw new StoreError("PersistenceError", `store: write failed in ${this.dir}: ${(e as Error).message}`, { cause: e });
    }
  }

  private writeOne(path: string, data: Uint8Array): void {
    const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
    let fd = -1;
    try {
      fd = this.fs.openSync(tmp, "w");
      let off = 0;
      while (off < data.length) off += this.fs.writeSync(fd, data, off, data.length - off);
      this.fs.fsyncSync(fd);
      this.fs.closeSync(fd);
      fd = -1;
      this.fs.renameSync(tmp, path);
    } catch (e) {
      if (fd >= 0) {
        try {
          this.fs.closeSync(fd);
        } catch {
          /* ignore */
        }
      }
      try {
        this.fs.unlinkSync(tmp);
      } catch {
        /* ignore */
      }
      throw e;
    }
  }

  fsyncDir(dir: string): void {
    const fd = this.fs.openSync(dir, "r");
    try {
      this.fs.fsyncSync(fd);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Removes files; errors other than "already gone" are reported. */
  remove(area: Area, names: Iterable<string>): void {
    let any = false;
    for (const n of names) {
      try {
        this.fs.unlinkSync(this.path(area, n));
        any = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT")
          throw new StoreError("PersistenceError", `store: cannot delete ${this.path(area, n)}: ${(e as Error).message}`, { cause: e });
      }
    }
    if (any) this.fsyncDir(join(this.dir, area));
  }

  size(area: Area, name: string): number | undefined {
    return this.fs.statSize(this.path(area, name));
  }
}
