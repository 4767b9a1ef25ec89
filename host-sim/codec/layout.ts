import { CodecError } from "./errors.js";
import { scopeFor, type Scope } from "./scope.js";
import { INT_BYTES, isIntKind, type RType, type TypeDefs } from "./types.js";

/**
 * Memory layout of archived types, as rustc computes it for the `Archived*`
 * types rkyv derives (see shared/docs/rkyv-format.md §7).
 */

/** The largest run of invalid bit patterns inside a value (rustc's "largest niche"). */
export interface Niche {
  /** Byte offset of the niche's scalar within the value. */
  offset: number;
  /** Width in bytes of the scalar that holds the niche. */
  size: number;
  /** How many bit patterns are invalid. */
  available: number;
}

/** What the layout algorithm needs to know about one field. */
export interface FieldShape {
  /** Archived size in bytes (a multiple of `align`). */
  size: number;
  /** Archived alignment in bytes (a power of two). */
  align: number;
  /** The value's largest niche, or null when every bit pattern is valid. */
  niche: Niche | null;
}

/** Where the fields of one enum variant sit in the archived enum. */
export interface VariantLayout {
  /** Variant name. */
  name: string;
  /** Field offsets in declaration order. */
  offsets: number[];
  /** Field offsets by field name ("0", "1", … for tuple variants). */
  fieldOffsets: Record<string, number>;
}

export interface Layout extends FieldShape {
  /** struct/tuple: field offsets in declaration order. */
  offsets?: number[];
  /** struct/tuple: offsets by field name ("0", "1", … for tuples). */
  fieldOffsets?: Record<string, number>;
  /** enum/Option/Result: one entry per variant (tag is a u8 at offset 0). */
  variants?: VariantLayout[];
}

/** How `univariant` may arrange the fields. */
export interface UnivariantOptions {
  /** rustc may reorder fields (false for repr(C)). */
  reorder: boolean;
  /** The last field stays last and is ignored when sorting (tuples). */
  unsizedTail: boolean;
}

/** The result of `univariant`: the aggregate's size, alignment and niche, and where each field goes. */
export interface UnivariantLayout extends FieldShape {
  /** Field offsets in the order the fields were given. */
  offsets: number[];
}

/** `n` rounded up to a multiple of `align` (bytes). */
export function alignUp(n: number, align: number): number {
  const r = n % align;
  return r === 0 ? n : n + align - r;
}

function trailingZeros(x: number): number {
  if (x <= 0) return 0;
  let n = 0;
  while (x % 2 === 0) {
    x /= 2;
    n++;
  }
  return n;
}

const avail = (f: FieldShape): number => (f.niche ? f.niche.available : 0);

type Bias = "start" | "end";

function placeBiased(fields: FieldShape[], opts: UnivariantOptions, bias: Bias): UnivariantLayout {
  const order = fields.map((_, i) => i);
  const end = opts.unsizedTail ? fields.length - 1 : fields.length;
  if (opts.reorder && fields.length > 1) {
    // The tail of a possibly-unsized aggregate must not influence the others.
    const head = fields.slice(0, end);
    const maxAlign = head.reduce((m, f) => Math.max(m, f.align), 1);
    const largest = head.reduce((m, f) => Math.max(m, avail(f)), 0);
    const group = (f: FieldShape): number => {
      const sizeAsAlign = trailingZeros(Math.max(f.align, f.size));
      if (largest === 0) return sizeAsAlign;
      if (bias === "start") return Math.min(trailingZeros(maxAlign), sizeAsAlign);
      return avail(f) === largest ? trailingZeros(f.align) : sizeAsAlign;
    };
    const nicheKey = (f: FieldShape): number => (bias === "start" ? -avail(f) : avail(f));
    const offsetKey = (f: FieldShape): number => {
      if (!f.niche) return 0;
      // End bias: niches closer to the end of their field sort first.
      return bias === "start" ? f.niche.offset : -(f.size - f.niche.size - f.niche.offset);
    };
    const sorted = order.slice(0, end).sort((a, b) => {
      const fa = fields[a]!;
      const fb = fields[b]!;
      return group(fb) - group(fa) || nicheKey(fa) - nicheKey(fb) || offsetKey(fa) - offsetKey(fb);
    });
    for (let i = 0; i < end; i++) order[i] = sorted[i]!;
  }
  const offsets = new Array<number>(fields.length).fill(0);
  let offset = 0;
  let align = 1;
  let niche: Niche | null = null;
  let best = 0;
  for (const i of order) {
    const f = fields[i]!;
    offset = alignUp(offset, f.align);
    align = Math.max(align, f.align);
    offsets[i] = offset;
    if (f.niche) {
      const a = f.niche.available;
      if (bias === "start" ? a > best : a >= best) {
        best = a;
        niche = { offset: offset + f.niche.offset, size: f.niche.size, available: a };
      }
    }
    offset += f.size;
  }
  return { size: alignUp(offset, align), align, niche, offsets };
}

/**
 * rustc's struct/tuple layout: a start-biased pass, then (for sized
 * aggregates whose niche sits in the middle) an end-biased pass that wins if
 * it moves the niche further from both edges.
 */
export function univariant(fields: FieldShape[], opts: UnivariantOptions): UnivariantLayout {
  const first = placeBiased(fields, opts, "start");
  if (opts.unsizedTail || !first.niche || fields.length < 2) return first;
  const head = first.niche.offset;
  const tail = first.size - head - first.niche.size;
  if (head === 0 || tail <= 0) return first;
  const alt = placeBiased(fields, opts, "end");
  const altHead = alt.niche ? alt.niche.offset : -1;
  return altHead > head && altHead > tail ? alt : first;
}

