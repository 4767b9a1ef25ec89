// piecrust-as/as-pect: the as-pect preset for contract unit tests. In as-pect.config.js:
//
//   import { piecrustAspect } from "piecrust-as/as-pect";
//   export default piecrustAspect({ entries: ["assembly/__tests__/**/*.spec.ts"] });
//
// and in as-pect.asconfig.json add the transform after as-pect's own:
//   "transform": ["@as-pect/transform", "piecrust-as/as-pect/transform"]
//
// Each spec module gets a test host (as-pect/host.ts): entry calls run the contract's real wasm
// in host-sim, and the module's own host imports are host-sim's. `piecrust-as test` passes a name
// pattern and a gas log file through the environment (PCAS_TEST_PATTERN, PCAS_GAS_LOG).
import { appendFileSync } from "node:fs";
import type { CallProfile } from "../host-sim/profile.js";
import type { GasRecord } from "./gas-report.js";
import { TestHost, type HostOptions } from "./host.js";

export { TestHost, DEFAULT_OWNER, DEFAULT_SELF_ID, type HostOptions } from "./host.js";

/** Options of `piecrustAspect`: as-pect's file selection plus the test host's options. */
export interface PiecrustAspectOptions extends HostOptions {
  /** Globs of the spec files to run (default: the `.spec.ts` files under `assembly/__tests__`). */
  entries?: string[];
  /** Globs of files compiled into every spec (default: the `.include.ts` files under `assembly/__tests__`). */
  include?: string[];
  /** Patterns of paths never to run (default `/node_modules/`). */
  disclude?: RegExp[];
  /** Whether as-pect writes each compiled spec's wasm to disk (default false). */
  outputBinary?: boolean;
  /** Extra imports for the test module, merged over the preset's. */
  imports?: Record<string, Record<string, unknown>>;
  /** Called with each spec's host once it is instantiated (e.g. to register more host queries). */
  onHost?: (host: TestHost) => void;
}

/** Every spec's gas records, written once when as-pect exits (it may exit with process.exit). */
const gasLogs: GasRecord[][] = [];
const gasLogFile = process.env.PCAS_GAS_LOG;
if (gasLogFile) {
  process.once("exit", () => {
    const lines = gasLogs.flat().map((r) => JSON.stringify(r));
    if (lines.length) appendFileSync(gasLogFile, lines.join("\n") + "\n");
  });
}

/** With `piecrust-as test --profile`: every spec's call profiles, written as JSON lines at exit. */
const profileLogs: CallProfile[][] = [];
const profileLogFile = process.env.PCAS_PROFILE_LOG;
if (profileLogFile) {
  process.once("exit", () => {
    const lines = profileLogs.flat().map((p) => JSON.stringify(p, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
    if (lines.length) appendFileSync(profileLogFile, lines.join("\n") + "\n");
  });
}

type Instantiate = (binary: Uint8Array, imports: Record<string, unknown>) => Promise<{ exports: Record<string, unknown> }>;
type Fn = (...args: number[]) => unknown;

/** An as-pect 8 configuration object whose instantiate hook wires host-sim into every spec. */
export function piecrustAspect(opts: PiecrustAspectOptions = {}) {
  const pattern = process.env.PCAS_TEST_PATTERN || "";
  // `piecrust-as test <pattern>`: when the pattern is part of some spec file's path, only those
  // files run; otherwise every file runs, with only the tests whose name contains it.
  const byFile = pattern !== "" && process.env.PCAS_PATTERN_IS_FILE === "1";
  return {
    /** Globs of the spec files to run. */
    entries: opts.entries ?? ["assembly/__tests__/**/*.spec.ts"],
    /** Globs of files compiled into every spec. */
    include: opts.include ?? ["assembly/__tests__/**/*.include.ts"],
    /** Patterns of paths not to run (with `piecrust-as test <pattern>` matching a file: every other file). */
    disclude: [...(opts.disclude ?? [/node_modules/]), ...(byFile ? [new RegExp(`^(?!.*${escapeRegExp(pattern)})`)] : [])],
    /** Whether as-pect writes each compiled spec's wasm to disk. */
    outputBinary: opts.outputBinary ?? false,
    /**
     * as-pect's instantiate hook: creates the spec's test host (host-sim session, contract imports,
     * `pcas_test` control imports), instantiates the spec module with them and filters tests by the
     * `piecrust-as test` pattern.
     */
    async instantiate(
      memory: WebAssembly.Memory,
      createImports: (...imports: Record<string, unknown>[]) => Record<string, unknown>,
      instantiate: Instantiate,
      binary: Uint8Array,
    ) {
      const host = await TestHost.create(opts);
      opts.onHost?.(host);
      const own: Record<string, Record<string, unknown>> = {
        env: { memory, ...host.envImports() },
        pcas_test: host.controlImports(),
      };
      for (const [mod, fns] of Object.entries(opts.imports ?? {})) own[mod] = { ...(own[mod] ?? {}), ...fns };
      const imports = createImports(own) as { env: Record<string, unknown>; __aspect: Record<string, Fn> };
      const aspect = imports.__aspect;
      imports.env.abort = host.wrapAbort(imports.env.abort as (m: number, f: number, l: number, c: number) => void);
      if (pattern && !byFile) {
        // Tests whose name does not contain the pattern are never registered, so never run.
        const register = aspect.reportTestTypeNode;
        aspect.reportTestTypeNode = (name: number, callback: number) => (host.string(name).includes(pattern) ? register(name, callback) : undefined);
      }
      const result = await instantiate(binary, imports);
      host.attach(result.exports);
      // as-pect keeps the last failure's actual and expected values and message until something
      // sets them again, so a later test failing another way (a contract panic, an unwrap) would
      // show them as its own. Each callback as-pect runs starts with none.
      const call = result.exports.__call as Fn;
      const exports = {
        ...result.exports,
        /**
         * as-pect's callback runner, clearing the last failure's actual, expected and message before each
         * callback.
         */
        __call: (ptr: number) => {
          aspect.clearActual();
          aspect.clearExpected();
          host.clearMessage();
          return call(ptr);
        },
      };
      gasLogs.push(host.gasLog);
      profileLogs.push(host.profileLog);
      return {
        ...result,
        /** The spec module's exports, with `__call` wrapped to clear as-pect's last failure first. */
        exports,
      };
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export default piecrustAspect;
