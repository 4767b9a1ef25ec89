// Tuples (A, B[, C[, D]]) as Tuple2..Tuple4 with fields _0.._3.
// rustc lays a tuple out as possibly unsized: the LAST element stays last and
// the others are ordered by rustc's pass 1 (largest size-alignment group
// first, then larger niche, then smaller niche offset), with the largest
// alignment A and niche L taken over the non-last elements (rkyv-format §7).
// Out-of-line data is written and validated from the last element to the first.
//
// The layout depends only on the element types, so after inlining it folds to
// constants in optimised builds; unoptimised it is a few dozen operators.

import { ArchiveWriter } from "./writer";
import { ArchiveReader } from "./reader";
import { alignUp, tz, pass1Key } from "./layout";
import {
  archivedSize, archivedAlign, archivedNiche, archivedNicheOffset, hasDeps,
  serializeDeps, resolveAt, checkAt, readAt,
} from "./dispatch";

/**
 * Offsets of a tuple's elements, packed as four u16 (element 0 in the low
 * bits). `count` = 2..4; unused slots are passed as zero-sized.
 */
// Inlined, with no loop, so that the optimiser folds it to a constant for each tuple type: called
// at run time it cost ~300 gas per decoded tuple argument.
// @ts-ignore: decorator
@inline export function tupleLayout(
  count: u32,
  s0: u32, a0: u32, n0: u32, o0: u32,
  s1: u32, a1: u32, n1: u32, o1: u32,
  s2: u32, a2: u32, n2: u32, o2: u32,
  s3: u32, a3: u32,
): u64 {
  // Sorted prefix = elements 0..count-2; the last element is placed after it.
  const m = count - 1;
  let maxA: u32 = a0;
  let bigL: u32 = n0;
  if (m > 1) { maxA = max<u32>(maxA, a1); bigL = max<u32>(bigL, n1); }
  if (m > 2) { maxA = max<u32>(maxA, a2); bigL = max<u32>(bigL, n2); }
  const tzA = tz(maxA);
  const k0 = pass1Key(s0, a0, n0, o0, tzA, bigL);
  const k1 = m > 1 ? pass1Key(s1, a1, n1, o1, tzA, bigL) : 0;
  const k2 = m > 2 ? pass1Key(s2, a2, n2, o2, tzA, bigL) : 0;
  // Stable descending rank of each prefix element.
  let r0: u32 = 0, r1: u32 = 0, r2: u32 = 0;
  if (m > 1) { if (k1 > k0) r0++; else r1++; }
  if (m > 2) {
    if (k2 > k0) r0++; else r2++;
    if (k2 > k1) r1++; else r2++;
  }
  // Place prefix elements in rank order.
  let end: u32 = 0;
  let f0: u32 = 0, f1: u32 = 0, f2: u32 = 0;
  // Ranks 0, 1, 2 in turn (at most three prefix elements), written out.
  if (r0 == 0) { f0 = alignUp(end, a0); end = f0 + s0; }
  else if (m > 1 && r1 == 0) { f1 = alignUp(end, a1); end = f1 + s1; }
  else if (m > 2 && r2 == 0) { f2 = alignUp(end, a2); end = f2 + s2; }
  if (m > 1) {
    if (r0 == 1) { f0 = alignUp(end, a0); end = f0 + s0; }
    else if (r1 == 1) { f1 = alignUp(end, a1); end = f1 + s1; }
    else if (m > 2 && r2 == 1) { f2 = alignUp(end, a2); end = f2 + s2; }
  }
  if (m > 2) {
    if (r0 == 2) { f0 = alignUp(end, a0); end = f0 + s0; }
    else if (r1 == 2) { f1 = alignUp(end, a1); end = f1 + s1; }
    else if (r2 == 2) { f2 = alignUp(end, a2); end = f2 + s2; }
  }
  // The last element goes after the sorted prefix.
  let last: u32 = 0;
  if (count == 2) f1 = alignUp(end, a1);
  else if (count == 3) f2 = alignUp(end, a2);
  else last = alignUp(end, a3);
  const f3: u32 = count == 4 ? last : 0;
  return <u64>f0 | (<u64>f1 << 16) | (<u64>f2 << 32) | (<u64>f3 << 48);
}

// @ts-ignore: decorator
@inline function off(layout: u64, i: u32): u32 {
  return <u32>((layout >> (i * 16)) & 0xFFFF);
}

/** Size = offset of the last element + its size, rounded to the largest alignment. */
// @ts-ignore: decorator
@inline function sizeFrom(lastOff: u32, lastSize: u32, align: u32): u32 {
  return alignUp(lastOff + lastSize, align);
}

