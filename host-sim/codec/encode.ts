import { serializeBTree } from "./btree.js";
import { CodecError } from "./errors.js";
import { layoutIn, type Layout } from "./layout.js";
import { scopeFor, type Scope } from "./scope.js";
import { INT_BYTES, isBigKind, isBytesType, isIntKind, type Field, type IntKind, type RType, type TypeDefs } from "./types.js";
import {
  compareValues, describe, enumParts, isNullable, isRecord, toBigInt, toBytes, toSmallInt,
} from "./values.js";
import { Writer } from "./writer.js";

const utf8 = new TextEncoder();

/**
 * rkyv's serializer in two steps, like its Serialize/Archive split:
 * `deps` appends a value's out-of-line data (depth-first, children before
 * parents) and returns a resolver; `object` later fills the value's
 * fixed-size archived bytes at a position the parent chose.
 */
export class Encoder {
  constructor(readonly scope: Scope, readonly w: Writer) {}

  layout(t: RType, path: string): Layout {
    return layoutIn(this.scope, t, path);
  }

  /** Serializes `v` as a standalone object (deps, padding, object); returns its position. */
  value(t: RType, v: unknown, path: string): number {
    const res = this.deps(t, v, path);
    const lay = this.layout(t, path);
    this.w.padTo(lay.align);
    const at = this.w.reserve(lay.size);
    this.object(t, v, res, at, path);
    return at;
  }

  deps(type: RType, v: unknown, path: string): unknown {
    const t = this.scope.resolve(type, path);
    switch (t.kind) {
      case "string": {
        if (typeof v !== "string") throw new CodecError(`expected a string, got ${describe(v)}`, path);
        const bytes = encodeUtf8(v, path);
        // ≤ 7 bytes live inside the 8-byte string object itself.
        return bytes.length <= 7 ? bytes : { bytes, at: this.w.writeBytes(bytes) };
      }
      case "vec": case "boxslice":
        return this.slice(t.of, v, path);
      case "array": {
        if (isBytesType(t)) return toBytes(v, path, t.len);
        const items = this.items(v, path, t.len);
        return items.map((item, i) => this.deps(t.of, item, `${path}[${i}]`));
      }
      case "box":
        return this.value(t.of, v, `${path}.*`);
      case "option": {
        if (v === null || v === undefined) return null;
        return this.deps(t.of, this.unwrapSome(t.of, v, path), `${path}.some`);
      }
      case "result": {
        const { ok, inner } = resultParts(v, path);
        return this.deps(ok ? t.ok : t.err, inner, `${path}.${ok ? "ok" : "err"}`);
      }
      case "tuple": {
        const items = this.items(v, path, t.items.length);
        const res = new Array<unknown>(items.length);
        // rkyv serializes tuple members from the last to the first.
        for (let i = items.length - 1; i >= 0; i--) res[i] = this.deps(t.items[i]!, items[i], `${path}[${i}]`);
        return res;
      }
      case "struct": {
        const values = this.fieldValues(t.fields, !!t.tuple, v, path);
        return t.fields.map((f, i) => this.deps(f.type, values[i], `${path}.${f.name}`));
      }
      case "enum": {
        const { name, fields } = enumParts(v, path);
        const index = t.variants.findIndex((x) => x.name === name);
        if (index < 0) throw new CodecError(`${t.name} has no variant ${name}`, path);
        const variant = t.variants[index]!;
        const vp = `${path}.${name}`;
        const values = this.fieldValues(variant.fields, !!variant.tuple, fields, vp);
        return { index, values, res: variant.fields.map((f, i) => this.deps(f.type, values[i], `${vp}.${f.name}`)) };
      }
      case "map": case "set": {
        const keyT = t.kind === "map" ? t.key : t.of;
        const valueT: RType = t.kind === "map" ? t.value : { kind: "unit" };
        const entries = this.sortedEntries(keyT, v, t.kind === "set", path);
        return { len: entries.length, root: serializeBTree(this, keyT, valueT, entries, path) };
      }
      default:
        return null;
    }
  }

