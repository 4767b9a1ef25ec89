// JSON ⇄ AssemblyScript values for the leaves of a contract's types, in the serde forms Dusk's
// drivers use (docs/dusk.md, "The JSON conventions"). The generated driver (transform/driver-source.ts)
// composes these for containers, structs and enums. A conversion that fails records the first
// problem with its path and returns a placeholder; the caller checks `failed()` before using it.

import { u128, i128 } from "as-bignum/assembly";
import { Json, JsonKind, JsonWriter } from "./json";
import { shortest } from "./shortest";
import { ContractId } from "../codec/contract-id";
import { Char } from "../codec/char";
import { Unit } from "../codec/unit";

let problem: string | null = null;

/** Clears the recorded problem (at the start of each driver call). */
export function resetProblem(): void {
  problem = null;
}

/** Whether a conversion failed since the last reset. */
export function failed(): bool {
  return problem !== null;
}

/** The first recorded problem ("" when none). */
export function problemText(): string {
  const p = problem;
  return p === null ? "" : p;
}

/** Records that the value at `path` is not what was expected (the first problem wins). */
export function fail(path: string, what: string): void {
  if (problem !== null) return;
  const text = (path.length ? "at " + path + ": " : "") + what;
  problem = text;
}

/** Records a type mismatch: "expected <type>, got <value>". */
export function expected(path: string, type: string, j: Json): void {
  fail(path, "expected " + type + ", got " + j.describe());
}

// --- unit, bool, strings ---------------------------------------------------------------------

export function unitFrom(j: Json, path: string): Unit {
  if (j.kind != JsonKind.Null) expected(path, "null for ()", j);
  return new Unit();
}

export function unitTo(w: JsonWriter): void {
  w.raw("null");
}

export function boolFrom(j: Json, path: string): bool {
  if (j.kind != JsonKind.Bool) expected(path, "a boolean", j);
  return j.flag;
}

export function boolTo(w: JsonWriter, v: bool): void {
  w.raw(v ? "true" : "false");
}

export function stringFrom(j: Json, path: string): string {
  if (j.kind != JsonKind.String) expected(path, "a string", j);
  return j.text;
}

export function stringTo(w: JsonWriter, v: string): void {
  w.str(v);
}

export function charFrom(j: Json, path: string): Char {
  const s = j.text;
  if (j.kind == JsonKind.String && s.length > 0) {
    const cp = <u32>s.codePointAt(0);
    if (s.length == (cp > 0xffff ? 2 : 1)) return new Char(cp);
  }
  expected(path, "a string of one character for char", j);
  return new Char(0);
}

export function charTo(w: JsonWriter, v: Char): void {
  w.str(String.fromCodePoint(<i32>v.code));
}

// --- floats ------------------------------------------------------------------------------------

export function f64From(j: Json, path: string): f64 {
  if (j.kind == JsonKind.Number) return parseFloat(j.text);
  if (j.kind == JsonKind.String) {
    if (j.text == "NaN") return NaN;
    if (j.text == "Infinity") return Infinity;
    if (j.text == "-Infinity") return -Infinity;
  }
  expected(path, "a number", j);
  return 0;
}

/**
 * serde_json's text of a float in a `Value`, as Dusk's drivers print it (host-sim's
 * codec/serde-float.ts is the same rule): shortest round-trip digits, "1.0" for whole numbers,
 * "-0.0", plain decimals for 1e-5 <= |v| < 1e16, else "1e-7" / "1e+16"; null when not finite.
 */
