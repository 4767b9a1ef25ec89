// Codec fuzzing for host-sim/codec's validating reader: valid archives of random types (encode of
// random values), then truncated, cut at the front, bit-flipped, with relative pointers and lengths
// overwritten by hostile values, or replaced by random bytes. `decode` must return or throw a
// CodecError — never another exception (an out-of-bounds read shows up as a RangeError from
// DataView), and never hang (a loop trips the watchdog). Decode times are reported as a statistic, not
// judged: a few bytes can legally describe 2^20 zero-sized elements (decode.ts MAX_ZST_ELEMENTS),
// which takes seconds to build on a slow machine — bounded, so not a hang.
import { CodecError, decode, encode, type Field, type IntKind, type RType } from "../../host-sim/codec/index.js";
import { bump, describe, type FuzzFailure, type FuzzOptions, type FuzzReport } from "./report.js";
import { mix, random as rng, type Random as Rng } from "../helpers/rng.js";

const INTS: IntKind[] = ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128", "usize", "isize"];
let names = 0;

function keyType(r: Rng): RType {
  return r.pick<RType>([{ kind: "u32" }, { kind: "u64" }, { kind: "string" }, { kind: "contractId" }, { kind: "i16" }]);
}

function genType(r: Rng, depth = 0): RType {
  const leaf = depth >= 3 || r.chance(0.35);
  if (leaf) {
    return r.pick<RType>([
      { kind: r.pick(INTS) }, { kind: "bool" }, { kind: "char" }, { kind: "f32" }, { kind: "f64" }, { kind: "unit" },
      { kind: "string" }, { kind: "contractId" }, { kind: "nonzero", of: { kind: r.pick(INTS) } }, { kind: "vec", of: { kind: "u8" } },
    ]);
  }
  const sub = () => genType(r, depth + 1);
  switch (r.int(10)) {
    case 0: return { kind: "vec", of: sub() };
    case 1: return { kind: "option", of: sub() };
    case 2: return { kind: "box", of: sub() };
    case 3: return { kind: "boxslice", of: sub() };
    case 4: return { kind: "array", of: sub(), len: r.int(4) };
    case 5: return { kind: "tuple", items: Array.from({ length: 1 + r.int(3) }, sub) };
    case 6: return { kind: "result", ok: sub(), err: sub() };
    case 7: return { kind: "map", key: keyType(r), value: sub() };
    case 8: {
      const fields: Field[] = Array.from({ length: r.int(4) }, (_, i) => ({ name: `f${i}`, type: sub() }));
      return { kind: "struct", name: `S${names++}`, fields };
    }
    default: {
      const variants = Array.from({ length: 1 + r.int(3) }, (_, v) => ({
        name: `V${v}`,
        fields: Array.from({ length: r.int(3) }, (_, i) => ({ name: `x${i}`, type: sub() })),
      }));
      return { kind: "enum", name: `E${names++}`, variants };
    }
  }
}

const TEXT = ["", "a", "hello", "ünïcødé", "日本語のテキスト", "\u{1f980}\u{1f980}", "0123456789abcdef"];

function intValue(r: Rng, k: IntKind, nonzero = false): number | bigint {
  const bits = { u8: 8, i8: 8, u16: 16, i16: 16, u32: 32, i32: 32, usize: 32, isize: 32, u64: 64, i64: 64, u128: 128, i128: 128 }[k];
  let v = BigInt(r.int(1000));
  if (r.chance(0.3)) v = BigInt.asUintN(bits, (BigInt(r.u32()) << 32n) | BigInt(r.u32()));
  if (k[0] === "i") v = BigInt.asIntN(bits, v);
  if (nonzero && v === 0n) v = 1n;
  return bits >= 64 ? v : Number(v);
}