  object(type: RType, v: unknown, res: unknown, at: number, path: string): void {
    const t = this.scope.resolve(type, path);
    const w = this.w;
    switch (t.kind) {
      case "unit":
        if (v !== null && v !== undefined) throw new CodecError(`expected null for (), got ${describe(v)}`, path);
        return;
      case "bool":
        if (typeof v !== "boolean") throw new CodecError(`expected a boolean, got ${describe(v)}`, path);
        w.setU8(at, v ? 1 : 0);
        return;
      case "f32": case "f64":
        if (typeof v !== "number") throw new CodecError(`expected a number for ${t.kind}, got ${describe(v)}`, path);
        if (t.kind === "f32") w.setF32(at, v);
        else w.setF64(at, v);
        return;
      case "char": {
        const cp = typeof v === "string" ? v.codePointAt(0) : undefined;
        if (cp === undefined || String.fromCodePoint(cp) !== v || (cp >= 0xd800 && cp <= 0xdfff)) {
          throw new CodecError(`expected a one-character string for char, got ${describe(v)}`, path);
        }
        w.setU32(at, cp);
        return;
      }
      case "nonzero": {
        const n = toBigInt(t.of.kind, v, path);
        if (n === 0n) throw new CodecError(`NonZero value must not be 0`, path);
        w.setBig(at, n, INT_BYTES[t.of.kind]);
        return;
      }
      case "string": {
        if (res instanceof Uint8Array) {
          w.setBytes(at, res);
          w.setU8(at + 7, res.length);
        } else {
          const r = res as { bytes: Uint8Array; at: number };
          w.setU32(at, r.bytes.length);
          // Unlike other pointers, the string offset is relative to the object start.
          w.setRel(at + 4, at, r.at);
        }
        return;
      }
      case "contractId":
        w.setBytes(at, toBytes(v, path, 32));
        return;
      case "vec": case "boxslice": {
        const r = res as { at: number; len: number };
        w.setRel(at, at, r.at);
        w.setU32(at + 4, r.len);
        return;
      }
      case "array": {
        if (res instanceof Uint8Array) {
          w.setBytes(at, res);
          return;
        }
        const size = this.layout(t.of, path).size;
        const items = v as unknown[];
        const rs = res as unknown[];
        for (let i = 0; i < items.length; i++) this.object(t.of, items[i], rs[i], at + i * size, `${path}[${i}]`);
        return;
      }
      case "box":
        w.setRel(at, at, res as number);
        return;
      case "option": {
        if (v === null || v === undefined) return; // tag 0, payload left zero
        w.setU8(at, 1);
        const off = this.layout(t, path).variants![1]!.offsets[0]!;
        this.object(t.of, this.unwrapSome(t.of, v, path), res, at + off, `${path}.some`);
        return;
      }
      case "result": {
        const { ok, inner } = resultParts(v, path);
        w.setU8(at, ok ? 0 : 1);
        const off = this.layout(t, path).variants![ok ? 0 : 1]!.offsets[0]!;
        this.object(ok ? t.ok : t.err, inner, res, at + off, `${path}.${ok ? "ok" : "err"}`);
        return;
      }
      case "tuple": {
        const offsets = this.layout(t, path).offsets!;
        const items = v as unknown[];
        const rs = res as unknown[];
        for (let i = 0; i < t.items.length; i++) this.object(t.items[i]!, items[i], rs[i], at + offsets[i]!, `${path}[${i}]`);
        return;
      }
      case "struct": {
        const offsets = this.layout(t, path).offsets!;
        const values = this.fieldValues(t.fields, !!t.tuple, v, path);
        const rs = res as unknown[];
        t.fields.forEach((f, i) => this.object(f.type, values[i], rs[i], at + offsets[i]!, `${path}.${f.name}`));
        return;
      }
      case "enum": {
        const r = res as { index: number; values: unknown[]; res: unknown[] };
        const variant = t.variants[r.index]!;
        const offsets = this.layout(t, path).variants![r.index]!.offsets;
        w.setU8(at, r.index);
        variant.fields.forEach((f, i) =>
          this.object(f.type, r.values[i], r.res[i], at + offsets[i]!, `${path}.${variant.name}.${f.name}`),
        );
        return;
      }
      case "map": case "set": {
        const r = res as { len: number; root: number };
        w.setU32(at, r.len);
        // The root pointer sits at +4 and is relative to itself; empty maps point at 0.
        w.setRel(at + 4, at + 4, r.root);
        return;
      }
      case "ref":
        throw new CodecError(`unresolved type name ${t.name}`, path);
      default: {
        if (!isIntKind(t.kind)) throw new CodecError(`unknown type kind ${t.kind}`, path);
        writeInt(w, t.kind, v, at, path);
      }
    }
  }

