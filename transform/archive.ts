// `@archive` declarations: classes (Rust structs), classes with `@variants` (Rust enums with data)
// and AssemblyScript enums (fieldless Rust enums). For each class the transform computes the
// layout rustc would give the equivalent archived Rust type (host-sim/codec's layoutOf, one
// implementation for both sides) and injects the codec members from archive-codegen.ts.
//
//   @archive class Transfer { from: ContractId; amount: u64 }          struct Transfer { … }
//   @archive @variants("Circle", "Rect", "Empty")                       enum Shape {
//   class Shape { tag: u8; @variant("Circle") r: f32;                     Circle { r: f32 },
//                 @variant("Rect") w: u16; @variant("Rect") h: u64 }      Rect { w: u16, h: u64 }, Empty }
//   @archive enum Color { Red, Green }                                  enum Color { Red, Green }
//   @event("transfer") @archive class Transfer { … }                    also listed in the schema's events
//
// A `StaticArray<T>` field is `[T; N]` with N taken from its initializer `new StaticArray<T>(N)`.

import { NodeKind, LiteralKind, CommonFlags } from "assemblyscript/dist/assemblyscript.js";
import type {
  ClassDeclaration, DecoratorNode, EnumDeclaration, Expression, FieldDeclaration, NewExpression, Source, Statement,
  StringLiteralExpression, IntegerLiteralExpression,
} from "assemblyscript/dist/assemblyscript.js";
import { layoutOf, CodecError, type RType, type Field, type Variant } from "../host-sim/codec/index.js";
import { ArchiveCodegenError, generateArchiveMembers, type ArchiveField } from "./archive-codegen.js";
import { mapType, type ArchiveRegistry } from "./types.js";
import { Codes, type Diagnostic, locationOf } from "./diagnostics.js";

export const ARCHIVE_DECORATORS = new Set(["archive", "variants", "event"]);

export interface ArchiveDecl {
  name: string;
  source: Source;
  cls: ClassDeclaration | null;
  en: EnumDeclaration | null;
  /** Variant names for enums (data or fieldless). */
  variants: string[] | null;
  /** Event topic from @event("topic"). */
  topic: string | null;
}

export interface EventDecl {
  topic: string;
  type: string;
}

function decoratorName(d: DecoratorNode): string | null {
  return d.name.kind === NodeKind.Identifier ? (d.name as unknown as { text: string }).text : null;
}

function stringArgs(d: DecoratorNode): string[] | null {
  const out: string[] = [];
  for (const a of d.args ?? []) {
    if (a.kind !== NodeKind.Literal || (a as StringLiteralExpression).literalKind !== LiteralKind.String) return null;
    out.push((a as StringLiteralExpression).value);
  }
  return out;
}

/** N in `new StaticArray<T>(N)`, or undefined. */
function fixedLength(init: Expression | null): number | undefined {
  if (!init || init.kind !== NodeKind.New) return undefined;
  const ne = init as NewExpression;
  const arg = ne.args[0];
  if (ne.args.length !== 1 || !arg || arg.kind !== NodeKind.Literal || (arg as IntegerLiteralExpression).literalKind !== LiteralKind.Integer) return undefined;
  const v = (arg as IntegerLiteralExpression).value as unknown as { low: number; high: number };
  return v.high === 0 && v.low >= 0 ? v.low : undefined;
}

/** The instance fields of a class in declaration order (constructor `public` parameters included). */
export function instanceFields(cls: ClassDeclaration): FieldDeclaration[] {
  return cls.members.filter((m) => m.kind === NodeKind.FieldDeclaration && !(m.flags & CommonFlags.Static)) as FieldDeclaration[];
}

export class Archives implements ArchiveRegistry {
  readonly decls = new Map<string, ArchiveDecl>();
  readonly events: EventDecl[] = [];
  private readonly types = new Map<string, RType | null>();
  private readonly inProgress = new Set<string>();
  /** Per class: fields with their mapped types (filled while computing descriptors). */
  private readonly fieldInfo = new Map<string, { field: FieldDeclaration; variant: number | null; asType: string; len?: number; enumVariants?: number }[]>();

  constructor(private readonly diagnostics: Diagnostic[]) {}

