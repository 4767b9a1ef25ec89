// Generates AssemblyScript source for the entry points planned in contract.ts and the members of
// @archive classes, then parses it with asc's own parser into the user's files.
//
// Generated text is parsed against the user's source (same path), so imports resolve as if the
// user had written them, and every generated node gets a user range (visitor-as RangeTransform):
// asc needs real ranges, and diagnostics then point at the @contract / @archive class.
//
// An entry point, for `transfer(to: ContractId, amount: u64): bool`:
//   export function transfer(arg_len: i32): i32 {
//     const a = __pcas_arg<__rkyv.Tuple2<ContractId, u64>>(arg_len);   // validated, copied out of A
//     const r = __pcas_self.transfer(a._0, a._1);
//     return __pcas_ret<bool>(r);                                         // archive written to A
//   }

import { Source, SourceKind, Tokenizer, Token, NodeKind } from "assemblyscript/dist/assemblyscript.js";
import type { Parser, Statement, Node, ImportStatement, ExportStatement, ClassDeclaration, DeclarationStatement } from "assemblyscript/dist/assemblyscript.js";
import { RangeTransform } from "visitor-as/dist/transformRange.js";
import type { ContractPlan, EntryPlan, ParamPlan } from "./contract.js";
import type { MappedType } from "./types.js";
import { generateEnumMembers } from "./archive-codegen.js";
import { ARENA_DROP_EXPORT, ARENA_KEEP_EXPORT } from "./persist.js";

/** Identifiers the generated code introduces; the `__pcas_` prefix keeps them out of user space. */
const SELF = "__pcas_self";
export const CODEC_NS = "__rkyv";

function selfExpr(plan: ContractPlan): string {
  return plan.storage.kind === "static" ? `changetype<${plan.className}>(${SELF})` : SELF;
}

/**
 * An AssemblyScript enum is an i32 to the compiler, so a fieldless @archive enum crosses the ABI as
 * a generated wrapper class holding its u8 tag, with the archived enum's layout facts (size 1, niche
 * 256 - n): inside a tuple the niche decides rustc's field order, which a plain u8 would get wrong.
 */
function enumWrapper(t: MappedType): string {
  return `__pcas_enum_${t.text}`;
}

function enumWrapperText(name: string, variants: number): string {
  const members = generateEnumMembers({
    name: `__pcas_enum_${name}`, kind: "enum", size: 1, align: 1,
    variants: Array.from({ length: variants }, (_, i) => ({ name: `V${i}`, fields: [] })),
  }, { ns: CODEC_NS });
  return `class __pcas_enum_${name} {\n  tag: u8;\n  constructor(tag: u8) { this.tag = tag; }\n${members}}`;
}

/** The AS type the codec decodes for a parameter or encodes for a result. */
function wireType(t: MappedType): string {
  return t.enumVariants !== undefined ? enumWrapper(t) : t.text;
}

function argsText(params: ParamPlan[]): { decode: string[]; call: string } {
  if (!params.length) return { decode: [], call: "" };
  const one = params.length === 1;
  const root = one ? wireType(params[0]!.type) : `${CODEC_NS}.Tuple${params.length}<${params.map((p) => wireType(p.type)).join(", ")}>`;
  const values = params.map((p, i) => {
    const v = one ? "a" : `a._${i}`;
    return p.type.enumVariants === undefined ? v : `<${p.type.text}>${v}.tag`;
  });
  return { decode: [`  const a = __pcas_arg<${root}>(arg_len);`], call: values.join(", ") };
}

function entryText(plan: ContractPlan, e: EntryPlan): string {
  const lines = [`export function ${e.exportName}(arg_len: i32): i32 {`];
  const { decode, call } = argsText(e.params);
  lines.push(...decode);
  if (e.methodName === null) {
    lines.push(`  ${SELF} = new ${plan.className}(${call});`, `  return 0;`);
  } else if (e.result) {
    const value = e.result.enumVariants !== undefined ? `new ${enumWrapper(e.result)}(<u8>r)` : "r";
    lines.push(`  const r = ${selfExpr(plan)}.${e.methodName}(${call});`, `  return __pcas_ret<${wireType(e.result)}>(${value});`);
  } else {
    lines.push(`  ${selfExpr(plan)}.${e.methodName}(${call});`, `  return 0;`);
  }
  lines.push("}");
  return lines.join("\n");
}

/** The instance: a static block, one `new` in the start code, or one `new` in `init`. */
function instanceText(plan: ContractPlan): string {
  if (plan.storage.kind === "heap") return `const ${SELF}: ${plan.className} = new ${plan.className}();`;
  // Assigned by `init` at deploy; Piecrust runs init before any other export can be called.
  if (plan.storage.kind === "init") return `let ${SELF}: ${plan.className} = changetype<${plan.className}>(0);`;
  // offsetof<X>() is the field block size; 8-byte alignment covers every scalar field.
  const lines = [`const ${SELF}: usize = memory.data(offsetof<${plan.className}>() > 0 ? offsetof<${plan.className}>() : 8, 8);`];
  for (const f of plan.storage.fieldInits) lines.push(`changetype<${plan.className}>(${SELF}).${f.name} = ${f.text};`);
  return lines.join("\n");
}

