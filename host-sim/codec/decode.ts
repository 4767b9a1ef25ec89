import { decodeBTree } from "./btree.js";
import { CodecError } from "./errors.js";
import { layoutIn, type Layout } from "./layout.js";
import { scopeFor, type Scope } from "./scope.js";
import { isIntKind, type Field, type IntKind, type RType, type TypeDefs } from "./types.js";
import { isNullable } from "./values.js";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Deeper pointer nesting than this is refused rather than risking the JS stack. */
const MAX_DEPTH = 2048;
/** Zero-sized elements occupy no bytes, so their count (over the whole archive) is not bounded by the buffer. */
const MAX_ZST_ELEMENTS = 1 << 20;

/**
 * A validating reader that mirrors rkyv 0.7's `check_archived_root`
 * (ArchiveValidator): every relative pointer must land inside the buffer,
 * aligned (the buffer start counts as 16-aligned), and inside the current
 * subtree window. Claiming a child narrows the window to the bytes before it
 * while its own children are checked, then moves the window start past it,
 * so out-of-line data must appear in visiting order and never be shared.
 */
export class Decoder {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  readonly len: number;
  /** The subtree window [ws, we) in which the next claim must fall. */
  ws = 0;
  we: number;
  private depth = 0;
  private zstBudget = MAX_ZST_ELEMENTS;

  constructor(readonly scope: Scope, bytes: Uint8Array) {
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.len = bytes.byteLength;
    this.we = this.len;
  }

  layout(t: RType, path: string): Layout {
    return layoutIn(this.scope, t, path);
  }

  fail(detail: string, path: string): never {
    throw new CodecError(detail, path);
  }

  u8(at: number): number {
    return this.view.getUint8(at);
  }
  u16(at: number): number {
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    return this.view.getUint32(at, true);
  }
  i32(at: number): number {
    return this.view.getInt32(at, true);
  }
  /** Target of the relative pointer stored at `at`. */
  rel(at: number): number {
    return at + this.i32(at);
  }

  /** rkyv's bounds_check_ptr + bounds_check_layout. */
  checkPtr(target: number, size: number, align: number, path: string): void {
    if (target < 0 || target > this.len) this.fail(`pointer out of bounds: ${target} not in 0..${this.len}`, path);
    if (target % align !== 0) this.fail(`unaligned pointer: ${target} is not aligned to ${align}`, path);
    if (this.len - target < size) this.fail(`pointer overran buffer: ${size} bytes at ${target} exceed ${this.len}`, path);
  }

  /** checkPtr plus the subtree window check (check_subtree_ptr). */
  claim(target: number, size: number, align: number, path: string): void {
    this.checkPtr(target, size, align, path);
    if (size === 0) {
      if (target < this.ws || target > this.we) this.fail(`subtree pointer out of bounds: ${target} not in ${this.ws}..=${this.we}`, path);
    } else if (target < this.ws || target >= this.we) {
      this.fail(`subtree pointer out of bounds: ${target} not in ${this.ws}..${this.we} (children must follow earlier siblings' data and precede their parent)`, path);
    } else if (this.we - target < size) {
      this.fail(`subtree pointer overran range: ${size} bytes at ${target} pass ${this.we}`, path);
    }
  }

  /** Checks a child's subtree: window end moves to `root`; returns what popPrefix restores. */
  pushPrefix(root: number, end: number, path: string): [number, number] {
    if (++this.depth > MAX_DEPTH) this.fail(`archive nests deeper than ${MAX_DEPTH} pointers`, path);
    const saved: [number, number] = [end, this.we];
    this.we = root;
    return saved;
  }

  /** After a child: the window resumes right after the child object. */
  popPrefix(saved: [number, number]): void {
    this.depth--;
    this.ws = saved[0];
    this.we = saved[1];
  }

  /** B-tree node data: the window becomes [start, root). */
  pushSuffix(start: number, root: number, path: string): number {
    if (++this.depth > MAX_DEPTH) this.fail(`archive nests deeper than ${MAX_DEPTH} pointers`, path);
    const saved = this.ws;
    this.ws = start;
    this.we = root;
    return saved;
  }

