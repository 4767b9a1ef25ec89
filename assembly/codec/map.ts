// BTreeMap<K, V> / BTreeSet<K> (= BTreeMap<K, ()>) from AssemblyScript Map/Set.
//
// ArchivedBTreeMap = { len: u32 @0, root: i32 @4 (relative to +4) }; an empty
// map's root pointer targets archive position 0. Node header (12 bytes,
// align 4, rustc order): size u32 @0 (bytes of the node's out-of-line data,
// written just before it), ptr i32 @4, meta u16 @8 (count | 0x8000 if inner).
// Leaves hold {key, value} entries, inner nodes {ptr, key}, both rustc-ordered
// pairs. Build order (rkyv 0.7): leaves from the largest key down, each
// closing once data + 12 + n * entry >= 4096; entries' out-of-line data is
// written largest key first; a leaf's ptr links to the next leaf in ascending
// order (the last leaf points at itself). Inner levels are built from the
// smallest child up, closing at >= 4096 bytes with >= 3 entries; an inner
// node's ptr is its smallest child and entry i points at the child whose
// first key it holds. The root is the last node written.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { alignUp, pass1Key, tz } from "./layout";
import { pushResolver, takeResolver, resolverMark, beginTake, rewindResolvers } from "./resolvers";
import {
  archivedSize, archivedAlign, archivedNiche, archivedNicheOffset, hasDeps,
  serializeDeps, resolveAt, checkAt, readAt,
} from "./dispatch";
import { ContractId } from "./contract-id";
import { Unit } from "./unit";
import * as E from "./errors";

const MAX_NODE_SIZE: u32 = 4096;
const MIN_INNER_ENTRIES: u32 = 3;
const HEADER_SIZE: u32 = 12;
const INNER_FLAG: u16 = 0x8000;

/** Offsets of a two-field rustc struct {a, b} packed as (offA | offB << 16 | size << 32). */
export function pairLayout(sA: u32, aA: u32, nA: u32, oA: u32, sB: u32, aB: u32, nB: u32, oB: u32): u64 {
  const maxA = max<u32>(aA, aB);
  const bigL = max<u32>(nA, nB);
  const tzA = tz(maxA);
  let offA: u32, offB: u32, end: u32;
  // Two fields: rustc's niche-at-end attempt never beats pass 1, so pass 1 decides.
  if (pass1Key(sB, aB, nB, oB, tzA, bigL) > pass1Key(sA, aA, nA, oA, tzA, bigL)) {
    offB = 0;
    offA = alignUp(sB, aA);
    end = offA + sA;
  } else {
    offA = 0;
    offB = alignUp(sA, aB);
    end = offB + sB;
  }
  return <u64>offA | (<u64>offB << 16) | (<u64>alignUp(end, maxA) << 32);
}

// @ts-ignore: decorator
@inline function leafLayout<K, V>(): u64 {
  return pairLayout(
    archivedSize<K>(), archivedAlign<K>(), archivedNiche<K>(), archivedNicheOffset<K>(),
    archivedSize<V>(), archivedAlign<V>(), archivedNiche<V>(), archivedNicheOffset<V>());
}

// Inner entry = { ptr: RelPtr (4 bytes, align 4), key: K }: A = ptr, B = key.
// @ts-ignore: decorator
@inline function innerLayout<K>(): u64 {
  return pairLayout(4, 4, 0, 0, archivedSize<K>(), archivedAlign<K>(), archivedNiche<K>(), archivedNicheOffset<K>());
}

// @ts-ignore: decorator
@inline function lo16(l: u64): u32 { return <u32>(l & 0xFFFF); }
// @ts-ignore: decorator
@inline function hi16(l: u64): u32 { return <u32>((l >> 16) & 0xFFFF); }
// @ts-ignore: decorator
@inline function sz(l: u64): u32 { return <u32>(l >> 32); }

// ---------------------------------------------------------------- ordering

/** Orders keys as Rust's Ord does (integers by value, strings by UTF-8 bytes, ids by bytes). */
export function compareKeys<K>(a: K, b: K): i32 {
  if (isInteger<K>() || isFloat<K>()) return a < b ? -1 : a > b ? 1 : 0;
  if (isString<K>()) return compareUtf8Order(changetype<string>(a), changetype<string>(b));
  if (isReference<K>()) {
    if (idof<K>() == idof<ContractId>()) {
      return memory.compare(changetype<usize>(changetype<ContractId>(a).bytes), changetype<usize>(changetype<ContractId>(b).bytes), 32);
    }
  }
  // Utf8String is refused on purpose: AssemblyScript's Map hashes class keys by reference.
  ERROR("rkyv codec: BTreeMap keys must be integers, strings or ContractId (use string, not Utf8String, for text keys)");
  return 0;
}

