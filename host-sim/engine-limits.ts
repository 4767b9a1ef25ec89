// Mirrors V8's src/wasm/wasm-limits.h (the engine host-sim runs contracts on), not a Piecrust file:
// Piecrust's engine accepts modules up to these sizes, and host-sim's rewrite adds functions,
// globals, exports, a table, an import, types and locals. A module the rewrite would push past a
// limit is refused at deploy with an EngineLimitError naming the limit and the count.
import { VMError } from "./error.js";
import type { WasmModule } from "./wasm/module.js";

/** V8's limits (measured on Node 20: each value passes, one more fails). */
export const V8_LIMITS = {
  /** Function types in the type section. */
  types: 1_000_000,
  /** Defined functions (imports do not count). */
  functions: 1_000_000,
  /** Imports. */
  imports: 100_000,
  /** Defined globals. */
  globals: 1_000_000,
  /** Exports. */
  exports: 100_000,
  /** Tables. */
  tables: 100_000,
  /** Parameters of one function type. */
  functionParams: 1000,
  /** Results of one function type. */
  functionResults: 1000,
  /** Parameters plus declared locals of one function. */
  functionLocals: 50_000,
  /** Encoded bytes of one function body, its local declarations included. */
  functionSize: 7_654_321,
} as const;

/** The name of one of V8's module limits (a key of `V8_LIMITS`). */
export type EngineLimit = keyof typeof V8_LIMITS;
/** The limits a rewrite must respect: V8's, or smaller ones a test sets to reach them cheaply. */
export type EngineLimits = Record<EngineLimit, number>;

const UNITS: Record<EngineLimit, string> = {
  types: "types",
  functions: "defined functions",
  imports: "imports",
  globals: "defined globals",
  exports: "exports",
  tables: "tables",
  functionParams: "parameters",
  functionResults: "results",
  functionLocals: "parameters and locals",
  functionSize: "bytes of code",
};

/** A valid contract host-sim cannot run: its rewrite would cross one of V8's limits. */
export class EngineLimitError extends VMError {
  /**
   * @param limit Which limit the rewritten module crosses.
   * @param count How many the rewritten module would have.
   * @param max V8's maximum for that limit.
   * @param subject What crosses it, for the message ("the module" or a defined function).
   */
  constructor(
    readonly limit: EngineLimit,
    readonly count: number,
    readonly max: number,
    subject = "the module",
  ) {
    super(
      "RuntimeError",
      `host-sim cannot run this contract: after host-sim's rewrite ${subject} would have ${count} ${UNITS[limit]}, over V8's limit of ${max} (Piecrust accepts it: test it on Piecrust itself, or make it smaller)`,
      { limit, max, count },
    );
    this.name = "EngineLimitError";
  }
}

/** Throws EngineLimitError for the first limit `out` (the rewritten module) crosses. */
export function checkEngineLimits(out: WasmModule, bodySizes: number[], limits: EngineLimits = V8_LIMITS): void {
  const counts: Array<[EngineLimit, number]> = [
    ["types", out.types.length],
    ["functions", out.functions.length],
    ["imports", out.imports.length],
    ["globals", out.globals.length],
    ["exports", out.exports.length],
    ["tables", out.tables.length],
  ];
  for (const [limit, count] of counts) if (count > limits[limit]) throw new EngineLimitError(limit, count, limits[limit]);
  out.bodies.forEach((b, i) => {
    const locals = out.types[out.functions[i]].params.length + b.locals.reduce((n, l) => n + l.count, 0);
    if (locals > limits.functionLocals) throw new EngineLimitError("functionLocals", locals, limits.functionLocals, `defined function ${i}`);
    if (bodySizes[i] > limits.functionSize) throw new EngineLimitError("functionSize", bodySizes[i], limits.functionSize, `defined function ${i}`);
  });
}
