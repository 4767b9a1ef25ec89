// The data-driver ABI of rusk's `data-drivers/data-driver/src/wasm.rs` (and `mem.rs` for alloc /
// dealloc): every export writes its result into the caller's buffer as a u32 little-endian length
// followed by the bytes and returns an ErrorCode; a failure's message waits in `get_last_error`,
// spelled as the Rust driver's `format!("{e:?}")` of its `Error` (`Json("…")`, `Rkyv("…")`,
// `Unsupported("…")`). The per-contract dispatchers come from the generated driver source
// (transform/driver-source.ts). Nothing here imports from the host: Dusk's loader gives `{ env: {} }`.

import { Json, JsonParser } from "./json";
import { resetProblem } from "./values";
import { sizeFor } from "./root";
import { utf8Invalid } from "../codec/utf8";

/** wasm.rs's `ErrorCode`. */
export const enum Code { Ok = 0, InvalidInput = 1, OperationError = 2, NotInitialized = 3, BufferTooSmall = 4 }

/** Encodes a function's input from JSON; null on failure (after `setError`). */
export type EncodeFn = (name: string, json: Json) => Uint8Array | null;
/** Decodes a function's input or output, or an event, to JSON text; null on failure. */
export type DecodeFn = (name: string, ptr: usize, len: u32) => string | null;

let initialized = false;
let lastError = "";
let pending: string | null = null;

/** Records the failure of this call as the Rust driver's `Error` variant `kind` would print it. */
export function setError(kind: string, message: string): void {
  pending = kind + "(\"" + debugEscape(message) + "\")";
}

/** Rust's `{:?}` escaping of a string's contents. */
function debugEscape(s: string): string {
  const parts = new Array<string>();
  let run = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    let e: string | null = null;
    if (c == 0x22) e = "\\\"";
    else if (c == 0x5c) e = "\\\\";
    else if (c == 0x0a) e = "\\n";
    else if (c == 0x0d) e = "\\r";
    else if (c == 0x09) e = "\\t";
    else if (c < 0x20 || c == 0x7f) e = "\\u{" + c.toString(16) + "}";
    if (e === null) continue;
    parts.push(s.substring(run, k));
    parts.push(e);
    run = k + 1;
  }
  parts.push(s.substring(run));
  return parts.join("");
}

/** Whether [ptr, ptr + len) lies inside linear memory (so that reading or writing cannot trap). */
function inMemory(ptr: usize, len: usize): bool {
  const end = <u64>ptr + <u64>len;
  return end <= (<u64>memory.size() << 16);
}

/** wasm.rs's `write_to_wasm_buffer`: u32 LE length, then the bytes. */
function writeOut(data: usize, len: u32, outPtr: usize, outSize: usize): Code {
  if (<u64>len + 4 > <u64>outSize) return Code.BufferTooSmall;
  store<u32>(outPtr, len);
  memory.copy(outPtr + 4, data, len);
  return Code.Ok;
}

/** Ends a call: writes the result or records the error, and frees what the call allocated. */
function finish(result: Uint8Array | null, outPtr: usize, outSize: usize): Code {
  let code = Code.Ok;
  if (result === null) {
    const p = pending;
    lastError = p === null ? "Other(\"unknown failure\")" : p;
    code = Code.OperationError;
  } else {
    code = writeOut(result.dataStart, <u32>result.length, outPtr, outSize);
    if (code == Code.BufferTooSmall) lastError = "Output buffer too small";
  }
  pending = null;
  // The minimal runtime collects only on request; nothing of this call is live any more.
  __collect();
  return code;
}

function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** The text at [ptr, ptr + len) if it is valid UTF-8, else null with the error recorded. */
function readText(ptr: usize, len: usize, what: string): string | null {
  if (utf8Invalid(ptr, <u32>len) >= 0) {
    pending = "Invalid " + what + " UTF-8";
    return null;
  }
  return String.UTF8.decodeUnsafe(ptr, len);
}

/** The checks every export starts with; a code other than Ok ends the call. */
function enter(outPtr: usize, outSize: usize): Code {
  if (!initialized) {
    lastError = "Contract driver not initialized";
    return Code.NotInitialized;
  }
  if (!inMemory(outPtr, outSize)) {
    lastError = "Other(\"the output buffer lies outside the driver's memory\")";
    return Code.InvalidInput;
  }
  resetProblem();
  pending = null;
  return Code.Ok;
}

function inputsInMemory(a: usize, al: usize, b: usize, bl: usize): bool {
  if (inMemory(a, al) && inMemory(b, bl)) return true;
  lastError = "Other(\"an input buffer lies outside the driver's memory\")";
  return false;
}

/** The largest JSON input taken: the archive buffer is a fixed multiple of it. */
const MAX_JSON: usize = 1 << 20;

export function init(): void {
  initialized = true;
}

export function alloc(size: usize): usize {
  return heap.alloc(size);
}

export function dealloc(ptr: usize, size: usize): void {
  heap.free(ptr);
}

export function get_last_error(outPtr: usize, outSize: usize): Code {
  if (!inMemory(outPtr, outSize)) return Code.InvalidInput;
  const b = utf8(lastError);
  const code = writeOut(b.dataStart, <u32>b.length, outPtr, outSize);
  if (code == Code.Ok) lastError = "";
  return code;
}

export function encodeInputFn(np: usize, nl: usize, jp: usize, jl: usize, outPtr: usize, outSize: usize, encode: EncodeFn): Code {
  const c = enter(outPtr, outSize);
  if (c != Code.Ok) return c;
  if (!inputsInMemory(np, nl, jp, jl)) return Code.InvalidInput;
  const name = readText(np, nl, "fn_name");
  if (name === null) return finish(null, outPtr, outSize);
  if (jl > MAX_JSON) {
    setError("Json", "encode_input " + name + ": the JSON is " + jl.toString() + " bytes, more than this driver takes (" + MAX_JSON.toString() + ")");
    return finish(null, outPtr, outSize);
  }
  const text = readText(jp, jl, "json");
  if (text === null) return finish(null, outPtr, outSize);
  sizeFor(jl);
  const parser = new JsonParser(text);
  const json = parser.parse();
  if (json === null) {
    setError("Json", "encode_input " + name + ": " + parser.error);
    return finish(null, outPtr, outSize);
  }
  return finish(encode(name, json), outPtr, outSize);
}

export function decodeFn(np: usize, nl: usize, rp: usize, rl: usize, outPtr: usize, outSize: usize, decode: DecodeFn, what: string): Code {
  const c = enter(outPtr, outSize);
  if (c != Code.Ok) return c;
  if (!inputsInMemory(np, nl, rp, rl)) return Code.InvalidInput;
  const name = readText(np, nl, what);
  if (name === null) return finish(null, outPtr, outSize);
  // A copy at the allocator's 16-byte alignment: rkyv checks the root's alignment from the start.
  const copy = heap.alloc(max<usize>(rl, 1));
  memory.copy(copy, rp, rl);
  const json = decode(name, copy, <u32>rl);
  heap.free(copy);
  return finish(json === null ? null : utf8(json), outPtr, outSize);
}

export function textFn(text: string, outPtr: usize, outSize: usize): Code {
  const c = enter(outPtr, outSize);
  if (c != Code.Ok) return c;
  return finish(utf8(text), outPtr, outSize);
}