  popSuffix(saved: number): void {
    this.depth--;
    this.we = this.ws;
    this.ws = saved;
  }

  private within<T>(target: number, size: number, align: number, path: string, read: () => T): T {
    this.claim(target, size, align, path);
    const saved = this.pushPrefix(target, target + size, path);
    const out = read();
    this.popPrefix(saved);
    return out;
  }

  private utf8(at: number, len: number, path: string): string {
    let ascii = len <= 32;
    for (let i = 0; ascii && i < len; i++) if (this.bytes[at + i]! >= 0x80) ascii = false;
    if (ascii) {
      let s = "";
      for (let i = 0; i < len; i++) s += String.fromCharCode(this.bytes[at + i]!);
      return s;
    }
    try {
      return utf8.decode(this.bytes.subarray(at, at + len));
    } catch {
      return this.fail(`invalid UTF-8 in ${len} string bytes at ${at}`, path);
    }
  }

  private int(kind: IntKind, at: number): number | bigint {
    const v = this.view;
    switch (kind) {
      case "u8": return v.getUint8(at);
      case "i8": return v.getInt8(at);
      case "u16": return v.getUint16(at, true);
      case "i16": return v.getInt16(at, true);
      case "u32": case "usize": return v.getUint32(at, true);
      case "i32": case "isize": return v.getInt32(at, true);
      case "u64": return v.getBigUint64(at, true);
      case "i64": return v.getBigInt64(at, true);
      case "u128": return (v.getBigUint64(at + 8, true) << 64n) | v.getBigUint64(at, true);
      case "i128": return (v.getBigInt64(at + 8, true) << 64n) | v.getBigUint64(at, true);
    }
  }

  private fields(fields: Field[], tuple: boolean | undefined, offsets: number[], at: number, path: string): unknown {
    if (fields.length === 0) return null;
    if (tuple) return fields.map((f, i) => this.value(f.type, at + offsets[i]!, `${path}.${f.name}`));
    const out: Record<string, unknown> = {};
    fields.forEach((f, i) => (out[f.name] = this.value(f.type, at + offsets[i]!, `${path}.${f.name}`)));
    return out;
  }

  private tag(at: number, count: number, what: string, path: string): number {
    const tag = this.u8(at);
    if (tag >= count) this.fail(`invalid tag for enum ${what}: ${tag}`, path);
    return tag;
  }

  private slice(of: RType, at: number, path: string): unknown {
    const target = this.rel(at);
    const len = this.u32(at + 4);
    const lay = this.layout(of, path);
    if (lay.size === 0 && (this.zstBudget -= len) < 0) this.fail(`more than ${MAX_ZST_ELEMENTS} zero-sized elements in one archive`, path);
    return this.within(target, len * lay.size, lay.align, path, () => {
      if (this.scope.resolve(of).kind === "u8") return this.bytes.slice(target, target + len);
      const out = new Array<unknown>(len);
      for (let i = 0; i < len; i++) out[i] = this.value(of, target + i * lay.size, `${path}[${i}]`);
      return out;
    });
  }

