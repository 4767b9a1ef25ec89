// Source generation for `@archive` classes: given a class's archived layout
// (computed elsewhere with rustc's field-ordering algorithm, rkyv-format §7),
// returns the AssemblyScript members to inject into the class so that the
// rkyv codec (assembly/codec) can serialize, validate and decode it.
//
// The member contract (all instance methods; the first five and
// __archiveCheck/__archiveRead are called on a null receiver by the generic
// codec and therefore never touch `this`):
//
//   @inline __archiveSize(): u32          archived size in bytes
//   @inline __archiveAlign(): u32         archived alignment
//   @inline __archiveNiche(): u32         largest niche (invalid bit patterns), 0 = none
//   @inline __archiveNicheOffset(): u32   offset of that niche in the archived object
//   @inline __archiveHasDeps(): bool      whether any field has out-of-line data
//   __archiveDeps(w: ArchiveWriter): void            out-of-line data, fields in DECLARATION order
//   __archiveWrite(w: ArchiveWriter, at: u32): void  the fixed part at `at` (region pre-zeroed),
//                                                    fields in the same order as __archiveDeps
//   __archiveCheck(r: ArchiveReader, at: u32): bool  validation, fields in declaration order
//   __archiveRead(r: ArchiveReader, at: u32): C      decoding (input already validated)
//
// The generated code refers to the codec through one namespace identifier
// (default `__rkyv`); the transform must add, once per file,
//   import * as __rkyv from "<relative path to assembly/codec/index>";

/**
 * A declaration the generator cannot lay out; the transform reports it as PCAS009 at the class (this
 * file imports nothing, so assembly/__tests__/gen-codec-vectors.mjs can load it without a build).
 */
export class ArchiveCodegenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArchiveCodegenError";
  }
}

/** One archived field of a struct or enum variant. */
export interface ArchiveField {
  /** AssemblyScript property name on the class. */
  name: string;
  /** AssemblyScript type of the property, as written in source (e.g. "u64", "string", "Array<u8>"). */
  asType: string;
  /** Byte offset inside the archived object (struct) or inside the enum (variant fields). */
  offset: number;
  /** For `StaticArray<T>` fields ([T; N]): N. Required for them, ignored otherwise. */
  length?: number;
  /** Integer field holding a fieldless enum's tag: stored as u8, validated `< enumVariants`. */
  enumVariants?: number;
  /** u32 field that is a Rust `char` (validated as a Unicode scalar value). */
  char?: boolean;
  /** Integer field that is a Rust NonZero* (validated non-zero). */
  nonZero?: boolean;
}

/** A struct (or tuple struct / unit struct) laid out by rustc. */
export interface ArchiveStruct {
  /** Class name, including type arguments for generic classes (e.g. "Pair<T>"). */
  name: string;
  fields: ArchiveField[];
  size: number;
  align: number;
  /** Largest niche of the archived struct and its offset (feed containing tuples' layout). */
  niche?: number;
  nicheOffset?: number;
}

/** An enum: variants are `#[repr(C)]`-like { u8 tag, fields... } (rkyv-format §6). */
export interface ArchiveEnum {
  name: string;
  kind: "enum";
  /** Property (u8 or integer) holding the variant index. Default "tag". */
  tagField?: string;
  /** Variants in declaration order; field offsets are inside the whole enum (tag at 0). */
  variants: { name: string; fields: ArchiveField[] }[];
  size: number;
  align: number;
}

export interface CodegenOptions {
  /** Namespace identifier the generated code uses for the codec. Default "__rkyv". */
  ns?: string;
}

