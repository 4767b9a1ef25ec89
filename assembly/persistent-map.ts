// PersistentMap<K, V>: a map from fixed-size keys to fixed-size values for contract state, kept in
// one sorted block of linear memory with no managed object per entry. Since the state is the memory
// image, it persists with no serialization, like a Rust `BTreeMap` in a contract's static.
//
// Why one sorted block (a B-tree with a single node): on Piecrust, `memory.copy` costs 1 gas
// whatever its length, so opening or closing a slot, and moving the block when it grows, are flat;
// what remains is a binary search (about 20 gas per probe for a 32-byte key) and the stores of
// the entry. No call ever rehashes or rebalances, so no call costs much more than another.
//
// Keys: ContractId, integers, and Tuple2/Tuple3 of those (e.g. (owner, spender) pairs).
// Values: integers, bool, u128/i128 (as-bignum), ContractId. The order of entries is by the key's
// bytes compared as little-endian 64-bit words: fixed, but not the byte order of a Rust BTreeMap.

import { u128, i128 } from "as-bignum/assembly";
import { ContractId, CONTRACT_ID_BYTES } from "./types";
import { panicStr } from "./panic";
import { bignum128 } from "./codec/dispatch";

/** Writes `key`'s bytes at `dst`; returns how many (a constant once inlined for one key type). */
function writeKey<K>(dst: usize, key: K): usize {
  if (isInteger<K>()) {
    store<K>(dst, key);
    return sizeof<K>();
  } else if (idof<K>() == idof<ContractId>()) {
    memory.copy(dst, changetype<ContractId>(key).ptr, CONTRACT_ID_BYTES);
    return CONTRACT_ID_BYTES;
  } else if (isDefined(changetype<K>(0)._2)) {
    // @ts-ignore: Tuple3 fields
    const t = key;
    let n = writeKey(dst, t._0);
    n += writeKey(dst + n, t._1);
    return n + writeKey(dst + n, t._2);
  } else if (isDefined(changetype<K>(0)._1)) {
    // @ts-ignore: Tuple2 fields
    const t = key;
    const n = writeKey(dst, t._0);
    return n + writeKey(dst + n, t._1);
  }
  ERROR("PersistentMap: keys are integers, ContractId, or Tuple2/Tuple3 of those");
  return 0;
}

/** Bytes a value of type V takes. */
// @ts-ignore: decorator
@inline function valueBytes<V>(): usize {
  if (isBoolean<V>()) return 1;
  if (isInteger<V>() || isFloat<V>()) return sizeof<V>();
  if (idof<V>() == idof<u128>() || idof<V>() == idof<i128>()) return 16;
  if (idof<V>() == idof<ContractId>()) return CONTRACT_ID_BYTES;
  ERROR("PersistentMap: values are integers, floats, bool, u128, i128 or ContractId");
  return 0;
}

function writeValue<V>(dst: usize, v: V): void {
  if (isBoolean<V>()) store<u8>(dst, v ? 1 : 0);
  else if (isInteger<V>() || isFloat<V>()) store<V>(dst, v);
  // lo then hi, as as-bignum lays them out: one memory.copy (1 gas) instead of two 32-gas stores.
  else if (idof<V>() == idof<u128>() || idof<V>() == idof<i128>()) memory.copy(dst, changetype<usize>(v), 16);
  else memory.copy(dst, changetype<ContractId>(v).ptr, CONTRACT_ID_BYTES);
}

function readValue<V>(src: usize): V {
  if (isBoolean<V>()) return <V>(load<u8>(src) != 0);
  if (isInteger<V>() || isFloat<V>()) return load<V>(src);
  if (idof<V>() == idof<u128>() || idof<V>() == idof<i128>()) return bignum128<V>(src);
  return changetype<V>(ContractId.fromPtr(src));
}

/** The value a lookup of an absent key gives with getOr's usual fallback. */
function zeroValue<V>(): V {
  if (isBoolean<V>() || isInteger<V>() || isFloat<V>()) return <V>0;
  return readValue<V>(memory.data(32, 16));
}

