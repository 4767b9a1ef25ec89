// Layout arithmetic shared by every codec file: alignment and rustc's
// field-ordering keys (see rkyv-format.md §7). Kept branch-light because it is
// evaluated at run time for tuples (their layout depends on generic types).

/** Rounds `x` up to a multiple of `align` (a power of two). */
// @ts-ignore: decorator
@inline export function alignUp(x: u32, align: u32): u32 {
  return (x + align - 1) & ~(align - 1);
}

/** Number of trailing zero bits (log2 of a power of two). */
// @ts-ignore: decorator
@inline export function tz(x: u32): u32 {
  return <u32>ctz<u32>(x);
}

/** rustc's size-based alignment group: tz(max(align, size)). */
// @ts-ignore: decorator
@inline export function keySize(size: u32, align: u32): u32 {
  return tz(max<u32>(align, size));
}

/**
 * rustc pass-1 ("niche at start") sort key of one field, packed so that a
 * larger key sorts first: [key1 desc][niche desc][niche offset asc].
 * `tzA` = tz(largest alignment), `bigL` = largest niche among the sorted fields.
 */
// @ts-ignore: decorator
@inline export function pass1Key(size: u32, align: u32, niche: u32, nicheOff: u32, tzA: u32, bigL: u32): u64 {
  let k1 = keySize(size, align);
  if (bigL > 0) k1 = min<u32>(tzA, k1);
  // 8 bits for key1, 32 bits for the niche, 24 bits for the inverted offset.
  return (<u64>k1 << 56) | (<u64>niche << 24) | <u64>(0xFFFFFF - (nicheOff & 0xFFFFFF));
}
