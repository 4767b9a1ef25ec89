// A whole argument, result or event as the root of an rkyv archive, through the SDK's codec (the
// same `encode` / `validate` / `decodeUnchecked` a contract's entry points use, so the driver and
// the contract agree on every byte).

import { encode, validate, decodeUnchecked } from "../codec/api";
import { failed, problemText } from "./values";
import { setError } from "./ffi";
import { JsonWriter } from "./json";

let capacity: u32 = 0;

/**
 * Sizes the archive buffer for a JSON input of `jsonBytes`: a JSON value of n bytes archives to at
 * most 64n bytes (the worst case is a u128 or an Option of one written as a one-digit number or
 * `null`, with alignment padding), plus room for the root.
 */
export function sizeFor(jsonBytes: usize): void {
  capacity = <u32>(jsonBytes * 64 + 1024);
}

/** The archive of `value`, or null when its conversion from JSON failed (error recorded as `Json`). */
export function encodeRoot<T>(value: T, what: string): Uint8Array | null {
  if (failed()) {
    setError("Json", what + ": " + problemText());
    return null;
  }
  const buf = new Uint8Array(capacity);
  const n = encode<T>(value, buf.dataStart, capacity);
  return buf.subarray(0, n);
}

/** Validates [ptr, ptr + len) as an archived T (check_archived_root) and writes it as JSON. */
export function decodeRoot<T>(ptr: usize, len: u32, what: string, toJson: (w: JsonWriter, v: T) => void): string | null {
  const problem = validate<T>(ptr, len);
  if (problem !== null) {
    setError("Rkyv", what + ": cannot check_archived_root: " + problem);
    return null;
  }
  const w = new JsonWriter();
  toJson(w, decodeUnchecked<T>(ptr, len));
  return w.toString();
}

/** An unknown function or event name (dusk-forge's `Unsupported("decode_input: unknown fn x")`). */
export function unknownName<R>(what: string): R {
  setError("Unsupported", what);
  return changetype<R>(0);
}
