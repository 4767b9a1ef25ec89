// Finds the `@contract` class of an entry file and plans one `(i32) -> i32` entry point per public
// method. Pure AST inspection and type mapping: nothing is generated here (see codegen.ts).
//
//   @contract class Token {
//     constructor(supply: u64) { … }    // or `@init setup(supply: u64): void` → the `init` export,
//     balance(of: ContractId): u64 {…}  //    run once at deploy (Piecrust refuses later calls)
//     transfer(to: ContractId, amount: u64): void {…}   // several parameters = one rkyv tuple
//     private helper(): void {…}        // private, protected, static, accessors and `_names` stay off the ABI
//   }
//
// Kinds are compared against the runtime `NodeKind` / `CommonFlags` of the very compiler that
// parsed the file, so a renumbering in a later AssemblyScript fails loudly instead of silently.

import { NodeKind, CommonFlags, Node } from "assemblyscript/dist/assemblyscript.js";
import type {
  ClassDeclaration, DecoratorNode, ExportStatement, FieldDeclaration, MethodDeclaration, NamedTypeNode,
  ParameterNode, Source, Statement, TypeNode,
} from "assemblyscript/dist/assemblyscript.js";
import { Codes, type Diagnostic, locationOf } from "./diagnostics.js";
import { mapType, type ArchiveRegistry, type MappedType } from "./types.js";

/** Most parameters an entry point takes: the codec's largest tuple is Tuple4. */
export const MAX_PARAMS = 4;

/**
 * Export names the module needs for itself (Piecrust's ABI). The transform's own symbols start with
 * `__pcas`, which a method cannot export: names with a leading underscore stay off the ABI.
 */
const RESERVED = new Set(["A", "memory", "init"]);

