import { alignUp } from "./layout.js";

/**
 * An append-only byte buffer, like rkyv's BufferSerializer: positions only
 * grow, and fresh space is zero, so every padding byte comes out as 0.
 */
export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(end: number): void {
    if (end <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < end) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  padTo(align: number): void {
    const next = alignUp(this.pos, align);
    this.ensure(next);
    this.pos = next;
  }

  /** Claims `size` zeroed bytes at the current position and returns where they start. */
  reserve(size: number): number {
    const at = this.pos;
    this.ensure(at + size);
    this.pos = at + size;
    return at;
  }

  writeBytes(bytes: Uint8Array): number {
    const at = this.reserve(bytes.length);
    this.buf.set(bytes, at);
    return at;
  }

  setBytes(at: number, bytes: Uint8Array): void {
    this.buf.set(bytes, at);
  }

  setU8(at: number, v: number): void {
    this.view.setUint8(at, v);
  }
  setU16(at: number, v: number): void {
    this.view.setUint16(at, v, true);
  }
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v, true);
  }
  setI32(at: number, v: number): void {
    this.view.setInt32(at, v, true);
  }
  setF32(at: number, v: number): void {
    this.view.setFloat32(at, v, true);
  }
  setF64(at: number, v: number): void {
    this.view.setFloat64(at, v, true);
  }
  /** Writes the low `bytes` bytes of `v` (two's complement), little-endian. */
  setBig(at: number, v: bigint, bytes: number): void {
    let x = BigInt.asUintN(bytes * 8, v);
    if (bytes < 8) {
      const n = Number(x);
      if (bytes === 1) this.view.setUint8(at, n);
      else if (bytes === 2) this.view.setUint16(at, n, true);
      else this.view.setUint32(at, n, true);
      return;
    }
    for (let i = 0; i < bytes; i += 8) {
      this.view.setBigUint64(at + i, BigInt.asUintN(64, x), true);
      x >>= 64n;
    }
  }

  /** Relative pointer: the i32 at `at` holds `target - base`. */
  setRel(at: number, base: number, target: number): void {
    this.view.setInt32(at, target - base, true);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
