// Mirrors no Piecrust file: a section-level model of a wasm module, enough to check Piecrust's
// deploy rules and to rewrite a contract for host-sim (Piecrust gets this from wasmtime).
import { ByteReader, ByteWriter, WasmDecodeError } from "./bytes.js";
import { newOp, OpClass, readOp } from "./ops.js";
import { HostSimBug } from "../error.js";

export const enum ValType {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
}

/** The type section's one type form: a function type. */
export const FUNC_TYPE = 0x60;

/** The flag bits of a table's or memory's limits. */
export const enum LimitsFlag {
  HasMax = 1,
  Shared = 2,
  Is64 = 4,
  /** Every flag this engine knows. */
  All = 7,
}

export const enum ExternKind {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
  Tag = 4,
}

export const enum SectionId {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
  Tag = 13,
}

export interface FuncType {
  params: number[];
  results: number[];
}

export interface Limits {
  min: bigint;
  max?: bigint;
  shared: boolean;
  is64: boolean;
}

export interface Import {
  module: string;
  name: string;
  kind: ExternKind;
  /** Function imports: the type index. */
  typeIndex?: number;
  memory?: Limits;
  global?: { type: number; mutable: boolean };
}

export interface Global {
  type: number;
  mutable: boolean;
  /** The init expression, including its terminating `end`. */
  init: Uint8Array;
}

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

export interface DataSegment {
  active: boolean;
  memory: number;
  /** Active segments: the offset expression including `end`. */
  offsetExpr?: Uint8Array;
  bytes: Uint8Array;
}

export interface Body {
  /** Local declarations as (count, type) runs, params excluded. */
  locals: Array<{ count: number; type: number }>;
  /** The instruction stream, including the final `end`. */
  code: Uint8Array;
  /** Offset of `code` inside the original module, for error messages. */
  codeOffset: number;
}

export interface WasmModule {
  types: FuncType[];
  imports: Import[];
  /** Type index of every defined function, in index order. */
  functions: number[];
  /** Raw table entries (reftype + limits), kept verbatim. */
  tables: Uint8Array[];
  memories: Limits[];
  globals: Global[];
  exports: Export[];
  start?: number;
  /** The element section's payload, kept verbatim (host-sim never renumbers indices). */
  elementSection?: Uint8Array;
  dataCount?: number;
  bodies: Body[];
  data: DataSegment[];
  hasTagSection: boolean;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function readLimits(r: ByteReader): Limits {
  const flags = r.u8();
  if (flags > LimitsFlag.All) r.fail(`invalid limits flags 0x${flags.toString(16)}`);
  const is64 = (flags & LimitsFlag.Is64) !== 0;
  const shared = (flags & LimitsFlag.Shared) !== 0;
  const min = is64 ? r.u64() : BigInt(r.u32());
  const max = flags & LimitsFlag.HasMax ? (is64 ? r.u64() : BigInt(r.u32())) : undefined;
  return { min, max, shared, is64 };
}

/** Reads a constant expression up to and including its `end`, returning its bytes. */
function readConstExpr(r: ByteReader): Uint8Array {
  const start = r.pos;
  const op = newOp();
  do readOp(r, op);
  while (op.cls !== OpClass.End);
  return r.bytes.subarray(start, r.pos);
}

function readValType(r: ByteReader): number {
  const t = r.u8();
  if (t !== ValType.I32 && t !== ValType.I64 && t !== ValType.F32 && t !== ValType.F64 && t !== ValType.V128 && t !== ValType.FuncRef && t !== ValType.ExternRef) {
    r.fail(`unsupported value type 0x${t.toString(16)}`);
  }
  return t;
}

/** Where each known section sits in the required order (data count and tag sit between numbered ones). */
function sectionOrder(id: SectionId): number {
  return id === SectionId.DataCount ? 9.5 : id === SectionId.Tag ? 5.5 : id;
}

/** A data segment's mode, its first field. */
const enum DataMode {
  Active = 0,
  Passive = 1,
  /** Active in a memory named by index. */
  ActiveIn = 2,
}

/** The `mutable` byte of a global type. */
const MUTABLE = 1;

/** Each section's reader: it fills its part of the model from the section's bytes. */
const SECTIONS: Record<SectionId, (s: ByteReader, m: WasmModule) => void> = {
  // wasmtime ignores custom sections (names, producers, debug info); so does the rewrite.
  [SectionId.Custom]: (s) => {
    s.name();
    s.pos = s.end;
  },
  [SectionId.Type]: readTypes,
  [SectionId.Import]: readImports,
  [SectionId.Function]: (s, m) => {
    for (let n = s.u32(); n > 0; n--) m.functions.push(s.u32());
  },
  [SectionId.Table]: (s, m) => {
    for (let n = s.u32(); n > 0; n--) {
      const start = s.pos;
      s.u8();
      readLimits(s);
      m.tables.push(s.bytes.subarray(start, s.pos));
    }
  },
  [SectionId.Memory]: (s, m) => {
    for (let n = s.u32(); n > 0; n--) m.memories.push(readLimits(s));
  },
  [SectionId.Global]: (s, m) => {
    for (let n = s.u32(); n > 0; n--) {
      const type = readValType(s);
      const mutable = s.u8() === MUTABLE;
      m.globals.push({ type, mutable, init: readConstExpr(s) });
    }
  },
  [SectionId.Export]: (s, m) => {
    for (let n = s.u32(); n > 0; n--) {
      const name = s.name();
      const kind = s.u8() as ExternKind;
      m.exports.push({ name, kind, index: s.u32() });
    }
  },
  [SectionId.Start]: (s, m) => {
    m.start = s.u32();
  },
  [SectionId.Element]: (s, m) => {
    m.elementSection = s.bytes.subarray(s.pos, s.end);
    s.pos = s.end;
  },
  [SectionId.Code]: readBodies,
  [SectionId.Data]: readData,
  [SectionId.DataCount]: (s, m) => {
    m.dataCount = s.u32();
  },
  [SectionId.Tag]: (s, m) => {
    m.hasTagSection = true;
    s.pos = s.end;
  },
};

/** Decodes a module's binary into the section model; any malformation is a WasmDecodeError naming it. */
export function parseModule(bytes: Uint8Array): WasmModule {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new WasmDecodeError("not a wasm binary (bad magic or version)", 0);
  }
  const m: WasmModule = {
    types: [],
    imports: [],
    functions: [],
    tables: [],
    memories: [],
    globals: [],
    exports: [],
    bodies: [],
    data: [],
    hasTagSection: false,
  };
  const r = new ByteReader(bytes, 8);
  let lastId = 0;
  while (!r.eof) {
    const id = r.u8();
    const size = r.u32();
    // Typed, so that its never-returning fail() narrows what follows.
    const s: ByteReader = new ByteReader(bytes, r.pos, r.pos + size);
    if (s.end > bytes.length) r.fail(`section ${id} runs past the end of the module`);
    r.pos = s.end;
    const read = Object.hasOwn(SECTIONS, id) ? SECTIONS[id as SectionId] : undefined;
    if (read === undefined) s.fail(`unknown section id ${id}`);
    if (id !== SectionId.Custom) {
      const order = sectionOrder(id);
      if (order <= lastId) s.fail(`section ${id} out of order or duplicated`);
      lastId = order;
    }
    read(s, m);
    if (s.pos !== s.end) s.fail(`section ${id} has ${s.end - s.pos} trailing bytes`);
  }
  if (m.functions.length !== m.bodies.length) {
    throw new WasmDecodeError(`${m.functions.length} functions declared but ${m.bodies.length} bodies`, 0);
  }
  return m;
}