export function f64To(w: JsonWriter, v: f64): void {
  if (!isFinite(v)) {
    w.raw("null");
    return;
  }
  if (v == 0) {
    w.raw(reinterpret<i64>(v) < 0 ? "-0.0" : "0.0");
    return;
  }
  // AssemblyScript's own text ("1e+21", "0.000001", ...) read back into digits and a point is the
  // guess that shortest() corrects.
  const s = Math.abs(v).toString();
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.substring(0, e);
  const exp = e < 0 ? 0 : <i32>parseInt(s.substring(e + 1));
  const dot = mantissa.indexOf(".");
  const raw = mantissa.replace(".", "");
  let lead = 0;
  while (lead < raw.length && raw.charCodeAt(lead) == 0x30) lead++;
  const best = shortest(Math.abs(v), raw.substring(lead), (dot < 0 ? mantissa.length : dot) - lead + exp);
  // v = 0.digits × 10^kk
  const digits = best.digits;
  const kk = best.point;
  const k = kk - digits.length;
  let text: string;
  if (k >= 0 && kk <= 16) text = digits + "0".repeat(k) + ".0";
  else if (kk > 0 && kk <= 16) text = digits.substring(0, kk) + "." + digits.substring(kk);
  else if (kk > -5 && kk <= 0) text = "0." + "0".repeat(-kk) + digits;
  else text = digits.charAt(0) + (digits.length > 1 ? "." + digits.substring(1) : "") + "e" + (kk > 1 ? "+" : "") + (kk - 1).toString();
  w.raw(v < 0 ? "-" + text : text);
}

export function f32From(j: Json, path: string): f32 {
  return <f32>f64From(j, path);
}

/** An f32 prints as its f64 value: serde_json's `Number::from_f32` widens it (serde-float.ts). */
export function f32To(w: JsonWriter, v: f32): void {
  f64To(w, <f64>v);
}

// --- integers ----------------------------------------------------------------------------------

/** The decimal digits of an integer given as a JSON number or string, or null (problem recorded). */
function integerText(j: Json, path: string, type: string): string | null {
  if (j.kind == JsonKind.Number || j.kind == JsonKind.String) {
    const s = j.text;
    const neg = s.length > 0 && s.charCodeAt(0) == 0x2d;
    let ok = s.length > (neg ? 1 : 0);
    for (let k = neg ? 1 : 0; ok && k < s.length; k++) {
      const c = s.charCodeAt(k);
      ok = c >= 0x30 && c <= 0x39;
    }
    if (ok) return s;
  }
  expected(path, type + " as an integer (a JSON number or a decimal string)", j);
  return null;
}

/**
 * A decimal text's magnitude as a 128-bit (hi, lo) pair, or false when it exceeds 2^128 - 1. Four
 * 32-bit limbs, so that each step's product fits a u64.
 */
class Wide {
  limbs: StaticArray<u64> = new StaticArray<u64>(4);
  neg: bool = false;

  parse(s: string): bool {
    let k = 0;
    if (s.charCodeAt(0) == 0x2d) { this.neg = true; k = 1; }
    for (; k < s.length; k++) {
      let carry = <u64>(s.charCodeAt(k) - 0x30);
      for (let i = 0; i < 4; i++) {
        const x = this.limbs[i] * 10 + carry;
        this.limbs[i] = x & 0xffffffff;
        carry = x >> 32;
      }
      if (carry != 0) return false;
    }
    return true;
  }

  lo(): u64 { return this.limbs[0] | (this.limbs[1] << 32); }
  hi(): u64 { return this.limbs[2] | (this.limbs[3] << 32); }
  isZero(): bool { return (this.lo() | this.hi()) == 0; }
}

function outOfRange(path: string, type: string, s: string): void {
  fail(path, "integer " + s + " is out of range for " + type);
}

/** An integer of 8 to 64 bits (and usize/isize) from a JSON number or decimal string. */
export function intFrom<T>(j: Json, path: string, type: string): T {
  const s = integerText(j, path, type);
  if (s === null) return <T>0;
  const w = new Wide();
  const bits = <u64>(sizeof<T>() * 8);
  if (!w.parse(s) || w.hi() != 0) { outOfRange(path, type, s); return <T>0; }
  const mag = w.lo();
  if (isSigned<T>()) {
    const limit = <u64>1 << (bits - 1);
    if (w.neg ? mag > limit : mag >= limit) { outOfRange(path, type, s); return <T>0; }
    return <T>(w.neg ? -(<i64>mag) : <i64>mag);
  }
  if (w.neg && mag != 0) { outOfRange(path, type, s); return <T>0; }
  if (bits < 64 && mag >= (<u64>1 << bits)) { outOfRange(path, type, s); return <T>0; }
  return <T>mag;
}

/** Integers of 64 bits are decimal strings (JavaScript numbers lose precision past 2^53), smaller ones numbers. */
export function intTo<T>(w: JsonWriter, v: T): void {
  if (sizeof<T>() == 8) w.str(v.toString());
  else w.raw(v.toString());
}