  private slice(of: RType, v: unknown, path: string): { at: number; len: number } {
    if (this.scope.resolve(of, path).kind === "u8") {
      const bytes = toBytes(v, path);
      return { at: this.w.writeBytes(bytes), len: bytes.length };
    }
    const items = this.items(v, path);
    const rs = items.map((item, i) => this.deps(of, item, `${path}[${i}]`));
    const lay = this.layout(of, path);
    // Empty slices still align, and point at that aligned position.
    this.w.padTo(lay.align);
    const start = this.w.pos;
    for (let i = 0; i < items.length; i++) this.object(of, items[i], rs[i], this.w.reserve(lay.size), `${path}[${i}]`);
    return { at: start, len: items.length };
  }

  private items(v: unknown, path: string, len?: number): unknown[] {
    if (!Array.isArray(v)) throw new CodecError(`expected an array, got ${describe(v)}`, path);
    if (len !== undefined && v.length !== len) throw new CodecError(`expected ${len} elements, got ${v.length}`, path);
    return v;
  }

  private unwrapSome(of: RType, v: unknown, path: string): unknown {
    if (!isNullable(this.scope, of)) return v;
    if (isRecord(v) && "some" in v) return v.some;
    throw new CodecError(`expected null or {some: value} (the inner type can itself be null), got ${describe(v)}`, path);
  }

  private fieldValues(fields: Field[], tuple: boolean, v: unknown, path: string): unknown[] {
    if (fields.length === 0) {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0)) return [];
      throw new CodecError(`expected null for a field-less value, got ${describe(v)}`, path);
    }
    if (tuple) return this.items(v, path, fields.length);
    if (!isRecord(v)) throw new CodecError(`expected an object with fields ${fields.map((f) => f.name).join(", ")}, got ${describe(v)}`, path);
    return fields.map((f) => {
      if (!(f.name in v)) throw new CodecError(`missing field ${f.name}`, path);
      return v[f.name];
    });
  }

  private sortedEntries(keyT: RType, v: unknown, isSet: boolean, path: string): [unknown, unknown][] {
    let entries: [unknown, unknown][];
    if (isSet) {
      if (v instanceof Set || Array.isArray(v)) entries = [...v].map((k) => [k, null]);
      else throw new CodecError(`expected a Set or an array, got ${describe(v)}`, path);
    } else if (v instanceof Map) entries = [...v.entries()];
    else if (Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2)) entries = v as [unknown, unknown][];
    else throw new CodecError(`expected a Map or an array of [key, value] pairs, got ${describe(v)}`, path);
    const sorted = entries.slice().sort((a, b) => compareValues(this.scope, keyT, a[0], b[0]));
    for (let i = 1; i < sorted.length; i++) {
      if (compareValues(this.scope, keyT, sorted[i - 1]![0], sorted[i]![0]) === 0) {
        throw new CodecError(`duplicate key ${describe(sorted[i]![0])}`, path);
      }
    }
    return sorted;
  }
}

function resultParts(v: unknown, path: string): { ok: boolean; inner: unknown } {
  if (isRecord(v) && "ok" in v && !("err" in v)) return { ok: true, inner: v.ok };
  if (isRecord(v) && "err" in v && !("ok" in v)) return { ok: false, inner: v.err };
  throw new CodecError(`expected {ok: value} or {err: value}, got ${describe(v)}`, path);
}

function encodeUtf8(s: string, path: string): Uint8Array {
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) {
    throw new CodecError("string contains a lone surrogate, which UTF-8 cannot hold", path);
  }
  return utf8.encode(s);
}

function writeInt(w: Writer, kind: IntKind, v: unknown, at: number, path: string): void {
  const bytes = INT_BYTES[kind];
  if (isBigKind(kind)) {
    w.setBig(at, toBigInt(kind, v, path), bytes);
    return;
  }
  const n = toSmallInt(kind, v, path);
  if (bytes === 1) w.setU8(at, n & 0xff);
  else if (bytes === 2) w.setU16(at, n & 0xffff);
  else w.setU32(at, n >>> 0);
}

/** Archives `value` as rkyv 0.7 (size_32) would: dependencies first, root object last. */
export function encode(t: RType, value: unknown, defs?: TypeDefs): Uint8Array {
  const w = new Writer();
  try {
    new Encoder(scopeFor(t, defs), w).value(t, value, "root");
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new CodecError("value nests too deeply to encode");
    throw e;
  }
  return w.finish();
}
