// Binary fix-up of the compiled module (binaryen IR, before asc validates and optimises it) so an
// AssemblyScript module behaves on Piecrust, which keeps linear memory but builds a fresh instance
// (fresh globals, never re-applied data segments) for every top-level call:
//
// 1. The start code (exported by asc as `__pcas_start` because the transform sets exportStart) runs
//    once per contract, on the first entry after deploy, guarded by a flag in linear memory.
//    A start *section* would trap on Piecrust (it runs before any fuel is set).
// 2. Every mutable global (user state, allocator roots, GC state, __stack_pointer) lives, between
//    frames, in a save area in linear memory right after the argbuf: restored on every entry,
//    saved on every exit (compare-before-store: Piecrust charges 4 gas per stored byte, a compare
//    is ~4 ops), saved before and restored after every `c` import call.
// 3. All-zero data segments are dropped (Piecrust applies segments once, to zeroed memory), which
//    removes the 66 KB argbuf segment at -O0 too.
//
// Why restore on *every* entry (not only when a depth counter is 0, as the "v2" prototype did):
// whenever control enters this contract, memory already holds the right values. Either the instance
// is fresh, or a frame of this contract is blocked in `c` (and saved before calling), or an earlier
// frame of this contract in the same top-level call finished (and saved at exit) or failed (and the
// host reverted its memory, which then holds the pre-frame values). The live globals, however, can be
// stale in that last case: a failed sibling frame leaves its global writes (and any depth counter)
// behind in the shared instance. Restoring unconditionally handles it and needs no counter at all,
// so the per-call cost is one load+set per global instead of counter bookkeeping plus the same loads.

import type binaryenNs from "binaryen";
import { Codes, type Diagnostic } from "./diagnostics.js";
import type { ContractFacts, FuncType } from "./abi-check.js";
import { ExternKind } from "../host-sim/wasm/module.js";
import { ARGBUF_LEN } from "../host-sim/abi.js";
import { moduleUses, type ModuleUses } from "./walk.js";

type Binaryen = typeof binaryenNs;
type Module = binaryenNs.Module;

/** Bytes after the argbuf reserved for the save area (must match assembly/argbuf.ts). */
export const PERSIST_AREA_LEN = 1024;
/** Offset of the "start code has run" flag inside the save area; slots follow 8-byte aligned. */
const FLAG_OFFSET = 0;
const FIRST_SLOT = 8;
export const MAX_PERSISTED_GLOBALS = (PERSIST_AREA_LEN - FIRST_SLOT) / 8;

/** Name asc exports the start function under (set via program.options.exportStart). */
export const START_EXPORT = "__pcas_start";
/** The generated entry file's collector hook (see codegen.ts) and the minimal runtime's collector. */
export const COLLECT_EXPORT = "__pcas_collect";
/** The arena runtime's hooks as the generated entry file exports them (see codegen.ts). */
export const ARENA_KEEP_EXPORT = "__pcas_arena_keep";
export const ARENA_DROP_EXPORT = "__pcas_arena_drop";
/** Piecrust's deploy-time initializer: what it allocates is state. */
const INIT_EXPORT = "init";
const TCMS_COLLECT = "~lib/rt/tcms/__collect";
const TCMS_TOTAL = "~lib/rt/tcms/total";
/** The arena runtime's allocator, parsed in place of ~lib/rt/tlsf (transform/runtime.ts). */
const ARENA_ALLOC = "~lib/rt/tlsf/__alloc";
const ARENA_KEEP_ALL = "~lib/rt/tlsf/__pcas_arena_keep_all";
const ARENA_RESET = "~lib/rt/tlsf/__pcas_arena_reset";
const ARENA_KEEP = "~lib/rt/tlsf/__pcas_arena_keep";
const ARENA_TOP = "~lib/rt/tlsf/__pcas_arena_top";
const GC_MARK = "__pcas_gc_mark";

/**
 * Globals whose value never has to survive a frame boundary. `~argumentsLength` is written right
 * before every call that reads it; `~started` is asc's own start guard, superseded by our flag.
 */
const STARTED = "~started";
const TRANSIENT_GLOBALS = new Set(["~argumentsLength", STARTED]);
/** The SDK's own such globals are named `__transient_*` (assembly/codec/resolvers.ts). */
const TRANSIENT_PREFIX = "__transient_";
const transient = (name: string) => TRANSIENT_GLOBALS.has(name) || name.slice(name.lastIndexOf("/") + 1).startsWith(TRANSIENT_PREFIX);