/** Largest niche among elements and its offset (first in memory order wins). */
function nicheOf(count: u32, layout: u64, n0: u32, o0: u32, n1: u32, o1: u32, n2: u32, o2: u32, n3: u32, o3: u32, wantOffset: bool): u32 {
  let best: u32 = 0;
  let bestOff: u32 = 0xFFFFFFFF;
  for (let i: u32 = 0; i < count; i++) {
    const n = i == 0 ? n0 : i == 1 ? n1 : i == 2 ? n2 : n3;
    if (n == 0) continue;
    const o = off(layout, i) + (i == 0 ? o0 : i == 1 ? o1 : i == 2 ? o2 : o3);
    if (n > best || (n == best && o < bestOff)) { best = n; bestOff = o; }
  }
  if (wantOffset) return best == 0 ? 0 : bestOff;
  return best;
}

/**
 * Rust tuple `(A, B)` with elements `_0`..`_1`, laid out as rustc does (the last element stays last, the
 * others ordered by size-alignment group and niche).
 */
export class Tuple2<A, B> {
  /**
   * A 2-tuple of the given elements.
   * @param _0 Element 0 (type `A`).
   * @param _1 Element 1 (type `B`).
   */
  constructor(public _0: A, public _1: B) {}

  /**
   * The byte offsets of the 2 archived elements for these element types, packed as four u16 (element 0 in
   * the low bits); folds to a constant in optimised builds.
   */
  // @ts-ignore: decorator
  @inline static layout<A, B>(): u64 {
    return tupleLayout(2,
      archivedSize<A>(), archivedAlign<A>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedSize<B>(), archivedAlign<B>(), archivedNiche<B>(), archivedNicheOffset<B>(),
      0, 1, 0, 0, 0, 1);
  }
  /** Archive member: the archived alignment of a `(A, B)` tuple in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 { return max<u32>(archivedAlign<A>(), archivedAlign<B>()); }
  /** Archive member: the archived size of a `(A, B)` tuple in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 {
    return sizeFrom(off(Tuple2.layout<A, B>(), 1), archivedSize<B>(), this.__archiveAlign());
  }
  /**
   * Archive member: how many invalid bit patterns (niche values) a `(A, B)` tuple has, which rustc's field
   * ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 {
    return nicheOf(2, Tuple2.layout<A, B>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedNiche<B>(), archivedNicheOffset<B>(), 0, 0, 0, 0, false);
  }
  /** Archive member: the byte offset of that niche within a `(A, B)` tuple. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 {
    return nicheOf(2, Tuple2.layout<A, B>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedNiche<B>(), archivedNicheOffset<B>(), 0, 0, 0, 0, true);
  }
  /** Archive member: whether a `(A, B)` tuple has out-of-line data (written before the fixed part). */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return hasDeps<A>() || hasDeps<B>(); }

  /**
   * Archive member: writes the out-of-line data of a `(A, B)` tuple to `w`, recording a resolver for each
   * pointer the fixed part will need.
   */
  __archiveDeps(w: ArchiveWriter): void {
    serializeDeps<B>(w, this._1);
    serializeDeps<A>(w, this._0);
  }
  /**
   * Archive member: writes the fixed part of a `(A, B)` tuple at offset `at` of `w`'s pre-zeroed region,
   * consuming the resolvers recorded by `__archiveDeps`.
   */
  __archiveWrite(w: ArchiveWriter, at: u32): void {
    const l = Tuple2.layout<A, B>();
    resolveAt<B>(w, at + off(l, 1), this._1);
    resolveAt<A>(w, at + off(l, 0), this._0);
  }
  /**
   * Archive member: validates a `(A, B)` tuple at offset `at` (bounds, alignment, tags, UTF-8), recording
   * the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const l = Tuple2.layout<A, B>();
    return checkAt<B>(r, at + off(l, 1)) && checkAt<A>(r, at + off(l, 0));
  }
  /** Archive member: decodes a `(A, B)` tuple at offset `at` of an already validated archive. */
  __archiveRead(r: ArchiveReader, at: u32): Tuple2<A, B> {
    const l = Tuple2.layout<A, B>();
    return new Tuple2<A, B>(readAt<A>(r, at + off(l, 0)), readAt<B>(r, at + off(l, 1)));
  }
}

/**
 * Rust tuple `(A, B, C)` with elements `_0`..`_2`, laid out as rustc does (the last element stays last,
 * the others ordered by size-alignment group and niche).
 */
