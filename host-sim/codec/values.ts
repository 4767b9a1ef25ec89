import { CodecError } from "./errors.js";
import type { Scope } from "./scope.js";
import { INT_BYTES, isBigKind, isSigned, type IntKind, type RType } from "./types.js";

/**
 * JS value mapping (encode accepts, decode returns):
 *
 * | Rust                                   | JS                                                    |
 * |----------------------------------------|-------------------------------------------------------|
 * | u8 u16 u32 i8 i16 i32 usize isize      | number (encode also takes an in-range bigint)         |
 * | u64 i64 u128 i128                      | bigint (encode also takes a safe-integer number)      |
 * | f32 f64                                | number                                                |
 * | bool                                   | boolean                                               |
 * | char                                   | a string holding one code point                       |
 * | NonZeroU32 etc.                        | like the inner integer, never 0                       |
 * | () and unit structs                    | null (encode also takes undefined)                    |
 * | String                                 | string (must be well-formed UTF-16)                   |
 * | Vec<u8>, [u8; N], Box<[u8]>, ContractId| Uint8Array (encode also takes number[])               |
 * | Vec<T>, [T; N], Box<[T]>               | T[]                                                   |
 * | Box<T>                                 | the T value                                           |
 * | Option<T>                              | None → null; Some(v) → v, or `{some: v}` when T's own |
 * |                                        | value can be null (Option, (), unit struct)           |
 * | (A, B, …)                              | [a, b, …]                                             |
 * | struct S { a, b }                      | { a, b }                                              |
 * | struct S(A, B)                         | [a, b]                                                |
 * | enum variant without fields            | "Name" (encode also takes {variant: "Name"})         |
 * | enum variant Name(A, B)                | { variant: "Name", fields: [a, b] }                   |
 * | enum variant Name { x, y }             | { variant: "Name", fields: { x, y } }                 |
 * | Result<T, E>                           | { ok: v } or { err: e }                               |
 * | BTreeMap<K, V>                         | Map (decode: ascending key order; encode also takes   |
 * |                                        | an array of [k, v] pairs; keys are sorted like Rust)  |
 * | BTreeSet<K>                            | Set (ascending; encode also takes an array)           |
 */

const MAX: Record<IntKind, bigint> = {} as Record<IntKind, bigint>;
const MIN: Record<IntKind, bigint> = {} as Record<IntKind, bigint>;
for (const k of Object.keys(INT_BYTES) as IntKind[]) {
  const bits = BigInt(INT_BYTES[k] * 8);
  MAX[k] = isSigned(k) ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  MIN[k] = isSigned(k) ? -(1n << (bits - 1n)) : 0n;
}

/** Checks an integer value and returns it as a bigint. */
export function toBigInt(kind: IntKind, v: unknown, path: string): bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new CodecError(`expected ${isBigKind(kind) ? "a bigint" : "an integer number"} for ${kind}, got ${describe(v)}`, path);
  if (b < MIN[kind] || b > MAX[kind]) throw new CodecError(`${b} is out of range for ${kind}`, path);
  return b;
}

/** Checks a ≤32-bit integer value and returns it as a number. */
export function toSmallInt(kind: IntKind, v: unknown, path: string): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= Number(MIN[kind]) && v <= Number(MAX[kind])) return v;
  return Number(toBigInt(kind, v, path));
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v instanceof Map) return "Map";
  if (v instanceof Set) return "Set";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "object") return "object";
  return `${typeof v} ${String(v)}`;
}

/** Whether `t`'s JS value can be null, so `Some(v)` of it needs the `{some: v}` wrapper. */
export function isNullable(scope: Scope, type: RType): boolean {
  const t = scope.resolve(type);
  return (
    t.kind === "option" ||
    t.kind === "unit" ||
    (t.kind === "struct" && t.fields.length === 0) ||
    (t.kind === "tuple" && t.items.length === 0)
  );
}

export function toBytes(v: unknown, path: string, len?: number): Uint8Array {
  let out: Uint8Array;
  if (v instanceof Uint8Array) out = v;
  else if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) out = Uint8Array.from(v as number[]);
  else throw new CodecError(`expected a Uint8Array, got ${describe(v)}`, path);
  if (len !== undefined && out.length !== len) throw new CodecError(`expected ${len} bytes, got ${out.length}`, path);
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map) && !(v instanceof Set);
}