export interface PersistedGlobal {
  name: string;
  type: "i32" | "i64" | "f32" | "f64";
  /** Absolute address of its slot. */
  address: number;
}

export interface PersistReport {
  argbuf: number;
  saveArea: number;
  flagAddress: number;
  hasStart: boolean;
  globals: PersistedGlobal[];
  wrappedExports: string[];
  wrappedC: boolean;
  droppedZeroSegments: number;
  /** Whether the outermost exit runs the minimal runtime's collector. */
  collectAtExit: boolean;
  /** Whether the outermost exit drops the arena runtime's per-call objects. */
  arena: boolean;
}

function constI32(b: Binaryen, expr: number): number | null {
  const info = b.getExpressionInfo(expr) as { id: number; type: number; value?: unknown };
  if (info.id !== b.ConstId || info.type !== b.i32) return null;
  return (info.value as number) >>> 0;
}

function typeName(b: Binaryen, t: number): PersistedGlobal["type"] | null {
  if (t === b.i32) return "i32";
  if (t === b.i64) return "i64";
  if (t === b.f32) return "f32";
  if (t === b.f64) return "f64";
  return null;
}

interface Exported {
  name: string;
  value: string;
  kind: number;
}

function listExports(b: Binaryen, m: Module): Exported[] {
  const out: Exported[] = [];
  for (let i = 0, n = m.getNumExports(); i < n; i++) {
    const e = b.getExportInfo(m.getExportByIndex(i));
    out.push({ name: e.name, value: e.value, kind: e.kind });
  }
  return out;
}

/** Frames of this contract on the stack (see outermostExit); a plain global, never persisted. */
const DEPTH = "__pcas_depth";
const ENTER = "__pcas_enter";
const RESTORE = "__pcas_restore";
const SAVE = "__pcas_save";
const SAVE_EXIT = "__pcas_save_exit";
const SAVE_ONCE = "__pcas_save_once";
/** Exports that are hooks for the fix-up, never wrapped as entry points. */
const HOOK_EXPORTS = new Set([START_EXPORT, COLLECT_EXPORT, ARENA_KEEP_EXPORT, ARENA_DROP_EXPORT]);

/** What every step works on. */
interface Fixup {
  b: Binaryen;
  m: Module;
  diagnostics: Diagnostic[];
  /** The exports as asc left them: steps that remove or wrap one still find the others here. */
  exports: Exported[];
  /** Who calls and reads what, before the fix-up adds its own code (refreshed when a step removes functions). */
  uses: ModuleUses;
}

/** The argbuf and the save area right after it. */
interface Area {
  argbuf: number;
  saveArea: number;
  flagAddress: number;
}

/** The arena runtime's keep/drop hooks, by internal function name. */
interface ArenaHooks {
  keep: string;
  drop: string;
}

/** What the outermost exit does for the runtime: the minimal runtime's collection, or the arena's drop. */
interface Runtime {
  collectAtExit: boolean;
  arena: ArenaHooks | null;
}

/** Either runtime's exit work runs only at the outermost frame, which takes the depth counter. */
const countsDepth = (rt: Runtime) => rt.collectAtExit || rt.arena !== null;

/** The save every exit calls, and (when some globals are written only once) the save the first entry calls. */
interface Saves {
  exit: string;
  once: string | null;
}

/**
 * Rewrites the module as described at the top of this file, or fails with diagnostics. The order of
 * the steps is part of the result: each one adds to or removes from the module what the next sees
 * (the GC mark is added before the globals are chosen so it gets a slot, the depth counter after).
 */
