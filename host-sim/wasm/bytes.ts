// Mirrors no Piecrust file: the byte-level reader/writer for the wasm binary format that
// module validation and metering share (Piecrust gets this from wasmtime/wasmparser).

export class WasmDecodeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = "WasmDecodeError";
  }
}

export class ByteReader {
  pos: number;
  readonly end: number;

  constructor(readonly bytes: Uint8Array, start = 0, end = bytes.length) {
    this.pos = start;
    this.end = end;
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string): never {
    throw new WasmDecodeError(message, this.pos);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end of section");
    return this.bytes[this.pos++];
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4 && (b & 0x70) !== 0) this.fail("u32 LEB128 out of range");
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    this.fail("u32 LEB128 too long");
  }

  /** Signed LEB128 of at most `bits` bits, as a bigint. */
  private signed(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0, max = Math.ceil(bits / 7); i < max; i++) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 1n << shift;
        if (result < -(1n << BigInt(bits - 1)) || result >= 1n << BigInt(bits - 1)) this.fail(`s${bits} LEB128 out of range`);
        return result;
      }
    }
    this.fail(`s${bits} LEB128 too long`);
  }

  /** Signed LEB128 of at most `bits` ≤ 33 bits: the same rules as signed(), in doubles (exact here). */
  private signedNumber(bits: number): number {
    let result = 0;
    let scale = 1;
    for (let i = 0, max = Math.ceil(bits / 7); i < max; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= scale;
        if (result < -(2 ** (bits - 1)) || result >= 2 ** (bits - 1)) this.fail(`s${bits} LEB128 out of range`);
        return result;
      }
    }
    this.fail(`s${bits} LEB128 too long`);
  }

  /** Signed LEB128 of at most 32 bits. */
  s32(): number {
    return this.signedNumber(32);
  }

  /** Signed LEB128 of at most 33 bits (block types). */
  s33(): number {
    return this.signedNumber(33);
  }

  /** Signed LEB128 of at most 64 bits. */
  s64(): bigint {
    // up to 7 bytes (49 bits) the value is exact in a double and always in range
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return BigInt(b & 0x40 ? result - scale : result);
    }
    this.pos = start;
    return this.signed(64);
  }

  /** Skips a signed LEB128 of at most 64 bits, rejecting what s64() rejects. */
  skipS64(): void {
    const start = this.pos;
    for (let i = 0; i < 7; i++) if ((this.u8() & 0x80) === 0) return;
    this.pos = start;
    this.signed(64);
  }

  /**
   * Unsigned LEB128 of at most 64 bits as a double: exact below 2^53. A memory64 memarg offset is
   * one; any offset past 2^53 addresses far beyond host-sim's 4 GiB, where the access traps anyway.
   */
  u64Number(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
    this.fail("u64 LEB128 too long");
  }

  /** Unsigned LEB128 of at most 64 bits. */
  u64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    this.fail("u64 LEB128 too long");
  }

  take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) this.fail(`length ${n} runs past the end`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.take(n);
  }

  name(): string {
    const len = this.u32();
    const raw = this.take(len);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(raw);
    } catch {
      this.fail("name is not valid UTF-8");
    }
  }
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class ByteWriter {
  private buf: Uint8Array;
  len = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): this {
    this.ensure(1);
    this.buf[this.len++] = b;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  u32(value: number): this {
    let v = value >>> 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  /** Unsigned LEB128 of a u64 (memory64 limits). */
  u64(value: bigint): this {
    let v = BigInt.asUintN(64, value);
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) b |= 0x80;
      this.byte(b);
    } while (v !== 0n);
    return this;
  }

  s32(value: number): this {
    return this.sleb(value | 0);
  }

  s64(value: bigint): this {
    if (value >= -SAFE && value <= SAFE) return this.sleb(Number(value));
    let v = BigInt.asIntN(64, value);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  /** Signed LEB128 of a safe integer, in doubles: the same bytes as s64(BigInt(v)). */
  private sleb(value: number): this {
    let v = value;
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = (v - b) / 128;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.byte(done ? b : b | 0x80);
      if (done) return this;
    }
  }

  name(s: string): this {
    const raw = new TextEncoder().encode(s);
    return this.u32(raw.length).bytes(raw);
  }

  /** A length-prefixed chunk, as sections and function bodies are framed. */
  framed(content: Uint8Array): this {
    return this.u32(content.length).bytes(content);
  }

  /** Removes and returns what was written since `start`. */
  cut(start: number): Uint8Array {
    const out = this.buf.slice(start, this.len);
    this.len = start;
    return out;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