/** Layout of a `#[repr(u8)]` enum: each variant is `{tag: u8, fields…}` in C order. */
export function taggedUnion(variants: FieldShape[][]): FieldShape & {
  /** For each variant, its field offsets in declaration order (the u8 tag is at 0). */
  offsets: number[][];
} {
  if (variants.length === 0) throw new CodecError("enum without variants is uninhabited");
  if (variants.length > 256) throw new CodecError("enums with more than 256 variants are not supported");
  let size = 0;
  let align = 1;
  const offsets = variants.map((fields) => {
    let offset = 1;
    const out = fields.map((f) => {
      offset = alignUp(offset, f.align);
      align = Math.max(align, f.align);
      const at = offset;
      offset += f.size;
      return at;
    });
    size = Math.max(size, offset);
    return out;
  });
  const available = 256 - variants.length;
  return {
    size: alignUp(size, align),
    align,
    niche: available > 0 ? { offset: 0, size: 1, available } : null,
    offsets,
  };
}

const SCALARS: Record<string, [number, number]> = {
  unit: [0, 1], bool: [1, 1], f32: [4, 4], f64: [8, 8], char: [4, 4],
};

function leaf(size: number, align: number, niche: Niche | null = null): Layout {
  return { size, align, niche };
}

function named(offsets: number[], names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  names.forEach((n, i) => (out[n] = offsets[i]!));
  return out;
}

const IN_PROGRESS: Layout = leaf(-1, 1);

/** Layout of `t` inside `scope` (cached per descriptor object). */
export function layoutIn(scope: Scope, type: RType, path = "root"): Layout {
  const t = scope.resolve(type, path);
  const cached = scope.layouts.get(t) as Layout | undefined;
  if (cached === IN_PROGRESS) throw new CodecError("recursive type without indirection has infinite size", path);
  if (cached) return cached;
  scope.layouts.set(t, IN_PROGRESS);
  try {
    const computed = compute(scope, t, path);
    scope.layouts.set(t, computed);
    return computed;
  } catch (e) {
    scope.layouts.delete(t);
    throw e;
  }
}

function enumOf(scope: Scope, variants: { name: string; fields: { name: string; type: RType }[] }[], path: string): Layout {
  const shapes = variants.map((v) => v.fields.map((f) => layoutIn(scope, f.type, `${path}.${v.name}.${f.name}`)));
  const u = taggedUnion(shapes);
  return {
    size: u.size,
    align: u.align,
    niche: u.niche,
    variants: variants.map((v, i) => ({
      name: v.name,
      offsets: u.offsets[i]!,
      fieldOffsets: named(u.offsets[i]!, v.fields.map((f) => f.name)),
    })),
  };
}

function compute(scope: Scope, t: RType, path: string): Layout {
  switch (t.kind) {
    case "unit": case "bool": case "f32": case "f64":
      return leaf(SCALARS[t.kind]![0], SCALARS[t.kind]![1], t.kind === "bool" ? { offset: 0, size: 1, available: 254 } : null);
    case "char":
      return leaf(4, 4, { offset: 0, size: 4, available: 2 ** 32 - 0x110000 });
    case "nonzero": {
      if (!isIntKind(t.of.kind)) throw new CodecError(`NonZero of non-integer ${t.of.kind}`, path);
      const n = INT_BYTES[t.of.kind];
      return leaf(n, n, { offset: 0, size: n, available: 1 });
    }
    case "string": case "vec": case "boxslice": case "map": case "set":
      // {len, offset} pairs; the string repr is a union, so no niche.
      return leaf(8, 4);
    case "box":
      return leaf(4, 4);
    case "contractId":
      return leaf(32, 1);
    case "array": {
      if (!Number.isSafeInteger(t.len) || t.len < 0) throw new CodecError(`bad array length ${t.len}`, path);
      const e = layoutIn(scope, t.of, `${path}[]`);
      return leaf(e.size * t.len, e.align, t.len > 0 ? e.niche : null);
    }
    case "tuple": {
      if (t.items.length === 0) return leaf(0, 1);
      const fields = t.items.map((item, i) => layoutIn(scope, item, `${path}.${i}`));
      const u = univariant(fields, { reorder: true, unsizedTail: true });
      return { ...u, fieldOffsets: named(u.offsets, t.items.map((_, i) => String(i))) };
    }
    case "struct": {
      const fields = t.fields.map((f) => layoutIn(scope, f.type, `${path}.${f.name}`));
      const u = univariant(fields, { reorder: !t.reprC, unsizedTail: false });
      return { ...u, fieldOffsets: named(u.offsets, t.fields.map((f) => f.name)) };
    }
    case "enum":
      return enumOf(scope, t.variants, path);
    case "option":
      return enumOf(scope, [{ name: "None", fields: [] }, { name: "Some", fields: [{ name: "0", type: t.of }] }], path);
    case "result":
      return enumOf(scope, [
        { name: "Ok", fields: [{ name: "0", type: t.ok }] },
        { name: "Err", fields: [{ name: "0", type: t.err }] },
      ], path);
    case "ref":
      throw new CodecError(`unresolved type name ${t.name}`, path);
    default: {
      if (isIntKind(t.kind)) {
        const n = INT_BYTES[t.kind];
        return leaf(n, n);
      }
      throw new CodecError(`unknown type kind ${(t as { kind: string }).kind}`, path);
    }
  }
}

/**
 * Size, alignment, niche and field offsets of `Archived<T>` as built by the
 * rustc that piecrust pins (1.94/1.95 on wasm32). The compiler transform uses
 * this to lay out `@archive` classes exactly like the equivalent Rust struct.
 */
export function layoutOf(t: RType, defs?: TypeDefs): Layout {
  return layoutIn(scopeFor(t, defs), t);
}
