// The as-pect side of the piecrust-as transform: add it after "@as-pect/transform" in the as-pect
// asconfig. It gives a @contract class imported by a spec the same generated entry points a build
// gets (transform/contract.ts + codegen.ts, unchanged), and re-exports them from the spec module as
// `__pcas_entry_<fn>` so the test host (as-pect/host.ts) can invoke them through the argbuf, as
// Piecrust does. No module fix-up runs: the as-pect module keeps its start function, its own
// `abort` (so a failing assert reports the contract's source line) and the loader's exports.
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Transform } from "assemblyscript/dist/transform.js";
import { CommonFlags, NodeKind, Source, SourceKind } from "assemblyscript/dist/assemblyscript.js";
import type { Parser, VariableStatement } from "assemblyscript/dist/assemblyscript.js";
import { planContracts, type ContractPlan } from "../transform/contract.js";
import { importCodec, injectEntryCode, injectMembers, parseInto } from "../transform/codegen.js";
import { Archives } from "../transform/archive.js";
import { formatDiagnostic, type Diagnostic } from "../transform/diagnostics.js";
import { relativeSpecifier, sdkSpecifier } from "../transform/sdk-path.js";

/** The SDK sources: dist/as-pect/transform.js → <pkg>/assembly. */
const SDK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "assembly");

export const ENTRY_PREFIX = "__pcas_entry_";
export const RESET_EXPORT = "__pcas_reset";
export const ARGBUF_EXPORT = "__pcas_argbuf";
const SELF = "__pcas_self";



/**
 * A reset function re-creating the contract's initial state, so every test can start fresh. The
 * generated instance is a `const`; it becomes a `let` here so a heap instance can be replaced.
 */
function resetText(source: Source, plan: ContractPlan): string {
  // An `init` contract is created by its init entry point: reset empties it, the test calls init again.
  if (plan.storage.kind === "init") return `export function ${RESET_EXPORT}(): void { ${SELF} = changetype<${plan.className}>(0); }`;
  if (plan.storage.kind === "heap") {
    for (const st of source.statements) {
      if (st.kind !== NodeKind.Variable) continue;
      for (const d of (st as VariableStatement).declarations) {
        if (d.name.text === SELF) d.flags = (d.flags & ~CommonFlags.Const) | CommonFlags.Let;
      }
    }
    return `export function ${RESET_EXPORT}(): void { ${SELF} = new ${plan.className}(); }`;
  }
  const lines = [`export function ${RESET_EXPORT}(): void {`, `  memory.fill(${SELF}, 0, offsetof<${plan.className}>());`];
  for (const f of plan.storage.fieldInits) lines.push(`  changetype<${plan.className}>(${SELF}).${f.name} = ${f.text};`);
  lines.push("}");
  return lines.join("\n");
}

export default class PiecrustAspectTransform extends Transform {
  declare readonly baseDir: string;
  declare readonly stderr: { write(text: string): void };

  afterParse(parser: Parser): void {
    const base = resolve(process.cwd(), this.baseDir ?? ".");
    const contracts: { path: string; plan: ContractPlan }[] = [];
    const diagnostics: Diagnostic[] = [];
    const sdkFor = (source: Source): string => sdkSpecifier(base, SDK_DIR, source.normalizedPath);
    const userSources = parser.sources.filter(
      (s) => (s.sourceKind === SourceKind.User || s.sourceKind === SourceKind.UserEntry) && !s.normalizedPath.startsWith("~lib/") && !s.normalizedPath.includes("node_modules/"),
    );
    // The same order as the build transform: @archive declarations, contract plans, codec members,
    // codec imports, then the entry points.
    const archives = new Archives(diagnostics);
    for (const source of userSources) archives.collect(source);
    const planned: { source: Source; plan: ContractPlan }[] = [];
    for (const source of userSources) {
      if (!source.text.includes("@contract")) continue;
      const plan = planContracts(source, archives, diagnostics)[0];
      if (!plan) continue;
      // A contract's entry file exports nothing but its entry points (every export becomes a wasm
      // export), so the class is exported here, for specs to test its methods directly.
      plan.cls.flags |= CommonFlags.Export;
      planned.push({ source, plan });
    }
    if (!diagnostics.length) archives.inject((d, text) => injectMembers(parser, d.source, d.cls!, text));
    if (!diagnostics.length) {
      const withCodec = new Set<Source>();
      for (const d of archives.decls.values()) if (d.cls) withCodec.add(d.source);
      for (const { source } of planned) withCodec.add(source);
      for (const source of withCodec) importCodec(parser, source, sdkFor(source), source.statements[0] ?? source);
      for (const { source, plan } of planned) {
        injectEntryCode(parser, source, sdkFor(source), plan, plan.cls);
        source.statements.push(...parseInto(parser, source, resetText(source, plan)));
        contracts.push({ path: source.normalizedPath, plan });
      }
    }
    if (diagnostics.length) {
      for (const d of diagnostics) this.stderr.write(formatDiagnostic(d) + "\n\n");
      throw new Error(`piecrust-as/as-pect: ${diagnostics.length} problem(s) in @contract code`);
    }
    if (!contracts.length) return;
    // Re-export the entry points from every spec: only entry files' exports reach the host.
    for (const source of parser.sources) {
      if (source.sourceKind !== SourceKind.UserEntry || source.normalizedPath.includes("node_modules/")) continue;
      if (!/\.spec\.ts$/.test(source.normalizedPath)) continue;
      const from = resolve(base, source.normalizedPath);
      const lines: string[] = [];
      // One contract under test per spec: the first one found owns the entry names and the reset.
      for (const { path, plan } of contracts.slice(0, 1)) {
        if (path === source.normalizedPath) continue;
        const spec = relativeSpecifier(from, resolve(base, path)).replace(/\.ts$/, "");
        const names = plan.entries.map((e) => `${e.exportName} as ${ENTRY_PREFIX}${e.exportName}`);
        names.push(`${RESET_EXPORT} as ${RESET_EXPORT}`);
        // The argbuf's address, so the host finds it even when the spec does not import the helpers.
        names.push(`A as ${ARGBUF_EXPORT}`);
        lines.push(`export { ${names.join(", ")} } from "${spec}";`);
      }
      source.statements.push(...parseInto(parser, source, lines.join("\n")));
    }
  }
}
