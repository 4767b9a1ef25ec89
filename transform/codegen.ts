// Generates AssemblyScript source for the entry points planned in contract.ts and for the SDK
// imports every entry file needs, then parses it with asc's own parser into the user's file.
//
// Generated text is parsed against the user's source (same path), so imports resolve as if the
// user had written them, and every generated node gets the @contract class's range (visitor-as
// RangeTransform): asc needs real ranges, and diagnostics then point at the class.

import { Source, SourceKind, Tokenizer, Token, NodeKind } from "assemblyscript/dist/assemblyscript.js";
import type { Parser, Statement, Node, ImportStatement, ExportStatement } from "assemblyscript/dist/assemblyscript.js";
import { RangeTransform } from "visitor-as/dist/transformRange.js";
import type { ContractPlan, EntryPlan, ScalarType } from "./contract.js";

/** Identifiers the generated code introduces; the `__pcas_` prefix keeps them out of user space. */
const ARGBUF = "__pcas_A";
const SELF = "__pcas_self";

function selfExpr(plan: ContractPlan): string {
  return plan.storage.kind === "static" ? `changetype<${plan.className}>(${SELF})` : SELF;
}

function loadArg(t: ScalarType): string {
  return t.name === "bool" ? `load<u8>(${ARGBUF}) != 0` : `load<${t.name}>(${ARGBUF})`;
}

function storeResult(t: ScalarType, value: string): string {
  return t.name === "bool" ? `store<u8>(${ARGBUF}, ${value} ? 1 : 0)` : `store<${t.name}>(${ARGBUF}, ${value})`;
}

function entryText(plan: ContractPlan, e: EntryPlan): string {
  const want = e.param ? e.param.size : 0;
  // The name as a static UTF-8 block: see __pcas_bad_arg_len in assembly/panic.ts for why not a string.
  const utf8 = [...Buffer.from(e.exportName, "utf8")];
  const name = `memory.data<u8>([${utf8.join(", ")}]), ${utf8.length}`;
  const lines = [`export function ${e.exportName}(arg_len: i32): i32 {`];
  lines.push(`  if (arg_len != ${want}) __pcas_bad_arg_len(${name}, arg_len, ${want});`);
  if (e.param && e.param.name === "bool") lines.push(`  if (load<u8>(${ARGBUF}) > 1) __pcas_bad_bool(${name});`);
  const call = `${selfExpr(plan)}.${e.exportName}(${e.param ? loadArg(e.param) : ""})`;
  if (e.result) {
    lines.push(`  const r = ${call};`);
    lines.push(`  ${storeResult(e.result, "r")};`);
    lines.push(`  return ${e.result.size};`);
  } else {
    lines.push(`  ${call};`);
    lines.push(`  return 0;`);
  }
  lines.push("}");
  return lines.join("\n");
}

/** The instance: a static block (start code only assigns initial field values) or one `new`. */
function instanceText(plan: ContractPlan): string {
  if (plan.storage.kind === "heap") return `const ${SELF}: ${plan.className} = new ${plan.className}();`;
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
}

function parseInto(parser: Parser, source: Source, text: string): Statement[] {
  const tn = new Tokenizer(new Source(SourceKind.UserEntry, source.normalizedPath, text));
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

/**
 * Adds to `source` (an entry file): imports of the SDK pieces the generated code uses, the
 * export of the argbuf global `A`, and, with a plan, the instance and the entry points.
 */
export function injectEntryCode(parser: Parser, source: Source, sdkImport: string, plan: ContractPlan | null, rangeFrom: Node): InjectResult {
  const head = [
    `import { A as ${ARGBUF} } from "${sdkImport}/argbuf";`,
    `import { __pcas_abort, __pcas_bad_arg_len, __pcas_bad_bool } from "${sdkImport}/panic";`,
  ];
  if (!exportsArgbuf(source)) head.push(`export { A } from "${sdkImport}/argbuf";`);
  const headStmts = parseInto(parser, source, head.join("\n"));
  const body = plan ? [instanceText(plan), ...plan.entries.map((e) => entryText(plan, e))].join("\n") : "";
  const bodyStmts = body ? parseInto(parser, source, body) : [];
  for (const st of [...headStmts, ...bodyStmts]) RangeTransform.visit(st, rangeFrom);
  source.statements.unshift(...headStmts);
  source.statements.push(...bodyStmts);
  const panicImport = headStmts[1] as ImportStatement;
  return { panicInternalPath: panicImport.internalPath };
}
