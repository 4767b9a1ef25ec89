import { CodecError } from "./errors.js";
import { formatType } from "./format.js";
import { scopeFor, type Scope } from "./scope.js";
import { serdeFloatText } from "./serde-float.js";
import { isBigKind, isBytesType, isIntKind, type Field, type IntKind, type RType, type TypeDefs } from "./types.js";
import { describe, enumParts, isNullable, isRecord, toBigInt, toSmallInt } from "./values.js";

/**
 * JSON ⇄ codec values, for the CLI and schema-driven tools. The JSON shape
 * follows the JS mapping in values.ts, except that:
 * - 64/128-bit integers are decimal strings in toJson (fromJson also takes
 *   numbers, and "0x…" hex strings for any integer);
 * - byte sequences (Vec<u8>, [u8; N], Box<[u8]>, ContractId) are hex strings
 *   ("0x" optional on input; fromJson also takes arrays of numbers);
 * - maps with String keys are JSON objects; other maps are arrays of
 *   [key, value] pairs (fromJson takes either; object keys are parsed as the
 *   key type, so {"5": …} works for integer keys);
 * - sets are arrays; non-finite floats are the strings "NaN", "Infinity", "-Infinity"
 *   (null in the serde style, as serde_json writes them; fromJson takes the strings in both).
 */
/**
 * "cli" is the shape above; "serde" is what serde_json writes for the Rust type, as Dusk's data
 * drivers and wallets use it (docs/dusk.md): enums externally tagged ({"Name": fields}), Some(x) as
 * x, Result as {"Ok"}/{"Err"}, newtypes as their field, ContractId as bare hex and other byte
 * sequences as number arrays. Integers of 64 bits and more stay decimal strings in both.
 */
export type JsonStyle = "cli" | "serde";