/** Whether the user's file already exports something called `A`. */
function exportsArgbuf(source: Source): boolean {
  for (const s of source.statements) {
    if (s.kind !== NodeKind.Export) continue;
    const members = (s as ExportStatement).members;
    if (members && members.some((m) => m.exportedName.text === "A")) return true;
  }
  return false;
}

export interface InjectResult {
  /** Internal path of the SDK's panic.ts as asc resolved it (for the `abort` alias). */
  panicInternalPath: string;
  /** The generated entry-point source (golden fixtures compare it). */
  text: string;
}

/**
 * Parses `text` as top-level statements of `source` (shared with the as-pect transform). `library`
 * parses it as standard-library code (the arena runtime), where @global and @lazy are allowed.
 */
export function parseInto(parser: Parser, source: Source, text: string, library = false): Statement[] {
  const tn = new Tokenizer(new Source(library ? SourceKind.LibraryEntry : SourceKind.UserEntry, source.normalizedPath, text));
  const prev = parser.currentSource;
  // parseImport registers the dependency against the current source.
  parser.currentSource = source;
  const out: Statement[] = [];
  try {
    while (!tn.skip(Token.EndOfFile)) {
      const st = parser.parseTopLevelStatement(tn, null);
      if (st === null) break;
      out.push(st);
    }
  } finally {
    parser.currentSource = prev;
  }
  return out;
}

/** `import * as __rkyv from "<sdk>/codec/index";` at the top of `source` (once). */
export function importCodec(parser: Parser, source: Source, sdkImport: string, rangeFrom: Node): void {
  const stmts = parseInto(parser, source, `import * as ${CODEC_NS} from "${sdkImport}/codec/index";`);
  for (const st of stmts) RangeTransform.visit(st, rangeFrom);
  source.statements.unshift(...stmts);
}

/** Parses generated class members and appends them to `cls`. */
export function injectMembers(parser: Parser, source: Source, cls: ClassDeclaration, text: string): void {
  const [tmp] = parseInto(parser, source, `class __pcas_members {\n${text}\n}`);
  const members = (tmp as ClassDeclaration).members as DeclarationStatement[];
  for (const m of members) RangeTransform.visit(m, cls.name);
  cls.members.push(...members);
}

/** The entry-point source for a plan (no imports): what the golden fixtures record. */
export function entrySource(plan: ContractPlan): string {
  const enums = new Map<string, number>();
  for (const e of plan.entries) {
    for (const t of [...e.params.map((p) => p.type), ...(e.result ? [e.result] : [])]) {
      if (t.enumVariants !== undefined) enums.set(t.text, t.enumVariants);
    }
  }
  const wrappers = [...enums].map(([name, n]) => enumWrapperText(name, n));
  return [...wrappers, instanceText(plan), ...plan.entries.map((e) => entryText(plan, e))].join("\n");
}

/**
 * Adds to `source` (an entry file): imports of the SDK pieces the generated code uses, the
 * export of the argbuf global `A`, and, with a plan, the instance and the entry points.
 */
export function injectEntryCode(parser: Parser, source: Source, sdkImport: string, plan: ContractPlan | null, rangeFrom: Node, arena = false): InjectResult {
  const head = [
    `import { A as __pcas_A } from "${sdkImport}/argbuf";`,
    `import { __pcas_abort } from "${sdkImport}/panic";`,
    `import { __pcas_arg, __pcas_ret } from "${sdkImport}/entry";`,
  ];
  if (!exportsArgbuf(source)) head.push(`export { A } from "${sdkImport}/argbuf";`);
  // The collector hook for --runtime minimal (ASC_RUNTIME 1), which only collects on request; the
  // fix-up (persist.ts) unexports it and calls __collect at the outermost exit. Empty otherwise.
  head.push(`export function __pcas_collect(): void { if (ASC_RUNTIME == 1) __collect(); }`);
  // The arena runtime's hooks (transform/runtime.ts), which the fix-up calls and unexports: what the
  // start code and init allocate stays, what a call allocates goes at its outermost exit.
  if (arena) head.push(`export function ${ARENA_KEEP_EXPORT}(): void { __pcas_arena_keep_all(); }`, `export function ${ARENA_DROP_EXPORT}(): void { __pcas_arena_reset(); }`);
  const headStmts = parseInto(parser, source, head.join("\n"));
  const body = plan ? entrySource(plan) : "";
  const bodyStmts = body ? parseInto(parser, source, body) : [];
  for (const st of [...headStmts, ...bodyStmts]) RangeTransform.visit(st, rangeFrom);
  source.statements.unshift(...headStmts);
  source.statements.push(...bodyStmts);
  const panicImport = headStmts[1] as ImportStatement;
  return { panicInternalPath: panicImport.internalPath, text: body };
}
