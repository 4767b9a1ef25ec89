// Mirrors nothing in Piecrust: the bounded least-recently-used map behind the store's caches (the page
// hasher's chunk values, a disk store's pages), whose entries are content-addressed, so an evicted
// one only costs recomputing it.

/** At most `capacity` entries; reading or writing one makes it the newest, and the oldest go first. */
export class Lru<K, V> {
  /** A Map iterates in insertion order: the first key is the least recently used. */
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  delete(key: K): void {
    this.map.delete(key);
  }
}