/** An enum value as (variant name, fields value); fieldless variants may be plain strings. */
export function enumParts(v: unknown, path: string): { name: string; fields: unknown } {
  if (typeof v === "string") return { name: v, fields: undefined };
  if (isRecord(v) && typeof v.variant === "string") return { name: v.variant, fields: v.fields };
  throw new CodecError(`expected an enum value ("Name" or {variant, fields}), got ${describe(v)}`, path);
}

function compareCodePoints(a: string, b: string): number {
  // Code point order equals UTF-8 byte order (what Rust's str Ord uses);
  // plain UTF-16 comparison would misplace astral characters.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    return xs ? 1 : -1;
  }
  return a.length - b.length;
}

function cmpPrim(a: number | bigint | boolean, b: number | bigint | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpSeq(scope: Scope, t: RType, a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(scope, t, a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function mapEntries(v: unknown): [unknown, unknown][] {
  if (v instanceof Map) return [...v.entries()];
  if (v instanceof Set) return [...v].map((k) => [k, null]);
  return Array.isArray(v) ? (v as [unknown, unknown][]) : [];
}

/**
 * Rust's derived `Ord` on JS values of type `t` (as BTreeMap keys are ordered).
 * Inputs are assumed to be valid values of `t`.
 */
export function compareValues(scope: Scope, type: RType, a: unknown, b: unknown): number {
  const t = scope.resolve(type);
  switch (t.kind) {
    case "unit":
      return 0;
    case "string":
      return compareCodePoints(a as string, b as string);
    case "char":
      return (a as string).codePointAt(0)! - (b as string).codePointAt(0)!;
    case "bool": case "f32": case "f64":
      return cmpPrim(a as number, b as number);
    case "nonzero":
      return cmpPrim(a as number | bigint, b as number | bigint);
    case "contractId":
      return cmpBytes(a as Uint8Array, b as Uint8Array);
    case "vec": case "boxslice": case "array":
      if (t.of.kind === "u8") return cmpBytes(toBytes(a, ""), toBytes(b, ""));
      return cmpSeq(scope, t.of, a as unknown[], b as unknown[]);
    case "box":
      return compareValues(scope, t.of, a, b);
    case "option": {
      const an = a === null || a === undefined;
      const bn = b === null || b === undefined;
      if (an || bn) return (an ? 0 : 1) - (bn ? 0 : 1);
      const wrap = isNullable(scope, t.of);
      return compareValues(scope, t.of, wrap ? (a as { some: unknown }).some : a, wrap ? (b as { some: unknown }).some : b);
    }
    case "tuple":
      for (let i = 0; i < t.items.length; i++) {
        const c = compareValues(scope, t.items[i]!, (a as unknown[])[i], (b as unknown[])[i]);
        if (c !== 0) return c;
      }
      return 0;
    case "struct":
      for (let i = 0; i < t.fields.length; i++) {
        const f = t.fields[i]!;
        const key = t.tuple ? i : f.name;
        const c = compareValues(scope, f.type, (a as Record<string | number, unknown>)?.[key], (b as Record<string | number, unknown>)?.[key]);
        if (c !== 0) return c;
      }
      return 0;
    case "enum": {
      const pa = enumParts(a, "");
      const pb = enumParts(b, "");
      const ia = t.variants.findIndex((v) => v.name === pa.name);
      const ib = t.variants.findIndex((v) => v.name === pb.name);
      if (ia !== ib) return ia - ib;
      const variant = t.variants[ia]!;
      for (let i = 0; i < variant.fields.length; i++) {
        const f = variant.fields[i]!;
        const key = variant.tuple ? i : f.name;
        const c = compareValues(scope, f.type, (pa.fields as Record<string | number, unknown>)?.[key], (pb.fields as Record<string | number, unknown>)?.[key]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case "result": {
      const aOk = isRecord(a) && "ok" in a;
      const bOk = isRecord(b) && "ok" in b;
      if (aOk !== bOk) return aOk ? -1 : 1;
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      return aOk ? compareValues(scope, t.ok, ra.ok, rb.ok) : compareValues(scope, t.err, ra.err, rb.err);
    }
    case "map": case "set": {
      const ea = mapEntries(a);
      const eb = mapEntries(b);
      const n = Math.min(ea.length, eb.length);
      const keyT = t.kind === "map" ? t.key : t.of;
      for (let i = 0; i < n; i++) {
        const c = compareValues(scope, keyT, ea[i]![0], eb[i]![0]) || (t.kind === "map" ? compareValues(scope, t.value, ea[i]![1], eb[i]![1]) : 0);
        if (c !== 0) return c;
      }
      return ea.length - eb.length;
    }
    default:
      return cmpPrim(a as number | bigint, b as number | bigint);
  }
}
