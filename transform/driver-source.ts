// The AssemblyScript source of a contract's data driver (rusk's data-drivers interface; docs/dusk.md),
// generated from the contract's schema: every struct and enum the schema defines becomes a class
// with the SDK codec's archive members (archive-codegen.ts, laid out by host-sim/codec's layoutOf,
// the one layout both the contract and host-sim use), and every type gets a pair of JSON
// converters in serde's forms built from assembly/driver/values.ts. The ABI plumbing is
// assembly/driver/ffi.ts.
//
//   function __from_3(j: Json, p: string): Array<u64>     JSON → value, problems recorded with p
//   function __to_3(w: JsonWriter, v: Array<u64>): void   value → JSON
//
// A type the generated driver cannot convert (Result, NonZero, Box<[T]>, 1-tuples and tuples of more
// than 4, [T; N] outside a struct field) leaves its function answering `Unsupported(…)`.

import { formatType, layoutOf, parseType, type Field, type RType, type TypeDefs } from "../host-sim/codec/index.js";
import { generateArchiveMembers, type ArchiveField } from "./archive-codegen.js";
import type { ContractSchema } from "./schema.js";

/** The version `get_version` answers: the `ConvertibleContract` default of rusk's data-driver crate. */
export const DRIVER_VERSION = "0.1.0";

class Unsupported extends Error {}

interface Conv {
  /** The AssemblyScript type holding the value. */
  as: string;
  /** Generated function names. */
  from: string;
  to: string;
  /** Whether the AS type is a (non-nullable) reference, so `T | null` can stand for Option<T>. */
  ref: boolean;
}

