import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CodecError, decode, encode, fromJson, toJson, type Field, type IntKind, type RType } from "../../host-sim/codec/index.js";
import { mulberry32 } from "../helpers/rng.js";

// Seeded random types and values.
import type { Rng } from "../helpers/rng.js";


const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const INTS: IntKind[] = ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128", "usize", "isize"];
let counter = 0;

/** Types usable as BTreeMap keys (Ord, no floats). */
function keyType(r: Rng, depth = 0): RType {
  const choice = int(r, depth > 1 ? 4 : 6);
  switch (choice) {
    case 0: return { kind: pick(r, INTS) };
    case 1: return { kind: "string" };
    case 2: return { kind: pick(r, ["bool", "char"] as const) };
    case 3: return { kind: "contractId" };
    case 4: return { kind: "tuple", items: [keyType(r, depth + 1), keyType(r, depth + 1)] };
    default: return { kind: "vec", of: keyType(r, depth + 1) };
  }
}

function genType(r: Rng, depth = 0): RType {
  const leafOnly = depth >= 3;
  const n = leafOnly ? 6 : 20;
  switch (int(r, n)) {
    case 0: case 1: return { kind: pick(r, INTS) };
    case 2: return { kind: pick(r, ["bool", "char", "f32", "f64", "unit"] as const) };
    case 3: return { kind: "string" };
    case 4: return { kind: "contractId" };
    case 5: return { kind: "nonzero", of: { kind: pick(r, INTS) } };
    case 6: return { kind: "vec", of: genType(r, depth + 1) };
    case 7: return { kind: "vec", of: { kind: "u8" } };
    case 8: return { kind: "array", of: genType(r, depth + 1), len: int(r, 4) };
    case 9: return { kind: "option", of: genType(r, depth + 1) };
    case 10: return { kind: "box", of: genType(r, depth + 1) };
    case 11: return { kind: "boxslice", of: genType(r, depth + 1) };
    case 12: return { kind: "tuple", items: Array.from({ length: 1 + int(r, 4) }, () => genType(r, depth + 1)) };
    case 13: case 14: {
      const fields: Field[] = Array.from({ length: int(r, 5) }, (_, i) => ({ name: `f${i}`, type: genType(r, depth + 1) }));
      const t: RType = { kind: "struct", name: `S${counter++}`, fields };
      if (int(r, 4) === 0) t.reprC = true;
      if (int(r, 4) === 0 && fields.length > 0) {
        t.tuple = true;
        fields.forEach((f, i) => (f.name = String(i)));
      }
      return t;
    }
    case 15: {
      const variants = Array.from({ length: 1 + int(r, 4) }, (_, v) => {
        const tuple = int(r, 2) === 0;
        const fields: Field[] = Array.from({ length: int(r, 3) }, (_, i) => ({ name: tuple ? String(i) : `x${i}`, type: genType(r, depth + 1) }));
        return tuple && fields.length ? { name: `V${v}`, fields, tuple: true } : { name: `V${v}`, fields };
      });
      return { kind: "enum", name: `E${counter++}`, variants };
    }
    case 16: return { kind: "result", ok: genType(r, depth + 1), err: genType(r, depth + 1) };
    case 17: return { kind: "map", key: keyType(r), value: genType(r, depth + 1) };
    case 18: return { kind: "set", of: keyType(r) };
    default: return { kind: "option", of: { kind: "option", of: genType(r, depth + 1) } };
  }
}

const ALPHABET = ["a", "b", "z", "é", "日", "\u{1f980}", " ", "0"];

function genString(r: Rng): string {
  const len = int(r, 3) === 0 ? int(r, 30) : int(r, 9);
  let s = "";
  for (let i = 0; i < len; i++) s += pick(r, ALPHABET);
  return s;
}

function genInt(r: Rng, kind: IntKind): number | bigint {
  const bits = { u8: 8, i8: 8, u16: 16, i16: 16, u32: 32, i32: 32, usize: 32, isize: 32, u64: 64, i64: 64, u128: 128, i128: 128 }[kind];
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(int(r, 0x10000));
  v = BigInt.asUintN(bits, v);
  if (int(r, 3) === 0) v = BigInt(int(r, 4));
  if (kind[0] === "i") v = BigInt.asIntN(bits, v);
  return bits >= 64 ? v : Number(v);
}

function genBytes(r: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => int(r, 256));
}

