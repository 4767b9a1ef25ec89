// Mirrors piecrust/src/store.rs (`ContractStore::new` opening its directory): the Node-only on-disk
// adapter behind Store.open. Only this module and the files it imports (disk, lock, fs-layer) may use
// node:*, so the rest of host-sim bundles for browsers unchanged.
import { Disk } from "./disk.js";
import { DirLock } from "./lock.js";
import { Store, type OpenOptions } from "./store.js";

/** Opens (or creates) the store directory `dir`: its layout, its LOCK, then every commit in it. */
export function openDiskStore(dir: string, opts: OpenOptions = {}): Store {
  const disk = new Disk(dir, opts.fs);
  disk.ensureLayout();
  return Store.attach(disk, DirLock.acquire(dir, disk.fs));
}

Store.useDisk(openDiskStore);
