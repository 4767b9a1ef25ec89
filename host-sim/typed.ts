// Mirrors the typed halves of piecrust/src/session.rs (`call`, `deploy` with an init argument):
// values are rkyv-serialized with host-sim/codec exactly as piecrust's host does, results validated.
import { CodecError, decode, encode, parseType } from "./codec/index.js";
import type { RType, TypeDefs } from "./codec/index.js";
import { VMError } from "./error.js";
import { ARGBUF_LEN } from "./module.js";

/** A Rust type (as source, e.g. "(ContractId, u64)", or a descriptor) and optional named definitions. */
export type TypeSpec = string | RType;

/** A value with its Rust type, for typed calls and deploys: serialized with rkyv as Piecrust's host does. */
export interface Typed {
  /** The Rust type, as source (e.g. "(ContractId, u64)") or a descriptor. */
  type: TypeSpec;
  /**
   * The JS value, mapped to the type as host-sim's codec documents (e.g. u64 as bigint, ids as
   * Uint8Array).
   */
  value: unknown;
}

/** A `Typed` value: `value` to be serialized as the Rust type `type`. */
export function typed(type: TypeSpec, value: unknown): Typed {
  return { type, value };
}

export function resolveType(spec: TypeSpec, defs?: TypeDefs): RType {
  if (typeof spec !== "string") return spec;
  try {
    return parseType(spec, defs ?? {});
  } catch (e) {
    throw new TypeError(`cannot parse type ${JSON.stringify(spec)}: ${(e as Error).message}`);
  }
}

/** Serializes an argument as Piecrust's host does, into at most 64 KiB. */
export function encodeArg(arg: Typed | null | undefined, defs: TypeDefs | undefined, what: string): Uint8Array {
  if (arg === null || arg === undefined) return new Uint8Array(0);
  let bytes: Uint8Array;
  try {
    bytes = encode(resolveType(arg.type, defs), arg.value, defs);
  } catch (e) {
    if (e instanceof CodecError) throw new TypeError(`${what} does not match its type: ${e.message}`);
    throw e;
  }
  if (bytes.length > ARGBUF_LEN) {
    throw new VMError("CompositeSerializerError", `${what} serializes to ${bytes.length} bytes, more than the 65536-byte buffer`);
  }
  return bytes;
}

/** Validates and deserializes returned bytes; failure is Piecrust's ValidationError. */
export function decodeResult<R>(bytes: Uint8Array, returns: TypeSpec, defs: TypeDefs | undefined): R {
  try {
    return decode(resolveType(returns, defs), bytes, defs) as R;
  } catch (e) {
    if (e instanceof CodecError) throw new VMError("ValidationError", `ValidationError: ${e.message}`, { cause: e });
    throw e;
  }
}
