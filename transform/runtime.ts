// The runtime choice (docs/runtime.md). A contract whose state cannot hold a managed object made
// after deployment gets the arena runtime (assembly/rt/arena.ts): per-call objects are bumped and
// dropped at the exit of the outermost frame, with no collector, no free lists and no shadow stack.
// Every other contract keeps the configured runtime (incremental by default).
//
// Eligible: the @contract class's instance fields are all value types, `u128` (kept inline, see
// inlineU128Fields), `PersistentMap`s or readonly `ContractId`s, and no user file has a mutable
// module-level variable of a managed type. Anything else could store a per-call object into state;
// the arena's write barrier would then panic, so such contracts never get the arena.
// `--use PCAS_RUNTIME_KEEP=1` keeps the configured runtime regardless.

import { readFileSync } from "node:fs";
import { CommonFlags, NodeKind } from "assemblyscript/dist/assemblyscript.js";
import type {
  ClassDeclaration, FieldDeclaration, NamedTypeNode, Parser, Program, Source, TypeNode, VariableStatement,
} from "assemblyscript/dist/assemblyscript.js";
import { CODEC_NS, parseInto, injectMembers } from "./codegen.js";
import { STATIC_FIELD_TYPES, type ContractPlan } from "./contract.js";

const RT_SOURCES = { alloc: "~lib/rt/tlsf.ts", gc: "~lib/rt/itcms.ts" };
/** asc's Runtime.Stub: what ASC_RUNTIME tells the standard library (no GC). */
const RUNTIME_STUB = 0;
const KEEP_ALIAS = "PCAS_RUNTIME_KEEP";
/** Field types whose values are not heap objects once inlineU128Fields has run. */
const INLINE_BIGNUM = new Set(["u128"]);

function named(t: TypeNode | null): NamedTypeNode | null {
  return t !== null && t.kind === NodeKind.NamedType ? (t as NamedTypeNode) : null;
}

function fieldAllowed(f: FieldDeclaration): boolean {
  const t = named(f.type);
  if (t === null || t.isNullable) return false;
  const name = t.name.identifier.text;
  const args = t.typeArguments?.length ?? 0;
  if (args === 0 && (STATIC_FIELD_TYPES.has(name) || INLINE_BIGNUM.has(name))) return true;
  if (name === "PersistentMap" && args === 2) return true;
  return name === "ContractId" && args === 0 && (f.flags & CommonFlags.Readonly) !== 0;
}

function instanceFields(cls: ClassDeclaration): FieldDeclaration[] {
  return cls.members.filter((m) => m.kind === NodeKind.FieldDeclaration && !(m.flags & CommonFlags.Static)) as FieldDeclaration[];
}

/** A mutable module-level variable that could hold a per-call object. */
function managedGlobal(source: Source): boolean {
  for (const s of source.statements) {
    if (s.kind !== NodeKind.Variable) continue;
    for (const d of (s as VariableStatement).declarations) {
      if (d.flags & CommonFlags.Const) continue;
      const t = named(d.type);
      if (t === null || !STATIC_FIELD_TYPES.has(t.name.identifier.text)) return true;
    }
  }
  return false;
}

/** Whether the arena runtime serves this contract (see the header). */
export function arenaEligible(plan: ContractPlan, userSources: Source[], program: Program): boolean {
  if (program.options.globalAliases?.has(KEEP_ALIAS)) return false;
  if (plan.cls.extendsType) return false;
  if (!instanceFields(plan.cls).every(fieldAllowed)) return false;
  if (plan.cls.members.some((m) => m.kind === NodeKind.FieldDeclaration && (m.flags & CommonFlags.Static) && !(m.flags & CommonFlags.Readonly))) return false;
  return !userSources.some(managedGlobal);
}

/**
 * Swaps the incremental runtime's sources for the arena, and tells the compiler it now has no GC
 * (ASC_RUNTIME is registered when the program initialises, after this; the shadow stack is the
 * module's flag). Returns false, changing nothing, when the configured runtime is not incremental.
 */
export function installArena(parser: Parser, program: Program, arenaFile: string): boolean {
  const alloc = parser.sources.find((s) => s.normalizedPath === RT_SOURCES.alloc);
  const gc = parser.sources.find((s) => s.normalizedPath === RT_SOURCES.gc);
  if (!alloc || !gc) return false;
  gc.statements.length = 0;
  alloc.statements.length = 0;
  alloc.statements.push(...parseInto(parser, alloc, readFileSync(arenaFile, "utf8"), true));
  const options = program.options as unknown as { runtime: number; stackSize: number };
  options.runtime = RUNTIME_STUB;
  options.stackSize = 0;
  (program as unknown as { module: { useShadowStack: boolean } }).module.useShadowStack = false;
  return true;
}

/**
 * `x: u128 = init` becomes two u64 fields and an accessor pair converting to and from as-bignum's
 * u128, so the value lives inside the contract object: assigning a new u128 (made by this call)
 * stores its two words instead of a pointer that the end of the call would leave dangling.
 */
export function inlineU128Fields(parser: Parser, plan: ContractPlan): void {
  const cls = plan.cls;
  for (const f of instanceFields(cls)) {
    const t = named(f.type);
    if (t === null || !INLINE_BIGNUM.has(t.name.identifier.text) || (t.typeArguments?.length ?? 0) > 0) continue;
    const name = f.name.text;
    const text = f.range.source.text;
    const init = f.initializer ? text.substring(f.initializer.range.start, f.initializer.range.end) : "u128.Zero";
    const vis = f.flags & CommonFlags.Private ? "private " : f.flags & CommonFlags.Protected ? "protected " : "";
    cls.members.splice(cls.members.indexOf(f), 1);
    injectMembers(parser, plan.source, cls, [
      `private __pcas_${name}_lo: u64 = (<u128>(${init})).lo;`,
      `private __pcas_${name}_hi: u64 = (<u128>(${init})).hi;`,
      // lo and hi are adjacent, in as-bignum's order: one 1-gas copy each way instead of two stores.
      `${vis}get ${name}(): u128 { return ${CODEC_NS}.bignum128<u128>(changetype<usize>(this) + offsetof<${plan.className}>("__pcas_${name}_lo")); }`,
      `${vis}set ${name}(v: u128) { memory.copy(changetype<usize>(this) + offsetof<${plan.className}>("__pcas_${name}_lo"), changetype<usize>(v), 16); }`,
    ].join("\n"));
  }
}