function genValue(r: Rng, t: RType, depth = 0): unknown {
  switch (t.kind) {
    case "unit": return null;
    case "bool": return int(r, 2) === 1;
    case "char": return pick(r, ["a", "\u20ac", "\u{10ffff}", "\0", "\u{1f980}"]);
    case "f32": return Math.fround((r() - 0.5) * 1e6);
    case "f64": return pick(r, [r() * 1e300, -0.5, 0, Infinity, NaN]);
    case "string": return genString(r);
    case "contractId": return genBytes(r, 32);
    case "nonzero": {
      const v = genInt(r, t.of.kind);
      return v === 0 || v === 0n ? (typeof v === "bigint" ? 1n : 1) : v;
    }
    case "vec": case "boxslice": {
      const n = depth > 2 ? int(r, 2) : int(r, 5);
      if (t.of.kind === "u8") return genBytes(r, int(r, 3) === 0 ? int(r, 40) : n);
      return Array.from({ length: n }, () => genValue(r, t.of, depth + 1));
    }
    case "array":
      if (t.of.kind === "u8") return genBytes(r, t.len);
      return Array.from({ length: t.len }, () => genValue(r, t.of, depth + 1));
    case "option": {
      if (int(r, 3) === 0) return null;
      const inner = genValue(r, t.of, depth + 1);
      const k = t.of.kind;
      return k === "option" || k === "unit" || (k === "struct" && t.of.fields.length === 0) ? { some: inner } : inner;
    }
    case "box": return genValue(r, t.of, depth + 1);
    case "tuple": return t.items.map((x) => genValue(r, x, depth + 1));
    case "struct": {
      if (t.fields.length === 0) return null;
      if (t.tuple) return t.fields.map((f) => genValue(r, f.type, depth + 1));
      return Object.fromEntries(t.fields.map((f) => [f.name, genValue(r, f.type, depth + 1)]));
    }
    case "enum": {
      const v = pick(r, t.variants);
      if (v.fields.length === 0) return v.name;
      const vals = v.fields.map((f) => genValue(r, f.type, depth + 1));
      return { variant: v.name, fields: v.tuple ? vals : Object.fromEntries(v.fields.map((f, i) => [f.name, vals[i]])) };
    }
    case "result": return int(r, 2) ? { ok: genValue(r, t.ok, depth + 1) } : { err: genValue(r, t.err, depth + 1) };
    case "map": case "set": {
      const keyT = t.kind === "map" ? t.key : t.of;
      const n = depth > 2 ? int(r, 3) : int(r, 12);
      const seen = new Set<string>();
      const entries: [unknown, unknown][] = [];
      for (let i = 0; i < n; i++) {
        const k = genValue(r, keyT, depth + 1);
        const id = JSON.stringify(k, (_, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? [...x] : x));
        if (seen.has(id)) continue;
        seen.add(id);
        entries.push([k, t.kind === "map" ? genValue(r, t.value, depth + 1) : null]);
      }
      return t.kind === "map" ? new Map(entries) : new Set(entries.map(([k]) => k));
    }
    case "ref": throw new Error("refs are not generated");
    default: return genInt(r, t.kind);
  }
}

function roundTrip(t: RType, v: unknown): void {
  const bytes = encode(t, v);
  const back = decode(t, bytes);
  assert.deepEqual(back, v);
  // The archive is canonical: re-encoding the decoded value gives the same bytes.
  assert.deepEqual(encode(t, back), bytes);
}

function onlyCodecErrors(t: RType, bytes: Uint8Array): void {
  try {
    decode(t, bytes);
  } catch (e) {
    if (!(e instanceof CodecError)) throw new Error(`decode threw a non-CodecError: ${String(e)}\n${(e as Error).stack}`);
  }
}

describe("codec property tests", () => {
  it("random types and values survive encode → decode (seeded)", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = mulberry32(seed);
      const t = genType(r);
      const v = genValue(r, t);
      try {
        roundTrip(t, v);
      } catch (e) {
        throw new Error(`seed ${seed}: ${JSON.stringify(t)}\n${(e as Error).message}`);
      }
    }
  });

  it("random values survive toJson → JSON text → fromJson (seeded)", () => {
    for (let seed = 1000; seed < 1300; seed++) {
      const r = mulberry32(seed);
      const t = genType(r);
      const v = genValue(r, t);
      const text = JSON.stringify(toJson(t, v));
      // Encoding both sides compares maps and sets by content and order.
      assert.deepEqual(encode(t, fromJson(t, JSON.parse(text))), encode(t, v), `seed ${seed}: ${text}`);
    }
  });

  it("truncated and bit-flipped archives only ever raise CodecError", () => {
    for (let seed = 2000; seed < 2300; seed++) {
      const r = mulberry32(seed);
      const t = genType(r);
      const bytes = encode(t, genValue(r, t));
      for (let cut = 0; cut < Math.min(bytes.length, 24); cut++) onlyCodecErrors(t, bytes.subarray(cut));
      for (let cut = 0; cut < bytes.length; cut += 1 + int(r, 5)) onlyCodecErrors(t, bytes.subarray(0, cut));
      for (let k = 0; k < 40 && bytes.length > 0; k++) {
        const flipped = bytes.slice();
        const flips = 1 + int(r, 3);
        for (let f = 0; f < flips; f++) flipped[int(r, flipped.length)]! ^= 1 << int(r, 8);
        onlyCodecErrors(t, flipped);
      }
    }
  });

  it("random garbage never escapes as a non-CodecError", () => {
    const r = mulberry32(77);
    for (let k = 0; k < 300; k++) {
      const t = genType(r);
      const junk = Uint8Array.from({ length: int(r, 200) }, () => int(r, 256));
      onlyCodecErrors(t, junk);
    }
  });
});