function genValue(r: Rng, t: RType, depth = 0): unknown {
  switch (t.kind) {
    case "unit": return null;
    case "bool": return r.chance(0.5);
    case "char": return r.pick(["a", "é", "\u{10ffff}", "\u{1f980}"]);
    case "f32": return Math.fround(r.next() * 1000);
    case "f64": return r.next() * 1e6;
    case "string": return r.pick(TEXT);
    case "contractId": return r.bytes(32);
    case "nonzero": return intValue(r, t.of.kind, true);
    case "vec": case "boxslice": {
      const n = r.int(depth > 1 ? 2 : 5);
      return t.of.kind === "u8" ? r.bytes(r.int(40)) : Array.from({ length: n }, () => genValue(r, t.of, depth + 1));
    }
    case "array": return t.of.kind === "u8" ? r.bytes(t.len) : Array.from({ length: t.len }, () => genValue(r, t.of, depth + 1));
    case "option": {
      if (r.chance(0.3)) return null;
      const v = genValue(r, t.of, depth + 1);
      return v === null || t.of.kind === "option" ? { some: v } : v;
    }
    case "box": return genValue(r, t.of, depth + 1);
    case "tuple": return t.items.map((x) => genValue(r, x, depth + 1));
    case "result": return r.chance(0.5) ? { ok: genValue(r, t.ok, depth + 1) } : { err: genValue(r, t.err, depth + 1) };
    case "map": return Array.from({ length: r.int(6) }, () => [genValue(r, t.key, depth + 1), genValue(r, t.value, depth + 1)]);
    case "struct": return t.fields.length ? Object.fromEntries(t.fields.map((f) => [f.name, genValue(r, f.type, depth + 1)])) : null;
    case "enum": {
      const v = r.pick(t.variants);
      if (!v.fields.length) return v.name;
      return { variant: v.name, fields: Object.fromEntries(v.fields.map((f) => [f.name, genValue(r, f.type, depth + 1)])) };
    }
    case "set": case "ref": return [];
    default: return intValue(r, t.kind as IntKind);
  }
}

const HOSTILE_I32 = [0, -1, -4, -8, 1, 4, 0x7fffffff, -0x80000000, 0xffff, 0x10000, -0x10000];

function mutateArchive(b: Uint8Array, r: Rng): Uint8Array {
  switch (r.int(6)) {
    case 0: return b.slice(0, r.int(b.length + 1));
    case 1: return b.slice(r.int(b.length + 1));
    case 2: {
      const out = b.slice();
      for (let n = 1 + r.int(4); n > 0 && out.length; n--) out[r.int(out.length)] ^= 1 << r.int(8);
      return out;
    }
    case 3: {
      // Relative pointers and lengths are aligned i32s: overwrite some with hostile values.
      const out = b.slice();
      const dv = new DataView(out.buffer);
      for (let n = 1 + r.int(3); n > 0 && out.length >= 4; n--) {
        const at = 4 * r.int(out.length >> 2);
        dv.setInt32(at, r.chance(0.5) ? r.pick(HOSTILE_I32) : dv.getInt32(at, true) + r.int(17) - 8, true);
      }
      return out;
    }
    case 4: return r.bytes(r.int(96));
    default: {
      const out = new Uint8Array(b.length * 2);
      out.set(b);
      out.set(b, b.length);
      return out;
    }
  }
}

export async function fuzzCodec(opts: FuzzOptions): Promise<FuzzReport> {
  const start = opts.start ?? 0;
  const stats: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  for (let i = start; i < start + opts.iterations; i++) {
    opts.onProgress?.(i);
    const r = rng(mix(opts.seed, i));
    const fail = (m: string) => failures.push({ suite: "codec", seed: opts.seed, iteration: i, message: m });
    let t: RType;
    let bytes: Uint8Array;
    try {
      t = genType(r);
      bytes = encode(t, genValue(r, t));
    } catch (e) {
      if (!(e instanceof CodecError)) fail(`encode of a generated value threw ${describe(e)}`);
      bump(stats, "generator rejected");
      continue;
    }
    for (let k = 0; k < 8; k++) {
      const input = k === 0 ? bytes : mutateArchive(bytes, r);
      const began = Date.now();
      try {
        const v = decode(t, input);
        bump(stats, k === 0 ? "valid decoded" : "mutant accepted");
        // Whatever decode accepts must encode again.
        encode(t, v);
      } catch (e) {
        if (!(e instanceof CodecError)) {
          fail(`decode threw ${describe(e)} for ${JSON.stringify(t).slice(0, 300)} on ${Buffer.from(input).toString("hex").slice(0, 400)}`);
          break;
        }
        if (k === 0) fail(`a valid archive was rejected: ${e.message}`);
        bump(stats, "mutant rejected");
      }
      const took = Date.now() - began;
      if (took > (stats["max decode ms"] ?? 0)) stats["max decode ms"] = took;
    }
    if (failures.length >= (opts.maxFailures ?? 10)) break;
  }
  return { suite: "codec", seed: opts.seed, start, iterations: opts.iterations, stats, failures };
}
