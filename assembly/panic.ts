// Panics and the custom `abort`: the message goes into the argbuf as UTF-8 and the `panic`
// import traps the frame. Nothing here allocates, because abort may be reached from an
// allocation failure; strings are encoded straight from their static/heap UTF-16 data.

import { panic } from "./env";
import { A, ARGBUF_LEN } from "./argbuf";

/** Appends `s` to the argbuf at `pos` as UTF-8, truncated so it never passes ARGBUF_LEN. */
export function putStr(pos: u32, s: string): u32 {
  let units = s.length;
  const room = <u32>ARGBUF_LEN - pos;
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes: cut the source so the worst case fits.
  if (<u32>units * 3 > room) units = <i32>(room / 3);
  return pos + <u32>String.UTF8.encodeUnsafe(changetype<usize>(s), units, A + pos);
}

/** Appends the decimal digits of `v` to the argbuf at `pos`. */
export function putU64(pos: u32, v: u64): u32 {
  let digits: u32 = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  if (pos + digits > <u32>ARGBUF_LEN) return pos;
  let i = pos + digits;
  do {
    i--;
    store<u8>(A + i, <u8>(48 + v % 10));
    v /= 10;
  } while (v != 0);
  return pos + digits;
}

/** Appends `v` in decimal, with a minus sign when negative. */
export function putI64(pos: u32, v: i64): u32 {
  if (v < 0) {
    if (pos >= <u32>ARGBUF_LEN) return pos;
    store<u8>(A + pos, 0x2d); // '-'
    return putU64(pos + 1, <u64>(-v));
  }
  return putU64(pos, <u64>v);
}

function putU32(pos: u32, v: u32): u32 {
  return putU64(pos, <u64>v);
}

/** Traps the current frame with `msg` (Piecrust reports it as `Panic(msg)`). */
export function panicStr(msg: string): void {
  const len = putStr(0, msg);
  panic(len);
  unreachable();
}

/**
 * Replaces AssemblyScript's `abort` (which would import the forbidden `env.abort`): formats
 * "message at file:line:column" into the argbuf and panics. The transform registers it as the
 * `abort` alias, so `assert`, bounds checks and allocation failures all end up here.
 */
export function __pcas_abort(message: string | null = null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void {
  // Null checks on the raw pointer: `!== null` on strings would call String.__ne (and the shadow stack).
  let pos: u32 = changetype<usize>(message) != 0 ? putStr(0, changetype<string>(message)) : putStr(0, "abort");
  if (changetype<usize>(fileName) != 0) {
    pos = putStr(pos, " at ");
    pos = putStr(pos, changetype<string>(fileName));
    pos = putStr(pos, ":");
    pos = putU32(pos, line);
    pos = putStr(pos, ":");
    pos = putU32(pos, column);
  }
  panic(pos);
  unreachable();
}

/**
 * Appends `len` bytes from `ptr` (a static UTF-8 block) to the argbuf at `pos`. Used for messages
 * on hot paths' failure branches: a string argument would make the incremental runtime open a
 * shadow-stack frame (an i32.store, 16 gas) on every call, not just when failing.
 */
export function putRaw(pos: u32, ptr: usize, len: u32): u32 {
  if (len > <u32>ARGBUF_LEN - pos) len = <u32>ARGBUF_LEN - pos;
  memory.copy(A + pos, ptr, len);
  return pos + len;
}
