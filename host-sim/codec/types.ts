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

/** Rust scalar types: integers, `()`, `bool`, `f32`, `f64` and `char`. */
export type ScalarKind = IntKind | "unit" | "bool" | "f32" | "f64" | "char";

/** One field of a struct or enum variant. */
export interface Field {
  /** Field name; tuple structs and tuple variants use "0", "1", … */
  name: string;
  /** The field's type. */
  type: RType;
}

/** One variant of an enum descriptor. */
export interface Variant {
  /** Variant name, as in Rust. */
  name: string;
  /** Its fields (empty for a unit variant). */
  fields: Field[];
  /** True for `Name(A, B)` variants: their JS value is an array. */
  tuple?: boolean;
}

/**
 * A Rust type as host-sim's rkyv codec sees it: a JSON-compatible descriptor discriminated by `kind`, as
 * contract schema files embed them.
 */
export type RType =
  | {
    /** A scalar: an integer, `()`, `bool`, `f32`, `f64` or `char`. */
    kind: ScalarKind;
  }
  | {
    /** A non-zero integer (`NonZeroU64` etc.); 0 is invalid, which gives it a niche. */
    kind: "nonzero";
    /** The integer type that may not be 0 (`NonZeroU64` is `u64`). */
    of: {
      /** The integer kind. */
      kind: IntKind;
    };
  }
  | {
    /** Rust `String` (JS `string`). */
    kind: "string";
  }
  | {
    /** piecrust-uplink `ContractId`, 32 bytes (JS `Uint8Array`). */
    kind: "contractId";
  }
  | {
    /** Rust `Vec<T>`. */
    kind: "vec";
    /** Element type. */
    of: RType;
  }
  | {
    /** Rust `Box<[T]>`. */
    kind: "boxslice";
    /** Element type of the `Box<[T]>`. */
    of: RType;
  }
  | {
    /** Rust `[T; N]`, inline with no length. */
    kind: "array";
    /** Element type. */
    of: RType;
    /** `N` of `[T; N]`. */
    len: number;
  }
  | {
    /** Rust `Option<T>`. */
    kind: "option";
    /** The `Some` payload type. */
    of: RType;
  }
  | {
    /** Rust `Box<T>`. */
    kind: "box";
    /** The boxed type. */
    of: RType;
  }
  | {
    /** Rust tuple `(A, B, …)` (JS array). */
    kind: "tuple";
    /** Element types, in order. */
    items: RType[];
  }
  | {
    /** A named Rust struct. */
    kind: "struct";
    /** Rust type name. */
    name: string;
    /** Fields in declaration order. */
    fields: Field[];
    /** True for a tuple struct (its JS value is an array). */
    tuple?: boolean;
    /** True for `#[repr(C)]`: fields stay in declaration order. */
    reprC?: boolean;
    /** Generic parameter names. */
    params?: string[];
  }
  | {
    /** A named Rust enum. */
    kind: "enum";
    /** Rust type name. */
    name: string;
    /** Variants in declaration order (tag = index). */
    variants: Variant[];
    /** Generic parameter names. */
    params?: string[];
  }
  | {
    /** Rust `Result<T, E>`. */
    kind: "result";
    /** The `Ok` type. */
    ok: RType;
    /** The `Err` type. */
    err: RType;
  }
  | {
    /** Rust `BTreeMap<K, V>` (JS `Map`). */
    kind: "map";
    /** Key type of the `BTreeMap`. */
    key: RType;
    /** Value type. */
    value: RType;
  }
  | {
    /** Rust `BTreeSet<T>` (JS `Set`). */
    kind: "set";
    /** Element type of the `BTreeSet`. */
    of: RType;
  }
  | {
    /** A reference to a named struct or enum by name (a self-reference such as `Box<List>` inside `enum List`). */
    kind: "ref";
    /** Name of the enclosing (or `TypeDefs`) definition it refers to. */
    name: string;
  };

/** The `kind` discriminants of `RType`. */
export type Kind = RType["kind"];
export type TypeOf<K extends Kind> = Extract<RType, { kind: K }>;
/** The `RType` of a named struct. */
export type StructType = TypeOf<"struct">;
/** The `RType` of a named enum. */
export type EnumType = TypeOf<"enum">;
/** Named struct/enum definitions, by name. */
export type TypeDefs = Record<string, RType>;

/** Every integer kind, narrowest first. */
export const INT_KINDS: readonly IntKind[] = [
  "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "u128", "i128", "usize", "isize",
];

/** Whether `kind` names an integer type (`u8` … `isize`). */
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