export function u128From(j: Json, path: string): u128 {
  const s = integerText(j, path, "u128");
  if (s === null) return new u128();
  const w = new Wide();
  if (!w.parse(s) || (w.neg && !w.isZero())) { outOfRange(path, "u128", s); return new u128(); }
  return new u128(w.lo(), w.hi());
}

export function i128From(j: Json, path: string): i128 {
  const s = integerText(j, path, "i128");
  if (s === null) return new i128();
  const w = new Wide();
  const limitHi: u64 = <u64>1 << 63;
  const ok = w.parse(s) && (w.hi() < limitHi || (w.neg && w.hi() == limitHi && w.lo() == 0));
  if (!ok) { outOfRange(path, "i128", s); return new i128(); }
  let lo = w.lo();
  let hi = w.hi();
  if (w.neg) {
    // two's complement of the magnitude
    lo = ~lo + 1;
    hi = ~hi + (lo == 0 ? 1 : 0);
  }
  return new i128(lo, <i64>hi);
}

/** The decimal digits of the 128-bit magnitude (hi, lo). */
function decimal128(lo: u64, hi: u64): string {
  if (hi == 0) return lo.toString();
  const limbs = new StaticArray<u64>(4);
  limbs[0] = lo & 0xffffffff; limbs[1] = lo >> 32; limbs[2] = hi & 0xffffffff; limbs[3] = hi >> 32;
  const digits = new Array<string>();
  while ((limbs[0] | limbs[1] | limbs[2] | limbs[3]) != 0) {
    let rem: u64 = 0;
    for (let i = 3; i >= 0; i--) {
      const cur = (rem << 32) | limbs[i];
      limbs[i] = cur / 10;
      rem = cur % 10;
    }
    digits.push(String.fromCharCode(0x30 + <i32>rem));
  }
  return digits.reverse().join("");
}

export function u128To(w: JsonWriter, v: u128): void {
  w.str(decimal128(v.lo, v.hi));
}

export function i128To(w: JsonWriter, v: i128): void {
  if (v.hi >= 0) { w.str(decimal128(v.lo, <u64>v.hi)); return; }
  const lo = ~v.lo + 1;
  const hi = ~(<u64>v.hi) + (lo == 0 ? 1 : 0);
  w.str("-" + decimal128(lo, hi));
}

// --- bytes -------------------------------------------------------------------------------------