/** A JSON value as `JSON.parse` returns it and `JSON.stringify` takes it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function expected(t: RType, j: unknown, path: string): never {
  throw new CodecError(`expected ${formatType(t)}, got ${describe(j)}`, path);
}

function parseInt(kind: IntKind, j: unknown, path: string): bigint {
  if (typeof j === "string") {
    const s = j.trim();
    if (!/^-?(\d+|0x[0-9a-fA-F]+)$/.test(s)) throw new CodecError(`expected a decimal or 0x-hex integer for ${kind}, got ${describe(j)}`, path);
    const neg = s.startsWith("-");
    const mag = BigInt(neg ? s.slice(1) : s);
    return toBigInt(kind, neg ? -mag : mag, path);
  }
  return toBigInt(kind, j, path);
}

function parseHex(j: string, path: string): Uint8Array {
  const h = j.startsWith("0x") || j.startsWith("0X") ? j.slice(2) : j;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new CodecError(`expected a hex string of whole bytes, got ${describe(j)}`, path);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function hex(bytes: Uint8Array): string {
  let s = "0x";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function jsonFields(serde: boolean, scope: Scope, fields: Field[], tuple: boolean | undefined, j: unknown, path: string, what: string): unknown {
  if (fields.length === 0) {
    if (j === null || j === undefined || (Array.isArray(j) && j.length === 0) || (isRecord(j) && Object.keys(j).length === 0)) return null;
    throw new CodecError(`expected null for ${what}, got ${describe(j)}`, path);
  }
  // serde writes a newtype (one unnamed field) as its field alone.
  if (tuple && serde && fields.length === 1) return [fromJsonIn(serde, scope, fields[0].type, j, path)];
  if (tuple) {
    if (!Array.isArray(j) || j.length !== fields.length) throw new CodecError(`expected an array of ${fields.length} fields for ${what}, got ${describe(j)}`, path);
    return fields.map((f, i) => fromJsonIn(serde, scope, f.type, j[i], `${path}[${i}]`));
  }
  if (!isRecord(j)) throw new CodecError(`expected an object with fields ${fields.map((f) => f.name).join(", ")} for ${what}, got ${describe(j)}`, path);
  for (const k of Object.keys(j)) {
    if (!fields.some((f) => f.name === k)) throw new CodecError(`unknown field ${k} for ${what}`, path);
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.name in j)) throw new CodecError(`missing field ${f.name} (${formatType(f.type)}) for ${what}`, path);
    out[f.name] = fromJsonIn(serde, scope, f.type, j[f.name], `${path}.${f.name}`);
  }
  return out;
}

function fromJsonIn(serde: boolean, scope: Scope, type: RType, j: unknown, path: string): unknown {
  const t = scope.resolve(type, path);
  if (isBytesType(t)) {
    const bytes = typeof j === "string" ? parseHex(j, path) : Array.isArray(j) ? Uint8Array.from(j.map((b, i) => toSmallInt("u8", b, `${path}[${i}]`))) : expected(t, j, path);
    const want = t.kind === "contractId" ? 32 : t.kind === "array" ? t.len : undefined;
    if (want !== undefined && bytes.length !== want) throw new CodecError(`expected ${want} bytes for ${formatType(t)}, got ${bytes.length}`, path);
    return bytes;
  }
  switch (t.kind) {
    case "unit":
      if (j === null || j === undefined) return null;
      return expected(t, j, path);
    case "bool":
      return typeof j === "boolean" ? j : expected(t, j, path);
    case "f32": case "f64":
      if (typeof j === "number") return j;
      if (j === "NaN") return NaN;
      if (j === "Infinity") return Infinity;
      if (j === "-Infinity") return -Infinity;
      return expected(t, j, path);
    case "char":
      if (typeof j === "string" && j.length > 0 && String.fromCodePoint(j.codePointAt(0)!) === j) return j;
      return expected(t, j, path);
    case "string":
      return typeof j === "string" ? j : expected(t, j, path);
    case "nonzero": {
      const n = parseInt(t.of.kind, j, path);
      if (n === 0n) throw new CodecError("NonZero value must not be 0", path);
      return isBigKind(t.of.kind) ? n : Number(n);
    }
    case "vec": case "boxslice": case "array": {
      if (!Array.isArray(j)) return expected(t, j, path);
      if (t.kind === "array" && j.length !== t.len) throw new CodecError(`expected ${t.len} elements for ${formatType(t)}, got ${j.length}`, path);
      return j.map((x, i) => fromJsonIn(serde, scope, t.of, x, `${path}[${i}]`));
    }
    case "box":
      return fromJsonIn(serde, scope, t.of, j, path);
    case "option": {
      if (j === null || j === undefined) return null;
      // serde writes Some(x) as x, so a null inside Some cannot be told from None.
      if (serde) return isNullable(scope, t.of) ? { some: fromJsonIn(serde, scope, t.of, j, path) } : fromJsonIn(serde, scope, t.of, j, path);
      if (!isNullable(scope, t.of)) return fromJsonIn(serde, scope, t.of, j, path);
      if (isRecord(j) && "some" in j) return { some: fromJsonIn(serde, scope, t.of, j.some, `${path}.some`) };
      throw new CodecError(`expected null or {"some": …} for ${formatType(t)}, got ${describe(j)}`, path);
    }
    case "result":
      if (serde && isRecord(j) && Object.keys(j).length === 1 && "Ok" in j) return { ok: fromJsonIn(serde, scope, t.ok, j.Ok, `${path}.Ok`) };
      if (serde && isRecord(j) && Object.keys(j).length === 1 && "Err" in j) return { err: fromJsonIn(serde, scope, t.err, j.Err, `${path}.Err`) };
      if (isRecord(j) && "ok" in j && !("err" in j)) return { ok: fromJsonIn(serde, scope, t.ok, j.ok, `${path}.ok`) };
      if (isRecord(j) && "err" in j && !("ok" in j)) return { err: fromJsonIn(serde, scope, t.err, j.err, `${path}.err`) };
      throw new CodecError(`expected {"ok": …} or {"err": …} for ${formatType(t)}, got ${describe(j)}`, path);
    case "tuple":
      if (t.items.length === 0) return null;
      if (!Array.isArray(j) || j.length !== t.items.length) return expected(t, j, path);
      return t.items.map((item, i) => fromJsonIn(serde, scope, item, j[i], `${path}[${i}]`));
    case "struct":
      return jsonFields(serde, scope, t.fields, t.tuple, j, path, t.name);
    case "enum": {
      // serde: a unit variant is "Name", any other {"Name": its fields}.
      const single = serde && isRecord(j) && Object.keys(j).length === 1 && !("variant" in j);
      const { name, fields } = single ? { name: Object.keys(j)[0], fields: Object.values(j)[0] } : enumParts(j, path);
      const v = t.variants.find((x) => x.name === name);
      if (!v) throw new CodecError(`${t.name} has no variant ${name} (expected one of ${t.variants.map((x) => x.name).join(", ")})`, path);
      if (v.fields.length === 0) return v.name;
      return { variant: v.name, fields: jsonFields(serde, scope, v.fields, v.tuple, fields, `${path}.${name}`, `${t.name}::${name}`) };
    }
    case "map": {
      let pairs: [unknown, unknown][];
      if (Array.isArray(j)) {
        pairs = j.map((e, i) => {
          if (!Array.isArray(e) || e.length !== 2) throw new CodecError(`expected a [key, value] pair, got ${describe(e)}`, `${path}[${i}]`);
          return [e[0], e[1]];
        });
      } else if (isRecord(j)) pairs = Object.entries(j);
      else return expected(t, j, path);
      return new Map(pairs.map(([k, v], i) => [fromJsonIn(serde, scope, t.key, k, `${path}[${i}].key`), fromJsonIn(serde, scope, t.value, v, `${path}[${i}].value`)]));
    }
    case "set":
      if (!Array.isArray(j)) return expected(t, j, path);
      return new Set(j.map((x, i) => fromJsonIn(serde, scope, t.of, x, `${path}[${i}]`)));
    case "ref":
      throw new CodecError(`unresolved type name ${t.name}`, path);
    default: {
      if (!isIntKind(t.kind)) throw new CodecError(`unknown type kind ${t.kind}`, path);
      const n = parseInt(t.kind, j, path);
      return isBigKind(t.kind) ? n : Number(n);
    }
  }
}

function toJsonFields(serde: Serde, scope: Scope, fields: Field[], tuple: boolean | undefined, v: unknown, path: string): Json {
  if (fields.length === 0) return null;
  if (tuple && serde && fields.length === 1) return toJsonIn(serde, scope, fields[0].type, (v as unknown[])[0], `${path}[0]`);
  if (tuple) return fields.map((f, i) => toJsonIn(serde, scope, f.type, (v as unknown[])[i], `${path}[${i}]`));
  const out: Record<string, Json> = {};
  for (const f of fields) out[f.name] = toJsonIn(serde, scope, f.type, (v as Record<string, unknown>)[f.name], `${path}.${f.name}`);
  return out;
}

function toJsonIn(serde: Serde, scope: Scope, type: RType, v: unknown, path: string): Json {
  const t = scope.resolve(type, path);
  if (isBytesType(t)) {
    if (!(v instanceof Uint8Array)) return expected(t, v, path);
    // serde: dusk-core's ContractId is bare lowercase hex; plain byte arrays and vectors are number arrays.
    if (serde) return t.kind === "contractId" ? hex(v).slice(2) : [...v];
    return hex(v);
  }
  switch (t.kind) {
    case "unit":
      return null;
    case "bool": case "char": case "string":
      return v as Json;
    case "f32": case "f64":
      if (Number.isFinite(v)) return serde === "text" ? (new FloatText(serdeFloatText(v as number)!) as unknown as Json) : (v as number);
      // serde_json has no Number for a non-finite float: Dusk's drivers write null (serde-float.ts).
      return serde ? serdeFloatText(v as number) : String(v);
    case "nonzero":
      return isBigKind(t.of.kind) ? String(v) : Number(v);
    case "vec": case "boxslice": case "array":
      if (!Array.isArray(v)) return expected(t, v, path);
      return v.map((x, i) => toJsonIn(serde, scope, t.of, x, `${path}[${i}]`));
    case "box":
      return toJsonIn(serde, scope, t.of, v, path);
    case "option":
      if (v === null || v === undefined) return null;
      if (serde) return toJsonIn(serde, scope, t.of, isNullable(scope, t.of) ? (v as { some: unknown }).some : v, path);
      if (isNullable(scope, t.of)) return { some: toJsonIn(serde, scope, t.of, (v as { some: unknown }).some, `${path}.some`) };
      return toJsonIn(serde, scope, t.of, v, path);
    case "result": {
      const r = v as Record<string, unknown>;
      if (serde) return "ok" in r ? { Ok: toJsonIn(serde, scope, t.ok, r.ok, `${path}.Ok`) } : { Err: toJsonIn(serde, scope, t.err, r.err, `${path}.Err`) };
      return "ok" in r ? { ok: toJsonIn(serde, scope, t.ok, r.ok, `${path}.ok`) } : { err: toJsonIn(serde, scope, t.err, r.err, `${path}.err`) };
    }
    case "tuple":
      if (t.items.length === 0) return null;
      return t.items.map((item, i) => toJsonIn(serde, scope, item, (v as unknown[])[i], `${path}[${i}]`));
    case "struct":
      return toJsonFields(serde, scope, t.fields, t.tuple, v, path);
    case "enum": {
      const { name, fields } = enumParts(v, path);
      const variant = t.variants.find((x) => x.name === name);
      if (!variant) throw new CodecError(`${t.name} has no variant ${name}`, path);
      if (variant.fields.length === 0) return name;
      if (serde) return { [name]: toJsonFields(serde, scope, variant.fields, variant.tuple, fields, `${path}.${name}`) };
      return { variant: name, fields: toJsonFields(serde, scope, variant.fields, variant.tuple, fields, `${path}.${name}`) };
    }
    case "map": {
      const entries = v instanceof Map ? [...v.entries()] : (v as [unknown, unknown][]);
      if (scope.resolve(t.key).kind === "string") {
        const out: Record<string, Json> = {};
        entries.forEach(([k, x]) => (out[k as string] = toJsonIn(serde, scope, t.value, x, `${path}.${String(k)}`)));
        return out;
      }
      return entries.map(([k, x], i) => [toJsonIn(serde, scope, t.key, k, `${path}[${i}].key`), toJsonIn(serde, scope, t.value, x, `${path}[${i}].value`)]);
    }
    case "set":
      return [...(v as Iterable<unknown>)].map((x, i) => toJsonIn(serde, scope, t.of, x, `${path}[${i}]`));
    case "ref":
      throw new CodecError(`unresolved type name ${t.name}`, path);
    default:
      if (!isIntKind(t.kind)) throw new CodecError(`unknown type kind ${t.kind}`, path);
      return isBigKind(t.kind) ? String(v) : Number(v);
  }
}

/** Converts JSON (e.g. CLI input) into the codec's JS value for `t`, with path-named errors. */
export function fromJson(t: RType, json: unknown, defs?: TypeDefs, style: JsonStyle = "cli"): unknown {
  return fromJsonIn(style === "serde", scopeFor(t, defs), t, json, "root");
}

