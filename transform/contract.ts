// Finds `@contract` classes in the entry files and plans one `(i32) -> i32` entry point per
// exposed method. Pure AST inspection: nothing is generated here (see codegen.ts).
//
// Kinds are compared against the runtime `NodeKind` / `CommonFlags` of the very compiler that
// parsed the file, so a renumbering in a later AssemblyScript fails loudly instead of silently.

import { NodeKind, CommonFlags, Node } from "assemblyscript/dist/assemblyscript.js";
import type {
  ClassDeclaration,
  DecoratorNode,
  FieldDeclaration,
  MethodDeclaration,
  NamedTypeNode,
  Source,
  Statement,
  TypeNode,
} from "assemblyscript/dist/assemblyscript.js";
import { Codes, type Diagnostic, locationOf } from "./diagnostics.js";

/**
 * Scalar types the first-cut generator moves through the argbuf. Their rkyv 0.7 archive is the
 * value itself, little-endian, so raw loads/stores are already wire-compatible with Rust callers.
 */
export interface ScalarType {
  name: "u64" | "i64" | "u32" | "i32" | "bool";
  size: number;
}

const SCALARS: Record<string, ScalarType> = {
  u64: { name: "u64", size: 8 },
  i64: { name: "i64", size: 8 },
  u32: { name: "u32", size: 4 },
  i32: { name: "i32", size: 4 },
  bool: { name: "bool", size: 1 },
};

/** Value-type fields that let the contract state live in a static block instead of the heap. */
const STATIC_FIELD_TYPES = new Set(["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "bool", "usize", "isize"]);

export interface EntryPlan {
  /** Export name: the method name, as Piecrust's `fn_name`. */
  exportName: string;
  method: MethodDeclaration;
  param: ScalarType | null;
  result: ScalarType | null;
}

export interface ContractPlan {
  source: Source;
  cls: ClassDeclaration;
  className: string;
  entries: EntryPlan[];
  /**
   * How the single instance is held. "static": a fixed block in linear memory (value-type fields
   * only, no constructor, no base class), so no allocator is pulled in, as with a Rust `static mut`.
   * "heap": `new X()` once, in the start code.
   */
  storage: { kind: "static"; fieldInits: { name: string; text: string }[] } | { kind: "heap" };
}

function isContractDecorator(d: DecoratorNode): boolean {
  return d.name.kind === NodeKind.Identifier && (d.name as unknown as { text: string }).text === "contract";
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

function planStorage(cls: ClassDeclaration): ContractPlan["storage"] {
  if (cls.extendsType || (cls.implementsTypes && cls.implementsTypes.length)) return { kind: "heap" };
  const fieldInits: { name: string; text: string }[] = [];
  for (const m of cls.members) {
    if (m.kind === NodeKind.MethodDeclaration && (m.flags & CommonFlags.Constructor)) return { kind: "heap" };
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

/** Plans the entry points of the @contract classes in `source`, removing the decorators. */
export function planContracts(source: Source, diagnostics: Diagnostic[]): ContractPlan[] {
  const plans: ContractPlan[] = [];
  const reserved = new Set(["A", "memory"]);
  for (const stmt of source.statements as Statement[]) {
    const decorated = stmt as unknown as { decorators: DecoratorNode[] | null; range: ClassDeclaration["range"] };
    if (!decorated.decorators) continue;
    const marks = decorated.decorators.filter(isContractDecorator);
    if (!marks.length) continue;
    if (stmt.kind !== NodeKind.ClassDeclaration) {
      diagnostics.push({ code: Codes.ContractNotAClass, message: "@contract applies to a top-level class only", location: locationOf(marks[0].range) });
      continue;
    }
    const cls = stmt as ClassDeclaration;
    // Strip the decorator: asc rejects decorators it does not know.
    const rest = cls.decorators!.filter((d) => !isContractDecorator(d));
    cls.decorators = rest.length ? rest : null;
    if (plans.length) {
      diagnostics.push({ code: Codes.MultipleContracts, message: `only one @contract class per entry file (already have '${plans[0].className}')`, location: locationOf(cls.name.range) });
      continue;
    }
    if ((cls.typeParameters && cls.typeParameters.length) || (cls.flags & CommonFlags.Abstract)) {
      diagnostics.push({ code: Codes.UnsupportedContractShape, message: `@contract class '${cls.name.text}' must not be generic or abstract`, location: locationOf(cls.name.range) });
      continue;
    }
    const entries: EntryPlan[] = [];
    const seen = new Set<string>();
    for (const member of cls.members) {
      if (member.kind !== NodeKind.MethodDeclaration) continue;
      const flags = member.flags;
      if (flags & (CommonFlags.Private | CommonFlags.Protected | CommonFlags.Static | CommonFlags.Constructor | CommonFlags.Get | CommonFlags.Set)) continue;
      const method = member as MethodDeclaration;
      const name = method.name.text;
      // A leading underscore keeps a public helper off the ABI.
      if (name.startsWith("_")) continue;
      if (reserved.has(name) || seen.has(name)) {
        diagnostics.push({ code: Codes.ReservedName, message: `method '${name}' cannot be exported: the name is ${seen.has(name) ? "already exported" : "reserved by Piecrust's ABI"}`, location: locationOf(method.name.range) });
        continue;
      }
      seen.add(name);
      const params = method.signature.parameters;
      if (params.length > 1) {
        diagnostics.push({ code: Codes.TooManyParameters, message: `method '${name}' takes ${params.length} parameters; exposed methods take at most one until the rkyv codec generates tuple arguments`, location: locationOf(params[1].range) });
        continue;
      }
      let param: ScalarType | null = null;
      if (params.length === 1) {
        const t = namedTypeText(params[0].type);
        param = t !== null ? SCALARS[t] ?? null : null;
        if (!param) {
          diagnostics.push({ code: Codes.UnsupportedType, message: `parameter '${params[0].name.text}' of '${name}': type '${sourceText(params[0].type)}' is not supported yet (u64, i64, u32, i32, bool)`, location: locationOf(params[0].type.range) });
          continue;
        }
      }
      let result: ScalarType | null = null;
      const rt = method.signature.returnType;
      const rtText = namedTypeText(rt);
      if (rtText !== "void") {
        result = rtText !== null ? SCALARS[rtText] ?? null : null;
        if (!result) {
          diagnostics.push({ code: Codes.UnsupportedType, message: `result of '${name}': type '${sourceText(rt)}' is not supported yet (void, u64, i64, u32, i32, bool; the return type must be written out)`, location: locationOf(rt.range.source === undefined ? method.name.range : rt.range) });
          continue;
        }
      }
      entries.push({ exportName: name, method, param, result });
    }
    const storage = planStorage(cls);
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
