/**
 * Type descriptors for rkyv 0.7 archives (features size_32 + validation).
 *
 * Descriptors are plain JSON-compatible objects so contract schema files can
 * embed them. Named structs and enums are stored inline wherever they are
 * used; only a self-reference (e.g. `Box<List>` inside `enum List`) is written
 * as `{kind: "ref", name}` and resolves to the enclosing definition of that
 * name (or to an entry of an explicit `TypeDefs` record).
 */

export type IntKind =
  | "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64"
  | "u128" | "i128" | "usize" | "isize";

export type ScalarKind = IntKind | "unit" | "bool" | "f32" | "f64" | "char";

export interface Field {
  /** Field name; tuple structs and tuple variants use "0", "1", … */
  name: string;
  type: RType;
}

export interface Variant {
  name: string;
  fields: Field[];
  /** True for `Name(A, B)` variants: their JS value is an array. */
  tuple?: boolean;
}

export type RType =
  | { kind: ScalarKind }
  | { kind: "nonzero"; of: { kind: IntKind } }
  | { kind: "string" }
  | { kind: "contractId" }
  | { kind: "vec"; of: RType }
  | { kind: "boxslice"; of: RType }
  | { kind: "array"; of: RType; len: number }
  | { kind: "option"; of: RType }
  | { kind: "box"; of: RType }
  | { kind: "tuple"; items: RType[] }
  | { kind: "struct"; name: string; fields: Field[]; tuple?: boolean; reprC?: boolean; params?: string[] }
  | { kind: "enum"; name: string; variants: Variant[]; params?: string[] }
  | { kind: "result"; ok: RType; err: RType }
  | { kind: "map"; key: RType; value: RType }
  | { kind: "set"; of: RType }
  | { kind: "ref"; name: string };

export type Kind = RType["kind"];
export type TypeOf<K extends Kind> = Extract<RType, { kind: K }>;
export type StructType = TypeOf<"struct">;
export type EnumType = TypeOf<"enum">;
/** Named struct/enum definitions, by name. */
export type TypeDefs = Record<string, RType>;

export const INT_KINDS: readonly IntKind[] = [
  "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128", "usize", "isize",
];

export function isIntKind(kind: string): kind is IntKind {
  return (INT_KINDS as readonly string[]).includes(kind);
}

/** Byte width of each integer kind (size_32: usize/isize are 4 bytes). */
export const INT_BYTES: Record<IntKind, number> = {
  u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8,
  u128: 16, i128: 16, usize: 4, isize: 4,
};

export function isSigned(kind: IntKind): boolean {
  return kind[0] === "i";
}

/** Integer kinds whose JS value is a bigint (the rest are numbers). */
export function isBigKind(kind: IntKind): boolean {
  return INT_BYTES[kind] >= 8;
}

/** u8 sequences are exposed as Uint8Array rather than number[]. */
export function isBytesType(t: RType): boolean {
  switch (t.kind) {
    case "contractId":
      return true;
    case "vec":
    case "boxslice":
    case "array":
      return t.of.kind === "u8";
    default:
      return false;
  }
}

/** The piecrust-uplink error enum, predefined for `Result<T, ContractError>`. */
export const CONTRACT_ERROR: EnumType = {
  kind: "enum",
  name: "ContractError",
  variants: [
    { name: "Panic", fields: [{ name: "0", type: { kind: "string" } }], tuple: true },
    { name: "OutOfGas", fields: [] },
    { name: "DoesNotExist", fields: [] },
    { name: "Unknown", fields: [] },
  ],
};
