// A strict JSON (RFC 8259) reader and a writer for the data driver (docs/dusk.md, "The data driver").
// Hand-written rather than taken from npm: json-as (1.6) works through its own compiler transform over
// decorated classes (a second transform beside the contract one) and assemblyscript-json (1.1) reads
// numbers into i64/f64, where a u64 or u128 loses digits; both report bad input by throwing, which
// AssemblyScript turns into an abort (a trap here). The driver needs each number's digits, an error
// naming the place of every bad input, and never a trap.

/** What a JSON value is. */
export const enum JsonKind { Null, Bool, Number, String, Array, Object }

/** serde_json's recursion limit: deeper input is refused rather than overflowing the stack. */
const MAX_DEPTH = 128;

/** A parsed JSON value. A number keeps its text (integers are read from it at their own width). */
export class Json {
  kind: JsonKind = JsonKind.Null;
  flag: bool = false;
  /** A number's text or a string's value. */
  text: string = "";
  /** An array's items, or an object's values (in the order written). */
  items: Json[] = [];
  /** An object's keys, parallel to `items`. */
  keys: string[] = [];

  /** The value under `key` in an object, or null. */
  get(key: string): Json | null {
    const i = this.keys.indexOf(key);
    return i < 0 ? null : this.items[i];
  }

  /** How serde_json names this kind of value in its errors. */
  describe(): string {
    switch (this.kind) {
      case JsonKind.Null: return "null";
      case JsonKind.Bool: return this.flag ? "boolean `true`" : "boolean `false`";
      case JsonKind.Number: return "number " + this.text;
      case JsonKind.String: return "string " + quote(this.text);
      case JsonKind.Array: return "an array of " + this.items.length.toString();
      default: return "an object";
    }
  }
}

/** Parses `s` as one JSON value; on failure returns null and sets `error` (with line and column). */
export class JsonParser {
  error: string = "";
  private s: string;
  private i: i32 = 0;

  constructor(s: string) {
    this.s = s;
  }

  parse(): Json | null {
    const v = this.value(0);
    if (v === null) return null;
    this.ws();
    if (this.i < this.s.length) return this.fail("trailing characters");
    return v;
  }

  private fail(what: string): Json | null {
    if (this.error.length == 0) {
      let line = 1;
      let col = 1;
      for (let k = 0; k < this.i && k < this.s.length; k++) {
        if (this.s.charCodeAt(k) == 0x0a) { line++; col = 1; } else col++;
      }
      this.error = what + " at line " + line.toString() + " column " + col.toString();
    }
    return null;
  }

