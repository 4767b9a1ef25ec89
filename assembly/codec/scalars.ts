// Checks for archived scalars whose AssemblyScript type is a plain integer
// but whose Rust type restricts the bit patterns: char, NonZero*, and the u8
// tag of a fieldless enum. Generated code calls these for annotated fields.

import { ArchiveReader } from "./reader";
import * as E from "./errors";

/** Rust `char`: a Unicode scalar value (no surrogates, ≤ U+10FFFF). */
export function checkChar(r: ArchiveReader, at: u32): bool {
  const c = load<u32>(r.base + <usize>at);
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return r.fail(E.ERR_CHAR, at, c);
  return true;
}

/** A fieldless enum's u8 tag: the variant index, below `variants`. */
export function checkTag(r: ArchiveReader, at: u32, variants: u32): bool {
  const t = load<u8>(r.base + <usize>at);
  return <u32>t < variants ? true : r.fail(E.ERR_ENUM_TAG, at, t);
}

/** NonZeroU8..NonZeroU64 / NonZeroI*: `size` bytes, not all zero. */
export function checkNonZero(r: ArchiveReader, at: u32, size: u32): bool {
  const p = r.base + <usize>at;
  let z: u64 = 0;
  if (size == 1) z = load<u8>(p);
  else if (size == 2) z = load<u16>(p);
  else if (size == 4) z = load<u32>(p);
  else z = load<u64>(p);
  return z != 0 ? true : r.fail(E.ERR_NONZERO, at, 0);
}