/** UTF-16 strings compared in code point (= UTF-8 byte) order. */
function compareUtf8Order(a: string, b: string): i32 {
  const n = min<i32>(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = <u32>a.charCodeAt(i);
    let y = <u32>b.charCodeAt(i);
    if (x == y) continue;
    // Surrogates (astral code points) sort after U+E000..U+FFFF in code point order.
    if (x >= 0xD800) x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xD800) y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Compares two validated archived keys in place (for the ordering checks). */
function compareArchived<K>(r: ArchiveReader, a: u32, b: u32): i32 {
  if (isInteger<K>() || isFloat<K>()) {
    const x = load<K>(r.base + <usize>a);
    const y = load<K>(r.base + <usize>b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isString<K>()) {
    return compareUtf8Order(readAt<string>(r, a), readAt<string>(r, b));
  }
  if (isReference<K>()) {
    if (idof<K>() == idof<ContractId>()) return memory.compare(r.base + <usize>a, r.base + <usize>b, 32);
  }
  return 0;
}

// ---------------------------------------------------------------- writing

/** Writes all nodes; pushes the root node position (0 for an empty map). */
function writeTree<K, V>(w: ArchiveWriter, keys: Array<K>, vals: Array<V>): void {
  const n = keys.length;
  if (n == 0) { pushResolver(0); return; }
  const leaf = leafLayout<K, V>();
  const leafSize = sz(leaf);
  const leafAlign = max<u32>(4, max<u32>(archivedAlign<K>(), archivedAlign<V>()));
  // (first key index, node position) of each node of the level being built, in creation order.
  let level = new Array<u64>();
  let i = n - 1;
  while (i >= 0) {
    const blockStart = w.pos;
    const mark = resolverMark();
    let cnt: u32 = 0;
    while (true) {
      if (hasDeps<K>()) serializeDeps<K>(w, unchecked(keys[i]));
      if (hasDeps<V>()) serializeDeps<V>(w, unchecked(vals[i]));
      cnt++;
      i--;
      if (w.pos - blockStart + HEADER_SIZE + cnt * leafSize >= MAX_NODE_SIZE) break;
      if (i < 0) break;
    }
    const first = i + 1; // smallest key of this leaf
    w.padTo(leafAlign);
    const hdr = w.reserve(HEADER_SIZE, 4, true);
    const p = w.base + <usize>hdr;
    store<u32>(p, hdr - blockStart);
    // Link to the previously built leaf (the next larger keys); the largest leaf points at itself.
    const next = level.length > 0 ? <u32>unchecked(level[level.length - 1]) : hdr + 4;
    store<i32>(p, <i32>next - <i32>(hdr + 4), 4);
    store<u16>(p, <u16>cnt, 8);
    const entries = w.reserve(cnt * leafSize, archivedAlign<K>() > archivedAlign<V>() ? archivedAlign<K>() : archivedAlign<V>(), true);
    // Resolvers were pushed largest key first, so fill the slots from the top down.
    beginTake(mark);
    for (let j = <i32>cnt - 1; j >= 0; j--) {
      const at = entries + <u32>j * leafSize;
      resolveAt<K>(w, at + lo16(leaf), unchecked(keys[first + j]));
      resolveAt<V>(w, at + hi16(leaf), unchecked(vals[first + j]));
    }
    rewindResolvers(mark);
    level.push((<u64>first << 32) | hdr);
  }
  // Inner levels: built from the smallest child up (`level` is in descending key order).
  const inner = innerLayout<K>();
  const innerSize = sz(inner);
  const innerAlign = max<u32>(4, archivedAlign<K>());
  while (level.length > 1) {
    const next = new Array<u64>();
    let c = level.length - 1; // smallest child
    while (c >= 0) {
      const firstChild = unchecked(level[c]);
      c--;
      const blockStart = w.pos;
      const mark = resolverMark();
      let cnt: u32 = 0;
      const from = c; // entries are level[from], level[from-1], ... (ascending keys)
      while (c >= 0) {
        if (hasDeps<K>()) serializeDeps<K>(w, unchecked(keys[<i32>(unchecked(level[c]) >> 32)]));
        c--;
        cnt++;
        if (w.pos - blockStart + HEADER_SIZE + cnt * innerSize >= MAX_NODE_SIZE && cnt >= MIN_INNER_ENTRIES) break;
      }
      w.padTo(innerAlign);
      const hdr = w.reserve(HEADER_SIZE, 4, true);
      const p = w.base + <usize>hdr;
      store<u32>(p, hdr - blockStart);
      store<i32>(p, <i32>(<u32>firstChild) - <i32>(hdr + 4), 4);
      store<u16>(p, <u16>cnt | INNER_FLAG, 8);
      const entries = w.reserve(cnt * innerSize, archivedAlign<K>() > 4 ? archivedAlign<K>() : 4, true);
      beginTake(mark);
      for (let j: u32 = 0; j < cnt; j++) {
        const child = unchecked(level[from - <i32>j]);
        const at = entries + j * innerSize;
        store<i32>(w.base + <usize>(at + lo16(inner)), <i32>(<u32>child) - <i32>(at + lo16(inner)));
        resolveAt<K>(w, at + hi16(inner), unchecked(keys[<i32>(child >> 32)]));
      }
      rewindResolvers(mark);
      next.push((firstChild & 0xFFFFFFFF_00000000) | hdr);
    }
    next.reverse();
    level = next;
  }
  pushResolver(<u32>unchecked(level[0]));
}

export function mapDeps<K, V>(w: ArchiveWriter, m: Map<K, V>): void {
  const keys = m.keys();
  keys.sort((a: K, b: K): i32 => compareKeys<K>(a, b));
  const n = keys.length;
  const vals = new Array<V>(n);
  for (let i = 0; i < n; i++) unchecked(vals[i] = m.get(unchecked(keys[i])));
  writeTree<K, V>(w, keys, vals);
}

export function setDeps<K>(w: ArchiveWriter, s: Set<K>): void {
  const keys = s.values();
  keys.sort((a: K, b: K): i32 => compareKeys<K>(a, b));
  const n = keys.length;
  const vals = new Array<Unit>(n);
  const u = new Unit();
  for (let i = 0; i < n; i++) unchecked(vals[i] = u);
  writeTree<K, Unit>(w, keys, vals);
}

/** Writes { len, root } at `at`. */
export function mapResolve(w: ArchiveWriter, at: u32, len: i32): void {
  const p = w.base + <usize>at;
  store<u32>(p, <u32>len);
  store<i32>(p, <i32>takeResolver() - <i32>(at + 4), 4);
}

// ---------------------------------------------------------------- validation

/** Bytes covered by a node (header + padding + entries), from its header. */
function nodeBytes<K, V>(r: ArchiveReader, hdr: u32): u64 {
  const meta = load<u16>(r.base + <usize>hdr, 8);
  const n = <u64>(meta & 0x7FFF);
  if (meta & INNER_FLAG) {
    const a = max<u32>(4, archivedAlign<K>());
    return <u64>alignUp(HEADER_SIZE, a) + n * <u64>sz(innerLayout<K>());
  }
  const a = max<u32>(4, max<u32>(archivedAlign<K>(), archivedAlign<V>()));
  return <u64>alignUp(HEADER_SIZE, a) + n * <u64>sz(leafLayout<K, V>());
}

/** Follows the pointer at `field` (relative to itself) to a node header and bounds-checks the node. */
function nodeTarget<K, V>(r: ArchiveReader, field: u32): i64 {
  const t = r.target(field, field, HEADER_SIZE, 4);
  if (t < 0) return -1;
  const bytes = nodeBytes<K, V>(r, <u32>t);
  if (<u64>t + bytes > <u64>r.len || !r.inWindow(<u32>t, bytes)) {
    r.fail(E.ERR_SUBTREE_OVERRUN, field, t);
    return -1;
  }
  return t;
}

/** Checks one node's entries inside its own data window [hdr - size, hdr). */
function checkNodeContents<K, V>(r: ArchiveReader, hdr: u32, floor: u32): bool {
  const p = r.base + <usize>hdr;
  const size = load<u32>(p);
  const meta = load<u16>(p, 8);
  const n = <u32>(meta & 0x7FFF);
  if (size > hdr || hdr - size < floor) return r.fail(E.ERR_PTR_OUT_OF_BOUNDS, hdr, <i64>hdr - <i64>size);
  const savedLo = r.lo;
  const savedHi = r.hi;
  r.lo = hdr - size;
  r.hi = hdr;
  let ok = true;
  if (meta & INNER_FLAG) {
    // Upstream 0.7 sources require n + 1 >= 3 here, which the serializer itself
    // violates for 257..512 u64 keys (two leaves, one inner entry). Not checked
    // against 0.7.39, so accept any inner node with at least one entry.
    if (n < 1) ok = r.fail(E.ERR_BTREE, hdr, n);
    const l = innerLayout<K>();
    const base = hdr + alignUp(HEADER_SIZE, max<u32>(4, archivedAlign<K>()));
    for (let j = <i32>n - 1; ok && j >= 0; j--) {
      ok = checkAt<K>(r, base + <u32>j * sz(l) + hi16(l));
    }
  } else {
    if (n < 1) ok = r.fail(E.ERR_BTREE, hdr, 0);
    const l = leafLayout<K, V>();
    const base = hdr + alignUp(HEADER_SIZE, max<u32>(4, max<u32>(archivedAlign<K>(), archivedAlign<V>())));
    for (let j = <i32>n - 1; ok && j >= 0; j--) {
      const at = base + <u32>j * sz(l);
      ok = checkAt<K>(r, at + lo16(l)) && checkAt<V>(r, at + hi16(l));
    }
  }
  r.lo = savedLo;
  r.hi = savedHi;
  return ok;
}

/** Archive position of the first key stored under node `hdr` (leftmost leaf, entry 0). */
function firstKeyPos<K, V>(r: ArchiveReader, hdr: u32): u32 {
  let h = hdr;
  while (load<u16>(r.base + <usize>h, 8) & INNER_FLAG) {
    h = <u32>(<i64>h + 4 + <i64>load<i32>(r.base + <usize>h, 4));
  }
  const base = h + alignUp(HEADER_SIZE, max<u32>(4, max<u32>(archivedAlign<K>(), archivedAlign<V>())));
  return base + lo16(leafLayout<K, V>());
}

export function mapCheck<K, V>(r: ArchiveReader, at: u32): bool {
  const len = load<u32>(r.base + <usize>at);
  if (len == 0) return true; // rkyv does not look at an empty map's root pointer
  const root = nodeTarget<K, V>(r, at + 4);
  if (root < 0) return false;
  const rootBytes = <u32>nodeBytes<K, V>(r, <u32>root);
  const floor = r.lo;
  const saved = r.enter(<u32>root);
  if (!checkNodeContents<K, V>(r, <u32>root, floor)) return false;
  // Breadth-first walk; every node is visited once, and nodes must lie below the root.
  // (position << 8 | depth); depth is bounded by the archive size, so this terminates.
  const queue = new Array<u64>();
  queue.push(<u64>root << 8);
  let head = 0;
  const innerL = innerLayout<K>();
  const innerBase = alignUp(HEADER_SIZE, max<u32>(4, archivedAlign<K>()));
  while (head < queue.length) {
    const item = unchecked(queue[head]);
    const hdr = <u32>(item >> 8);
    const depth = <u32>(item & 0xFF);
    if (!(load<u16>(r.base + <usize>hdr, 8) & INNER_FLAG)) break; // the rest are leaves
    head++;
    if (depth >= 32 || queue.length > <i32>r.len) return r.fail(E.ERR_BTREE, hdr, depth);
    const n = <u32>(load<u16>(r.base + <usize>hdr, 8) & 0x7FFF);
    for (let j: i32 = -1; j < <i32>n; j++) {
      const field = j < 0 ? hdr + 4 : hdr + innerBase + <u32>j * sz(innerL) + lo16(innerL);
      const child = nodeTarget<K, V>(r, field);
      if (child < 0) return false;
      if (!checkNodeContents<K, V>(r, <u32>child, floor)) return false;
      queue.push((<u64>child << 8) | (depth + 1));
    }
  }
  r.leave(<u32>root, rootBytes, saved);
  // Leaves: same depth, sorted, linked in order, last one points at itself, count = len.
  const leafL = leafLayout<K, V>();
  const leafBase = alignUp(HEADER_SIZE, max<u32>(4, max<u32>(archivedAlign<K>(), archivedAlign<V>())));
  let count: u64 = 0;
  const depth0 = <u32>(unchecked(queue[head]) & 0xFF);
  for (let q = head; q < queue.length; q++) {
    const item = unchecked(queue[q]);
    const hdr = <u32>(item >> 8);
    if (load<u16>(r.base + <usize>hdr, 8) & INNER_FLAG) return r.fail(E.ERR_BTREE, hdr, 1);
    if (<u32>(item & 0xFF) != depth0) return r.fail(E.ERR_BTREE, hdr, 2);
    const n = <u32>(load<u16>(r.base + <usize>hdr, 8) & 0x7FFF);
    for (let j: u32 = 1; j < n; j++) {
      const a = hdr + leafBase + (j - 1) * sz(leafL) + lo16(leafL);
      if (compareArchived<K>(r, a + sz(leafL), a) < 0) return r.fail(E.ERR_BTREE, hdr, 3);
    }
    count += n;
    const link = <i64>hdr + 4 + <i64>load<i32>(r.base + <usize>hdr, 4);
    if (q + 1 < queue.length) {
      const nextHdr = <u32>(unchecked(queue[q + 1]) >> 8);
      if (link != <i64>nextHdr) return r.fail(E.ERR_BTREE, hdr, 4);
      const lastKey = hdr + leafBase + (n - 1) * sz(leafL) + lo16(leafL);
      if (compareArchived<K>(r, nextHdr + leafBase + lo16(leafL), lastKey) < 0) return r.fail(E.ERR_BTREE, hdr, 5);
    } else if (link != <i64>hdr + 4) {
      return r.fail(E.ERR_BTREE, hdr, 6);
    }
  }
  if (count != <u64>len) return r.fail(E.ERR_BTREE, at, count);
  // Inner keys must equal the first key of the child they point at.
  for (let q = 0; q < head; q++) {
    const hdr = <u32>(unchecked(queue[q]) >> 8);
    const n = <u32>(load<u16>(r.base + <usize>hdr, 8) & 0x7FFF);
    for (let j: u32 = 0; j < n; j++) {
      const e = hdr + innerBase + j * sz(innerL);
      const child = <u32>(<i64>e + lo16(innerL) + <i64>load<i32>(r.base + <usize>(e + lo16(innerL))));
      if (compareArchived<K>(r, e + hi16(innerL), firstKeyPos<K, V>(r, child)) != 0) return r.fail(E.ERR_BTREE, hdr, 7);
    }
  }
  return true;
}

export function setCheck<K>(r: ArchiveReader, at: u32): bool {
  return mapCheck<K, Unit>(r, at);
}

// ---------------------------------------------------------------- reading

/** Header position of the leaf holding the smallest keys. */
function leftmostLeaf<K, V>(r: ArchiveReader, at: u32): u32 {
  let h = <u32>(<i64>at + 4 + <i64>load<i32>(r.base + <usize>at, 4));
  while (load<u16>(r.base + <usize>h, 8) & INNER_FLAG) {
    h = <u32>(<i64>h + 4 + <i64>load<i32>(r.base + <usize>h, 4));
  }
  return h;
}

export function mapRead<K, V>(r: ArchiveReader, at: u32): Map<K, V> {
  const m = new Map<K, V>();
  let remaining = load<u32>(r.base + <usize>at);
  if (remaining == 0) return m;
  const l = leafLayout<K, V>();
  const base = alignUp(HEADER_SIZE, max<u32>(4, max<u32>(archivedAlign<K>(), archivedAlign<V>())));
  let h = leftmostLeaf<K, V>(r, at);
  while (remaining > 0) {
    const n = <u32>(load<u16>(r.base + <usize>h, 8) & 0x7FFF);
    if (n == 0) break; // only reachable on unvalidated input; never loop forever
    for (let j: u32 = 0; j < n && remaining > 0; j++, remaining--) {
      const e = h + base + j * sz(l);
      m.set(readAt<K>(r, e + lo16(l)), readAt<V>(r, e + hi16(l)));
    }
    h = <u32>(<i64>h + 4 + <i64>load<i32>(r.base + <usize>h, 4));
  }
  return m;
}

export function setRead<K>(r: ArchiveReader, at: u32): Set<K> {
  const s = new Set<K>();
  let remaining = load<u32>(r.base + <usize>at);
  if (remaining == 0) return s;
  const l = leafLayout<K, Unit>();
  const base = alignUp(HEADER_SIZE, max<u32>(4, archivedAlign<K>()));
  let h = leftmostLeaf<K, Unit>(r, at);
  while (remaining > 0) {
    const n = <u32>(load<u16>(r.base + <usize>h, 8) & 0x7FFF);
    if (n == 0) break; // only reachable on unvalidated input; never loop forever
    for (let j: u32 = 0; j < n && remaining > 0; j++, remaining--) {
      s.add(readAt<K>(r, h + base + j * sz(l) + lo16(l)));
    }
    h = <u32>(<i64>h + 4 + <i64>load<i32>(r.base + <usize>h, 4));
  }
  return s;
}
