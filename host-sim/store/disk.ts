// Mirrors piecrust/src/store.rs (`write_commit`, `delete_commit_dir`, `read_all_commits`) in spirit.
// Divergence: our own content-addressed layout (see README.md): pages/, bytecode/, elements/ and
// commits/<root hex>; every file is written temp + fsync + rename + fsync(dir), and a commit exists
// exactly when its manifest has been renamed into place. Piecrust 0.32 itself calls fs::write for
// each page, element and base-info file and never fsyncs (a crash can lose or tear a commit).
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

/** Temp files open at once while a commit writes (well below the usual limit of 1,024 descriptors). */
const SYNC_BATCH = 128;

/** A data file written to its temp name, not yet renamed into place. */
interface Pending {
  path: string;
  tmp: string;
  /** Open descriptor, or -1 once closed. */
  fd: number;
}

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
   * Writes files durably. Data files go first; `last` (the manifest) appears complete or not at
   * all, and only after every data file and its directory entry is durable (a data file a crash
   * interrupts is garbage no manifest names). On failure every file this call created is removed
   * (best effort) and a PersistenceError is thrown; files that already existed are untouched.
   *
   * The data files are written in batches: every file of a batch is written and renamed before the
   * first of them is fsynced, so the first fsync's journal commit carries all of their data and
   * names and the others find almost nothing left to flush; each directory is fsynced once.
   */
  writeAll(files: readonly FileWrite[], last: FileWrite | null): void {
    const created: string[] = [];
    const open: Pending[] = [];
    const dirs = new Set<string>();
    try {
      const todo = files.filter((f) => !this.fs.existsSync(this.path(f.area, f.name))); // content-addressed: same name = same bytes
      for (let i = 0; i < todo.length; i += SYNC_BATCH) {
        for (const f of todo.slice(i, i + SYNC_BATCH)) {
          this.writeTemp(open, this.path(f.area, f.name), f.data);
          dirs.add(join(this.dir, f.area));
        }
        this.settle(open, created, true);
      }
      for (const d of dirs) this.fsyncDir(d);
      if (last) {
        this.writeTemp(open, this.path(last.area, last.name), last.data);
        this.settle(open, created, false);
        this.fsyncDir(join(this.dir, last.area));
      }
    } catch (e) {
      for (const p of open) {
        if (p.fd >= 0) {
          try {
            this.fs.closeSync(p.fd);
          } catch {
            /* ignore */
          }
        }
        created.push(p.tmp);
      }
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

  /** Creates `path`'s temp file (added to `open` at once) and writes `data` to it, unsynced. */
  private writeTemp(open: Pending[], path: string, data: Uint8Array): void {
    const tmp = `${path}.${process.pid}.${++tmpCounter}.tmp`;
    const p: Pending = { path, tmp, fd: this.fs.openSync(tmp, "w") };
    open.push(p);
    let off = 0;
    while (off < data.length) off += this.fs.writeSync(p.fd, data, off, data.length - off);
  }

  /**
   * Puts every pending temp file in place durably (emptying `open`). Data files (`renameFirst`) are
   * renamed before they are fsynced: the first fsync's journal commit then carries the renames too,
   * and the directory fsyncs that follow find nothing left to flush. A crash before the fsyncs can
   * leave a final name with incomplete bytes, but no manifest refers to it yet, so the next open
   * deletes it as garbage. A manifest is fsynced before its rename: a name in commits/ is a commit.
   */
  private settle(open: Pending[], created: string[], renameFirst: boolean): void {
    if (renameFirst) {
      for (const p of open) {
        this.fs.renameSync(p.tmp, p.path);
        p.tmp = p.path;
      }
    }
    while (open.length > 0) {
      const p = open[0];
      this.fs.fsyncSync(p.fd);
      this.fs.closeSync(p.fd);
      p.fd = -1;
      if (p.tmp !== p.path) {
        this.fs.renameSync(p.tmp, p.path);
        p.tmp = p.path;
      }
      open.shift();
      created.push(p.path);
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