function readTypes(s: ByteReader, m: WasmModule): void {
  for (let n = s.u32(); n > 0; n--) {
    const form = s.u8();
    if (form !== FUNC_TYPE) s.fail(`unsupported type form 0x${form.toString(16)}`);
    const params: number[] = [];
    for (let k = s.u32(); k > 0; k--) params.push(readValType(s));
    const results: number[] = [];
    for (let k = s.u32(); k > 0; k--) results.push(readValType(s));
    m.types.push({ params, results });
  }
}

function readImports(s: ByteReader, m: WasmModule): void {
  for (let n = s.u32(); n > 0; n--) {
    const module = s.name();
    const name = s.name();
    const kind = s.u8() as ExternKind;
    const imp: Import = { module, name, kind };
    if (kind === ExternKind.Func) imp.typeIndex = s.u32();
    else if (kind === ExternKind.Table) {
      s.u8();
      readLimits(s);
    } else if (kind === ExternKind.Memory) imp.memory = readLimits(s);
    else if (kind === ExternKind.Global) imp.global = { type: readValType(s), mutable: s.u8() === MUTABLE };
    else if (kind === ExternKind.Tag) {
      s.u8();
      s.u32();
    } else s.fail(`unknown import kind ${kind}`);
    m.imports.push(imp);
  }
}

/** The function bodies, kept as slices of the module with their offsets (backtraces map them). */
function readBodies(s: ByteReader, m: WasmModule): void {
  for (let n = s.u32(); n > 0; n--) {
    const len = s.u32();
    const b = new ByteReader(s.bytes, s.pos, s.pos + len);
    if (b.end > s.end) s.fail("function body runs past the code section");
    s.pos = b.end;
    const locals: Body["locals"] = [];
    let total = 0;
    for (let k = b.u32(); k > 0; k--) {
      const count = b.u32();
      total += count;
      if (total > 50000) b.fail("too many locals");
      locals.push({ count, type: readValType(b) });
    }
    m.bodies.push({ locals, code: s.bytes.subarray(b.pos, b.end), codeOffset: b.pos });
  }
}

function readData(s: ByteReader, m: WasmModule): void {
  for (let n = s.u32(); n > 0; n--) {
    const mode = s.u32();
    let memory = 0;
    let offsetExpr: Uint8Array | undefined;
    if (mode === DataMode.Active) offsetExpr = readConstExpr(s);
    else if (mode === DataMode.ActiveIn) {
      memory = s.u32();
      offsetExpr = readConstExpr(s);
    } else if (mode !== DataMode.Passive) s.fail(`invalid data segment flags ${mode}`);
    const len = s.u32();
    m.data.push({ active: mode !== DataMode.Passive, memory, offsetExpr, bytes: s.take(len) });
  }
}