export function fixUpModule(b: Binaryen, m: Module, diagnostics: Diagnostic[]): PersistReport | null {
  // Who calls and reads what, before the fix-up adds its own code.
  const uses = moduleUses(b, m);
  defineToStack(b, m, uses);
  const cx: Fixup = { b, m, diagnostics, exports: listExports(b, m), uses };
  const area = readArgbuf(cx);
  if (!area) return null;
  const rt: Runtime = { collectAtExit: collectHook(cx), arena: arenaHooks(cx) };
  const globals = persistedGlobals(cx, area.saveArea, rt.arena !== null);
  if (!globals) return null;
  // Added after the globals are chosen, so it never gets a slot.
  if (countsDepth(rt)) m.addGlobal(DEPTH, b.i32, true, m.i32.const(0));
  const startFn = takeHook(cx, START_EXPORT)?.value ?? null;
  const saves = addSaveRestore(cx, globals, startFn, rt.arena);
  addEnter(cx, area.flagAddress, globals, startFn, rt.arena, saves.once);
  const wrappedExports = wrapExports(cx, rt, saves.exit);
  const wrappedC = wrapCallImport(cx, countsDepth(rt));
  const droppedZeroSegments = dropZeroSegments(b, m);
  const { argbuf, saveArea, flagAddress } = area;
  return { argbuf, saveArea, flagAddress, hasStart: startFn !== null, globals, wrappedExports, wrappedC, droppedZeroSegments, collectAtExit: rt.collectAtExit, arena: rt.arena !== null };
}

/**
 * Where the argbuf is: the entry file exports it as the global `A`, and only an immutable i32
 * constant gives the save area after it a fixed address. Anything else fails the build.
 */
function readArgbuf(cx: Fixup): Area | null {
  const { b, m, diagnostics } = cx;
  const aExport = cx.exports.find((e) => e.name === "A" && e.kind === b.ExternalGlobal);
  if (!aExport) {
    diagnostics.push({ code: Codes.MissingArgbuf, message: "the module exports no global 'A' (the entry file must export the argbuf: export { A } from \"piecrust-as/assembly/argbuf\")" });
    return null;
  }
  const aInfo = b.getGlobalInfo(m.getGlobal(aExport.value));
  const argbuf = aInfo.mutable ? null : constI32(b, aInfo.init);
  if (argbuf === null) {
    diagnostics.push({ code: Codes.MissingArgbuf, message: "global 'A' must be an immutable i32 constant" });
    return null;
  }
  const saveArea = argbuf + ARGBUF_LEN;
  return { argbuf, saveArea, flagAddress: saveArea + FLAG_OFFSET };
}

/** Removes the function export `name` and returns it: a hook the entry file exports for the fix-up, not for callers. */
function takeHook(cx: Fixup, name: string): Exported | undefined {
  const e = cx.exports.find((x) => x.name === name && x.kind === cx.b.ExternalFunction);
  if (e) cx.m.removeExport(name);
  return e;
}

/**
 * Whether the outermost exit runs the minimal runtime's collector: only when the entry file asked
 * for it (`__pcas_collect`) and tcms is really linked in. Then adds the mark the exit compares with.
 */
function collectHook(cx: Fixup): boolean {
  const { b, m } = cx;
  const collectAtExit = !!takeHook(cx, COLLECT_EXPORT) && !!m.getFunction(TCMS_COLLECT) && !!m.getGlobal(TCMS_TOTAL);
  // tcms's byte count right after the last collection (persisted like any global): a call that
  // allocated nothing leaves `total` unchanged and skips the collection, which costs ~600 gas even
  // on an empty heap.
  if (collectAtExit) m.addGlobal(GC_MARK, b.i32, true, m.i32.const(0));
  return collectAtExit;
}

/**
 * The arena runtime's hooks, if the contract allocates at all: they keep what deployment allocates
 * and drop what a call allocates. Otherwise removes them and the arena code only they reach.
 */
function arenaHooks(cx: Fixup): ArenaHooks | null {
  const { b, m } = cx;
  const keep = takeHook(cx, ARENA_KEEP_EXPORT);
  const drop = takeHook(cx, ARENA_DROP_EXPORT);
  // A contract that never allocates (a counter) needs neither hook: its instance is a static block.
  const arena = keep && drop && m.getFunction(ARENA_ALLOC) ? { keep: keep.value, drop: drop.value } : null;
  if (keep && drop && !arena) {
    // Without them, the arena's globals have no reader left, so they get no slot either.
    for (const f of [keep.value, drop.value, ARENA_KEEP_ALL, ARENA_RESET]) if (m.getFunction(f)) m.removeFunction(f);
    cx.uses = moduleUses(b, m);
  }
  return arena;
}

/**
 * Which mutable globals get a slot in the save area, and where: every one whose value must survive
 * a frame boundary. A type that cannot be stored, or more globals than slots, fails the build.
 */