  /** Finds and un-decorates @archive / @event / @variants / @variant in one source. */
  collect(source: Source): void {
    for (const st of source.statements as Statement[]) {
      const decorated = st as unknown as { decorators: DecoratorNode[] | null; name?: { text: string; range: Source["range"] } };
      const decs = decorated.decorators;
      if (!decs || !decs.some((d) => ARCHIVE_DECORATORS.has(decoratorName(d) ?? ""))) continue;
      const isClass = st.kind === NodeKind.ClassDeclaration;
      const isEnum = st.kind === NodeKind.EnumDeclaration;
      const has = (n: string) => decs.find((d) => decoratorName(d) === n) ?? null;
      const archive = has("archive");
      const loc = locationOf((archive ?? decs[0]!).range);
      decorated.decorators = decs.filter((d) => !ARCHIVE_DECORATORS.has(decoratorName(d) ?? ""));
      if (!decorated.decorators.length) decorated.decorators = null;
      if (!archive) {
        this.diagnostics.push({ code: Codes.BadArchive, message: "@event and @variants apply to @archive declarations", location: loc });
        continue;
      }
      if (!isClass && !isEnum) {
        this.diagnostics.push({ code: Codes.BadArchive, message: "@archive applies to a top-level class or enum", location: loc });
        continue;
      }
      const name = decorated.name!.text;
      const prior = this.decls.get(name);
      if (prior) {
        // the other may be the SDK's (dusk-core's transfer types): say where it is
        this.diagnostics.push({ code: Codes.BadArchive, message: `two @archive declarations are named '${name}' (the other is in ${prior.source.normalizedPath}); rename one`, location: locationOf(decorated.name!.range) });
        continue;
      }
      let topic: string | null = null;
      const ev = has("event");
      if (ev) {
        const args = stringArgs(ev);
        if (!args || args.length !== 1) {
          this.diagnostics.push({ code: Codes.BadEvent, message: `@event takes the topic as one string literal: @event("transfer")`, location: locationOf(ev.range) });
        } else {
          topic = args[0]!;
          this.events.push({ topic, type: name });
        }
      }
      let variants: string[] | null = null;
      const vs = has("variants");
      if (isEnum) {
        variants = (st as EnumDeclaration).values.map((v) => v.name.text);
      } else if (vs) {
        variants = stringArgs(vs);
        if (!variants || !variants.length || variants.length > 256 || new Set(variants).size !== variants.length) {
          this.diagnostics.push({ code: Codes.BadArchive, message: `@variants takes 1 to 256 distinct variant names as string literals`, location: locationOf(vs.range) });
          continue;
        }
      }
      const cls = isClass ? (st as ClassDeclaration) : null;
      if (cls && ((cls.typeParameters && cls.typeParameters.length) || cls.extendsType)) {
        this.diagnostics.push({ code: Codes.BadArchive, message: `@archive class '${name}' must not be generic or extend another class`, location: locationOf(cls.name.range) });
        continue;
      }
      this.decls.set(name, { name, source, cls, en: isEnum ? (st as EnumDeclaration) : null, variants, topic });
    }
  }

  enumType(name: string): RType | null {
    const d = this.decls.get(name);
    if (!d || !d.en) return null;
    return { kind: "enum", name, variants: d.variants!.map((v) => ({ name: v, fields: [] })) };
  }

  classType(name: string): RType | null {
    const d = this.decls.get(name);
    if (!d || !d.cls) return null;
    if (this.inProgress.has(name)) return { kind: "ref", name };
    if (this.types.has(name)) return this.types.get(name)!;
    this.inProgress.add(name);
    let t: RType | null = null;
    try {
      t = this.describe(d, d.cls);
    } finally {
      this.inProgress.delete(name);
    }
    this.types.set(name, t);
    return t;
  }

