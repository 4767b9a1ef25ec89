import { CodecError } from "./errors.js";
import { CONTRACT_ERROR, isIntKind, type Field, type RType, type TypeDefs, type Variant } from "./types.js";

/**
 * Rust type syntax → descriptors.
 *
 *   parseType("Option<(ContractId, u64)>")
 *   parseType("struct Mixed { a: u8, b: u64, c: u16 }", defs)   // also registers Mixed in defs
 *   parseType("Vec<Mixed>", defs)
 *   parseType("enum List { Nil, Cons(u32, Box<List>) }")
 *   parseType("#[archive_attr(repr(C))] struct P { a: u8 }")     // repr(C): no reordering
 *   parseType("struct Generic<T> { tag: u8, inner: T } with T = u64")
 *
 * Paths keep only their last segment (`core::num::NonZeroU32`). Explicit enum
 * discriminants are accepted and ignored (rkyv tags by variant index).
 */

type Tok = { kind: "id" | "num" | "str" | "punct"; text: string; at: number };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const re = /\s+|([A-Za-z_][A-Za-z0-9_]*)|(\d[0-9A-Za-z_]*)|("(?:[^"\\]|\\.)*")|(::|->|[<>()[\]{},;:=#!&*'.+-])/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < src.length) {
    re.lastIndex = at;
    m = re.exec(src);
    if (!m) throw new CodecError(`unexpected character ${JSON.stringify(src[at])} at ${at}`, "type");
    if (m[1]) toks.push({ kind: "id", text: m[1], at });
    else if (m[2]) toks.push({ kind: "num", text: m[2], at });
    else if (m[3]) toks.push({ kind: "str", text: m[3], at });
    else if (m[4]) toks.push({ kind: "punct", text: m[4], at });
    at = re.lastIndex;
  }
  return toks;
}

const NONZERO = /^NonZero(U8|I8|U16|I16|U32|I32|U64|I64|U128|I128|Usize|Isize)$/;

class Parser {
  private i = 0;
  /** Names usable inside the definition being parsed: its own name and its generic parameters. */
  private local = new Map<string, RType>();

  constructor(private readonly src: string, private readonly toks: Tok[], private readonly defs: TypeDefs) {}