function persistedGlobals(cx: Fixup, saveArea: number, arena: boolean): PersistedGlobal[] | null {
  const { b, m, diagnostics } = cx;
  const names: { name: string; type: PersistedGlobal["type"] }[] = [];
  for (let i = 0, n = m.getNumGlobals(); i < n; i++) {
    const g = b.getGlobalInfo(m.getGlobalByIndex(i));
    if (!g.mutable || g.module || transient(g.name)) continue;
    // A global nothing reads (e.g. the cache of a codec helper a counter never calls) needs no slot:
    // asc's optimiser drops it later, and restoring it on every call would only cost gas.
    if (g.name !== GC_MARK && !cx.uses.globalsRead.has(g.name)) continue;
    // The arena's top equals its watermark whenever no frame of the contract is running (the
    // outermost exit drops down to it), so the entry derives it instead of keeping a slot.
    if (arena && g.name === ARENA_TOP) continue;
    const t = typeName(b, g.type);
    if (t === null) {
      diagnostics.push({ code: Codes.UnpersistableGlobal, message: `mutable global '${g.name}' has a type that cannot be kept in linear memory` });
      continue;
    }
    names.push({ name: g.name, type: t });
  }
  // Deterministic layout: by name, so the same source always gives the same slots.
  names.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  if (names.length > MAX_PERSISTED_GLOBALS) {
    diagnostics.push({ code: Codes.TooManyGlobals, message: `${names.length} mutable globals, but the persisted area holds ${MAX_PERSISTED_GLOBALS}` });
    return null;
  }
  return names.map((g, i) => ({ ...g, address: saveArea + FIRST_SLOT + 8 * i }));
}

const slotBytes = (g: PersistedGlobal) => (g.type === "i64" || g.type === "f64" ? 8 : 4);
const loadSlot = (m: Module, g: PersistedGlobal) => m[g.type].load(g.address, slotBytes(g), m.i32.const(0));
const storeSlot = (m: Module, g: PersistedGlobal, v: number) => m[g.type].store(g.address, slotBytes(g), m.i32.const(0), v);

/** Whether a global's value `x` differs from `y`, for the compare-before-store. */
function differs(m: Module, g: PersistedGlobal, x: number, y: number): number {
  // Compare bit patterns for floats, so a NaN does not count as "changed" on every exit.
  const bits = (v: number) => (g.type === "f32" ? m.i32.reinterpret(v) : g.type === "f64" ? m.i64.reinterpret(v) : v);
  return g.type === "i32" || g.type === "f32" ? m.i32.ne(bits(x), bits(y)) : m.i64.ne(bits(x), bits(y));
}

/**
 * Adds the restore (every slot into its global) and the save (every changed global into its slot).
 * When some globals are written only once, they move out of the save every exit calls into one the
 * first entry calls.
 */
function addSaveRestore(cx: Fixup, globals: PersistedGlobal[], startFn: string | null, arena: ArenaHooks | null): Saves {
  const { b, m } = cx;
  const get = (g: PersistedGlobal) => m.global.get(g.name, b[g.type]);
  const restoreBody = globals.map((g) => m.global.set(g.name, loadSlot(m, g)));
  const saveBody = globals.map((g) => m.if(differs(m, g, get(g), loadSlot(m, g)), storeSlot(m, g, get(g))));
  m.addFunction(RESTORE, b.none, b.none, [], m.block(null, restoreBody.length ? restoreBody : [m.nop()]));
  m.addFunction(SAVE, b.none, b.none, [], m.block(null, saveBody.length ? saveBody : [m.nop()]));
  // Globals only the start code or `init` writes (module constants made at start, the instance made
  // by init) are saved right after them and need no compare at every other exit.
  const once = writtenOnce(cx, startFn, arena);
  const exitSave = globals.filter((g) => !once(g)).map((g) => saveBody[globals.indexOf(g)]!);
  const onceSave = globals.filter(once).map((g) => saveBody[globals.indexOf(g)]!);
  if (exitSave.length === saveBody.length) return { exit: SAVE, once: null };
  m.addFunction(SAVE_EXIT, b.none, b.none, [], m.block(null, exitSave.length ? exitSave.map((x) => m.copyExpression(x)) : [m.nop()]));
  m.addFunction(SAVE_ONCE, b.none, b.none, [], m.block(null, onceSave.map((x) => m.copyExpression(x))));
  return { exit: SAVE_EXIT, once: SAVE_ONCE };
}

