// fast-check arbitraries for rkyv type descriptors, in host-sim/codec's JS value mapping (values.ts):
// the values a property test sends through both host-sim's codec and another implementation.

import fc from "fast-check";
import { INT_BYTES, isBytesType, isIntKind, type RType, type TypeDefs } from "../../host-sim/codec/index.js";

const codePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c));

/** Values of `t`; `depth` keeps nested and recursive containers small. */
export function arbitraryFor(t: RType, defs: TypeDefs = {}, depth = 0): fc.Arbitrary<unknown> {
  const maxLength = depth > 1 ? 2 : 5;
  const next = (x: RType) => arbitraryFor(x, defs, depth + 1);
  if (isBytesType(t)) {
    const n = t.kind === "contractId" ? 32 : t.kind === "array" ? t.len : undefined;
    return n === undefined ? fc.uint8Array({ maxLength: 40 }) : fc.uint8Array({ minLength: n, maxLength: n });
  }
  switch (t.kind) {
    case "unit": return fc.constant(null);
    case "bool": return fc.boolean();
    case "f32": return fc.float({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
    case "f64": return fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
    case "char": return codePoint;
    case "string": return fc.string({ unit: "binary", maxLength: 30 });
    case "vec": case "boxslice": return fc.array(next(t.of), { maxLength });
    case "array": return fc.array(next(t.of), { minLength: t.len, maxLength: t.len });
    case "option": return fc.option(next(t.of).map((v) => (v === null ? { some: v } : v)), { nil: null });
    case "box": return next(t.of);
    case "tuple": return fc.tuple(...t.items.map(next));
    case "struct": {
      const fields = t.fields.map((f) => next(f.type));
      return fc.tuple(...fields).map((vs) => (t.tuple ? vs : Object.fromEntries(t.fields.map((f, i) => [f.name, vs[i]]))));
    }
    case "enum":
      return fc.oneof(...t.variants.map((v) => {
        if (!v.fields.length) return fc.constant(v.name);
        return fc.tuple(...v.fields.map((f) => next(f.type))).map((vs) => ({
          variant: v.name,
          fields: v.tuple ? vs : Object.fromEntries(v.fields.map((f, i) => [f.name, vs[i]])),
        }));
      }));
    // Keys compared by their JSON text, so that equal byte arrays are one key.
    case "map": return fc.uniqueArray(fc.tuple(next(t.key), next(t.value)), { maxLength, selector: ([k]) => keyOf(k) }).map((es) => new Map(es));
    case "set": return fc.uniqueArray(next(t.of), { maxLength, selector: keyOf }).map((xs) => new Set(xs));
    case "ref": return fc.constant(null).chain(() => arbitraryFor(defs[t.name]!, defs, depth + 1));
    default: {
      if (!isIntKind(t.kind)) throw new Error(`arbitraryFor: unsupported kind ${t.kind}`);
      const bits = INT_BYTES[t.kind] * 8;
      const signed = t.kind.startsWith("i");
      const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
      const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
      const big = fc.oneof(fc.constantFrom(min, max, 0n), fc.bigInt(min, max));
      return bits >= 64 ? big : big.map(Number);
    }
  }
}

function keyOf(v: unknown): string {
  return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? [...x] : x));
}