  private ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.i++;
    }
  }

  private peek(): i32 {
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }

  private word(w: string): bool {
    if (this.s.substr(this.i, w.length) != w) return false;
    this.i += w.length;
    return true;
  }

  private value(depth: i32): Json | null {
    if (depth > MAX_DEPTH) return this.fail("recursion limit exceeded");
    this.ws();
    const c = this.peek();
    const v = new Json();
    if (c == -1) return this.fail("EOF while parsing a value");
    if (c == 0x6e /* n */) {
      if (!this.word("null")) return this.fail("expected value");
      return v;
    }
    if (c == 0x74 /* t */ || c == 0x66 /* f */) {
      v.kind = JsonKind.Bool;
      v.flag = c == 0x74;
      if (!this.word(v.flag ? "true" : "false")) return this.fail("expected value");
      return v;
    }
    if (c == 0x22 /* " */) {
      const s = this.string();
      if (s === null) return null;
      v.kind = JsonKind.String;
      v.text = s;
      return v;
    }
    if (c == 0x5b /* [ */) {
      this.i++;
      v.kind = JsonKind.Array;
      this.ws();
      if (this.peek() == 0x5d) { this.i++; return v; }
      while (true) {
        const item = this.value(depth + 1);
        if (item === null) return null;
        v.items.push(item);
        this.ws();
        const d = this.peek();
        this.i++;
        if (d == 0x5d) return v;
        if (d != 0x2c) { this.i--; return this.fail(d == -1 ? "EOF while parsing a list" : "expected `,` or `]`"); }
      }
    }
    if (c == 0x7b /* { */) {
      this.i++;
      v.kind = JsonKind.Object;
      this.ws();
      if (this.peek() == 0x7d) { this.i++; return v; }
      while (true) {
        this.ws();
        if (this.peek() != 0x22) return this.fail(this.peek() == -1 ? "EOF while parsing an object" : "key must be a string");
        const key = this.string();
        if (key === null) return null;
        this.ws();
        if (this.peek() != 0x3a) return this.fail("expected `:`");
        this.i++;
        const item = this.value(depth + 1);
        if (item === null) return null;
        v.keys.push(key);
        v.items.push(item);
        this.ws();
        const d = this.peek();
        this.i++;
        if (d == 0x7d) return v;
        if (d != 0x2c) { this.i--; return this.fail(d == -1 ? "EOF while parsing an object" : "expected `,` or `}`"); }
      }
    }
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(v);
    return this.fail("expected value");
  }

  private digits(): i32 {
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c < 0x30 || c > 0x39) break;
      this.i++;
    }
    return this.i - start;
  }

  private number(v: Json): Json | null {
    const start = this.i;
    if (this.peek() == 0x2d) this.i++;
    const first = this.peek();
    const n = this.digits();
    if (n == 0) return this.fail("invalid number");
    if (first == 0x30 && n > 1) return this.fail("invalid number");
    if (this.peek() == 0x2e) {
      this.i++;
      if (this.digits() == 0) return this.fail("invalid number");
    }
    if (this.peek() == 0x65 || this.peek() == 0x45) {
      this.i++;
      if (this.peek() == 0x2b || this.peek() == 0x2d) this.i++;
      if (this.digits() == 0) return this.fail("invalid number");
    }
    v.kind = JsonKind.Number;
    v.text = this.s.substring(start, this.i);
    return v;
  }

  private hex4(): i32 {
    if (this.i + 4 > this.s.length) return -1;
    let x = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.s.charCodeAt(this.i + k);
      let d: i32;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
      else return -1;
      x = (x << 4) | d;
    }
    this.i += 4;
    return x;
  }

  private string(): string | null {
    this.i++; // the opening quote
    const parts = new Array<string>();
    let run = this.i;
    while (true) {
      if (this.i >= this.s.length) { this.fail("EOF while parsing a string"); return null; }
      const c = this.s.charCodeAt(this.i);
      if (c == 0x22) {
        parts.push(this.s.substring(run, this.i));
        this.i++;
        return parts.join("");
      }
      if (c < 0x20) { this.fail("control character (\\u0000-\\u001F) found while parsing a string"); return null; }
      if (c != 0x5c) { this.i++; continue; }
      parts.push(this.s.substring(run, this.i));
      this.i++;
      const e = this.peek();
      this.i++;
      if (e == 0x22) parts.push("\"");
      else if (e == 0x5c) parts.push("\\");
      else if (e == 0x2f) parts.push("/");
      else if (e == 0x62) parts.push("\b");
      else if (e == 0x66) parts.push("\f");
      else if (e == 0x6e) parts.push("\n");
      else if (e == 0x72) parts.push("\r");
      else if (e == 0x74) parts.push("\t");
      else if (e == 0x75) {
        const u = this.hex4();
        if (u < 0) { this.fail("invalid escape"); return null; }
        if (u >= 0xdc00 && u <= 0xdfff) { this.fail("lone trailing surrogate in hex escape"); return null; }
        if (u >= 0xd800 && u <= 0xdbff) {
          if (!this.word("\\u")) { this.fail("lone leading surrogate in hex escape"); return null; }
          const lo = this.hex4();
          if (lo < 0xdc00 || lo > 0xdfff) { this.fail("lone leading surrogate in hex escape"); return null; }
          parts.push(String.fromCharCodes([u, lo]));
        } else parts.push(String.fromCharCode(u));
      } else { this.i--; this.fail("invalid escape"); return null; }
      run = this.i;
    }
  }
}

const HEX = "0123456789abcdef";

/** `s` as a JSON string literal, escaped as serde_json does. */
export function quote(s: string): string {
  const parts = new Array<string>();
  parts.push("\"");
  let run = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    parts.push(s.substring(run, k));
    run = k + 1;
    if (c == 0x22) parts.push("\\\"");
    else if (c == 0x5c) parts.push("\\\\");
    else if (c == 0x08) parts.push("\\b");
    else if (c == 0x0c) parts.push("\\f");
    else if (c == 0x0a) parts.push("\\n");
    else if (c == 0x0d) parts.push("\\r");
    else if (c == 0x09) parts.push("\\t");
    else parts.push("\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
  }
  parts.push(s.substring(run));
  parts.push("\"");
  return parts.join("");
}

/** Collects compact JSON text (serde_json's `to_string` form: no spaces). */
export class JsonWriter {
  private parts: string[] = [];

  raw(text: string): void {
    this.parts.push(text);
  }

  str(s: string): void {
    this.parts.push(quote(s));
  }

  toString(): string {
    return this.parts.join("");
  }
}
