// The build's Piecrust ABI check: host-sim's deploy rules (host-sim/validate.ts), the same code
// host-sim's deploy runs, over the same wasm parser, with every problem in words for the
// contract's author. The transform applies the rules to facts read from binaryen IR (persist.ts).
import { checkBytecode, deployProblems, type ContractFacts, type DeployProblem } from "../host-sim/validate.js";
import { ExternKind } from "../host-sim/wasm/module.js";

export type { ContractFacts } from "../host-sim/validate.js";
export type { FuncType } from "../host-sim/wasm/module.js";

export interface AbiCheckOptions {
  /** Allow the `hdebug` import (only debug-enabled Piecrust provides it). Default false. */
  allowDebug?: boolean;
}

export interface AbiCheckResult {
  ok: boolean;
  problems: string[];
  /** Piecrust's error for each problem (code and Display text); host-sim's deploy throws the first. */
  errors: Array<{ code: string; message: string }>;
  /** Facts gathered on the way, for reports. */
  info: {
    memory64: boolean;
    initialPages: number | null;
    argbuf: number | null;
    imports: string[];
    exports: { name: string; kind: string }[];
    hasStart: boolean;
  };
}

const KIND_NAMES = ["function", "table", "memory", "global", "tag"];

function result(facts: ContractFacts | null, problems: DeployProblem[]): AbiCheckResult {
  const mem = facts?.memories[facts.exports.find((e) => e.kind === ExternKind.Memory)?.index ?? 0];
  const a = facts?.exports.find((e) => e.name === "A")?.global?.value;
  return {
    ok: problems.length === 0,
    problems: problems.map((p) => p.explain),
    errors: problems.map((p) => ({ code: p.code, message: p.message })),
    info: {
      memory64: mem?.is64 ?? false,
      initialPages: mem ? Number(mem.min) : null,
      argbuf: a === undefined ? null : Number(a),
      imports: facts?.imports.map((i) => `${i.module}.${i.name}`) ?? [],
      exports: facts?.exports.map((e) => ({ name: e.name, kind: KIND_NAMES[e.kind] ?? `kind ${e.kind}` })) ?? [],
      hasStart: facts?.hasStart ?? false,
    },
  };
}

/** Checks `bytes` against Piecrust's deploy rules. Never throws: a malformed module is a problem. */
export function checkAbi(bytes: Uint8Array, options: AbiCheckOptions = {}): AbiCheckResult {
  const { facts, problems } = checkBytecode(bytes, { debug: options.allowDebug ?? false });
  return result(facts, problems);
}

/** The same rules on facts the transform read from binaryen IR (before the module can be emitted). */
export function checkFacts(facts: ContractFacts, options: AbiCheckOptions = {}): AbiCheckResult {
  return result(facts, deployProblems(facts, { debug: options.allowDebug ?? false }));
}

/** One problem per line, for CLIs and build errors. */
export function formatAbiProblems(file: string, result: AbiCheckResult): string {
  if (result.ok) return `${file}: ok`;
  return [`${file}: ${result.problems.length} Piecrust ABI problem(s)`, ...result.problems.map((p) => `  - ${p}`)].join("\n");
}
