// Mirrors ark-serialize 0.4.2's CanonicalDeserialize (u64, bool, Vec<T>) with ark-ff 0.4.2's field
// elements and ark-ec 0.4.2's short-Weierstrass points (models/short_weierstrass/mod.rs), as
// ark-bn254 0.4.0 instantiates them: the forms rusk's verify_groth16_bn254 reads with Validate::Yes.
import { bn254 } from "@noble/curves/bn254.js";
import type { Fp2, Fp12 } from "@noble/curves/abstract/tower.js";
import { bytesToNumberLE } from "@noble/curves/utils.js";

const { Fp, Fp2: F2, Fp12: F12 } = bn254.fields;
const P = Fp.ORDER;

/** A point of G1 in affine coordinates; null is the point at infinity. */
export type G1Affine = { x: bigint; y: bigint } | null;
/** A point of G2 (on the twist, over Fq2) in affine coordinates; null is the point at infinity. */
export type G2Affine = { x: Fp2; y: Fp2 } | null;

/** Why arkworks refuses the bytes (its SerializationError variants). */
export type ArkErrorKind = "IoError" | "InvalidData" | "UnexpectedFlags";

/** arkworks refuses the bytes: rusk then answers `false` without verifying anything. */
export class ArkDeserializeError extends Error {
  constructor(
    readonly kind: ArkErrorKind,
    message: string,
  ) {
    super(`${kind}: ${message}`);
    this.name = "ArkDeserializeError";
  }
}

/** ark-ec's SWFlags, kept in the two top bits of a coordinate's last byte. */
type SWFlag = "positive" | "negative" | "infinity";

/** y² = x³ + 3 on G1; y² = x³ + 3/(u+9) on the twist that holds G2 (ark-bn254's COEFF_B). */
const G1_B = 3n;
export const G2_B: Fp2 = F2.div(F2.fromBigTuple([3n, 0n]), F2.fromBigTuple([9n, 1n]));

/** Legendre symbol over Fq: whether `a` has a square root (0 counts). */
function fqIsSquare(a: bigint): boolean {
  return a === 0n || Fp.pow(a, (P - 1n) / 2n) === 1n;
}

/** ark-ff orders Fq2 by c1 first, then c0 (QuadExtField's Ord). */
function fq2Less(a: Fp2, b: Fp2): boolean {
  return a.c1 !== b.c1 ? a.c1 < b.c1 : a.c0 < b.c0;
}

/** ark-ec's `is_on_curve` for G1. */
export function g1OnCurve(x: bigint, y: bigint): boolean {
  return Fp.sqr(y) === Fp.add(Fp.mul(Fp.sqr(x), x), G1_B);
}

/** ark-ec's `is_on_curve` for G2. */
export function g2OnCurve(x: Fp2, y: Fp2): boolean {
  return F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), G2_B));
}

/**
 * ark-ec's default `is_in_correct_subgroup_assuming_on_curve` for G2 (ark-bn254 0.4.0 keeps it): [r]P
 * is the identity. Asked as [r-1]P = -P because noble multiplies by scalars below r only.
 */
export function g2InSubgroup(x: Fp2, y: Fp2): boolean {
  const p = bn254.G2.Point.fromAffine({ x, y });
  return p.multiplyUnsafe(bn254.fields.Fr.ORDER - 1n).equals(p.negate());
}

/**
 * Reads arkworks' canonical encodings from the start of a byte string. Bytes left over at the end
 * are never looked at, as with ark's `deserialize_*(&bytes[..])`.
 */
export class ArkReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  private take(n: number, what: string): Uint8Array {
    if (this.bytes.length - this.at < n) {
      throw new ArkDeserializeError("IoError", `${what} needs ${n} bytes at offset ${this.at}, ${this.bytes.length - this.at} left`);
    }
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** u64, little-endian: the length of every Vec. */
  u64(what: string): bigint {
    return bytesToNumberLE(this.take(8, what));
  }

  /** bool: one byte, 0 or 1. */
  bool(what: string): boolean {
    const b = this.take(1, what)[0];
    if (b > 1) throw new ArkDeserializeError("InvalidData", `${what} is the byte ${b}, not a bool (0 or 1)`);
    return b === 1;
  }

  /** Fq: 32 bytes little-endian below q (ark's `from_bigint`), no flags. */
  fq(what: string): bigint {
    return this.fqWithFlags(what, false)[0];
  }