const INTEGER_TYPES = new Set(["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "usize", "isize"]);
const INT_SIZES: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, usize: 4, isize: 4 };

function staticArrayElement(asType: string): string | null {
  const m = /^\s*StaticArray\s*<(.*)>\s*$/.exec(asType);
  return m ? m[1].trim() : null;
}

function fieldDeps(f: ArchiveField, ns: string): string {
  const elem = staticArrayElement(f.asType);
  if (f.enumVariants !== undefined) return "";
  if (elem !== null) return `    ${ns}.fixedDeps<${elem}>(w, this.${f.name});\n`;
  return `    ${ns}.serializeDeps<${f.asType}>(w, this.${f.name});\n`;
}

function fieldWrite(f: ArchiveField, ns: string, at: string): string {
  const pos = `${at} + ${f.offset}`;
  const elem = staticArrayElement(f.asType);
  if (f.enumVariants !== undefined) {
    return `    if (<u32>this.${f.name} >= ${f.enumVariants}) abort("rkyv writer: ${f.name} is not a valid variant index");\n` +
      `    store<u8>(w.base + <usize>(${pos}), <u8>this.${f.name});\n`;
  }
  if (elem !== null) {
    if (f.length === undefined) throw new ArchiveCodegenError(`field ${f.name}: a StaticArray field needs its length ([T; N])`);
    return `    ${ns}.fixedResolveN<${elem}>(w, ${pos}, this.${f.name}, ${f.length});\n`;
  }
  return `    ${ns}.resolveAt<${f.asType}>(w, ${pos}, this.${f.name});\n`;
}

function fieldCheck(f: ArchiveField, ns: string, at: string): string {
  const pos = `${at} + ${f.offset}`;
  const elem = staticArrayElement(f.asType);
  if (f.enumVariants !== undefined) return `    if (!${ns}.checkTag(r, ${pos}, ${f.enumVariants})) return false;\n`;
  if (f.char) return `    if (!${ns}.checkChar(r, ${pos})) return false;\n`;
  if (f.nonZero) {
    const size = INT_SIZES[f.asType];
    if (size === undefined) throw new ArchiveCodegenError(`field ${f.name}: a NonZero field needs an integer type, not ${f.asType}`);
    return `    if (!${ns}.checkNonZero(r, ${pos}, ${size})) return false;\n`;
  }
  if (elem !== null) {
    if (f.length === undefined) throw new ArchiveCodegenError(`field ${f.name}: a StaticArray field needs its length ([T; N])`);
    return `    if (!${ns}.fixedCheck<${elem}>(r, ${pos}, ${f.length})) return false;\n`;
  }
  if (INTEGER_TYPES.has(f.asType) || f.asType === "f32" || f.asType === "f64") return "";
  return `    if (!${ns}.checkAt<${f.asType}>(r, ${pos})) return false;\n`;
}

function fieldRead(f: ArchiveField, ns: string, at: string): string {
  const pos = `${at} + ${f.offset}`;
  const elem = staticArrayElement(f.asType);
  if (f.enumVariants !== undefined) return `    o.${f.name} = <${f.asType}>load<u8>(r.base + <usize>(${pos}));\n`;
  if (elem !== null) return `    o.${f.name} = ${ns}.fixedRead<${elem}>(r, ${pos}, ${f.length});\n`;
  return `    o.${f.name} = ${ns}.readAt<${f.asType}>(r, ${pos});\n`;
}

function hasDepsExpr(fields: ArchiveField[], ns: string): string {
  const parts = fields
    .filter((f) => f.enumVariants === undefined)
    .map((f) => {
      const elem = staticArrayElement(f.asType);
      return `${ns}.hasDeps<${elem ?? f.asType}>()`;
    });
  return parts.length === 0 ? "false" : parts.join(" || ");
}

function header(size: number, align: number, niche: number, nicheOffset: number, deps: string): string {
  return (
    `  // ---- rkyv archive members (generated) ----\n` +
    `  // @ts-ignore: decorator\n  @inline __archiveSize(): u32 { return ${size}; }\n` +
    `  // @ts-ignore: decorator\n  @inline __archiveAlign(): u32 { return ${align}; }\n` +
    `  // @ts-ignore: decorator\n  @inline __archiveNiche(): u32 { return ${niche}; }\n` +
    `  // @ts-ignore: decorator\n  @inline __archiveNicheOffset(): u32 { return ${nicheOffset}; }\n` +
    `  // @ts-ignore: decorator\n  @inline __archiveHasDeps(): bool { return ${deps}; }\n`
  );
}

function checkLayout(name: string, size: number, align: number): void {
  if (!Number.isInteger(size) || size < 0) throw new ArchiveCodegenError(`${name}: archived size ${size} is not a byte count`);
  if (!Number.isInteger(align) || align < 1 || (align & (align - 1)) !== 0) {
    throw new ArchiveCodegenError(`${name}: alignment ${align} is not a power of two`);
  }
}

/** Members for a struct class. */
export function generateStructMembers(desc: ArchiveStruct, opts: CodegenOptions = {}): string {
  const ns = opts.ns ?? "__rkyv";
  checkLayout(desc.name, desc.size, desc.align);
  const fs = desc.fields;
  let out = header(desc.size, desc.align, desc.niche ?? 0, desc.nicheOffset ?? 0, hasDepsExpr(fs, ns));
  out += `  __archiveDeps(w: ${ns}.ArchiveWriter): void {\n${fs.map((f) => fieldDeps(f, ns)).join("")}  }\n`;
  out += `  __archiveWrite(w: ${ns}.ArchiveWriter, at: u32): void {\n${fs.map((f) => fieldWrite(f, ns, "at")).join("")}  }\n`;
  out += `  __archiveCheck(r: ${ns}.ArchiveReader, at: u32): bool {\n${fs.map((f) => fieldCheck(f, ns, "at")).join("")}    return true;\n  }\n`;
  out +=
    `  __archiveRead(r: ${ns}.ArchiveReader, at: u32): ${desc.name} {\n` +
    `    // A blank object: fields are all assigned below, constructors are not run.\n` +
    `    const o = changetype<${desc.name}>(__new(offsetof<${desc.name}>(), idof<${desc.name}>()));\n` +
    fs.map((f) => fieldRead(f, ns, "at")).join("") +
    `    return o;\n  }\n`;
  return out;
}

/** Members for an enum class (a tag property plus the fields of every variant). */
export function generateEnumMembers(desc: ArchiveEnum, opts: CodegenOptions = {}): string {
  const ns = opts.ns ?? "__rkyv";
  checkLayout(desc.name, desc.size, desc.align);
  const tag = desc.tagField ?? "tag";
  const n = desc.variants.length;
  if (n === 0 || n > 256) throw new ArchiveCodegenError(`${desc.name}: ${n} variants; an archived enum has 1 to 256`);
  const all = desc.variants.flatMap((v) => v.fields);
  const cases = (body: (fields: ArchiveField[]) => string, fallthrough: string): string =>
    desc.variants
      .map((v, i) => `      case ${i}: {\n${body(v.fields).replace(/^ {4}/gm, "        ")}        ${fallthrough}\n      }\n`)
      .join("");
  let out = header(desc.size, desc.align, 256 - n, 0, hasDepsExpr(all, ns));
  out += `  __archiveDeps(w: ${ns}.ArchiveWriter): void {\n    switch (<u32>this.${tag}) {\n` +
    cases((fs) => fs.map((f) => fieldDeps(f, ns)).join(""), "break;") + `    }\n  }\n`;
  out += `  __archiveWrite(w: ${ns}.ArchiveWriter, at: u32): void {\n` +
    `    if (<u32>this.${tag} >= ${n}) abort("rkyv writer: ${desc.name}.${tag} is not a valid variant index");\n` +
    `    store<u8>(w.base + <usize>at, <u8>this.${tag});\n    switch (<u32>this.${tag}) {\n` +
    cases((fs) => fs.map((f) => fieldWrite(f, ns, "at")).join(""), "break;") + `    }\n  }\n`;
  out += `  __archiveCheck(r: ${ns}.ArchiveReader, at: u32): bool {\n` +
    `    const t = <u32>load<u8>(r.base + <usize>at);\n    switch (t) {\n` +
    cases((fs) => fs.map((f) => fieldCheck(f, ns, "at")).join(""), "return true;") +
    `    }\n    return r.fail(${ns}.ERR_ENUM_TAG, at, t);\n  }\n`;
  out += `  __archiveRead(r: ${ns}.ArchiveReader, at: u32): ${desc.name} {\n` +
    `    // A blank object: only the active variant's fields are assigned.\n` +
    `    const o = changetype<${desc.name}>(__new(offsetof<${desc.name}>(), idof<${desc.name}>()));\n` +
    `    const t = <u32>load<u8>(r.base + <usize>at);\n    o.${tag} = <u8>t;\n    switch (t) {\n` +
    cases((fs) => fs.map((f) => fieldRead(f, ns, "at")).join(""), "break;") + `    }\n    return o;\n  }\n`;
  return out;
}

/** Members for either description. */
export function generateArchiveMembers(desc: ArchiveStruct | ArchiveEnum, opts: CodegenOptions = {}): string {
  return "kind" in desc && desc.kind === "enum" ? generateEnumMembers(desc, opts) : generateStructMembers(desc as ArchiveStruct, opts);
}