/** Orders two keys of `n` bytes: 64-bit words, then the bytes of a tail: <0, 0, >0. */
// @ts-ignore: decorator
@inline function compareKeys(a: usize, b: usize, n: usize): i32 {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const x = load<u64>(a + i);
    const y = load<u64>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  for (; i < n; i++) {
    const x = load<u8>(a + i);
    const y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

// @ts-ignore: decorator
@inline function compareSmall<K>(a: usize, b: usize): i32 {
  const x = load<K>(a);
  const y = load<K>(b);
  return x == y ? 0 : x < y ? -1 : 1;
}

/** Where a probed key is written (the widest key: a Tuple3 of ContractIds). */
const PROBE: usize = memory.data(3 * CONTRACT_ID_BYTES, 8);

function growBlock(old: usize, oldBytes: usize, bytes: usize): usize {
  // Under the arena runtime the block must come from persistent memory (the end of the call drops
  // everything else); under the others, heap.realloc's unmanaged block is never collected.
  if (isDefined(__pcas_persist_alloc)) {
    const p = __pcas_persist_alloc(bytes);
    if (oldBytes) memory.copy(p, old, oldBytes);
    return p;
  }
  return old ? heap.realloc(old, bytes) : heap.alloc(bytes);
}

/**
 * A map from fixed-size keys (ContractId, integers, Tuple2/Tuple3 of those) to fixed-size values
 * (integers, bool, u128/i128, ContractId) for contract state: one sorted block of linear memory, so it
 * persists with the memory image and needs no serialization, like a Rust `BTreeMap` in a contract's
 * static. Entries are ordered by the key's bytes, not as a Rust `BTreeMap` orders them.
 */
export class PersistentMap<K, V> {
  /** Entries sorted by key, each the key's bytes then the value's. */
  private data: usize = 0;
  private count: u32 = 0;
  private cap: u32 = 0;

  /** Number of entries. */
  get size(): i32 {
    return <i32>this.count;
  }

  /** Index of the key at PROBE (`n` bytes) if present, else -(insertion point) - 1. */
  private search(n: usize): i32 {
    const es = n + valueBytes<V>();
    const data = this.data;
    let lo: i32 = 0;
    let hi: i32 = <i32>this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = data + <usize>mid * es;
      const c = isInteger<K>() ? compareSmall<K>(at, PROBE) : compareKeys(at, PROBE, n);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid;
      else return mid;
    }
    return -lo - 1;
  }

  /** Whether `key` has an entry (one binary search). */
  has(key: K): bool {
    return this.search(writeKey<K>(PROBE, key)) >= 0;
  }

  /** The value of `key`; panics when absent, as Map#get does. */
  get(key: K): V {
    const n = writeKey<K>(PROBE, key);
    const i = this.search(n);
    if (i < 0) panicStr("PersistentMap: key not found");
    return readValue<V>(this.data + <usize>i * (n + valueBytes<V>()) + n);
  }

  /** The value of `key`, or `fallback` when absent (one search, where has + get make two). */
  getOr(key: K, fallback: V): V {
    const n = writeKey<K>(PROBE, key);
    const i = this.search(n);
    if (i < 0) return fallback;
    return readValue<V>(this.data + <usize>i * (n + valueBytes<V>()) + n);
  }

  /** The value of `key`, or zero (0, false, u128 0, the zero id) when absent. */
  getOrZero(key: K): V {
    const n = writeKey<K>(PROBE, key);
    const i = this.search(n);
    if (i < 0) return zeroValue<V>();
    return readValue<V>(this.data + <usize>i * (n + valueBytes<V>()) + n);
  }

  /** Sets the value of `key`, inserting an entry when absent; returns this map. */
  set(key: K, value: V): this {
    const n = writeKey<K>(PROBE, key);
    const es = n + valueBytes<V>();
    let i = this.search(n);
    if (i >= 0) {
      writeValue<V>(this.data + <usize>i * es + n, value);
      return this;
    }
    i = -i - 1;
    const count = this.count;
    if (count == this.cap) {
      const cap = count ? count << 1 : 8;
      this.data = growBlock(this.data, <usize>count * es, <usize>cap * es);
      this.cap = cap;
    }
    const at = this.data + <usize>i * es;
    // Opening the slot is one copy whatever the number of entries after it.
    if (<u32>i < count) memory.copy(at + es, at, <usize>(count - <u32>i) * es);
    memory.copy(at, PROBE, n);
    writeValue<V>(at + n, value);
    this.count = count + 1;
    return this;
  }

  /**
   * Removes the entry of `key`; returns whether there was one. The freed slot is zeroed, so the state
   * keeps no deleted bytes.
   */
  delete(key: K): bool {
    const n = writeKey<K>(PROBE, key);
    const i = this.search(n);
    if (i < 0) return false;
    const es = n + valueBytes<V>();
    const count = this.count - 1;
    const at = this.data + <usize>i * es;
    if (<u32>i < count) memory.copy(at, at + es, <usize>(count - <u32>i) * es);
    // The freed tail slot reads as zero again, so the state keeps no deleted entry's bytes.
    memory.fill(this.data + <usize>count * es, 0, es);
    this.count = count;
    return true;
  }
}