  /** Validates and reads the archived object of type `t` at `at` (whose bytes are known to be in bounds). */
  value(type: RType, at: number, path: string): unknown {
    const t = this.scope.resolve(type, path);
    switch (t.kind) {
      case "unit":
        return null;
      case "bool": {
        const b = this.u8(at);
        if (b > 1) this.fail(`check failed for bool: expected 0 or 1, found ${b}`, path);
        return b === 1;
      }
      case "f32":
        return this.view.getFloat32(at, true);
      case "f64":
        return this.view.getFloat64(at, true);
      case "char": {
        const c = this.u32(at);
        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) this.fail(`check failed for char: invalid value ${c}`, path);
        return String.fromCodePoint(c);
      }
      case "nonzero": {
        const n = this.int(t.of.kind, at);
        if (n === 0 || n === 0n) this.fail("check failed for NonZero: value is 0", path);
        return n;
      }
      case "string": {
        const last = this.u8(at + 7);
        if ((last & 0x80) === 0) {
          if (last > 7) this.fail(`inline string length ${last} exceeds 7`, path);
          return this.utf8(at, last, path);
        }
        const len = this.u32(at);
        // The string's offset is relative to the start of the string object.
        const target = at + this.i32(at + 4);
        return this.within(target, len, 1, path, () => this.utf8(target, len, path));
      }
      case "contractId":
        return this.bytes.slice(at, at + 32);
      case "vec": case "boxslice":
        return this.slice(t.of, at, path);
      case "array": {
        if (this.scope.resolve(t.of).kind === "u8") return this.bytes.slice(at, at + t.len);
        const size = this.layout(t.of, path).size;
        const out = new Array<unknown>(t.len);
        for (let i = 0; i < t.len; i++) out[i] = this.value(t.of, at + i * size, `${path}[${i}]`);
        return out;
      }
      case "box": {
        const lay = this.layout(t.of, path);
        const target = this.rel(at);
        return this.within(target, lay.size, lay.align, `${path}.*`, () => this.value(t.of, target, `${path}.*`));
      }
      case "option": {
        if (this.tag(at, 2, "Option", path) === 0) return null;
        const off = this.layout(t, path).variants![1]!.offsets[0]!;
        const inner = this.value(t.of, at + off, `${path}.some`);
        return isNullable(this.scope, t.of) ? { some: inner } : inner;
      }
      case "result": {
        const tag = this.tag(at, 2, "Result", path);
        const off = this.layout(t, path).variants![tag]!.offsets[0]!;
        return tag === 0 ? { ok: this.value(t.ok, at + off, `${path}.ok`) } : { err: this.value(t.err, at + off, `${path}.err`) };
      }
      case "tuple": {
        if (t.items.length === 0) return null;
        const offsets = this.layout(t, path).offsets!;
        const out = new Array<unknown>(t.items.length);
        // bytecheck ≥ 0.6.11 checks tuple members from the last to the first.
        for (let i = t.items.length - 1; i >= 0; i--) out[i] = this.value(t.items[i]!, at + offsets[i]!, `${path}[${i}]`);
        return out;
      }
      case "struct":
        return this.fields(t.fields, t.tuple, this.layout(t, path).offsets!, at, path);
      case "enum": {
        const tag = this.tag(at, t.variants.length, t.name, path);
        const variant = t.variants[tag]!;
        if (variant.fields.length === 0) return variant.name;
        const offsets = this.layout(t, path).variants![tag]!.offsets;
        return { variant: variant.name, fields: this.fields(variant.fields, variant.tuple, offsets, at, `${path}.${variant.name}`) };
      }
      case "map": {
        return new Map(decodeBTree(this, t.key, t.value, at, path));
      }
      case "set":
        return new Set(decodeBTree(this, t.of, { kind: "unit" }, at, path).map(([k]) => k));
      case "ref":
        return this.fail(`unresolved type name ${t.name}`, path);
      default:
        if (!isIntKind(t.kind)) return this.fail(`unknown type kind ${t.kind}`, path);
        return this.int(t.kind, at);
    }
  }

  /** check_archived_root: the root object ends the buffer. */
  root(t: RType): unknown {
    const lay = this.layout(t, "root");
    const at = this.len - lay.size;
    if (at < 0) this.fail(`archive of ${this.len} bytes is too short for a ${lay.size}-byte root`, "root");
    this.claim(at, lay.size, lay.align, "root");
    const saved = this.pushPrefix(at, at + lay.size, "root");
    const out = this.value(t, at, "root");
    this.popPrefix(saved);
    return out;
  }
}

/**
 * Validates `bytes` like rkyv's `check_archived_root::<T>` and returns the JS
 * value (see values.ts for the mapping). Any problem is a CodecError.
 */
export function decode(t: RType, bytes: Uint8Array, defs?: TypeDefs): unknown {
  const dec = new Decoder(scopeFor(t, defs), bytes);
  try {
    return dec.root(t);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new CodecError("archive nests too deeply to decode");
    throw e;
  }
}