const INTS = new Set(["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "usize", "isize"]);

const lit = (s: string): string => JSON.stringify(s);

class Generator {
  readonly decls: string[] = [];
  private readonly memo = new Map<string, Conv>();
  private n = 0;

  constructor(private readonly defs: TypeDefs) {}

  private fresh(): number {
    return this.n++;
  }

  /** Adds a converter pair for `key` (built by `body` once the names are reserved, so recursion works). */
  private define(key: string, as: string, ref: boolean, body: (c: Conv) => [string, string]): Conv {
    const known = this.memo.get(key);
    if (known) return known;
    const id = this.fresh();
    const c: Conv = { as, from: `__from_${id}`, to: `__to_${id}`, ref };
    this.memo.set(key, c);
    try {
      const [from, to] = body(c);
      this.decls.push(`function ${c.from}(j: __drv.Json, p: string): ${as} {\n${from}\n}`, `function ${c.to}(w: __drv.JsonWriter, v: ${as}): void {\n${to}\n}`);
    } catch (e) {
      this.memo.delete(key);
      throw e;
    }
    return c;
  }

  private leaf(key: string, as: string, ref: boolean, from: string, to: string): Conv {
    return this.define(key, as, ref, () => [`  return ${from};`, `  ${to};`]);
  }

  conv(t: RType, fieldLen = false): Conv {
    const name = formatType(t);
    switch (t.kind) {
      case "unit": return this.leaf(name, "__rkyv.Unit", true, "__drv.unitFrom(j, p)", "__drv.unitTo(w)");
      case "bool": return this.leaf(name, "bool", false, "__drv.boolFrom(j, p)", "__drv.boolTo(w, v)");
      case "f32": case "f64": return this.leaf(name, t.kind, false, `__drv.${t.kind}From(j, p)`, `__drv.${t.kind}To(w, v)`);
      case "u128": case "i128": return this.leaf(name, t.kind, true, `__drv.${t.kind}From(j, p)`, `__drv.${t.kind}To(w, v)`);
      case "char": return this.leaf(name, "__rkyv.Char", true, "__drv.charFrom(j, p)", "__drv.charTo(w, v)");
      case "string": return this.leaf(name, "string", true, "__drv.stringFrom(j, p)", "__drv.stringTo(w, v)");
      case "contractId": return this.leaf(name, "__rkyv.ContractId", true, "__drv.contractIdFrom(j, p)", "__drv.contractIdTo(w, v)");
      case "vec":
        if (t.of.kind === "u8") return this.leaf(name, "Uint8Array", true, `__drv.bytesFrom(j, p, ${lit(name)}, -1)`, "__drv.bytesTo(w, v)");
        return this.sequence(t.of, name, "Array");
      case "set": return this.sequence(t.of, name, "Set");
      case "array": {
        // [T; N] only as an @archive field: the codec takes N from the field, a root has nowhere to say it.
        if (!fieldLen) throw new Unsupported(`${name} outside a struct field`);
        if (t.of.kind === "u8") return this.leaf(name, "StaticArray<u8>", true, `__drv.byteArrayFrom(j, p, ${lit(name)}, ${t.len})`, "__drv.byteArrayTo(w, v)");
        const e = this.conv(t.of);
        return this.define(name, `StaticArray<${e.as}>`, true, () => [
          `  const o = new StaticArray<${e.as}>(${t.len});\n  if (!__drv.tupleItems(j, p, ${t.len}, ${lit(name)})) return o;\n` +
          `  for (let k = 0; k < ${t.len}; k++) {\n    const x = ${e.from}(j.items[k], __drv.at(p, k));\n    if (__drv.failed()) return o;\n    o[k] = x;\n  }\n  return o;`,
          `  w.raw("[");\n  for (let k = 0; k < v.length; k++) {\n    if (k > 0) w.raw(",");\n    ${e.to}(w, v[k]);\n  }\n  w.raw("]");`,
        ]);
      }
      case "option": {
        const inner = this.conv(t.of);
        if (inner.ref) {
          return this.define(name, `${inner.as} | null`, false, () => [
            `  if (j.kind == __drv.JsonKind.Null) return null;\n  return ${inner.from}(j, p);`,
            `  if (v === null) w.raw("null");\n  else ${inner.to}(w, v);`,
          ]);
        }
        const as = `__rkyv.Option<${inner.as}>`;
        return this.define(name, as, true, () => [
          `  if (j.kind == __drv.JsonKind.Null) return __rkyv.Option.none<${inner.as}>();\n  return __rkyv.Option.some<${inner.as}>(${inner.from}(j, p));`,
          `  if (!v.isSome) w.raw("null");\n  else ${inner.to}(w, v.value);`,
        ]);
      }
      case "box": {
        const inner = this.conv(t.of);
        return this.define(name, `__rkyv.Box<${inner.as}>`, true, () => [
          `  return new __rkyv.Box<${inner.as}>(${inner.from}(j, p));`,
          `  ${inner.to}(w, v.value);`,
        ]);
      }
      case "map": return this.map(t.key, t.value, name);
      case "tuple": {
        if (t.items.length === 0) return this.conv({ kind: "unit" });
        if (t.items.length < 2 || t.items.length > 4) throw new Unsupported(`the ${t.items.length}-tuple ${name}`);
        const items = t.items.map((x) => this.conv(x));
        const as = `__rkyv.Tuple${items.length}<${items.map((x) => x.as).join(", ")}>`;
        return this.define(name, as, true, () => {
          const reads = items.map((x, i) => `  const x${i} = ${x.from}(j.items[${i}], __drv.at(p, ${i}));\n  if (__drv.failed()) return changetype<${as}>(0);`);
          return [
            `  if (!__drv.tupleItems(j, p, ${items.length}, ${lit(name)})) return changetype<${as}>(0);\n${reads.join("\n")}\n  return new ${as}(${items.map((_, i) => `x${i}`).join(", ")});`,
            `  w.raw("[");\n${items.map((x, i) => `${i > 0 ? '  w.raw(",");\n' : ""}  ${x.to}(w, v._${i});`).join("\n")}\n  w.raw("]");`,
          ];
        });
      }
      case "struct": return this.struct(t.name, t.fields, !!t.tuple, t);
      case "enum": return this.enumType(t);
      case "ref": {
        const def = this.defs[t.name];
        if (!def) throw new Unsupported(`the unresolved type ${t.name}`);
        return this.conv(def);
      }
      default:
        if (INTS.has(t.kind)) return this.leaf(name, t.kind, false, `__drv.intFrom<${t.kind}>(j, p, ${lit(t.kind)})`, `__drv.intTo<${t.kind}>(w, v)`);
        throw new Unsupported(name);
    }
  }

  private sequence(of: RType, name: string, container: "Array" | "Set"): Conv {
    const e = this.conv(of);
    const as = `${container}<${e.as}>`;
    const add = container === "Array" ? "push" : "add";
    const items = container === "Array" ? "v" : "v.values()";
    return this.define(name, as, true, () => [
      `  const o = new ${as}();\n  if (j.kind != __drv.JsonKind.Array) { __drv.expected(p, ${lit(`an array for ${name}`)}, j); return o; }\n` +
      `  for (let k = 0; k < j.items.length; k++) {\n    const x = ${e.from}(j.items[k], __drv.at(p, k));\n    if (__drv.failed()) return o;\n    o.${add}(x);\n  }\n  return o;`,
      `  const items = ${items};\n  w.raw("[");\n  for (let k = 0; k < items.length; k++) {\n    if (k > 0) w.raw(",");\n    ${e.to}(w, items[k]);\n  }\n  w.raw("]");`,
    ]);
  }

  /** BTreeMap: an object when the keys are strings (serde_json's form), else [[key, value], …]. */
  private map(key: RType, value: RType, name: string): Conv {
    const k = this.conv(key);
    const v = this.conv(value);
    const as = `Map<${k.as}, ${v.as}>`;
    const stringKeys = key.kind === "string";
    const fromPairs =
      `  if (j.kind != __drv.JsonKind.Array) { __drv.expected(p, ${lit(`${stringKeys ? "an object or " : ""}an array of [key, value] pairs for ${name}`)}, j); return o; }\n` +
      `  for (let i = 0; i < j.items.length; i++) {\n    const e = j.items[i];\n    if (!__drv.tupleItems(e, __drv.at(p, i), 2, "a [key, value] pair")) return o;\n` +
      `    const key = ${k.from}(e.items[0], __drv.at(p, i) + ".key");\n    if (__drv.failed()) return o;\n` +
      `    const val = ${v.from}(e.items[1], __drv.at(p, i) + ".value");\n    if (__drv.failed()) return o;\n    o.set(key, val);\n  }\n  return o;`;
    const fromObject = stringKeys
      ? `  if (j.kind == __drv.JsonKind.Object) {\n    for (let i = 0; i < j.keys.length; i++) {\n` +
        `      const val = ${v.from}(j.items[i], __drv.join(p, j.keys[i]));\n      if (__drv.failed()) return o;\n      o.set(j.keys[i], val);\n    }\n    return o;\n  }\n`
      : "";
    const to = stringKeys
      ? `  const keys = v.keys();\n  w.raw("{");\n  for (let i = 0; i < keys.length; i++) {\n    if (i > 0) w.raw(",");\n    w.str(keys[i]);\n    w.raw(":");\n    ${v.to}(w, v.get(keys[i]));\n  }\n  w.raw("}");`
      : `  const keys = v.keys();\n  w.raw("[");\n  for (let i = 0; i < keys.length; i++) {\n    if (i > 0) w.raw(",");\n    w.raw("[");\n    ${k.to}(w, keys[i]);\n    w.raw(",");\n    ${v.to}(w, v.get(keys[i]));\n    w.raw("]");\n  }\n  w.raw("]");`;
    return this.define(name, as, true, () => [`  const o = new ${as}();\n${fromObject}${fromPairs}`, to]);
  }

  /** The statements reading `fields` from JSON `src` (at path expression `p`) into `o.<prefix><name>`, in serde's struct forms. */
  private readFields(fields: Field[], tuple: boolean, prefix: string, what: string, p: string): string {
    const fail = "return o;";
    const convs = fields.map((f) => this.conv(f.type, true));
    const prop = (f: Field) => `o.${prefix}${propName(f.name)}`;
    if (tuple && fields.length === 1) return `  ${prop(fields[0]!)} = ${convs[0]!.from}(src, ${p});`;
    if (tuple) {
      return `  if (!__drv.tupleItems(src, ${p}, ${fields.length}, ${lit(what)})) ${fail}\n` +
        fields.map((f, i) => `  ${prop(f)} = ${convs[i]!.from}(src.items[${i}], __drv.at(${p}, ${i}));\n  if (__drv.failed()) ${fail}`).join("\n");
    }
    const names = `[${fields.map((f) => lit(f.name)).join(", ")}]`;
    return `  if (!__drv.fieldsKnown(src, ${p}, ${names}, ${lit(what)})) ${fail}\n` +
      fields.map((f, i) =>
        `  const f${i} = __drv.field(src, ${p}, ${lit(f.name)}, ${lit(what)});\n  if (f${i} === null) ${fail}\n` +
        `  ${prop(f)} = ${convs[i]!.from}(f${i}, __drv.join(${p}, ${lit(f.name)}));\n  if (__drv.failed()) ${fail}`).join("\n");
  }

  private writeFields(fields: Field[], tuple: boolean, prefix: string): string {
    const convs = fields.map((f) => this.conv(f.type, true));
    const val = (f: Field) => `v.${prefix}${propName(f.name)}`;
    if (tuple && fields.length === 1) return `  ${convs[0]!.to}(w, ${val(fields[0]!)});`;
    if (tuple) return `  w.raw("[");\n${fields.map((f, i) => `${i > 0 ? '  w.raw(",");\n' : ""}  ${convs[i]!.to}(w, ${val(f)});`).join("\n")}\n  w.raw("]");`;
    return `  w.raw("{");\n${fields.map((f, i) => `  w.raw(${lit(`${i > 0 ? "," : ""}${JSON.stringify(f.name)}:`)});\n  ${convs[i]!.to}(w, ${val(f)});`).join("\n")}\n  w.raw("}");`;
  }

  private fieldDecls(fields: Field[], prefix: string): { decl: string; arch: (offsets: Record<string, number>) => ArchiveField[] } {
    const convs = fields.map((f) => this.conv(f.type, true));
    const decl = fields.map((f, i) => {
      const as = convs[i]!.as;
      const init = as === "bool" ? ": bool = false" : INTS.has(as) || as === "f32" || as === "f64" ? `: ${as} = 0` : `!: ${as}`;
      return `  ${prefix}${propName(f.name)}${init};`;
    }).join("\n");
    const arch = (offsets: Record<string, number>) => fields.map((f, i): ArchiveField => ({
      name: prefix + propName(f.name),
      asType: convs[i]!.as,
      offset: offsets[f.name]!,
      length: f.type.kind === "array" ? f.type.len : undefined,
    }));
    return { decl, arch };
  }

  private struct(name: string, fields: Field[], tuple: boolean, t: RType): Conv {
    const cls = `__S_${name}`;
    return this.define(`struct ${name}`, cls, true, () => {
      const layout = layoutOf(t);
      const { decl, arch } = this.fieldDecls(fields, "");
      const members = generateArchiveMembers({
        name: cls, fields: arch(layout.fieldOffsets ?? {}), size: layout.size, align: layout.align,
        niche: layout.niche?.available ?? 0, nicheOffset: layout.niche?.offset ?? 0,
      });
      this.decls.push(`class ${cls} {\n${decl}\n${members}}`);
      const what = `struct ${name}`;
      const from = fields.length === 0
        ? `  __drv.unitFrom(j, p);\n  return new ${cls}();`
        : `  const o = new ${cls}();\n  const src = j;\n${this.readFields(fields, tuple, "", what, "p")}\n  return o;`;
      const to = fields.length === 0 ? `  w.raw("null");` : this.writeFields(fields, tuple, "");
      return [from, to];
    });
  }

  private enumType(t: Extract<RType, { kind: "enum" }>): Conv {
    const cls = `__E_${t.name}`;
    return this.define(`enum ${t.name}`, cls, true, () => {
      const layout = layoutOf(t);
      const parts = t.variants.map((v, k) => this.fieldDecls(v.fields, `v${k}_`));
      const members = generateArchiveMembers({
        name: cls, kind: "enum", size: layout.size, align: layout.align,
        variants: t.variants.map((v, k) => ({ name: v.name, fields: parts[k]!.arch(layout.variants![k]!.fieldOffsets) })),
      });
      this.decls.push(`class ${cls} {\n  tag: u8 = 0;\n${parts.map((x) => x.decl).filter((x) => x).join("\n")}\n${members}}`);
      const names = `[${t.variants.map((v) => lit(v.name)).join(", ")}]`;
      const cases = t.variants.map((v, k) => {
        const body = v.fields.length === 0
          ? `    __drv.unitVariant(p, ${lit(v.name)});`
          : `    const src = __drv.variantBody(p, ${lit(v.name)});\n    if (src === null) return o;\n` +
            this.readFields(v.fields, !!v.tuple, `v${k}_`, `${t.name}::${v.name}`, `__drv.join(p, ${lit(v.name)})`).replace(/^/gm, "  ");
        return `    case ${k}: {\n${body}\n      break;\n    }`;
      });
      const from = `  const o = new ${cls}();\n  const k = __drv.variantOf(j, p, ${names}, ${lit(t.name)});\n  if (k < 0) return o;\n  o.tag = <u8>k;\n  switch (k) {\n${cases.join("\n")}\n  }\n  return o;`;
      const toCases = t.variants.map((v, k) => {
        const body = v.fields.length === 0
          ? `      w.str(${lit(v.name)});`
          : `      w.raw(${lit(`{${JSON.stringify(v.name)}:`)});\n${this.writeFields(v.fields, !!v.tuple, `v${k}_`).replace(/^/gm, "    ")}\n      w.raw("}");`;
        return `    case ${k}: {\n${body}\n      break;\n    }`;
      });
      const to = `  switch (<i32>v.tag) {\n${toCases.join("\n")}\n  }`;
      return [from, to];
    });
  }
}

/** A Rust field name as an AS property: tuple fields "0", "1" become `_0`, `_1`. */
function propName(name: string): string {
  return /^\d/.test(name) ? `_${name}` : name;
}

/** One function or event of the schema, with the converter of its type or why there is none. */
interface Arm { name: string; conv: Conv | null; why: string }

function arm(gen: Generator, name: string, type: string, defs: TypeDefs): Arm {
  try {
    return { name, conv: gen.conv(parseType(type, defs)), why: "" };
  } catch (e) {
    if (e instanceof Unsupported) return { name, conv: null, why: `${type} (${e.message}) has no JSON conversion in piecrust-as drivers` };
    throw e;
  }
}

/** The schema `get_schema` answers: dusk-forge's `Contract` (name, imports, functions, events) plus the type definitions. */
export function driverSchemaJson(schema: ContractSchema): string {
  return JSON.stringify({ name: schema.name, imports: [], functions: schema.functions, events: schema.events, types: schema.types });
}

/** The whole driver source for `schema`; `sdk` is the import path of the SDK's assembly/ folder. */
export function driverSource(schema: ContractSchema, sdk: string): string {
  const defs: TypeDefs = {};
  for (const d of schema.types) parseType(d, defs);
  const gen = new Generator(defs);
  const inputs = schema.functions.map((f) => arm(gen, f.name, f.input, defs));
  const outputs = schema.functions.map((f) => arm(gen, f.name, f.output, defs));
  const events = schema.events.map((e) => arm(gen, e.topic, e.data, defs));

  const encodeArms = inputs.map((a) => a.conv
    ? `  if (name == ${lit(a.name)}) return __drv.encodeRoot<${a.conv.as}>(${a.conv.from}(j, ""), ${lit(`encode_input ${a.name}`)});`
    : `  if (name == ${lit(a.name)}) return __drv.unknownName<Uint8Array | null>(${lit(`encode_input ${a.name}: ${a.why}`)});`);
  const decodeArms = (arms: Arm[], what: string) => arms.map((a) => a.conv
    ? `  if (name == ${lit(a.name)}) return __drv.decodeRoot<${a.conv.as}>(ptr, len, ${lit(`${what} ${a.name}`)}, ${a.conv.to});`
    : `  if (name == ${lit(a.name)}) return __drv.unknownName<string | null>(${lit(`${what} ${a.name}: ${a.why}`)});`);

  return [
    `// Generated by piecrust-as build from the schema of ${schema.name}: its data driver (docs/dusk.md).`,
    `import * as __rkyv from "${sdk}/codec/index";`,
    `import * as __drv from "${sdk}/driver/index";`,
    `import { u128, i128 } from "as-bignum/assembly";`,
    `export { init, alloc, dealloc, get_last_error } from "${sdk}/driver/ffi";`,
    ``,
    `// The build aliases abort to this (--use abort=…) so that the driver imports nothing; nothing reaches it by design.`,
    `function __drv_abort(message: string | null = null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void { unreachable(); }`,
    ``,
    ...gen.decls,
    ``,
    `function __encode(name: string, j: __drv.Json): Uint8Array | null {`,
    ...encodeArms,
    `  return __drv.unknownName<Uint8Array | null>("encode_input: unknown fn " + name);`,
    `}`,
    `function __decodeInput(name: string, ptr: usize, len: u32): string | null {`,
    ...decodeArms(inputs, "decode_input"),
    `  return __drv.unknownName<string | null>("decode_input: unknown fn " + name);`,
    `}`,
    `function __decodeOutput(name: string, ptr: usize, len: u32): string | null {`,
    ...decodeArms(outputs, "decode_output"),
    `  return __drv.unknownName<string | null>("decode_output: unknown fn " + name);`,
    `}`,
    `function __decodeEvent(name: string, ptr: usize, len: u32): string | null {`,
    ...decodeArms(events, "decode_event"),
    `  return __drv.unknownName<string | null>("decode_event: unknown event " + name);`,
    `}`,
    ``,
    `export function encode_input_fn(np: usize, nl: usize, jp: usize, jl: usize, op: usize, os: usize): i32 { return __drv.encodeInputFn(np, nl, jp, jl, op, os, __encode); }`,
    `export function decode_input_fn(np: usize, nl: usize, rp: usize, rl: usize, op: usize, os: usize): i32 { return __drv.decodeFn(np, nl, rp, rl, op, os, __decodeInput, "fn_name"); }`,
    `export function decode_output_fn(np: usize, nl: usize, rp: usize, rl: usize, op: usize, os: usize): i32 { return __drv.decodeFn(np, nl, rp, rl, op, os, __decodeOutput, "fn_name"); }`,
    `export function decode_event(np: usize, nl: usize, rp: usize, rl: usize, op: usize, os: usize): i32 { return __drv.decodeFn(np, nl, rp, rl, op, os, __decodeEvent, "event_name"); }`,
    `export function get_schema(op: usize, os: usize): i32 { return __drv.textFn(${lit(driverSchemaJson(schema))}, op, os); }`,
    `export function get_version(op: usize, os: usize): i32 { return __drv.textFn(${lit(DRIVER_VERSION)}, op, os); }`,
    ``,
  ].join("\n");
}
