// The piecrust-as compiler transform: `asc … --transform piecrust-as/transform`.
//   afterParse      @archive declarations get their rustc layout and codec members (archive.ts);
//                   @contract classes → typed (i32)->i32 entry points (contract.ts, codegen.ts) and
//                   the schema (schema.ts); Math.random/Date.now/trace are refused (forbidden.ts);
//                   every entry file exports the argbuf `A`; `abort` is aliased to the SDK's panic.
//   afterInitialize (nothing to do: options are set in afterParse, before the program initialises)
//   afterCompile    module fix-up for Piecrust's instance model (persist.ts), then the ABI check.
// Problems are reported as numbered diagnostics (diagnostics.ts), and the build fails with one line.

import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Transform } from "assemblyscript/dist/transform.js";
import { SourceKind } from "assemblyscript/dist/assemblyscript.js";
import type { Parser, Program, Source } from "assemblyscript/dist/assemblyscript.js";
import type binaryenNs from "binaryen";
import { exportsFunctions, planContracts, type ContractPlan } from "./contract.js";
import { importCodec, injectEntryCode, injectMembers } from "./codegen.js";
import { Archives } from "./archive.js";
import { checkForbidden } from "./forbidden.js";
import { buildSchema, type ContractSchema } from "./schema.js";
import { factsFromModule, fixUpModule, START_EXPORT, type PersistReport } from "./persist.js";
import { checkFacts } from "./abi-check.js";
import { sdkSpecifier } from "./sdk-path.js";
import { archiveSources, dropUnnamedSdkEvents, isSdkSource } from "./sdk-sources.js";
import { arenaEligible, inlineU128Fields, installArena } from "./runtime.js";
import { Codes, DiagnosticsError, formatDiagnostic, locationOf, type Diagnostic } from "./diagnostics.js";

/** The SDK's AssemblyScript sources, relative to this file in dist/transform/ or transform/. */
const SDK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "assembly");
const SDK_DIR_SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..", "assembly");

function sdkDir(): string {
  // Built: dist/transform/index.js → <pkg>/assembly. Run from source (ts loaders): transform/ → <pkg>/assembly.
  return /[\\/]dist[\\/]transform$/.test(dirname(fileURLToPath(import.meta.url))) ? SDK_DIR : SDK_DIR_SRC;
}

/** What the last build in this process produced besides the wasm. */
export interface BuildOutputs {
  /** The contract schema (the build driver writes it next to the wasm). */
  schema: ContractSchema | null;
  /** The generated entry-point source (golden fixtures compare it). */
  entrySource: string | null;
  /** Where the fix-up put things. */
  persist: PersistReport | null;
  /** "arena" when transform/runtime.ts replaced the configured runtime, else null. */
  runtime: "arena" | null;
}

// On globalThis, not in a module variable: asc imports the transform by the path in asconfig.json,
// which may be another copy of this module than the build driver's (e.g. another outDir).
const OUTPUTS = Symbol.for("piecrust-as.transform.outputs");

function outputs(): BuildOutputs {
  const g = globalThis as unknown as Record<symbol, BuildOutputs | undefined>;
  return (g[OUTPUTS] ??= { schema: null, entrySource: null, persist: null, runtime: null });
}

/** The outputs of the last build in this process (read right after asc.main returns). */
export function lastBuild(): BuildOutputs {
  return { ...outputs() };
}

/**
 * The piecrust-as compiler transform (`asc … --transform piecrust-as/transform`): turns `@contract`
 * classes into Piecrust entry points and a schema, gives `@archive` classes their rkyv codec, refuses
 * non-deterministic APIs, then fixes the compiled module up for Piecrust's instance model and checks its
 * ABI.
 */
export default class PiecrustTransform extends Transform {
  // asc assigns these on the prototype before constructing the transform (see asc's main()).
  /** The program being compiled (assigned by asc). */
  declare readonly program: Program;
  /** The binaryen API asc compiles with (assigned by asc); `afterCompile` uses it on the compiled module. */
  declare readonly binaryen: unknown;
  /** asc's base directory, which entry paths are relative to (assigned by asc). */
  declare readonly baseDir: string;
  /**
   * @internal asc's diagnostic output stream (assigned by asc); the transform writes its own diagnostics
   * to it.
   */
  declare readonly stderr: { write(text: string): void };

  private diagnostics: Diagnostic[] = [];

  /** The import specifier of the SDK as seen from `source`. */
  private sdkImportFor(source: Source): string {
    return sdkSpecifier(resolve(this.baseDir ?? "."), sdkDir(), source.normalizedPath);
  }

  private fail(phase: string): void {
    if (!this.diagnostics.length) return;
    for (const d of this.diagnostics) this.stderr.write(formatDiagnostic(d) + "\n\n");
    const err = new DiagnosticsError(this.diagnostics, phase);
    this.diagnostics = [];
    throw err;
  }

