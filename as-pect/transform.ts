// The as-pect side of the piecrust-as transform: add it after "@as-pect/transform" in the as-pect
// asconfig. It gives the code a spec imports what a build gives it (codec members of @archive and
// @event classes, the contract class exported so the spec can call its methods directly), the
// same PCAS diagnostics, and tells the test host (as-pect/host.ts) which contract the spec tests:
// the host builds that contract with the piecrust-as build and runs its real wasm in host-sim.
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Transform } from "assemblyscript/dist/transform.js";
import { CommonFlags, Source, SourceKind } from "assemblyscript/dist/assemblyscript.js";
import type { Parser } from "assemblyscript/dist/assemblyscript.js";
import { planContracts, type ContractPlan } from "../transform/contract.js";
import { importCodec, injectMembers, parseInto } from "../transform/codegen.js";
import { Archives } from "../transform/archive.js";
import { checkForbidden } from "../transform/forbidden.js";
import { formatDiagnostic, type Diagnostic } from "../transform/diagnostics.js";
import { sdkSpecifier } from "../transform/sdk-path.js";
import { archiveSources, isSdkSource } from "../transform/sdk-sources.js";

/** The SDK sources: dist/as-pect/transform.js → <pkg>/assembly. */
const SDK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "assembly");

/** An exported function of the spec returning the contract source's absolute path. */
export const CONTRACT_EXPORT = "__pcas_contract";
export const ARGBUF_EXPORT = "__pcas_argbuf";



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
    for (const source of archiveSources(parser.sources, userSources, (s) => isSdkSource(s, base, SDK_DIR))) archives.collect(source);
    // The contract code a spec imports gets the build's API checks (a spec itself may use trace).
    for (const source of userSources) if (!/\.(spec|include)\.ts$/.test(source.normalizedPath)) checkForbidden(source, diagnostics);
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
      for (const { source, plan } of planned) contracts.push({ path: source.normalizedPath, plan });
    }
    if (diagnostics.length) {
      for (const d of diagnostics) this.stderr.write(formatDiagnostic(d) + "\n\n");
      // Thrown, the error would make Node print its source line: a whole line of minified compiler.
      this.stderr.write(`piecrust-as/as-pect: ${diagnostics.length} problem(s) in @contract code; no spec ran\n`);
      process.exit(1);
    }
    if (!contracts.length) return;
    // One contract under test per spec: the first one found. Its path and the argbuf's address are
    // exported from every spec (only entry files' exports reach the host).
    const contractPath = resolve(base, contracts[0].path);
    for (const source of parser.sources) {
      if (source.sourceKind !== SourceKind.UserEntry || source.normalizedPath.includes("node_modules/")) continue;
      if (!/\.spec\.ts$/.test(source.normalizedPath)) continue;
      const text = [
        `export function ${CONTRACT_EXPORT}(): string { return ${JSON.stringify(contractPath)}; }`,
        `export { A as ${ARGBUF_EXPORT} } from "${sdkFor(source)}/argbuf";`,
      ].join("\n");
      source.statements.push(...parseInto(parser, source, text));
    }
  }
}