/**
 * `true` for serde's JSON; `"text"` also keeps each float's serde text (`1.0`, not `1`), which a
 * JavaScript number cannot carry, for `toJsonText`.
 */
type Serde = boolean | "text";

/** A float as serde_json writes it, in a value only `toJsonText` prints. */
class FloatText {
  constructor(readonly text: string) {}
}

function jsonText(j: Json | FloatText): string {
  if (j instanceof FloatText) return j.text;
  if (Array.isArray(j)) return `[${j.map(jsonText).join(",")}]`;
  if (j !== null && typeof j === "object") return `{${Object.entries(j).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(",")}}`;
  return JSON.stringify(j);
}

/**
 * The JSON text of a codec value of type `t`: `JSON.stringify(toJson(...))`, except that in the serde
 * style floats read as Dusk's drivers print them (serde-float.ts).
 */
export function toJsonText(t: RType, value: unknown, defs?: TypeDefs, style: JsonStyle = "cli"): string {
  return jsonText(toJsonIn(style === "serde" ? "text" : false, scopeFor(t, defs), t, value, "root"));
}

/** Converts a codec JS value of type `t` into plain JSON (bigints as strings, bytes as hex). */
export function toJson(t: RType, value: unknown, defs?: TypeDefs, style: JsonStyle = "cli"): Json {
  return toJsonIn(style === "serde", scopeFor(t, defs), t, value, "root");
}
