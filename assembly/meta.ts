// Session metadata (`hd`), as piecrust-uplink's `meta_data`: absent or not a valid archive → none.
// AssemblyScript value types cannot be null, so reference types use `metaData<T>` (T | null) and
// value types `metaDataOr<T>(name, fallback)`.

import * as env from "./env";
import { A, ARGBUF_LEN, argbufBytes, argbufPutUtf8 } from "./argbuf";
import { decodeArgbuf, validateArgbuf } from "./decode";

// Returns the value's length in the argbuf, 0 when absent (Piecrust cannot tell absent from empty).
function load(name: string): u32 {
  // The host reads the name before it writes the value over it.
  const n = argbufPutUtf8(0, name);
  const len = n >= 0 ? env.hd(A, <u32>n) : loadEncoded(name);
  return len > <u32>ARGBUF_LEN ? 0 : len;
}

function loadEncoded(name: string): u32 {
  const n = String.UTF8.encode(name);
  return env.hd(changetype<usize>(n), <u32>n.byteLength);
}

/** Metadata `name` decoded as T (a reference type), or null when absent or invalid. */
export function metaData<T>(name: string): T | null {
  if (!isReference<T>()) ERROR("metaData<T>: T must be a reference type; use metaDataOr<T>(name, fallback) for numbers and bool");
  const len = load(name);
  if (len == 0 || validateArgbuf<T>(len) !== null) return null;
  return decodeArgbuf<T>(len);
}

/** Metadata `name` decoded as T, or `fallback` when absent or invalid. */
export function metaDataOr<T>(name: string, fallback: T): T {
  const len = load(name);
  if (len == 0 || validateArgbuf<T>(len) !== null) return fallback;
  return decodeArgbuf<T>(len);
}

/** Metadata `name` as raw bytes, or null when absent (or empty). */
export function metaDataRaw(name: string): Uint8Array | null {
  const len = load(name);
  if (len == 0) return null;
  return argbufBytes(0, len);
}
