// Mirrors nothing in Piecrust (which does not guard a directory against a second process): a pid lock file.
import * as fs from "node:fs";
import { join } from "node:path";
import { StoreError } from "./errors.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes `<dir>/LOCK` by creating it exclusively with our pid. A lock left by a dead process
 * (e.g. one killed mid-commit) is taken over; a live holder, including this very process,
 * makes the open fail.
 */
export class DirLock {
  private constructor(readonly path: string) {}

  static acquire(dir: string): DirLock {
    const path = join(dir, "LOCK");
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const fd = fs.openSync(path, "wx");
        fs.writeSync(fd, `${process.pid}\n`);
        fs.fsyncSync(fd);
        fs.closeSync(fd);
        return new DirLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      let text: string;
      try {
        text = fs.readFileSync(path, "utf8");
      } catch {
        continue; // removed meanwhile: retry
      }
      const pid = Number.parseInt(text.trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid))
        throw new StoreError("StoreInUse", `store ${dir} is in use by process ${pid}`);
      // Stale (dead pid or a half-written lock from a crash): take it over. Rename-away keeps two
      // racing takers from both deleting a lock the other has just created.
      const stale = `${path}.${process.pid}.stale`;
      try {
        fs.renameSync(path, stale);
        fs.unlinkSync(stale);
      } catch {
        /* someone else took it over; retry */
      }
    }
    throw new StoreError("StoreInUse", `store ${dir} is locked (could not take over ${path})`);
  }

  release(): void {
    try {
      const text = fs.readFileSync(this.path, "utf8");
      if (Number.parseInt(text.trim(), 10) === process.pid) fs.unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}