export class Tuple3<A, B, C> {
  /**
   * A 3-tuple of the given elements.
   * @param _0 Element 0 (type `A`).
   * @param _1 Element 1 (type `B`).
   * @param _2 Element 2 (type `C`).
   */
  constructor(public _0: A, public _1: B, public _2: C) {}

  /**
   * The byte offsets of the 3 archived elements for these element types, packed as four u16 (element 0 in
   * the low bits); folds to a constant in optimised builds.
   */
  // @ts-ignore: decorator
  @inline static layout<A, B, C>(): u64 {
    return tupleLayout(3,
      archivedSize<A>(), archivedAlign<A>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedSize<B>(), archivedAlign<B>(), archivedNiche<B>(), archivedNicheOffset<B>(),
      archivedSize<C>(), archivedAlign<C>(), archivedNiche<C>(), archivedNicheOffset<C>(),
      0, 1);
  }
  /** Archive member: the archived alignment of a `(A, B, C)` tuple in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 {
    return max<u32>(max<u32>(archivedAlign<A>(), archivedAlign<B>()), archivedAlign<C>());
  }
  /** Archive member: the archived size of a `(A, B, C)` tuple in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 {
    return sizeFrom(off(Tuple3.layout<A, B, C>(), 2), archivedSize<C>(), this.__archiveAlign());
  }
  /**
   * Archive member: how many invalid bit patterns (niche values) a `(A, B, C)` tuple has, which rustc's
   * field ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 {
    return nicheOf(3, Tuple3.layout<A, B, C>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedNiche<B>(), archivedNicheOffset<B>(), archivedNiche<C>(), archivedNicheOffset<C>(), 0, 0, false);
  }
  /** Archive member: the byte offset of that niche within a `(A, B, C)` tuple. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 {
    return nicheOf(3, Tuple3.layout<A, B, C>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedNiche<B>(), archivedNicheOffset<B>(), archivedNiche<C>(), archivedNicheOffset<C>(), 0, 0, true);
  }
  /** Archive member: whether a `(A, B, C)` tuple has out-of-line data (written before the fixed part). */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return hasDeps<A>() || hasDeps<B>() || hasDeps<C>(); }

  /**
   * Archive member: writes the out-of-line data of a `(A, B, C)` tuple to `w`, recording a resolver for
   * each pointer the fixed part will need.
   */
  __archiveDeps(w: ArchiveWriter): void {
    serializeDeps<C>(w, this._2);
    serializeDeps<B>(w, this._1);
    serializeDeps<A>(w, this._0);
  }
  /**
   * Archive member: writes the fixed part of a `(A, B, C)` tuple at offset `at` of `w`'s pre-zeroed
   * region, consuming the resolvers recorded by `__archiveDeps`.
   */
  __archiveWrite(w: ArchiveWriter, at: u32): void {
    const l = Tuple3.layout<A, B, C>();
    resolveAt<C>(w, at + off(l, 2), this._2);
    resolveAt<B>(w, at + off(l, 1), this._1);
    resolveAt<A>(w, at + off(l, 0), this._0);
  }
  /**
   * Archive member: validates a `(A, B, C)` tuple at offset `at` (bounds, alignment, tags, UTF-8),
   * recording the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const l = Tuple3.layout<A, B, C>();
    return checkAt<C>(r, at + off(l, 2)) && checkAt<B>(r, at + off(l, 1)) && checkAt<A>(r, at + off(l, 0));
  }
  /** Archive member: decodes a `(A, B, C)` tuple at offset `at` of an already validated archive. */
  __archiveRead(r: ArchiveReader, at: u32): Tuple3<A, B, C> {
    const l = Tuple3.layout<A, B, C>();
    return new Tuple3<A, B, C>(
      readAt<A>(r, at + off(l, 0)), readAt<B>(r, at + off(l, 1)), readAt<C>(r, at + off(l, 2)));
  }
}

/**
 * Rust tuple `(A, B, C, D)` with elements `_0`..`_3`, laid out as rustc does (the last element stays last,
 * the others ordered by size-alignment group and niche).
 */
export class Tuple4<A, B, C, D> {
  /**
   * A 4-tuple of the given elements.
   * @param _0 Element 0 (type `A`).
   * @param _1 Element 1 (type `B`).
   * @param _2 Element 2 (type `C`).
   * @param _3 Element 3 (type `D`).
   */
  constructor(public _0: A, public _1: B, public _2: C, public _3: D) {}