  /**
   * asc hook after parsing: lays out `@archive` classes and injects their codec members, generates the
   * entry points and schema of `@contract` classes, refuses forbidden APIs, and sets the compile options
   * the fix-up relies on.
   */
  afterParse(parser: Parser): void {
    const program = this.program;
    const out = outputs();
    out.schema = null;
    out.entrySource = null;
    out.persist = null;
    out.runtime = null;
    // asc parses the runtime (~lib/rt/index-*.ts) as an entry too: only the user's own files count.
    const userSources = parser.sources.filter((s) => (s.sourceKind === SourceKind.User || s.sourceKind === SourceKind.UserEntry) && !s.normalizedPath.startsWith("~lib/"));
    // @archive declarations first: entry points and schemas refer to them by name.
    const archives = new Archives(this.diagnostics);
    const base = resolve(this.baseDir ?? ".");
    const isSdk = (s: Source) => isSdkSource(s, base, sdkDir());
    for (const source of archiveSources(parser.sources, userSources, isSdk)) archives.collect(source);
    dropUnnamedSdkEvents(archives, userSources, isSdk);
    for (const source of userSources) checkForbidden(source, this.diagnostics);
    const plans: { source: Source; plan: ContractPlan | null }[] = [];
    for (const source of userSources) {
      if (source.sourceKind !== SourceKind.UserEntry) continue;
      const plan = planContracts(source, archives, this.diagnostics)[0] ?? null;
      if (!plan && !exportsFunctions(source) && !this.diagnostics.length) {
        this.diagnostics.push({ code: Codes.MissingContract, message: `${source.normalizedPath} has no @contract class (and exports no functions), so the contract would have no entry points`, location: locationOf(source.range) });
      }
      plans.push({ source, plan });
    }
    // A stray @contract in a non-entry file would otherwise be an obscure "decorator not valid" error.
    for (const source of userSources) {
      if (source.sourceKind !== SourceKind.User) continue;
      for (const st of source.statements) {
        const decs = (st as unknown as { decorators?: { name: { text?: string }; range: Source["range"] }[] | null }).decorators;
        const mark = decs?.find((d) => d.name.text === "contract");
        if (mark) this.diagnostics.push({ code: Codes.ContractNotAClass, message: "@contract classes must be in the entry file", location: locationOf(mark.range) });
      }
    }
    this.fail("codegen");

    // Layouts and codec members of the @archive classes; every file that has one imports the codec.
    archives.inject((d, text) => injectMembers(parser, d.source, d.cls!, text));
    this.fail("codegen");
    const withCodec = new Set<Source>();
    for (const d of archives.decls.values()) if (d.cls) withCodec.add(d.source);
    for (const { source } of plans) withCodec.add(source);
    for (const source of withCodec) importCodec(parser, source, this.sdkImportFor(source), source.statements[0] ?? source);

    // The runtime (transform/runtime.ts): checked on the user's own source, before codegen adds to it.
    const contract = plans.find((p) => p.plan !== null)?.plan ?? null;
    let arena = false;
    if (contract && plans.length === 1 && arenaEligible(contract, userSources, program) && installArena(parser, program, join(sdkDir(), "rt", "arena.ts"))) {
      inlineU128Fields(parser, contract);
      arena = true;
    }
    out.runtime = arena ? "arena" : null;

    let panicPath: string | null = null;
    for (const { source, plan } of plans) {
      const injected = injectEntryCode(parser, source, this.sdkImportFor(source), plan, plan ? plan.cls : source, arena);
      panicPath ??= injected.panicInternalPath;
      if (plan) {
        out.entrySource = injected.text;
        out.schema = buildSchema(plan.className, plan, archives);
      }
    }
    this.fail("codegen");

    const options = program.options;
    const aliases = (options.globalAliases ??= new Map<string, string>());
    // Route abort (asserts, bounds checks, allocation failure) to the SDK's panic, unless the user
    // chose their own with --use abort=….
    if (panicPath !== null && aliases.get("abort") === undefined) aliases.set("abort", `${panicPath}/__pcas_abort`);
    // Debug builds (asc --debug) get PCAS_DEBUG, which keeps debug() → hdebug compiled in.
    if (options.debugInfo && !aliases.has("PCAS_DEBUG")) aliases.set("PCAS_DEBUG", "1");
    // asc exports the start function instead of emitting a start section; the fix-up calls it once.
    options.exportStart = START_EXPORT;
  }

  /**
   * asc hook after compiling: rewrites the module for Piecrust's instance model (state persistence, start
   * code), then runs Piecrust's deploy-time ABI check; problems fail the build as numbered diagnostics.
   */
  afterCompile(module: binaryenNs.Module): void {
    const b = this.binaryen as unknown as typeof binaryenNs;
    const report = fixUpModule(b, module, this.diagnostics);
    this.fail("fix-up");
    outputs().persist = report;
    // Check what we are about to hand to asc's optimiser. Optimising adds no imports, exports or
    // start section, so this is the final ABI (the build driver re-checks the emitted file). The
    // check reads the IR: the module cannot be emitted yet, asc lowers helpers like __tostack later.
    const debug = this.program.options.globalAliases?.has("PCAS_DEBUG") ?? false;
    const result = checkFacts(factsFromModule(b, module), { allowDebug: debug });
    for (const p of result.problems) this.diagnostics.push({ code: Codes.AbiViolation, message: p });
    this.fail("ABI");
  }
}
