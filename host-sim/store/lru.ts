// Mirrors nothing in Piecrust: the bounded map behind the store's caches (the page hasher's chunk
// values, a disk store's pages), whose entries are content-addressed, so an evicted one only costs
// recomputing it.

/**
 * At most `capacity` entries, evicting those least recently used, in two generations instead of an
 * exact order: entries used since the last turn, and those of the turn before. A turn ends when
 * the current generation holds half the capacity; the older one is then dropped whole. So an entry
 * used at least once in every `capacity / 2` uses of others is never evicted, and a hit on a recent
 * entry is one lookup. (An exact order moved the entry on every hit, a delete and an insert: a
 * tenth of a page hash's time, in the loop that looks up the committed page's chunk values.)
 */
export class Lru<K, V> {
  private recent = new Map<K, V>();
  private older = new Map<K, V>();
  private readonly turn: number;

  constructor(capacity: number) {
    this.turn = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const v = this.recent.get(key);
    if (v !== undefined) return v;
    const old = this.older.get(key);
    if (old !== undefined) {
      this.older.delete(key);
      this.add(key, old);
    }
    return old;
  }

  set(key: K, value: V): void {
    this.older.delete(key);
    this.add(key, value);
  }

  delete(key: K): void {
    this.recent.delete(key);
    this.older.delete(key);
  }

  /** Entries held (the tests read it). */
  get size(): number {
    return this.recent.size + this.older.size;
  }

  private add(key: K, value: V): void {
    this.recent.set(key, value);
    if (this.recent.size >= this.turn) {
      this.older = this.recent;
      this.recent = new Map();
    }
  }
}