/** Value-type fields that let the contract state live in a static block instead of the heap. */
export const STATIC_FIELD_TYPES = new Set(["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "bool", "usize", "isize"]);

export interface ParamPlan {
  name: string;
  type: MappedType;
}

export interface EntryPlan {
  /** Export name: the method name (Piecrust's `fn_name`), or "init". */
  exportName: string;
  /** The method called; null when `init` runs the constructor. */
  methodName: string | null;
  params: ParamPlan[];
  /** null for void. */
  result: MappedType | null;
  /** The method's doc comment (for the schema). */
  doc: string;
}

export interface ContractPlan {
  source: Source;
  cls: ClassDeclaration;
  className: string;
  entries: EntryPlan[];
  /**
   * How the single instance is held. "static": a fixed block in linear memory (value-type fields
   * only, no constructor, no base class), so no allocator is pulled in, as with a Rust `static mut`.
   * "heap": `new X()` once, in the start code. "init": `new X(args)` in the `init` export.
   */
  storage: { kind: "static"; fieldInits: { name: string; text: string }[] } | { kind: "heap" } | { kind: "init" };
}

function decoratorName(d: DecoratorNode): string | null {
  return d.name.kind === NodeKind.Identifier ? (d.name as unknown as { text: string }).text : null;
}

function namedTypeText(t: TypeNode | null): string | null {
  if (t === null || t.kind !== NodeKind.NamedType) return null;
  const n = t as NamedTypeNode;
  if (n.isNullable || (n.typeArguments && n.typeArguments.length) || n.name.next) return null;
  return n.name.identifier.text;
}

function sourceText(node: { range: { start: number; end: number; source: { text: string } } }): string {
  return node.range.source.text.substring(node.range.start, node.range.end);
}

/** The `/** … *\/` comment right before `pos` (decorators in between are skipped), trimmed to prose. */
export function docBefore(text: string, pos: number): string {
  let head = text.substring(0, pos).replace(/(\s*@\w+(\([^)]*\))?)*\s*$/, "");
  if (!head.endsWith("*/")) return "";
  const start = head.lastIndexOf("/**");
  if (start < 0) return "";
  head = head.substring(start + 3, head.length - 2);
  return head.split("\n").map((l) => l.replace(/^\s*\*?\s?/, "").trimEnd()).join("\n").trim();
}

function planStorage(cls: ClassDeclaration, ctor: MethodDeclaration | null): ContractPlan["storage"] {
  if (ctor && ctor.signature.parameters.length) return { kind: "init" };
  if (ctor || cls.extendsType || (cls.implementsTypes && cls.implementsTypes.length)) return { kind: "heap" };
  const fieldInits: { name: string; text: string }[] = [];
  for (const m of cls.members) {
    if (m.kind !== NodeKind.FieldDeclaration || (m.flags & CommonFlags.Static)) continue;
    const f = m as FieldDeclaration;
    const ty = namedTypeText(f.type);
    if (ty === null || !STATIC_FIELD_TYPES.has(ty)) return { kind: "heap" };
    if (f.initializer) {
      const text = sourceText(f.initializer);
      // An initializer that refers to the instance cannot be evaluated outside it.
      if (/\bthis\b/.test(text)) return { kind: "heap" };
      fieldInits.push({ name: f.name.text, text: `<${ty}>(${text})` });
    }
  }
  return { kind: "static", fieldInits };
}

/** Names the entry file exports itself (functions, variables, classes, export lists). */
function userExports(source: Source): Set<string> {
  const out = new Set<string>();
  for (const s of source.statements) {
    if (s.kind === NodeKind.Export) {
      for (const m of (s as ExportStatement).members ?? []) out.add(m.exportedName.text);
      continue;
    }
    if (!((s as unknown as { flags: number }).flags & CommonFlags.Export)) continue;
    const named = s as unknown as { name?: { text: string }; declarations?: { name: { text: string } }[] };
    if (named.name) out.add(named.name.text);
    for (const d of named.declarations ?? []) out.add(d.name.text);
  }
  return out;
}

/** Whether the entry file exports any function of its own (a hand-written ABI). */
export function exportsFunctions(source: Source): boolean {
  return source.statements.some((s) => s.kind === NodeKind.FunctionDeclaration && ((s as unknown as { flags: number }).flags & CommonFlags.Export) !== 0);
}

function planParams(name: string, params: ParameterNode[], reg: ArchiveRegistry, diagnostics: Diagnostic[]): ParamPlan[] | null {
  if (params.length > MAX_PARAMS) {
    diagnostics.push({ code: Codes.TooManyParameters, message: `'${name}' takes ${params.length} parameters; entry points take at most ${MAX_PARAMS} (the argument is an rkyv tuple): group them in an @archive class`, location: locationOf(params[MAX_PARAMS]!.range) });
    return null;
  }
  const out: ParamPlan[] = [];
  for (const p of params) {
    const m = mapType(p.type, reg);
    if ("error" in m) {
      diagnostics.push({ code: Codes.UnsupportedType, message: `parameter '${p.name.text}' of '${name}': ${m.error}`, location: locationOf(p.type.range) });
      return null;
    }
    out.push({ name: p.name.text, type: m });
  }
  return out;
}

function planResult(name: string, method: MethodDeclaration, reg: ArchiveRegistry, diagnostics: Diagnostic[]): MappedType | null | undefined {
  const rt = method.signature.returnType;
  // An omitted return type parses as an empty-named type whose range is the method name's.
  const written = rt.range.end > rt.range.start && sourceText(rt).trim() !== "";
  if (!written) {
    diagnostics.push({ code: Codes.UnsupportedType, message: `'${name}': write the return type out (void or an archivable type); the ABI must not depend on inference`, location: locationOf(method.name.range) });
    return undefined;
  }
  if (namedTypeText(rt) === "void") return null;
  const m = mapType(rt, reg);
  if ("error" in m) {
    diagnostics.push({ code: Codes.UnsupportedType, message: `result of '${name}': ${m.error}`, location: locationOf(rt.range) });
    return undefined;
  }
  return m;
}

/** Plans the entry points of the @contract class in `source`, removing the decorators. */
export function planContracts(source: Source, reg: ArchiveRegistry, diagnostics: Diagnostic[]): ContractPlan[] {
  const plans: ContractPlan[] = [];
  const taken = userExports(source);
  for (const stmt of source.statements as Statement[]) {
    const decorated = stmt as unknown as { decorators: DecoratorNode[] | null; range: ClassDeclaration["range"] };
    if (!decorated.decorators) continue;
    const marks = decorated.decorators.filter((d) => decoratorName(d) === "contract");
    if (!marks.length) continue;
    if (stmt.kind !== NodeKind.ClassDeclaration) {
      diagnostics.push({ code: Codes.ContractNotAClass, message: "@contract applies to a top-level class only", location: locationOf(marks[0]!.range) });
      continue;
    }
    const cls = stmt as ClassDeclaration;
    // Strip the decorator: asc rejects decorators it does not know.
    const rest = cls.decorators!.filter((d) => decoratorName(d) !== "contract");
    cls.decorators = rest.length ? rest : null;
    if (plans.length) {
      diagnostics.push({ code: Codes.MultipleContracts, message: `only one @contract class per contract (already have '${plans[0]!.className}')`, location: locationOf(cls.name.range) });
      continue;
    }
    if ((cls.typeParameters && cls.typeParameters.length) || (cls.flags & CommonFlags.Abstract)) {
      diagnostics.push({ code: Codes.UnsupportedContractShape, message: `@contract class '${cls.name.text}' must not be generic or abstract`, location: locationOf(cls.name.range) });
      continue;
    }
    const entries: EntryPlan[] = [];
    const seen = new Set<string>();
    let ctor: MethodDeclaration | null = null;
    let initMethod: MethodDeclaration | null = null;
    for (const member of cls.members) {
      if (member.kind !== NodeKind.MethodDeclaration) continue;
      const method = member as MethodDeclaration;
      if (method.flags & CommonFlags.Constructor) {
        ctor = method;
        continue;
      }
      const initMark = method.decorators?.find((d) => decoratorName(d) === "init") ?? null;
      if (initMark) {
        method.decorators = method.decorators!.filter((d) => d !== initMark);
        if (!method.decorators.length) method.decorators = null;
        if (initMethod) {
          diagnostics.push({ code: Codes.MultipleInit, message: `only one @init method (already have '${initMethod.name.text}')`, location: locationOf(initMark.range) });
          continue;
        }
        if (method.flags & (CommonFlags.Static | CommonFlags.Get | CommonFlags.Set)) {
          diagnostics.push({ code: Codes.MultipleInit, message: `@init applies to an instance method`, location: locationOf(initMark.range) });
          continue;
        }
        initMethod = method;
      } else {
        if (method.flags & (CommonFlags.Private | CommonFlags.Protected | CommonFlags.Static | CommonFlags.Get | CommonFlags.Set)) continue;
        // A leading underscore keeps a public helper off the ABI.
        if (method.name.text.startsWith("_")) continue;
      }
      const name = method.name.text;
      const exportName = initMark ? "init" : name;
      if (!initMark && (RESERVED.has(name) || seen.has(name) || taken.has(name))) {
        const why = seen.has(name) || taken.has(name) ? "already exported" : name === "init" ? "reserved for the deploy-time initializer: mark the method @init" : "reserved by Piecrust's ABI";
        diagnostics.push({ code: Codes.ReservedName, message: `method '${name}' cannot be exported: the name is ${why}`, location: locationOf(method.name.range) });
        continue;
      }
      if (initMark && taken.has("init")) {
        diagnostics.push({ code: Codes.ReservedName, message: `the file already exports 'init'`, location: locationOf(method.name.range) });
        continue;
      }
      seen.add(exportName);
      if (method.typeParameters && method.typeParameters.length) {
        diagnostics.push({ code: Codes.UnsupportedType, message: `'${name}' is generic; entry points need concrete types (keep it private or prefix it with _)`, location: locationOf(method.name.range) });
        continue;
      }
      const params = planParams(name, method.signature.parameters, reg, diagnostics);
      const result = planResult(name, method, reg, diagnostics);
      if (!params || result === undefined) continue;
      entries.push({ exportName, methodName: name, params, result, doc: docBefore(source.text, method.range.start) });
    }
    const storage = planStorage(cls, ctor);
    if (storage.kind === "init") {
      if (initMethod) {
        diagnostics.push({ code: Codes.MultipleInit, message: `'${cls.name.text}' has both a constructor with parameters and an @init method; the constructor's parameters would have no caller`, location: locationOf(ctor!.name.range) });
      } else if (taken.has("init")) {
        diagnostics.push({ code: Codes.ReservedName, message: `the file already exports 'init', which the constructor's parameters need`, location: locationOf(ctor!.name.range) });
      } else {
        const params = planParams("constructor", ctor!.signature.parameters, reg, diagnostics);
        if (params) entries.unshift({ exportName: "init", methodName: null, params, result: null, doc: docBefore(source.text, ctor!.range.start) });
      }
    }
    if (storage.kind === "static") {
      // The instance is a plain block of value fields that the GC never sees: @unmanaged drops the
      // object header and, above all, the shadow-stack spills of `this` (each an i32.store, 16 gas).
      const r = cls.name.range;
      const unmanaged = Node.createDecorator(Node.createIdentifierExpression("unmanaged", r), null, r);
      cls.decorators = cls.decorators ? [...cls.decorators, unmanaged] : [unmanaged];
    }
    plans.push({ source, cls, className: cls.name.text, entries, storage });
  }
  return plans;
}

