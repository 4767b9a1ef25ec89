// Mirrors merlin 3.0.0 (src/strobe.rs, src/transcript.rs), the transcript dusk-plonk draws its
// Fiat-Shamir challenges from: Merlin's framing over its own STROBE-128 subset (Keccak-f[1600],
// rate 166). @noble/hashes has the permutation but no STROBE, so the duplex is written here.
import { keccakP } from "@noble/hashes/sha3.js";
import { swap32IfBE, u32 } from "@noble/hashes/utils.js";

const STROBE_R = 166;
const FLAG_I = 1;
const FLAG_A = 1 << 1;
const FLAG_C = 1 << 2;
const FLAG_M = 1 << 4;
const FLAG_K = 1 << 5;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The STROBE-128 operations Merlin uses (meta-AD, AD, PRF), as merlin's `Strobe128`. */
class Strobe128 {
  private constructor(
    private readonly state: Uint8Array,
    private pos: number,
    private posBegin: number,
    private curFlags: number,
  ) {}

  static create(protocolLabel: Uint8Array): Strobe128 {
    const st = new Uint8Array(200);
    st.set([1, STROBE_R + 2, 1, 0, 1, 96], 0);
    st.set(utf8("STROBEv1.0.2"), 6);
    permute(st);
    const s = new Strobe128(st, 0, 0, 0);
    s.metaAd(protocolLabel, false);
    return s;
  }

  clone(): Strobe128 {
    return new Strobe128(this.state.slice(), this.pos, this.posBegin, this.curFlags);
  }

  metaAd(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more);
    this.absorb(data);
  }

  ad(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_A, more);
    this.absorb(data);
  }

  prf(out: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_I | FLAG_A | FLAG_C, more);
    for (let i = 0; i < out.length; i++) {
      out[i] = this.state[this.pos];
      this.state[this.pos] = 0;
      this.advance();
    }
  }

  private runF(): void {
    this.state[this.pos] ^= this.posBegin;
    this.state[this.pos + 1] ^= 0x04;
    this.state[STROBE_R + 1] ^= 0x80;
    permute(this.state);
    this.pos = 0;
    this.posBegin = 0;
  }

  private advance(): void {
    this.pos += 1;
    if (this.pos === STROBE_R) this.runF();
  }

  private absorb(data: Uint8Array): void {
    for (const b of data) {
      this.state[this.pos] ^= b;
      this.advance();
    }
  }

  private beginOp(flags: number, more: boolean): void {
    // Merlin only continues an operation with the same flags (its assert never fires from here).
    if (more) return;
    const oldBegin = this.posBegin;
    this.posBegin = this.pos + 1;
    this.curFlags = flags;
    this.absorb(Uint8Array.of(oldBegin, flags));
    if ((flags & (FLAG_C | FLAG_K)) !== 0 && this.pos !== 0) this.runF();
  }
}

/** Keccak-f[1600] on a 200-byte state held as bytes (lanes little-endian, as merlin's `transmute_state`). */
function permute(state: Uint8Array): void {
  const words = u32(state);
  swap32IfBE(words);
  keccakP(words);
  swap32IfBE(words);
}

function le32(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

/** A Merlin transcript: `Transcript::new`, `append_message`, `append_u64`, `challenge_bytes`. */
export class Transcript {
  private constructor(private readonly strobe: Strobe128) {}

  /** `Transcript::new(label)`: STROBE-128 keyed with "Merlin v1.0", then the label under "dom-sep". */
  static create(label: Uint8Array): Transcript {
    const t = new Transcript(Strobe128.create(utf8("Merlin v1.0")));
    t.appendMessage(utf8("dom-sep"), label);
    return t;
  }

  clone(): Transcript {
    return new Transcript(this.strobe.clone());
  }

  appendMessage(label: Uint8Array | string, message: Uint8Array): void {
    this.strobe.metaAd(typeof label === "string" ? utf8(label) : label, false);
    this.strobe.metaAd(le32(message.length), true);
    this.strobe.ad(message, false);
  }

  appendU64(label: Uint8Array | string, x: bigint): void {
    const b = new Uint8Array(8);
    for (let i = 0; i < 8; i++, x >>= 8n) b[i] = Number(x & 0xffn);
    this.appendMessage(label, b);
  }

  challengeBytes(label: Uint8Array | string, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.strobe.metaAd(typeof label === "string" ? utf8(label) : label, false);
    this.strobe.metaAd(le32(length), true);
    this.strobe.prf(out, false);
    return out;
  }
}