  private describe(d: ArchiveDecl, cls: ClassDeclaration): RType | null {
    const fields = instanceFields(cls);
    const infos: { field: FieldDeclaration; variant: number | null; asType: string; len?: number; enumVariants?: number; rust: RType }[] = [];
    let ok = true;
    for (const f of fields) {
      const fname = f.name.text;
      let variant: number | null = null;
      const vdec = f.decorators?.find((x) => decoratorName(x) === "variant") ?? null;
      if (f.decorators) {
        f.decorators = f.decorators.filter((x) => decoratorName(x) !== "variant");
        if (!f.decorators.length) f.decorators = null;
      }
      if (d.variants) {
        if (fname === "tag") {
          const tt = f.type ? f.type.range.source.text.substring(f.type.range.start, f.type.range.end) : "";
          if (!/^(u8|u16|u32|i32|u64|usize)$/.test(tt)) {
            this.diagnostics.push({ code: Codes.BadArchive, message: `the tag of @archive enum '${d.name}' must be an unsigned integer field (u8)`, location: locationOf(f.range) });
            ok = false;
          }
          continue;
        }
        const names = vdec ? stringArgs(vdec) : null;
        variant = names && names.length === 1 ? d.variants.indexOf(names[0]!) : -1;
        if (variant < 0) {
          this.diagnostics.push({ code: Codes.BadArchive, message: `field '${fname}' of @archive enum '${d.name}' needs @variant("<one of ${d.variants.join(", ")}>")`, location: locationOf(f.range) });
          ok = false;
          continue;
        }
      } else if (vdec) {
        this.diagnostics.push({ code: Codes.BadArchive, message: `@variant needs @variants(...) on the class`, location: locationOf(vdec.range) });
        ok = false;
        continue;
      }
      if (!f.type) {
        this.diagnostics.push({ code: Codes.BadArchive, message: `field '${fname}' of @archive '${d.name}' needs a type annotation`, location: locationOf(f.range) });
        ok = false;
        continue;
      }
      const len = fixedLength(f.initializer);
      const m = mapType(f.type, this, len);
      if ("error" in m) {
        this.diagnostics.push({ code: Codes.UnsupportedType, message: `field '${fname}' of @archive '${d.name}': ${m.error}`, location: locationOf(f.type.range) });
        ok = false;
        continue;
      }
      infos.push({ field: f, variant, asType: m.text, len, enumVariants: m.enumVariants, rust: m.rust });
    }
    if (d.variants && !fields.some((f) => f.name.text === "tag")) {
      this.diagnostics.push({ code: Codes.BadArchive, message: `@archive enum '${d.name}' needs a \`tag: u8\` field holding the variant index`, location: locationOf(cls.name.range) });
      ok = false;
    }
    if (!ok) return null;
    this.fieldInfo.set(d.name, infos);
    const field = (i: (typeof infos)[number]): Field => ({ name: i.field.name.text, type: i.rust });
    if (!d.variants) return { kind: "struct", name: d.name, fields: infos.map(field) };
    const variants: Variant[] = d.variants.map((v, k) => ({ name: v, fields: infos.filter((i) => i.variant === k).map(field) }));
    return { kind: "enum", name: d.name, variants };
  }

  /** Computes every layout and injects the codec members into each @archive class. */
  inject(parseMembers: (decl: ArchiveDecl, text: string) => void): void {
    for (const d of this.decls.values()) {
      if (!d.cls) continue;
      const t = this.classType(d.name);
      if (!t) continue;
      let layout;
      try {
        layout = layoutOf(t);
      } catch (e) {
        const msg = e instanceof CodecError ? e.message : String(e);
        this.diagnostics.push({ code: Codes.BadArchive, message: `@archive '${d.name}' has no rkyv layout: ${msg}`, location: locationOf(d.cls.name.range) });
        continue;
      }
      const infos = this.fieldInfo.get(d.name)!;
      const af = (i: (typeof infos)[number], offset: number): ArchiveField => ({
        name: i.field.name.text, asType: i.asType, offset, length: i.len, enumVariants: i.enumVariants,
      });
      let text: string;
      try {
        if (t.kind === "struct") {
          const fields = infos.map((i) => af(i, layout.fieldOffsets![i.field.name.text]!));
          text = generateArchiveMembers({ name: d.name, fields, size: layout.size, align: layout.align, niche: layout.niche?.available ?? 0, nicheOffset: layout.niche?.offset ?? 0 });
        } else {
          const variants = d.variants!.map((v, k) => ({
            name: v,
            fields: infos.filter((i) => i.variant === k).map((i) => af(i, layout.variants![k]!.fieldOffsets[i.field.name.text]!)),
          }));
          text = generateArchiveMembers({ name: d.name, kind: "enum", variants, size: layout.size, align: layout.align });
        }
      } catch (e) {
        if (!(e instanceof ArchiveCodegenError)) throw e;
        this.diagnostics.push({ code: Codes.BadArchive, message: `@archive '${d.name}': ${e.message}`, location: locationOf(d.cls.name.range) });
        continue;
      }
      parseMembers(d, text);
    }
  }
}