/** Whether only code that runs once per contract (start code, `init`, the arena's keep hook) writes a global. */
function writtenOnce(cx: Fixup, startFn: string | null, arena: ArenaHooks | null): (g: PersistedGlobal) => boolean {
  const initFn = cx.exports.find((e) => e.name === INIT_EXPORT && e.kind === cx.b.ExternalFunction)?.value ?? null;
  const writers = cx.uses.globalWriters;
  // asc puts each file's top-level code in `start:<file>`, which only the start function calls.
  // The arena's keep hook runs only after the start code and at init's exit.
  const once = (f: string) => f === startFn || f === initFn || f.startsWith("start:") || (arena !== null && f === arena.keep);
  return (g) => {
    const w = writers.get(g.name);
    return !!w && w.size > 0 && [...w].every(once);
  };
}

/**
 * Adds the entry code every wrapped export runs first: the first entry ever runs the start code
 * and sets the flag; every other entry restores.
 *
 * The first entry resets the globals to their initial values before running the start code: if
 * an earlier first entry in this same instance failed, the host reverted the memory (flag
 * included) but not the globals, and asc's own `~started` guard would skip the start code.
 * Memory is then as deployed, so starting afresh is exactly right.
 */
function addEnter(cx: Fixup, flagAddress: number, globals: PersistedGlobal[], startFn: string | null, arena: ArenaHooks | null, onceSave: string | null): void {
  const { b, m } = cx;
  const initOf = (name: string) => m.copyExpression(b.getGlobalInfo(m.getGlobal(name)).init);
  const started = m.getGlobal(STARTED) ? [m.global.set(STARTED, initOf(STARTED))] : [];
  const resetBody = [...globals.map((g) => m.global.set(g.name, initOf(g.name))), ...started];
  // A re-entered frame (depth > 0) shares the instance, whose top is live; a failed inner frame
  // can only leave it too high, which wastes arena space until the outermost exit, nothing more.
  const restoreAtEntry = arena
    ? m.block(null, [
        m.call(RESTORE, [], b.none),
        m.if(m.i32.eqz(m.global.get(DEPTH, b.i32)), m.global.set(ARENA_TOP, m.global.get(ARENA_KEEP, b.i32))),
      ])
    : m.call(RESTORE, [], b.none);
  const enterBody = startFn
    ? m.if(
        m.i32.load(flagAddress, 4, m.i32.const(0)),
        restoreAtEntry,
        m.block(null, [
          ...resetBody,
          m.call(startFn, [], b.none),
          ...(arena ? [m.call(arena.keep, [], b.none)] : []),
          // The rest is saved at this call's exit, as at every exit.
          ...(onceSave ? [m.call(onceSave, [], b.none)] : []),
          m.i32.store(flagAddress, 4, m.i32.const(0), m.i32.const(1)),
        ]),
      )
    : restoreAtEntry;
  m.addFunction(ENTER, b.none, b.none, [], enterBody);
}

/**
 * Replaces every exported (i32)->i32 function by a wrapper under the same export name: enter, the
 * call, the runtime's outermost-exit work (when it has any), save. `init` saves every global, the
 * written-once ones included: it writes them after the entry's once-save has run.
 */
function wrapExports(cx: Fixup, rt: Runtime, exitSave: string): string[] {
  const { b, m } = cx;
  const depthAdd = (k: number) => m.global.set(DEPTH, m.i32.add(m.global.get(DEPTH, b.i32), m.i32.const(k)));
  const wrappedExports: string[] = [];
  for (const e of cx.exports) {
    if (e.kind !== b.ExternalFunction || HOOK_EXPORTS.has(e.name)) continue;
    const f = b.getFunctionInfo(m.getFunction(e.value));
    // Anything but (i32)->i32 is left alone: the ABI check reports it with its export name.
    if (f.params !== b.i32 || f.results !== b.i32) continue;
    const wrapper = `__pcas_entry:${e.name}`;
    const call = m.local.set(1, m.call(e.value, [m.local.get(0, b.i32)], b.i32));
    const save = m.call(e.name === INIT_EXPORT ? SAVE : exitSave, [], b.none);
    const body = countsDepth(rt)
      ? [m.call(ENTER, [], b.none), depthAdd(1), call, depthAdd(-1), outermostExit(cx, rt, e.name), save, m.local.get(1, b.i32)]
      : [m.call(ENTER, [], b.none), call, save, m.local.get(1, b.i32)];
    m.addFunction(wrapper, b.i32, b.i32, [b.i32], m.block(null, body, b.i32));
    m.removeExport(e.name);
    m.addFunctionExport(wrapper, e.name);
    wrappedExports.push(e.name);
  }
  return wrappedExports;
}

