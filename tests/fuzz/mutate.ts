// Structure-aware mutations of wasm binaries for the module fuzzer: byte flips, truncation (often at
// a section boundary), random LEB128 values (section sizes, counts, indices, immediates), swapped,
// duplicated, dropped or foreign sections, and random splices.
import type { Random as Rng } from "../helpers/rng.js";

interface Section {
  id: number;
  start: number; // offset of the id byte
  body: number; // offset of the contents
  end: number;
}

/** Top-level sections of a module; stops quietly at the first malformed header. */
export function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let p = 8;
  while (p < b.length) {
    const start = p;
    const id = b[p++];
    let size = 0;
    let shift = 0;
    for (let i = 0; i < 5 && p < b.length; i++) {
      const x = b[p++];
      size += (x & 0x7f) * 2 ** shift;
      shift += 7;
      if ((x & 0x80) === 0) break;
    }
    const end = p + size;
    if (end > b.length) break;
    out.push({ id, start, body: p, end });
    p = end;
  }
  return out;
}

export function leb(value: number, padTo = 0): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0 || out.length + 1 < padTo) byte |= 0x80;
    out.push(byte);
  } while (v !== 0 || out.length < padTo);
  return out;
}

const INTERESTING = [0, 1, 2, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

function randomValue(r: Rng): number {
  return r.chance(0.6) ? r.pick(INTERESTING) : r.chance(0.5) ? r.int(64) : r.u32();
}

function concat(parts: Array<Uint8Array | number[]>): Uint8Array {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Re-serialises sections in a new order. */
function rebuild(b: Uint8Array, secs: Section[]): Uint8Array {
  return concat([b.subarray(0, 8), ...secs.map((s) => b.subarray(s.start, s.end))]);
}

export type MutationKind = "flip" | "truncate" | "leb" | "swap" | "dup" | "drop" | "foreign" | "splice" | "size" | "field";

export function mutate(b: Uint8Array, r: Rng, donors: Uint8Array[]): { bytes: Uint8Array; kinds: MutationKind[] } {
  let cur = b;
  const kinds: MutationKind[] = [];
  const rounds = 1 + (r.chance(0.3) ? r.int(3) : 0);
  for (let i = 0; i < rounds; i++) {
    const kind = r.pick<MutationKind>(["flip", "flip", "truncate", "leb", "leb", "swap", "dup", "drop", "foreign", "splice", "size", "field", "field", "field"]);
    kinds.push(kind);
    cur = apply(kind, cur, r, donors);
  }
  return { bytes: cur, kinds };
}

function apply(kind: MutationKind, b: Uint8Array, r: Rng, donors: Uint8Array[]): Uint8Array {
  const secs = sections(b);
  if (b.length === 0) return b;
  switch (kind) {
    case "flip": {
      const out = b.slice();
      const n = 1 + r.int(4);
      // Mostly past the header, where the interesting decoding happens.
      for (let i = 0; i < n; i++) {
        const at = b.length > 8 ? 8 + r.int(b.length - 8) : r.int(b.length);
        out[at] = r.chance(0.5) ? out[at] ^ (1 << r.int(8)) : r.int(256);
      }
      return out;
    }
    case "truncate": {
      if (secs.length && r.chance(0.5)) {
        const s = r.pick(secs);
        return b.slice(0, r.pick([s.start, s.body, s.body + r.int(s.end - s.body + 1), s.end - 1]));
      }
      return b.slice(0, r.int(b.length));
    }
    case "leb": {
      // Replace what may be a LEB at a random position inside a section with a random value.
      const at = secs.length ? r.pick(secs).body + r.int(4) : r.int(b.length);
      if (at >= b.length) return b;
      let len = 1;
      while (len < 5 && at + len - 1 < b.length && (b[at + len - 1] & 0x80) !== 0) len++;
      const v = leb(randomValue(r), r.chance(0.2) ? 5 : 0);
      return concat([b.subarray(0, at), v, b.subarray(Math.min(b.length, at + len))]);
    }
    case "size": {
      // A section whose declared size disagrees with its contents.
      if (!secs.length) return b;
      const s = r.pick(secs);
      const size = r.chance(0.5) ? s.end - s.body + (r.int(9) - 4) : randomValue(r);
      return concat([b.subarray(0, s.start + 1), leb(Math.max(0, size)), b.subarray(s.body)]);
    }
    case "swap": {
      if (secs.length < 2) return b;
      const i = r.int(secs.length);
      const j = r.int(secs.length);
      const order = secs.slice();
      [order[i], order[j]] = [order[j], order[i]];
      return rebuild(b, order);
    }
    case "dup": {
      if (!secs.length) return b;
      const order = secs.slice();
      const i = r.int(order.length);
      order.splice(r.int(order.length + 1), 0, order[i]);
      return rebuild(b, order);
    }
    case "drop": {
      if (!secs.length) return b;
      const order = secs.slice();
      order.splice(r.int(order.length), 1);
      return rebuild(b, order);
    }
    case "foreign": {
      // A section of another contract in place of (or next to) one of ours.
      const donor = r.pick(donors);
      const ds = sections(donor);
      if (!ds.length || !secs.length) return b;
      const d = r.pick(ds);
      const bytes = donor.subarray(d.start, d.end);
      const s = r.pick(secs);
      return concat([b.subarray(0, s.start), bytes, b.subarray(r.chance(0.5) ? s.end : s.start)]);
    }
    case "field":
      return field(b, secs, r);
    case "splice": {
      const at = r.int(b.length + 1);
      const drop = r.chance(0.5) ? r.int(8) : 0;
      return concat([b.subarray(0, at), r.bytes(1 + r.int(8)), b.subarray(Math.min(b.length, at + drop))]);
    }
  }
}

const NAMES = ["init", "A", "memory", "", "f", "c", "hq", "emit", "panic", "hdebug", "abort", "\u0000", "é"];

/**
 * Changes one semantic field and keeps the module well-formed, so that more mutants get past
 * compilation: memory limits, a constant in a global or data offset, an export's or import's name.
 */
function field(b: Uint8Array, secs: Section[], r: Rng): Uint8Array {
  const pick = (id: number) => secs.filter((s) => s.id === id);
  const choice = r.int(4);
  const replaceBody = (s: Section, body: Uint8Array | number[]) =>
    concat([b.subarray(0, s.start), [s.id, ...leb(body.length)], body, b.subarray(s.end)]);
  if (choice === 0 && pick(5).length) {
    // memory limits: min, optional max, both anywhere from 0 to past 4 GiB
    const lim = () => r.pick([0, 1, 2, 3, 17, 0x8000, 0xffff, 0x10000, 0x10001, r.int(100)]);
    const hasMax = r.chance(0.5);
    return replaceBody(pick(5)[0], [1, hasMax ? 1 : 0, ...leb(lim()), ...(hasMax ? leb(lim()) : [])]);
  }
  if (choice === 1) {
    // an i32.const immediate inside the global or data section (A's value, data offsets)
    const cands = [...pick(6), ...pick(11)];
    if (!cands.length) return b;
    const s = r.pick(cands);
    const spots: number[] = [];
    for (let i = s.body; i < s.end - 1; i++) if (b[i] === 0x41) spots.push(i + 1);
    if (!spots.length) return b;
    const at = r.pick(spots);
    let len = 1;
    while (at + len - 1 < s.end && (b[at + len - 1] & 0x80) !== 0) len++;
    const v = r.pick([0, -1, -64, 8, 0xfff0, 0x10000, 0x1fff8, 0x7fffffff, -0x80000000, r.int(0x30000)]);
    const enc: number[] = [];
    for (let x = BigInt(v); ; ) {
      const byte = Number(x & 0x7fn);
      x >>= 7n;
      const done = (x === 0n && (byte & 0x40) === 0) || (x === -1n && (byte & 0x40) !== 0);
      enc.push(done ? byte : byte | 0x80);
      if (done) break;
    }
    const body = concat([b.subarray(s.body, at), enc, b.subarray(at + len, s.end)]);
    return replaceBody(s, body);
  }
  // rename an export (choice 2) or an import's field (choice 3): the first name found in the section
  const s = pick(choice === 2 ? 7 : 2)[0];
  if (!s) return b;
  const p = s.body + (b[s.body] & 0x80 ? 2 : 1); // skip a small count
  const skipModule = choice === 3 ? 1 + b[p] : 0; // imports: module name first
  const at = p + skipModule;
  if (at >= s.end || b[at] & 0x80) return b;
  const name = new TextEncoder().encode(r.pick(NAMES));
  const body = concat([b.subarray(s.body, at), [name.length], name, b.subarray(at + 1 + b[at], s.end)]);
  return replaceBody(s, body);
}
