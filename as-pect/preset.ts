// piecrust-as/as-pect: the as-pect preset for contract unit tests. In as-pect.config.js:
//
//   import { piecrustAspect } from "piecrust-as/as-pect";
//   export default piecrustAspect({ entries: ["assembly/__tests__/**/*.spec.ts"] });
//
// and in as-pect.asconfig.json add the transform after as-pect's own:
//   "transform": ["@as-pect/transform", "piecrust-as/as-pect/transform"]
//
// Every spec module gets Piecrust's host imports served by host-sim (as-pect/host.ts) and the
// `pcas_test` imports that piecrust-as/assembly/testing wraps.
import { TestHost, type HostOptions } from "./host.js";

export { TestHost, ContractPanic, DEFAULT_OWNER, DEFAULT_SELF_ID, type HostOptions, type TestEvent } from "./host.js";

export interface PiecrustAspectOptions extends HostOptions {
  entries?: string[];
  include?: string[];
  disclude?: RegExp[];
  outputBinary?: boolean;
  /** Extra imports for the test module, merged over the preset's. */
  imports?: Record<string, Record<string, unknown>>;
  /** Called with each spec's host once it is instantiated (e.g. to register more host queries). */
  onHost?: (host: TestHost) => void;
}

// PCAS_TRACE=1 prints every error a host import throws: as-pect itself only reports "null" when a
// test dies in an import rather than in an assertion.
function traced(fns: Record<string, Function>): Record<string, Function> {
  if (!process.env.PCAS_TRACE) return fns;
  const out: Record<string, Function> = {};
  for (const [name, f] of Object.entries(fns)) {
    out[name] = (...args: unknown[]) => {
      try {
        return f(...args);
      } catch (e) {
        console.error(`[piecrust-as/as-pect] ${name} threw: ${(e as Error).stack ?? e}`);
        throw e;
      }
    };
  }
  return out;
}

type Instantiate = (binary: Uint8Array, imports: Record<string, unknown>) => Promise<{ exports: Record<string, unknown> }>;

/** An as-pect 8 configuration object whose instantiate hook wires host-sim into every spec. */
export function piecrustAspect(opts: PiecrustAspectOptions = {}) {
  return {
    entries: opts.entries ?? ["assembly/__tests__/**/*.spec.ts"],
    include: opts.include ?? ["assembly/__tests__/**/*.include.ts"],
    disclude: opts.disclude ?? [/node_modules/],
    outputBinary: opts.outputBinary ?? false,
    async instantiate(
      memory: WebAssembly.Memory,
      createImports: (...imports: Record<string, unknown>[]) => Record<string, unknown>,
      instantiate: Instantiate,
      binary: Uint8Array,
    ) {
      const host = await TestHost.create(opts);
      opts.onHost?.(host);
      const own: Record<string, Record<string, unknown>> = {
        env: { memory, ...traced(host.envImports()) },
        pcas_test: traced(host.controlImports()),
      };
      for (const [mod, fns] of Object.entries(opts.imports ?? {})) own[mod] = { ...(own[mod] ?? {}), ...fns };
      const imports = createImports(own) as { env: Record<string, unknown> };
      imports.env.abort = host.wrapAbort(imports.env.abort as (m: number, f: number, l: number, c: number) => void);
      const result = await instantiate(binary, imports);
      host.attach(result.exports);
      return result;
    },
  };
}

export default piecrustAspect;