/**
 * The runtime's work at the exit of export `name`, done only when it is the outermost frame of
 * this contract.
 *
 * The generated `__pcas_collect` export calls __collect only under --runtime minimal, whose
 * collector never runs by itself (tcms collects on request only). It must run at the exit of the
 * OUTERMOST frame of this contract: there the result is already bytes in the argbuf, so no heap
 * reference lives outside the globals (tcms's only roots). An inner exit would free objects an
 * outer frame blocked in `c` still holds in locals. The depth counter is a plain wasm global, 0 in
 * every fresh instance (Piecrust drops instances after each top-level call) and never persisted;
 * the `c` wrapper restores it after the call because a trapped callee frame never decrements it.
 */
function outermostExit(cx: Fixup, rt: Runtime, name: string): number {
  const { b, m } = cx;
  const outermost = () => m.i32.eqz(m.global.get(DEPTH, b.i32));
  // The arena: init's objects are state, any other call's are dropped at the outermost exit.
  if (rt.arena) return name === INIT_EXPORT ? m.call(rt.arena.keep, [], b.none) : m.if(outermost(), m.call(rt.arena.drop, [], b.none));
  return m.if(
    m.i32.and(outermost(), m.i32.ne(m.global.get(TCMS_TOTAL, b.i32), m.global.get(GC_MARK, b.i32))),
    m.block(null, [m.call(TCMS_COLLECT, [], b.none), m.global.set(GC_MARK, m.global.get(TCMS_TOTAL, b.i32))]),
  );
}

/**
 * Wraps the `c` import (a call into another contract, which may re-enter this one): save before
 * the call, restore after it, and put back the depth counter a trapped callee frame left behind.
 * Calls refer to functions by internal name, so replacing the import by a defined function of
 * the same name and type reroutes every call site without touching them.
 */
function wrapCallImport(cx: Fixup, countDepth: boolean): boolean {
  const { b, m } = cx;
  for (let i = 0, n = m.getNumFunctions(); i < n; i++) {
    const f = b.getFunctionInfo(m.getFunctionByIndex(i));
    if (!f.module || f.base !== "c") continue;
    const paramTypes = b.expandType(f.params);
    m.removeFunction(f.name);
    m.addFunctionImport("__pcas_raw_c", f.module, "c", f.params, f.results);
    const args = paramTypes.map((t, k) => m.local.get(k, t));
    const r = paramTypes.length;
    const depthLocal = r + 1;
    m.addFunction(f.name, f.params, f.results, countDepth ? [f.results, b.i32] : [f.results], m.block(null, [
      ...(countDepth ? [m.local.set(depthLocal, m.global.get(DEPTH, b.i32))] : []),
      m.call(SAVE, [], b.none),
      m.local.set(r, m.call("__pcas_raw_c", args, f.results)),
      ...(countDepth ? [m.global.set(DEPTH, m.local.get(depthLocal, b.i32))] : []),
      m.call(RESTORE, [], b.none),
      m.local.get(r, f.results),
    ], f.results));
    return true;
  }
  return false;
}

/**
 * asc's shadow-stack pass (incremental runtime, the last step of compile) lowers `__tostack(x)`
 * markers into spills to the shadow stack, then adds stack-overflow checks that call `abort`. When
 * that is the first reference to abort, the SDK's panicking abort (and the helpers it calls) is
 * compiled during the pass and keeps its markers, and the module fails validation ("call target
 * must exist"). Defining the marker as the identity is sound for exactly those functions: they do
 * not allocate (panic.ts is written so), so no collection can run while their values are unspilled,
 * and they end in the `panic` trap anyway.
 */
const TOSTACK = "~lib/rt/__tostack";
function defineToStack(b: Binaryen, m: Module, uses: ModuleUses): void {
  if (m.getFunction(TOSTACK) || !uses.functionsCalled.has(TOSTACK)) return;
  m.addFunction(TOSTACK, b.i32, b.i32, [], m.local.get(0, b.i32));
}