/** The type of function `index` in the function index space (imports first). */
export function functionType(m: WasmModule, index: number): FuncType | undefined {
  const imported = m.imports.filter((i) => i.kind === ExternKind.Func);
  const typeIndex = index < imported.length ? imported[index].typeIndex : m.functions[index - imported.length];
  return typeIndex === undefined ? undefined : m.types[typeIndex];
}

function writeLimits(w: ByteWriter, l: Limits): void {
  w.byte((l.max !== undefined ? LimitsFlag.HasMax : 0) | (l.shared ? LimitsFlag.Shared : 0) | (l.is64 ? LimitsFlag.Is64 : 0));
  const put = (v: bigint) => (l.is64 ? w.u64(v) : w.u32(Number(v)));
  put(l.min);
  if (l.max !== undefined) put(l.max);
}

function section(out: ByteWriter, id: SectionId, content: ByteWriter | Uint8Array): void {
  const bytes = content instanceof ByteWriter ? content.finish() : content;
  out.byte(id).framed(bytes);
}

/** Encodes a module model back to binary; its custom sections are dropped, and `beforeCode` ones placed before the code. */
export function encodeModule(m: WasmModule, encodeBody: (body: Body, index: number) => Uint8Array, beforeCode: ReadonlyArray<{ name: string; content: Uint8Array }> = []): Uint8Array {
  const out = new ByteWriter(4096).bytes(new Uint8Array(MAGIC));
  if (m.types.length) {
    const w = new ByteWriter().u32(m.types.length);
    for (const t of m.types) {
      w.byte(FUNC_TYPE).u32(t.params.length);
      t.params.forEach((p) => w.byte(p));
      w.u32(t.results.length);
      t.results.forEach((p) => w.byte(p));
    }
    section(out, SectionId.Type, w);
  }
  if (m.imports.length) {
    const w = new ByteWriter().u32(m.imports.length);
    for (const imp of m.imports) {
      w.name(imp.module).name(imp.name).byte(imp.kind);
      if (imp.kind === ExternKind.Func) w.u32(imp.typeIndex!);
      else if (imp.kind === ExternKind.Memory) writeLimits(w, imp.memory!);
      else if (imp.kind === ExternKind.Global) w.byte(imp.global!.type).byte(imp.global!.mutable ? 1 : 0);
      else throw HostSimBug.because(`host-sim cannot re-encode an import of kind ${imp.kind}`);
    }
    section(out, SectionId.Import, w);
  }
  if (m.functions.length) {
    const w = new ByteWriter().u32(m.functions.length);
    m.functions.forEach((f) => w.u32(f));
    section(out, SectionId.Function, w);
  }
  if (m.tables.length) {
    const w = new ByteWriter().u32(m.tables.length);
    m.tables.forEach((t) => w.bytes(t));
    section(out, SectionId.Table, w);
  }
  if (m.memories.length) {
    const w = new ByteWriter().u32(m.memories.length);
    m.memories.forEach((l) => writeLimits(w, l));
    section(out, SectionId.Memory, w);
  }
  if (m.globals.length) {
    const w = new ByteWriter().u32(m.globals.length);
    for (const g of m.globals) w.byte(g.type).byte(g.mutable ? 1 : 0).bytes(g.init);
    section(out, SectionId.Global, w);
  }
  if (m.exports.length) {
    const w = new ByteWriter().u32(m.exports.length);
    for (const e of m.exports) w.name(e.name).byte(e.kind).u32(e.index);
    section(out, SectionId.Export, w);
  }
  if (m.start !== undefined) section(out, SectionId.Start, new ByteWriter().u32(m.start));
  if (m.elementSection) section(out, SectionId.Element, m.elementSection);
  if (m.dataCount !== undefined) section(out, SectionId.DataCount, new ByteWriter().u32(m.dataCount));
  for (const c of beforeCode) section(out, SectionId.Custom, new ByteWriter().name(c.name).bytes(c.content));
  if (m.bodies.length) {
    const w = new ByteWriter(1024).u32(m.bodies.length);
    m.bodies.forEach((b, i) => w.framed(encodeBody(b, i)));
    section(out, SectionId.Code, w);
  }
  if (m.data.length) {
    const w = new ByteWriter().u32(m.data.length);
    for (const d of m.data) {
      if (!d.active) w.u32(1);
      else if (d.memory === 0) w.u32(0).bytes(d.offsetExpr!);
      else w.u32(2).u32(d.memory).bytes(d.offsetExpr!);
      w.framed(d.bytes);
    }
    section(out, SectionId.Data, w);
  }
  return out.finish();
}

/** Encodes the local declarations of a body followed by `code`. */
export function encodeBody(locals: Body["locals"], code: Uint8Array): Uint8Array {
  const w = new ByteWriter(code.length + 16).u32(locals.length);
  for (const l of locals) w.u32(l.count).byte(l.type);
  return w.bytes(code).finish();
}
