// Numbered piecrust-as diagnostics. They point at the user's source range when there is one
// (codegen problems) and at the module otherwise (binary fix-up and ABI problems); they are
// reported through asc's stderr and end the build with a single FAILURE line, never a stack trace.

/** The numbered diagnostics. Codes are stable: tests and docs refer to them. */
export const Codes = {
  /** More than one @contract class in one entry file. */
  MultipleContracts: "PCAS001",
  /** @contract on something that is not a top-level class. */
  ContractNotAClass: "PCAS002",
  /** A parameter, result or @archive field type with no rkyv form (or a missing return type). */
  UnsupportedType: "PCAS003",
  /** An entry point with more parameters than the largest rkyv tuple the codec has (4). */
  TooManyParameters: "PCAS004",
  /** An exposed method name that clashes with a reserved export (A, memory, init, __pcas*) or another export. */
  ReservedName: "PCAS005",
  /** Generic or abstract @contract class. */
  UnsupportedContractShape: "PCAS006",
  /** An entry file with neither a @contract class nor exported functions: the contract has no entry points. */
  MissingContract: "PCAS007",
  /** Math.random, Date.now or trace: host features Piecrust does not have. */
  ForbiddenApi: "PCAS008",
  /** A malformed @archive declaration (generic, bad @variants/@variant, missing tag, no layout). */
  BadArchive: "PCAS009",
  /** Two @init methods, or an @init method next to a constructor with parameters. */
  MultipleInit: "PCAS010",
  /** @event without a single string-literal topic. */
  BadEvent: "PCAS011",
  /** The module has too many mutable globals for the persisted-globals area. */
  TooManyGlobals: "PCAS101",
  /** The argbuf global A is missing or not a constant. */
  MissingArgbuf: "PCAS102",
  /** A mutable global of a type that cannot be persisted (e.g. v128, references). */
  UnpersistableGlobal: "PCAS103",
  /** The final module breaks Piecrust's ABI (see abi-check.ts). */
  AbiViolation: "PCAS201",
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];

/** A source position in the user's file (1-based line and column). */
export interface Location {
  file: string;
  line: number;
  column: number;
  /** The text of the offending line, for the caret display. */
  lineText?: string;
}

export interface Diagnostic {
  code: Code;
  message: string;
  location?: Location;
}

/** "ERROR PCAS003: … \n  at file:line:col" with the source line and a caret when known. */
export function formatDiagnostic(d: Diagnostic): string {
  let out = `ERROR ${d.code}: ${d.message}`;
  const loc = d.location;
  if (loc) {
    if (loc.lineText !== undefined) {
      out += `\n\n  ${loc.lineText}\n  ${" ".repeat(Math.max(0, loc.column - 1))}~`;
    }
    out += `\n  in ${loc.file}(${loc.line},${loc.column})`;
  }
  return out;
}

/** The error handed back to asc once diagnostics were printed: its stack is just the summary line. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[], phase: string) {
    super(`${diagnostics.length} piecrust-as ${phase} error(s)`);
    this.name = "DiagnosticsError";
    // asc prints `error.stack`; without this it would print a stack trace of the transform.
    this.stack = this.message;
  }
}

/** Location of an AssemblyScript AST range (duck-typed: only the fields used here). */
export interface AstRange {
  start: number;
  end: number;
  source: { normalizedPath: string; text: string; lineAt(pos: number): number; columnAt(): number };
}

export function locationOf(range: AstRange): Location {
  const src = range.source;
  const line = src.lineAt(range.start);
  // columnAt() reports the column of the position last passed to lineAt().
  const column = src.columnAt();
  const lineStart = src.text.lastIndexOf("\n", range.start - 1) + 1;
  let lineEnd = src.text.indexOf("\n", range.start);
  if (lineEnd < 0) lineEnd = src.text.length;
  return { file: src.normalizedPath, line, column, lineText: src.text.substring(lineStart, lineEnd).replace(/\r$/, "") };
}