  fail(msg: string): never {
    const tok = this.toks[this.i];
    throw new CodecError(`${msg} at ${tok ? `${JSON.stringify(tok.text)} (offset ${tok.at})` : "end of input"} in ${JSON.stringify(this.src)}`, "type");
  }
  private peek(text?: string): boolean {
    const t = this.toks[this.i];
    return !!t && (text === undefined || t.text === text);
  }
  private eat(text: string): boolean {
    if (this.peek(text)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected ${JSON.stringify(text)}`);
  }
  private ident(): string {
    const t = this.toks[this.i];
    if (!t || t.kind !== "id") this.fail("expected a name");
    this.i++;
    return t.text;
  }
  private number(): number {
    const t = this.toks[this.i];
    if (!t || t.kind !== "num") this.fail("expected a number");
    this.i++;
    const digits = t.text.replace(/_/g, "").replace(/(u|i)(8|16|32|64|128|size)$/, "");
    const n = Number(digits);
    if (!Number.isSafeInteger(n) || n < 0) this.fail(`bad number ${t.text}`);
    return n;
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }

  /** Skips `#[...]` attributes; reports whether one asked for repr(C). */
  private attributes(): boolean {
    let reprC = false;
    while (this.eat("#")) {
      this.eat("!");
      this.expect("[");
      let depth = 1;
      const start = this.i;
      while (depth > 0) {
        if (this.atEnd()) this.fail("unterminated attribute");
        const t = this.toks[this.i++]!.text;
        if (t === "[") depth++;
        else if (t === "]") depth--;
      }
      const body = this.toks.slice(start, this.i - 1).map((t) => t.text).join(" ");
      if (/\brepr \( (?:[^)]*, )?C\b/.test(body)) reprC = true;
    }
    return reprC;
  }

  item(): RType {
    const reprC = this.attributes();
    this.eat("pub");
    if (this.peek("struct")) return this.struct(reprC);
    if (this.peek("enum")) return this.enumDef();
    if (reprC) this.fail("attributes only apply to struct or enum definitions");
    return this.type();
  }

  private generics(): string[] {
    const params: string[] = [];
    if (!this.eat("<")) return params;
    while (!this.eat(">")) {
      params.push(this.ident());
      if (this.eat(":")) while (!this.peek(",") && !this.peek(">")) this.i++; // bounds are irrelevant
      if (!this.eat(",") && !this.peek(">")) this.fail("expected , or >");
    }
    return params;
  }

  private withLocals<T>(name: string, params: string[], body: () => T): T {
    const saved = this.local;
    this.local = new Map(saved);
    this.local.set(name, { kind: "ref", name });
    for (const p of params) this.local.set(p, { kind: "ref", name: p });
    try {
      return body();
    } finally {
      this.local = saved;
    }
  }

  private namedFields(): Field[] {
    const fields: Field[] = [];
    this.expect("{");
    while (!this.eat("}")) {
      this.attributes();
      if (this.eat("pub") && this.eat("(")) while (!this.eat(")")) this.i++;
      const name = this.ident();
      this.expect(":");
      fields.push({ name, type: this.type() });
      if (!this.eat(",") && !this.peek("}")) this.fail("expected , or }");
    }
    return fields;
  }

  private tupleFields(): Field[] {
    const fields: Field[] = [];
    this.expect("(");
    while (!this.eat(")")) {
      this.attributes();
      this.eat("pub");
      fields.push({ name: String(fields.length), type: this.type() });
      if (!this.eat(",") && !this.peek(")")) this.fail("expected , or )");
    }
    return fields;
  }

  private struct(reprC: boolean): RType {
    this.expect("struct");
    const name = this.ident();
    const params = this.generics();
    const t = this.withLocals(name, params, (): RType => {
      let fields: Field[] = [];
      let tuple = false;
      if (this.peek("{")) fields = this.namedFields();
      else if (this.peek("(")) {
        fields = this.tupleFields();
        tuple = true;
      }
      this.eat(";");
      const out: RType = { kind: "struct", name, fields };
      if (tuple && fields.length > 0) out.tuple = true;
      if (reprC) out.reprC = true;
      if (params.length) out.params = params;
      return out;
    });
    return this.finishDefinition(name, t);
  }

  private enumDef(): RType {
    this.expect("enum");
    const name = this.ident();
    const params = this.generics();
    const t = this.withLocals(name, params, (): RType => {
      const variants: Variant[] = [];
      this.expect("{");
      while (!this.eat("}")) {
        this.attributes();
        const v: Variant = { name: this.ident(), fields: [] };
        if (this.peek("{")) v.fields = this.namedFields();
        else if (this.peek("(")) {
          v.fields = this.tupleFields();
          if (v.fields.length) v.tuple = true;
        }
        if (this.eat("=")) while (!this.peek(",") && !this.peek("}")) this.i++;
        variants.push(v);
        if (!this.eat(",") && !this.peek("}")) this.fail("expected , or }");
      }
      const out: RType = { kind: "enum", name, variants };
      if (params.length) out.params = params;
      return out;
    });
    return this.finishDefinition(name, t);
  }

  /** Registers a definition and applies an optional `with T = u64, …` instantiation. */
  private finishDefinition(name: string, t: RType): RType {
    this.defs[name] = t;
    if (!this.eat("with")) return t;
    const args = new Map<string, RType>();
    do {
      const p = this.ident();
      this.expect("=");
      args.set(p, this.type());
    } while (this.eat(","));
    return instantiate(t, args, this.fail.bind(this));
  }

  type(): RType {
    if (this.eat("&")) this.fail("references cannot be archived");
    if (this.eat("(")) {
      if (this.eat(")")) return { kind: "unit" };
      const items: RType[] = [this.type()];
      let trailingComma = false;
      while (this.eat(",")) {
        if (this.peek(")")) {
          trailingComma = true;
          break;
        }
        items.push(this.type());
      }
      this.expect(")");
      return items.length === 1 && !trailingComma ? items[0]! : { kind: "tuple", items };
    }
    if (this.eat("[")) {
      const of = this.type();
      if (!this.eat(";")) this.fail("slices [T] are only archivable as Box<[T]> or Vec<T>");
      const len = this.number();
      this.expect("]");
      return { kind: "array", of, len };
    }
    let name = this.ident();
    while (this.eat("::")) name = this.ident();
    const args: RType[] = [];
    let boxSlice: RType | null = null;
    if (this.eat("<")) {
      do {
        if (name === "Box" && this.peek("[")) {
          this.i++;
          boxSlice = this.type();
          this.expect("]");
        } else args.push(this.type());
      } while (this.eat(","));
      this.expect(">");
    }
    if (boxSlice) return { kind: "boxslice", of: boxSlice };
    return this.named(name, args);
  }

  private named(name: string, args: RType[]): RType {
    const arity = (n: number): void => {
      if (args.length !== n) this.fail(`${name} takes ${n} type argument${n === 1 ? "" : "s"}, got ${args.length}`);
    };
    const local = this.local.get(name);
    if (local) {
      arity(0);
      return local;
    }
    if (isIntKind(name) || name === "bool" || name === "char" || name === "f32" || name === "f64") {
      arity(0);
      return { kind: name } as RType;
    }
    const nz = NONZERO.exec(name);
    if (nz) {
      arity(0);
      return { kind: "nonzero", of: { kind: nz[1]!.toLowerCase() } } as RType;
    }
    switch (name) {
      case "String": arity(0); return { kind: "string" };
      case "ContractId": arity(0); return this.defs[name] ?? { kind: "contractId" };
      case "Vec": arity(1); return { kind: "vec", of: args[0]! };
      case "Box": arity(1); return { kind: "box", of: args[0]! };
      case "Option": arity(1); return { kind: "option", of: args[0]! };
      case "Result": arity(2); return { kind: "result", ok: args[0]!, err: args[1]! };
      case "BTreeMap": arity(2); return { kind: "map", key: args[0]!, value: args[1]! };
      case "BTreeSet": arity(1); return { kind: "set", of: args[0]! };
      case "HashMap": case "HashSet": this.fail(`${name} is not supported (use BTreeMap/BTreeSet)`);
    }
    const def = this.defs[name] ?? (name === "ContractError" ? CONTRACT_ERROR : undefined);
    if (!def) this.fail(`unknown type ${name}`);
    const params = def.kind === "struct" || def.kind === "enum" ? def.params ?? [] : [];
    if (args.length !== params.length) this.fail(`${name} takes ${params.length} type arguments, got ${args.length}`);
    if (params.length === 0) return def;
    return instantiate(def, new Map(params.map((p, k) => [p, args[k]!])), this.fail.bind(this));
  }
}

/** Substitutes generic parameters of a template, producing a concrete type. */
function instantiate(t: RType, args: Map<string, RType>, fail: (msg: string) => never): RType {
  if (t.kind !== "struct" && t.kind !== "enum") fail("only generic structs and enums can be instantiated");
  const params = t.params ?? [];
  for (const p of args.keys()) if (!params.includes(p)) fail(`${t.name} has no type parameter ${p}`);
  for (const p of params) if (!args.has(p)) fail(`missing type argument ${p} for ${t.name}`);
  const sub = (x: RType): RType => {
    switch (x.kind) {
      case "ref": return args.get(x.name) ?? x;
      case "vec": case "boxslice": case "option": case "box": case "set": return { ...x, of: sub(x.of) };
      case "array": return { ...x, of: sub(x.of) };
      case "tuple": return { kind: "tuple", items: x.items.map(sub) };
      case "result": return { kind: "result", ok: sub(x.ok), err: sub(x.err) };
      case "map": return { kind: "map", key: sub(x.key), value: sub(x.value) };
      case "struct": {
        if (x.params?.some((p) => args.has(p))) return x; // inner template shadows the names
        return { ...x, fields: x.fields.map((f) => ({ name: f.name, type: sub(f.type) })) };
      }
      case "enum": {
        if (x.params?.some((p) => args.has(p))) return x;
        return { ...x, variants: x.variants.map((v) => ({ ...v, fields: v.fields.map((f) => ({ name: f.name, type: sub(f.type) })) })) };
      }
      default: return x;
    }
  };
  const out = sub({ ...t, params: [] } as RType) as RType & { params?: string[] };
  delete out.params;
  return out;
}

/**
 * Parses one type expression or one struct/enum definition. Definitions are
 * recorded in `defs` (when given) so later types can name them.
 */
export function parseType(src: string, defs: TypeDefs = {}): RType {
  const p = new Parser(src, tokenize(src), defs);
  const t = p.item();
  if (!p.atEnd()) p.fail("unexpected trailing input");
  return t;
}

/** Parses a sequence of struct/enum definitions into `defs` (returned). */
export function parseDefinitions(src: string, defs: TypeDefs = {}): TypeDefs {
  const p = new Parser(src, tokenize(src), defs);
  while (!p.atEnd()) {
    const t = p.item();
    if (t.kind !== "struct" && t.kind !== "enum") throw new CodecError(`expected only struct/enum definitions in ${JSON.stringify(src)}`, "type");
  }
  return defs;
}
