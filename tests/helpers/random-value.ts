// Seeded random values for rkyv type descriptors, in host-sim/codec's JS value mapping (values.ts):
// what a test sends to a contract and expects back. Deterministic (mulberry32), so a failure names
// its seed and reproduces.

import { INT_BYTES, isBytesType, isIntKind, type RType, type TypeDefs } from "../../host-sim/codec/index.js";

export type { Rng } from "./rng.js";
import type { Rng } from "./rng.js";

const int = (r: Rng, n: number): number => Math.floor(r() * n);

function bigBits(r: Rng, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(int(r, 65536));
  // Bias towards edge values: 0, max and small numbers show layout bugs fastest.
  const pick = int(r, 8);
  if (pick === 0) return 0n;
  if (pick === 1) return (1n << BigInt(bits)) - 1n;
  if (pick === 2) return BigInt(int(r, 300)) & ((1n << BigInt(bits)) - 1n);
  return v & ((1n << BigInt(bits)) - 1n);
}

const ALPHABET = ["a", "b", "z", "0", " ", "é", "€", "😀", "\u0000", "ß"];

function randString(r: Rng): string {
  const n = int(r, 3) === 0 ? int(r, 8) : int(r, 40);
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[int(r, ALPHABET.length)];
  return s;
}

/** A random value of `t` (depth keeps recursive and nested containers small). */
export function randomValue(t: RType, r: Rng, defs: TypeDefs = {}, depth = 0): unknown {
  const small = depth > 1 ? 2 : 5;
  if (isBytesType(t)) {
    const n = t.kind === "contractId" ? 32 : t.kind === "array" ? t.len : int(r, 40);
    return Uint8Array.from({ length: n }, () => int(r, 256));
  }
  switch (t.kind) {
    case "unit": return null;
    case "bool": return r() < 0.5;
    case "f32": return Math.fround((r() - 0.5) * 1e6);
    case "f64": return (r() - 0.5) * 1e12;
    case "char": return ALPHABET[1 + int(r, ALPHABET.length - 2)]!;
    case "string": return randString(r);
    case "vec": case "boxslice": return Array.from({ length: int(r, small) }, () => randomValue(t.of, r, defs, depth + 1));
    case "array": return Array.from({ length: t.len }, () => randomValue(t.of, r, defs, depth + 1));
    case "option": {
      if (r() < 0.3) return null;
      const v = randomValue(t.of, r, defs, depth + 1);
      return v === null ? { some: v } : v;
    }
    case "box": return randomValue(t.of, r, defs, depth + 1);
    case "tuple": return t.items.map((x) => randomValue(x, r, defs, depth + 1));
    case "struct": {
      const o: Record<string, unknown> = {};
      for (const f of t.fields) o[f.name] = randomValue(f.type, r, defs, depth + 1);
      return t.tuple ? t.fields.map((f) => o[f.name]) : o;
    }
    case "enum": {
      const v = t.variants[int(r, t.variants.length)]!;
      if (!v.fields.length) return v.name;
      const vals = v.fields.map((f) => randomValue(f.type, r, defs, depth + 1));
      if (v.tuple) return { variant: v.name, fields: vals };
      return { variant: v.name, fields: Object.fromEntries(v.fields.map((f, i) => [f.name, vals[i]])) };
    }
    case "map": {
      const m = new Map<unknown, unknown>();
      for (let i = int(r, small + 3); i > 0; i--) m.set(randomValue(t.key, r, defs, depth + 1), randomValue(t.value, r, defs, depth + 1));
      return m;
    }
    case "set": {
      const s = new Set<unknown>();
      for (let i = int(r, small + 3); i > 0; i--) s.add(randomValue(t.of, r, defs, depth + 1));
      return s;
    }
    case "ref": return randomValue(defs[t.name]!, r, defs, depth);
    default: {
      if (isIntKind(t.kind)) {
        const bits = INT_BYTES[t.kind] * 8;
        const u = bigBits(r, bits);
        const signed = t.kind[0] === "i";
        const v = signed && u >= 1n << BigInt(bits - 1) ? u - (1n << BigInt(bits)) : u;
        return bits >= 64 ? v : Number(v);
      }
      throw new Error(`randomValue: unsupported kind ${t.kind}`);
    }
  }
}