function hexDigit(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * Bytes from an array of numbers (serde's form of `Vec<u8>` / `[u8; N]`) or a hex string (with or
 * without `0x`; the form of `ContractId`). `len` >= 0 demands exactly that many bytes.
 */
export function bytesFrom(j: Json, path: string, type: string, len: i32): Uint8Array {
  let out: Uint8Array;
  if (j.kind == JsonKind.String) {
    let s = j.text;
    if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
    out = new Uint8Array(s.length >> 1);
    let ok = (s.length & 1) == 0;
    for (let k = 0; ok && k < out.length; k++) {
      const a = hexDigit(s.charCodeAt(2 * k));
      const b = hexDigit(s.charCodeAt(2 * k + 1));
      ok = a >= 0 && b >= 0;
      out[k] = <u8>((a << 4) | b);
    }
    if (!ok) { fail(path, "expected " + type + " as hex digits (whole bytes), got " + j.describe()); return new Uint8Array(0); }
  } else if (j.kind == JsonKind.Array) {
    out = new Uint8Array(j.items.length);
    for (let k = 0; k < out.length; k++) {
      out[k] = intFrom<u8>(j.items[k], path + "[" + k.toString() + "]", "u8");
      if (failed()) return new Uint8Array(0);
    }
  } else {
    expected(path, type + " (an array of byte numbers or a hex string)", j);
    return new Uint8Array(0);
  }
  if (len >= 0 && out.length != len) {
    fail(path, "expected " + len.toString() + " bytes for " + type + ", got " + out.length.toString());
    return new Uint8Array(len);
  }
  return out;
}

/** serde's form of a byte sequence: an array of numbers. */
export function bytesTo(w: JsonWriter, v: Uint8Array): void {
  const parts = new Array<string>(v.length);
  for (let k = 0; k < v.length; k++) parts[k] = v[k].toString();
  w.raw("[" + parts.join(",") + "]");
}

export function byteArrayFrom(j: Json, path: string, type: string, len: i32): StaticArray<u8> {
  const b = bytesFrom(j, path, type, len);
  const out = new StaticArray<u8>(len);
  memory.copy(changetype<usize>(out), b.dataStart, <usize>min(len, b.length));
  return out;
}

export function byteArrayTo(w: JsonWriter, v: StaticArray<u8>): void {
  const b = new Uint8Array(v.length);
  memory.copy(b.dataStart, changetype<usize>(v), v.length);
  bytesTo(w, b);
}

export function contractIdFrom(j: Json, path: string): ContractId {
  const b = bytesFrom(j, path, "ContractId", 32);
  return ContractId.fromPtr(b.dataStart);
}

const HEX = "0123456789abcdef";

/** A `ContractId` as piecrust-uplink's serde writes it: 64 lowercase hex digits, no prefix. */
export function contractIdTo(w: JsonWriter, v: ContractId): void {
  const parts = new Array<string>(32);
  for (let k = 0; k < 32; k++) {
    const b = <i32>v.bytes[k];
    parts[k] = HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  w.str(parts.join(""));
}

// --- structs, tuples and enums (used by the generated converters) -----------------------------

/** `path` extended by a field name. */
export function join(path: string, name: string): string {
  return path.length ? path + "." + name : name;
}

/** `path` extended by an index. */
export function at(path: string, k: i32): string {
  return path + "[" + k.toString() + "]";
}

/**
 * Checks that `j` is an object with no key outside `names` and none twice (serde's derive refuses
 * duplicates; unknown fields are refused here, as host-sim's codec does).
 */
export function fieldsKnown(j: Json, path: string, names: string[], what: string): bool {
  if (j.kind != JsonKind.Object) {
    expected(path, "an object with fields " + names.join(", ") + " for " + what, j);
    return false;
  }
  for (let k = 0; k < j.keys.length; k++) {
    const key = j.keys[k];
    if (!names.includes(key)) {
      fail(path, "unknown field `" + key + "` for " + what + ", expected one of " + names.join(", "));
      return false;
    }
    if (j.keys.indexOf(key) != k) {
      fail(path, "duplicate field `" + key + "` for " + what);
      return false;
    }
  }
  return true;
}

/** The value of field `name` in object `j`, or null with "missing field" recorded. */
export function field(j: Json, path: string, name: string, what: string): Json | null {
  const v = j.get(name);
  if (v === null) fail(path, "missing field `" + name + "` for " + what);
  return v;
}

/** Whether `j` is an array of exactly `n` items (a tuple or tuple struct); records the mismatch. */
export function tupleItems(j: Json, path: string, n: i32, what: string): bool {
  if (j.kind == JsonKind.Array && j.items.length == n) return true;
  expected(path, "an array of " + n.toString() + " for " + what, j);
  return false;
}

const UNIT_FORM = new Json();
let body: Json = UNIT_FORM;

/**
 * The variant index named by `j` in serde's externally tagged form: "Name" (a unit variant) or
 * {"Name": fields}; -1 with the problem recorded. `variantBody()` then gives the fields.
 */
export function variantOf(j: Json, path: string, names: string[], what: string): i32 {
  let name = "";
  if (j.kind == JsonKind.String) {
    name = j.text;
    body = UNIT_FORM;
  } else if (j.kind == JsonKind.Object && j.keys.length == 1) {
    name = j.keys[0];
    body = j.items[0];
  } else {
    expected(path, "\"Variant\" or {\"Variant\": …} for enum " + what, j);
    return -1;
  }
  const v = names.indexOf(name);
  if (v < 0) fail(path, "unknown variant `" + name + "` of " + what + ", expected one of " + names.join(", "));
  return v;
}

/** The fields given with the variant, for a variant that has some (records a bare "Name"). */
export function variantBody(path: string, name: string): Json | null {
  if (body == UNIT_FORM) {
    fail(path, "variant `" + name + "` has fields: expected {\"" + name + "\": …}");
    return null;
  }
  return body;
}

/** Checks that a unit variant came as "Name" or {"Name": null}. */
export function unitVariant(path: string, name: string): void {
  if (body != UNIT_FORM && body.kind != JsonKind.Null) fail(path, "variant `" + name + "` has no fields, got " + body.describe());
}