/** Rebuilds the memory without all-zero active segments; returns how many were dropped. */
function dropZeroSegments(b: Binaryen, m: Module): number {
  if (!m.hasMemory()) return 0;
  const n = m.getNumMemorySegments();
  const keep: binaryenNs.MemorySegment[] = [];
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const s = m.getMemorySegmentInfoByIndex(i);
    const data = new Uint8Array(s.data);
    if (!s.passive && data.every((x) => x === 0)) {
      dropped++;
      continue;
    }
    // binaryen 116 reports an active segment's offset as the evaluated byte offset (a number).
    const offset = s.passive ? 0 : (s.offset as unknown as number);
    keep.push({ offset: m.i32.const(offset), data, passive: s.passive });
  }
  if (!dropped) return 0;
  const mem = m.getMemoryInfo();
  const memExport = listExports(b, m).find((e) => e.kind === b.ExternalMemory);
  if (memExport) m.removeExport(memExport.name);
  m.setMemory(mem.initial, mem.max ?? -1, memExport ? memExport.name : null, keep, mem.shared, mem.is64);
  return dropped;
}

/** Piecrust's ABI facts read from binaryen IR (the module cannot be emitted yet: asc lowers some helpers later). */
export function factsFromModule(b: Binaryen, m: Module): ContractFacts {
  const val = (t: number): number => (t === b.i32 ? 0x7f : t === b.i64 ? 0x7e : t === b.f32 ? 0x7d : t === b.f64 ? 0x7c : t === b.v128 ? 0x7b : 0);
  const sigOf = (params: number, results: number): FuncType => ({ params: b.expandType(params).map(val), results: b.expandType(results).map(val) });
  const mem = m.hasMemory() ? m.getMemoryInfo() : null;
  const facts: ContractFacts = {
    memories: mem ? [{ min: BigInt(mem.initial), is64: mem.is64, shared: mem.shared }] : [],
    hasTags: false,
    exports: [],
    imports: [],
    hasStart: false,
    data: [],
  };
  for (const e of listExports(b, m)) {
    if (e.kind === b.ExternalFunction) {
      const f = b.getFunctionInfo(m.getFunction(e.value));
      facts.exports.push({ name: e.name, kind: ExternKind.Func, func: sigOf(f.params, f.results) });
    } else if (e.kind === b.ExternalGlobal) {
      const g = b.getGlobalInfo(m.getGlobal(e.value));
      const c = constI32(b, g.init);
      facts.exports.push({ name: e.name, kind: ExternKind.Global, global: g.module ? undefined : { type: val(g.type), mutable: g.mutable, value: c === null ? undefined : BigInt(c) } });
    } else if (e.kind === b.ExternalMemory) {
      facts.exports.push({ name: e.name, kind: ExternKind.Memory, index: 0 });
    } else {
      facts.exports.push({ name: e.name, kind: e.kind === b.ExternalTable ? ExternKind.Table : ExternKind.Tag });
    }
  }
  if (mem?.module) facts.imports.push({ module: mem.module, name: mem.base ?? "", kind: ExternKind.Memory });
  for (let i = 0, n = m.getNumGlobals(); i < n; i++) {
    const g = b.getGlobalInfo(m.getGlobalByIndex(i));
    if (g.module) facts.imports.push({ module: g.module, name: g.base ?? "", kind: ExternKind.Global });
  }
  for (let i = 0, n = m.getNumFunctions(); i < n; i++) {
    const f = b.getFunctionInfo(m.getFunctionByIndex(i));
    if (f.module) facts.imports.push({ module: f.module, name: f.base ?? "", kind: ExternKind.Func, func: sigOf(f.params, f.results) });
  }
  for (let i = 0, n = m.getNumMemorySegments(); i < n; i++) {
    const seg = m.getMemorySegmentInfoByIndex(i);
    // binaryen 116 reports an active segment's offset as the evaluated byte offset (a number).
    if (!seg.passive) facts.data.push({ offset: BigInt(seg.offset as unknown as number), length: seg.data.byteLength });
  }
  const getStart = (b as unknown as { _BinaryenGetStart?: (ref: number) => number })._BinaryenGetStart;
  facts.hasStart = getStart ? getStart((m as unknown as { ptr: number }).ptr) !== 0 : false;
  return facts;
}
