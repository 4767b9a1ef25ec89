// Strict UTF-8 validation (as Rust's str::from_utf8): no overlongs, no
// surrogates, nothing above U+10FFFF, no truncated sequences. ASCII runs are
// skipped 4 bytes at a time because loads are cheap and this runs on every
// decoded string. Returns -1 when valid, else the offset of the bad sequence.

export function utf8Invalid(ptr: usize, len: u32): i32 {
  let i: u32 = 0;
  while (i < len) {
    if (i + 4 <= len && (load<u32>(ptr + i) & 0x80808080) == 0) {
      i += 4;
      continue;
    }
    const b0 = <u32>load<u8>(ptr + i);
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let n: u32;
    let lo: u32 = 0x80;
    let hi: u32 = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 2;
      if (b0 == 0xE0) lo = 0xA0; // overlong
      else if (b0 == 0xED) hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 3;
      if (b0 == 0xF0) lo = 0x90; // overlong
      else if (b0 == 0xF4) hi = 0x8F; // > U+10FFFF
    } else {
      return <i32>i;
    }
    if (i + n >= len) return <i32>i; // truncated sequence
    const b1 = <u32>load<u8>(ptr + i + 1);
    if (b1 < lo || b1 > hi) return <i32>i;
    for (let k: u32 = 2; k <= n; k++) {
      const b = <u32>load<u8>(ptr + i + k);
      if ((b & 0xC0) != 0x80) return <i32>i;
    }
    i += n + 1;
  }
  return -1;
}
