// Mirrors nothing in Piecrust (wasmtime parses elements itself): the element segments host-sim reads
// to give table 0's functions their fuel-threaded twins in a table of their own (module.ts).
import { ByteReader, ByteWriter } from "./bytes.js";
import { Code } from "./ops.js";

/** An element segment in its simplest forms: a list of function indices. */
export interface FuncSegment {
  /** Active on table 0 at this constant offset; undefined for a passive or declarative segment. */
  offset?: number;
  funcs: number[];
}

/** The encodings of the element segment forms read here (the binary format's flags 0–3). */
const enum ElemForm {
  ActiveTable0 = 0,
  Passive = 1,
  ActiveTable = 2,
  Declarative = 3,
}

/** `elemkind` funcref, the only one the function-index forms have. */
const ELEMKIND_FUNCREF = 0x00;

/**
 * The element section's segments when every one lists function indices and every active one is
 * placed on table 0 at an `i32.const` offset (what AssemblyScript and Rust toolchains emit); null
 * otherwise, and then the caller keeps the module's calls through table 0 as they are.
 */
export function funcSegments(section: Uint8Array | undefined): FuncSegment[] | null {
  if (section === undefined) return [];
  const r = new ByteReader(section);
  const out: FuncSegment[] = [];
  for (let n = r.u32(); n > 0; n--) {
    const form = r.u32();
    let offset: number | undefined;
    if (form === ElemForm.ActiveTable0 || form === ElemForm.ActiveTable) {
      if (form === ElemForm.ActiveTable && r.u32() !== 0) return null;
      if (r.u8() !== Code.I32Const) return null;
      offset = r.s32();
      if (r.u8() !== Code.End) return null;
    } else if (form !== ElemForm.Passive && form !== ElemForm.Declarative) return null;
    if (form !== ElemForm.ActiveTable0 && r.u8() !== ELEMKIND_FUNCREF) return null;
    const funcs: number[] = [];
    for (let k = r.u32(); k > 0; k--) funcs.push(r.u32());
    out.push({ offset, funcs });
  }
  return r.eof ? out : null;
}

/** `section` with active segments appended that place `segments` on `table`. */
export function withSegments(section: Uint8Array | undefined, table: number, segments: ReadonlyArray<{ offset: number; funcs: readonly number[] }>): Uint8Array {
  const r = new ByteReader(section ?? new Uint8Array([0]));
  const count = r.u32();
  const w = new ByteWriter().u32(count + segments.length).bytes((section ?? new Uint8Array(0)).subarray(r.pos));
  for (const s of segments) {
    w.u32(ElemForm.ActiveTable).u32(table).byte(Code.I32Const).s32(s.offset).byte(Code.End).byte(ELEMKIND_FUNCREF);
    w.u32(s.funcs.length);
    for (const f of s.funcs) w.u32(f);
  }
  return w.finish();
}