  /**
   * The byte offsets of the 4 archived elements for these element types, packed as four u16 (element 0 in
   * the low bits); folds to a constant in optimised builds.
   */
  // @ts-ignore: decorator
  @inline static layout<A, B, C, D>(): u64 {
    return tupleLayout(4,
      archivedSize<A>(), archivedAlign<A>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedSize<B>(), archivedAlign<B>(), archivedNiche<B>(), archivedNicheOffset<B>(),
      archivedSize<C>(), archivedAlign<C>(), archivedNiche<C>(), archivedNicheOffset<C>(),
      archivedSize<D>(), archivedAlign<D>());
  }
  /** Archive member: the archived alignment of a `(A, B, C, D)` tuple in bytes. */
  // @ts-ignore: decorator
  @inline __archiveAlign(): u32 {
    return max<u32>(max<u32>(archivedAlign<A>(), archivedAlign<B>()), max<u32>(archivedAlign<C>(), archivedAlign<D>()));
  }
  /** Archive member: the archived size of a `(A, B, C, D)` tuple in bytes. */
  // @ts-ignore: decorator
  @inline __archiveSize(): u32 {
    return sizeFrom(off(Tuple4.layout<A, B, C, D>(), 3), archivedSize<D>(), this.__archiveAlign());
  }
  /**
   * Archive member: how many invalid bit patterns (niche values) a `(A, B, C, D)` tuple has, which rustc's
   * field ordering and enum layout use; 0 means none.
   */
  // @ts-ignore: decorator
  @inline __archiveNiche(): u32 {
    return nicheOf(4, Tuple4.layout<A, B, C, D>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedNiche<B>(), archivedNicheOffset<B>(), archivedNiche<C>(), archivedNicheOffset<C>(),
      archivedNiche<D>(), archivedNicheOffset<D>(), false);
  }
  /** Archive member: the byte offset of that niche within a `(A, B, C, D)` tuple. */
  // @ts-ignore: decorator
  @inline __archiveNicheOffset(): u32 {
    return nicheOf(4, Tuple4.layout<A, B, C, D>(), archivedNiche<A>(), archivedNicheOffset<A>(),
      archivedNiche<B>(), archivedNicheOffset<B>(), archivedNiche<C>(), archivedNicheOffset<C>(),
      archivedNiche<D>(), archivedNicheOffset<D>(), true);
  }
  /** Archive member: whether a `(A, B, C, D)` tuple has out-of-line data (written before the fixed part). */
  // @ts-ignore: decorator
  @inline __archiveHasDeps(): bool { return hasDeps<A>() || hasDeps<B>() || hasDeps<C>() || hasDeps<D>(); }

  /**
   * Archive member: writes the out-of-line data of a `(A, B, C, D)` tuple to `w`, recording a resolver for
   * each pointer the fixed part will need.
   */
  __archiveDeps(w: ArchiveWriter): void {
    serializeDeps<D>(w, this._3);
    serializeDeps<C>(w, this._2);
    serializeDeps<B>(w, this._1);
    serializeDeps<A>(w, this._0);
  }
  /**
   * Archive member: writes the fixed part of a `(A, B, C, D)` tuple at offset `at` of `w`'s pre-zeroed
   * region, consuming the resolvers recorded by `__archiveDeps`.
   */
  __archiveWrite(w: ArchiveWriter, at: u32): void {
    const l = Tuple4.layout<A, B, C, D>();
    resolveAt<D>(w, at + off(l, 3), this._3);
    resolveAt<C>(w, at + off(l, 2), this._2);
    resolveAt<B>(w, at + off(l, 1), this._1);
    resolveAt<A>(w, at + off(l, 0), this._0);
  }
  /**
   * Archive member: validates a `(A, B, C, D)` tuple at offset `at` (bounds, alignment, tags, UTF-8),
   * recording the first error in `r`; returns false on invalid input.
   */
  __archiveCheck(r: ArchiveReader, at: u32): bool {
    const l = Tuple4.layout<A, B, C, D>();
    return checkAt<D>(r, at + off(l, 3)) && checkAt<C>(r, at + off(l, 2)) &&
      checkAt<B>(r, at + off(l, 1)) && checkAt<A>(r, at + off(l, 0));
  }
  /** Archive member: decodes a `(A, B, C, D)` tuple at offset `at` of an already validated archive. */
  __archiveRead(r: ArchiveReader, at: u32): Tuple4<A, B, C, D> {
    const l = Tuple4.layout<A, B, C, D>();
    return new Tuple4<A, B, C, D>(readAt<A>(r, at + off(l, 0)), readAt<B>(r, at + off(l, 1)),
      readAt<C>(r, at + off(l, 2)), readAt<D>(r, at + off(l, 3)));
  }
}