  /**
   * Fq carrying SWFlags in the top two bits of its last byte (254-bit q leaves them free): 00 a
   * positive y, 10 a negative one, 01 the point at infinity; 11 is refused. The rest is the value.
   */
  private fqWithFlags(what: string, flags: boolean): [bigint, SWFlag] {
    const b = this.take(32, what);
    let top = b[31];
    let flag: SWFlag = "positive";
    if (flags) {
      const bits = top >> 6;
      if (bits === 3) throw new ArkDeserializeError("UnexpectedFlags", `${what} has both the negative-y and the infinity flag set`);
      flag = bits === 2 ? "negative" : bits === 1 ? "infinity" : "positive";
      top &= 0x3f;
    }
    const n = (BigInt(top) << 248n) | bytesToNumberLE(b.subarray(0, 31));
    if (n >= P) throw new ArkDeserializeError("InvalidData", `${what} is not below the BN254 base field modulus`);
    return [n, flag];
  }

  /** Fq2: c0 then c1, each an Fq. */
  fq2(what: string): Fp2 {
    return F2.fromBigTuple([this.fq(`${what}.c0`), this.fq(`${what}.c1`)]);
  }

  /** Fq2 with SWFlags on c1. */
  private fq2WithFlags(what: string): [Fp2, SWFlag] {
    const c0 = this.fq(`${what}.c0`);
    const [c1, flag] = this.fqWithFlags(`${what}.c1`, true);
    return [F2.fromBigTuple([c0, c1]), flag];
  }

  /** Fq12 (the pairing's target field): c0 then c1 in Fq6, each c0, c1, c2 in Fq2. */
  fq12(what: string): Fp12 {
    const c: bigint[] = [];
    for (let i = 0; i < 12; i++) c.push(this.fq(`${what}[${i}]`));
    return F12.fromBigTwelve(c as Parameters<typeof F12.fromBigTwelve>[0]);
  }

  /**
   * A G1 point: compressed, x with the flags (y recomputed: the smaller root for "positive");
   * uncompressed, x then y with the flags, where only the infinity flag counts. Validate::Yes adds
   * ark's `check`: on the curve (the subgroup test is [r]P = O, true of every point of E(Fq), whose
   * order is r).
   */
  g1(what: string, compressed: boolean): G1Affine {
    let x: bigint;
    let y: bigint;
    let flag: SWFlag;
    if (compressed) {
      [x, flag] = this.fqWithFlags(`${what}.x`, true);
      if (flag === "infinity") return null;
      const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), G1_B);
      if (!fqIsSquare(rhs)) throw new ArkDeserializeError("InvalidData", `${what}: no point of G1 has this x`);
      const root = Fp.sqrt(rhs);
      const neg = Fp.neg(root);
      const [small, large] = root < neg ? [root, neg] : [neg, root];
      y = flag === "positive" ? small : large;
    } else {
      x = this.fq(`${what}.x`);
      [y, flag] = this.fqWithFlags(`${what}.y`, true);
      if (flag === "infinity") return null;
    }
    if (!g1OnCurve(x, y)) throw new ArkDeserializeError("InvalidData", `${what} is not on the BN254 curve`);
    return { x, y };
  }

  /** A G2 point, as `g1` with Fq2 coordinates (flags on c1), checked on the twist and in G2. */
  g2(what: string, compressed: boolean): G2Affine {
    let x: Fp2;
    let y: Fp2;
    let flag: SWFlag;
    if (compressed) {
      [x, flag] = this.fq2WithFlags(`${what}.x`);
      if (flag === "infinity") return null;
      const rhs = F2.add(F2.mul(F2.sqr(x), x), G2_B);
      // An element of Fq2 = Fq(u), u² = -1, is a square exactly when its norm is one in Fq.
      if (!fqIsSquare(Fp.add(Fp.sqr(rhs.c0), Fp.sqr(rhs.c1)))) throw new ArkDeserializeError("InvalidData", `${what}: no point of the twist has this x`);
      const root = F2.sqrt(rhs);
      const neg = F2.neg(root);
      const [small, large] = fq2Less(root, neg) ? [root, neg] : [neg, root];
      y = flag === "positive" ? small : large;
    } else {
      x = this.fq2(`${what}.x`);
      [y, flag] = this.fq2WithFlags(`${what}.y`);
      if (flag === "infinity") return null;
    }
    if (!g2OnCurve(x, y)) throw new ArkDeserializeError("InvalidData", `${what} is not on BN254's G2 twist`);
    if (!g2InSubgroup(x, y)) throw new ArkDeserializeError("InvalidData", `${what} is on the twist but not in the order-r subgroup G2`);
    return { x, y };
  }

  /**
   * Vec<T>: a u64 count, then the items. ark reads the items unchecked and batch-checks them after,
   * which refuses exactly what checking each one does. A huge count just runs out of bytes.
   */
  vec<T>(what: string, item: (what: string) => T): T[] {
    const n = this.u64(`${what}'s length`);
    const out: T[] = [];
    for (let i = 0n; i < n; i++) out.push(item(`${what}[${i}]`));
    return out;
  }
}
