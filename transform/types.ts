// AssemblyScript type annotations → rkyv type descriptors (host-sim/codec's RType), the single
// mapping behind entry-point decoding, @archive layouts and the schema. Mirrors the AS codec's
// dispatch (assembly/codec/dispatch.ts): a type is supported here exactly when the codec has an
// archived form for it.

import { NodeKind } from "assemblyscript/dist/assemblyscript.js";
import type { NamedTypeNode, TypeNode } from "assemblyscript/dist/assemblyscript.js";
import { CONTRACT_ERROR, type RType } from "../host-sim/codec/index.js";

/** What the mapper knows about the user's @archive declarations (see archive.ts). */
export interface ArchiveRegistry {
  /** Descriptor of an @archive class by name (null when the name is not an @archive class). */
  classType(name: string): RType | null;
  /** Descriptor of an @archive (fieldless) AS enum by name, or null. */
  enumType(name: string): RType | null;
}

export interface MappedType {
  rust: RType;
  /** The AS type as written (for generated code). */
  text: string;
  /** Set for a fieldless @archive enum: its variant count (archived as a u8 tag). */
  enumVariants?: number;
}

export type MapResult = MappedType | { error: string };

const INTS: Record<string, RType> = Object.fromEntries(
  ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "usize", "isize", "u128", "i128", "bool", "f32", "f64"].map((k) => [k, { kind: k } as RType]),
);

/** Names the codec maps by class identity; the rest are generic containers handled below. */
const NAMED: Record<string, () => RType> = {
  string: () => ({ kind: "string" }),
  String: () => ({ kind: "string" }),
  Utf8String: () => ({ kind: "string" }),
  ContractId: () => ({ kind: "contractId" }),
  ContractError: () => CONTRACT_ERROR,
  Uint8Array: () => ({ kind: "vec", of: { kind: "u8" } }),
  u256: () => ({ kind: "array", of: { kind: "u8" }, len: 32 }),
  Unit: () => ({ kind: "unit" }),
  Char: () => ({ kind: "char" }),
};

export function typeText(t: TypeNode): string {
  return t.range.source.text.substring(t.range.start, t.range.end);
}

function nameOf(n: NamedTypeNode): string {
  // Qualified names (ns.Type) keep their last segment, as host-sim's parser does.
  let tn = n.name;
  while (tn.next) tn = tn.next;
  return tn.identifier.text;
}

/**
 * Maps a type annotation. `fixedLen` gives N for a `StaticArray<T>` at this position (an @archive
 * field with a sized initializer); elsewhere the bytes cannot tell N and the type is refused.
 */
export function mapType(node: TypeNode, reg: ArchiveRegistry, fixedLen?: number, nested = false): MapResult {
  const text = typeText(node);
  if (node.kind !== NodeKind.NamedType) return { error: `'${text}' is not an archivable type` };
  const n = node as NamedTypeNode;
  const args = n.typeArguments ?? [];
  const name = nameOf(n);
  const inner = (i: number, len?: number): RType | string => {
    const r = mapType(args[i]!, reg, len, true);
    return "error" in r ? r.error : r.rust;
  };
  let rust: RType | string;
  let enumVariants: number | undefined;
  const want = (count: number): string | null => (args.length === count ? null : `'${name}' takes ${count} type argument(s)`);
  if (INTS[name] && !args.length) rust = INTS[name]!;
  else if (NAMED[name] && !args.length) rust = NAMED[name]!();
  else if (name === "Array") rust = want(1) ?? wrap(inner(0), (of) => ({ kind: "vec", of }));
  else if (name === "Option") rust = want(1) ?? wrap(inner(0), (of) => ({ kind: "option", of }));
  else if (name === "Box") rust = want(1) ?? wrap(inner(0), (of) => ({ kind: "box", of }));
  else if (name === "Set") rust = want(1) ?? wrap(inner(0), (of) => ({ kind: "set", of }));
  else if (name === "Map") {
    const k = want(2) ?? inner(0);
    const v = typeof k === "string" ? k : inner(1);
    rust = typeof k === "string" ? k : typeof v === "string" ? v : { kind: "map", key: k, value: v };
  } else if (/^Tuple[234]$/.test(name)) {
    const items: RType[] = [];
    let err: string | null = want(Number(name.slice(5)));
    for (let i = 0; !err && i < args.length; i++) {
      const r = inner(i);
      if (typeof r === "string") err = r;
      else items.push(r);
    }
    rust = err ?? { kind: "tuple", items };
  } else if (name === "StaticArray") {
    if (fixedLen === undefined) {
      rust = `'${text}': a StaticArray's length is not part of its type; use it as an @archive field initialised with \`new StaticArray<T>(N)\`, or use ContractId / Uint8Array / Array<T>`;
    } else rust = want(1) ?? wrap(inner(0), (of) => ({ kind: "array", of, len: fixedLen }));
  } else {
    const cls = args.length ? null : reg.classType(name);
    const en = args.length ? null : reg.enumType(name);
    if (cls) rust = cls;
    else if (en && en.kind === "enum" && nested) {
      // AssemblyScript enums are i32 values: inside a container the codec would see 4-byte integers.
      rust = `'${text}': a fieldless @archive enum can only be a parameter, a result or an @archive field (inside a container it would be an i32); wrap it in an @archive class`;
    } else if (en && en.kind === "enum") {
      rust = en;
      enumVariants = en.variants.length;
    } else rust = `type '${text}' has no rkyv form (supported: bool, integers, f32/f64, u128/i128/u256, string, Utf8String, Array<T>, Uint8Array, Map<K,V>, Set<T>, T | null, Option<T>, Tuple2..4, Box<T>, Unit, Char, ContractId, ContractError, @archive classes and enums)`;
  }
  if (typeof rust === "string") return { error: rust };
  if (n.isNullable) {
    if (!INTS[name] && enumVariants === undefined) rust = { kind: "option", of: rust };
    else return { error: `'${text}': a value type cannot be null; use Option<${name}>` };
  }
  return enumVariants === undefined ? { rust, text } : { rust, text, enumVariants };
}

function wrap(r: RType | string, f: (t: RType) => RType): RType | string {
  return typeof r === "string" ? r : f(r);
}
