// The tests' side of arkworks' BN254 encodings (ark-serialize 0.4.2, ark-ec 0.4.2): writing points,
// Fq12 values and a Groth16 PreparedVerifyingKey as rusk's node reads them, plus the vectors file.
// The writer is checked against Aptos's ark-bn254 serializations in tests/dusk/groth16.test.ts.
import { bn254 } from "@noble/curves/bn254.js";
import type { Fp2, Fp12 } from "@noble/curves/abstract/tower.js";
import { vectorJson } from "./paths.js";

const { Fp, Fp2: F2, Fp12: F12 } = bn254.fields;
export const Q = Fp.ORDER;
export const R = bn254.fields.Fr.ORDER;

export type G1 = { x: bigint; y: bigint } | null;
export type G2 = { x: Fp2; y: Fp2 } | null;
export type Coeff = readonly [Fp2, Fp2, Fp2];

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
export const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};

/** A little-endian 32-byte integer. */
export function le(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}
export function fromLe(b: Uint8Array | string): bigint {
  const bytes = typeof b === "string" ? unhex(b) : b;
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}
export const fq2 = (c0: bigint, c1: bigint): Fp2 => F2.fromBigTuple([c0, c1]);
export const fq2Hex = ([c0, c1]: string[]): Fp2 => fq2(fromLe(c0), fromLe(c1));

/** ark's SWFlags bit for y: set (0x80) when y is the larger root, by ark's order (Fq2: c1, then c0). */
function negative(y: bigint | Fp2): boolean {
  if (typeof y === "bigint") return y > Fp.neg(y);
  const n = F2.neg(y);
  return y.c1 !== n.c1 ? y.c1 > n.c1 : y.c0 > n.c0;
}

function withFlag(b: Uint8Array, flag: number): Uint8Array {
  b[b.length - 1] |= flag;
  return b;
}

export function encodeG1(p: G1, compressed: boolean): Uint8Array {
  if (p === null) return withFlag(new Uint8Array(compressed ? 32 : 64), 0x40);
  const flag = negative(p.y) ? 0x80 : 0;
  return compressed ? withFlag(le(p.x), flag) : withFlag(cat(le(p.x), le(p.y)), flag);
}

export const encodeFq2 = (a: Fp2): Uint8Array => cat(le(a.c0), le(a.c1));

export function encodeG2(p: G2, compressed: boolean): Uint8Array {
  if (p === null) return withFlag(new Uint8Array(compressed ? 64 : 128), 0x40);
  const flag = negative(p.y) ? 0x80 : 0;
  return compressed ? withFlag(encodeFq2(p.x), flag) : withFlag(cat(encodeFq2(p.x), encodeFq2(p.y)), flag);
}

export function encodeFq12(f: Fp12): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c6 of [f.c0, f.c1]) for (const c2 of [c6.c0, c6.c1, c6.c2]) parts.push(encodeFq2(c2));
  return cat(...parts);
}

export function u64(n: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

export function encodeG2Prepared(coeffs: readonly Coeff[], infinity: boolean): Uint8Array {
  return cat(u64(coeffs.length), ...coeffs.flatMap((c) => c.map(encodeFq2)), Uint8Array.of(infinity ? 1 : 0));
}

export interface PvkParts {
  alpha: G1;
  beta: G2;
  gamma: G2;
  delta: G2;
  gammaAbc: G1[];
  alphaBeta: Fp12;
  gammaNeg: { coeffs: readonly Coeff[]; infinity: boolean };
  deltaNeg: { coeffs: readonly Coeff[]; infinity: boolean };
}

/** ark-groth16's PreparedVerifyingKey, serialize_uncompressed. */
export function encodePvk(k: PvkParts): Uint8Array {
  return cat(
    encodeG1(k.alpha, false),
    encodeG2(k.beta, false),
    encodeG2(k.gamma, false),
    encodeG2(k.delta, false),
    u64(k.gammaAbc.length),
    ...k.gammaAbc.map((p) => encodeG1(p, false)),
    encodeFq12(k.alphaBeta),
    encodeG2Prepared(k.gammaNeg.coeffs, k.gammaNeg.infinity),
    encodeG2Prepared(k.deltaNeg.coeffs, k.deltaNeg.infinity),
  );
}

export const g1Point = (p: G1) => (p === null ? bn254.G1.Point.ZERO : bn254.G1.Point.fromAffine(p));
export const g2Point = (p: G2) => (p === null ? bn254.G2.Point.ZERO : bn254.G2.Point.fromAffine(p));
export const g1Affine = (p: InstanceType<typeof bn254.G1.Point>): G1 => (p.is0() ? null : p.toAffine());
export const g2Affine = (p: InstanceType<typeof bn254.G2.Point>): G2 => (p.is0() ? null : p.toAffine());
export const negG2 = (p: G2): G2 => (p === null ? null : { x: p.x, y: F2.neg(p.y) });

/** ark-groth16's `prepare_inputs`: γ_abc[0] + Σ sᵢ·γ_abc[i+1]. */
export function prepareInputs(gammaAbc: G1[], inputs: bigint[]): G1 {
  let acc = g1Point(gammaAbc[0]);
  inputs.forEach((s, i) => (acc = acc.add(g1Point(gammaAbc[i + 1]).multiplyUnsafe(s))));
  return g1Affine(acc);
}

/** The shape of tests/vectors/groth16-bn254.json (origins inside it and in tests/vectors/README.md). */
export interface Groth16Vectors {
  aptos: Record<string, string>;
  sui_prepare: Record<string, string>;
  sui_verify: Record<string, string>;
  light: {
    vk: { alpha_g1: string[]; beta_g2: string[][]; gamma_g2: string[][]; delta_g2: string[][]; gamma_abc_g1: string[][] };
    gamma_g2_neg_pc: string[][];
    delta_g2_neg_pc: string[][];
    alpha_g1_beta_g2: string;
    deposit: LightProof;
    deposit_with_wrong_proof: LightProof;
  };
}
export interface LightProof {
  inputs: string[];
  a: string[];
  b: string[][];
  c: string[];
}
export const VECTORS = vectorJson<Groth16Vectors>("groth16-bn254.json");

export const lightG1 = ([x, y]: string[]): G1 => ({ x: fromLe(x), y: fromLe(y) });
export const lightG2 = ([x, y]: string[][]): G2 => ({ x: fq2Hex(x), y: fq2Hex(y) });

/** Light's hardcoded coefficients are Montgomery limbs: the value is the limbs times R⁻¹ mod q. */
const MONT_INV = Fp.inv((1n << 256n) % Q);
export const lightCoeffs = (rows: string[][]): Coeff[] =>
  rows.map((r) => {
    const v = r.map((h) => Fp.mul(fromLe(h), MONT_INV));
    return [fq2(v[0], v[1]), fq2(v[2], v[3]), fq2(v[4], v[5])] as const;
  });

/** Light's prepared key as its source hardcodes it: ark's coefficients for -γ and -δ, its e(α, β). */
export function lightPvkParts(): PvkParts {
  const L = VECTORS.light;
  return {
    alpha: lightG1(L.vk.alpha_g1),
    beta: lightG2(L.vk.beta_g2),
    gamma: lightG2(L.vk.gamma_g2),
    delta: lightG2(L.vk.delta_g2),
    gammaAbc: L.vk.gamma_abc_g1.map(lightG1),
    alphaBeta: F12.fromBigTwelve(Array.from({ length: 12 }, (_, i) => fromLe(L.alpha_g1_beta_g2.slice(64 * i, 64 * i + 64))) as Parameters<typeof F12.fromBigTwelve>[0]),
    gammaNeg: { coeffs: lightCoeffs(L.gamma_g2_neg_pc), infinity: false },
    deltaNeg: { coeffs: lightCoeffs(L.delta_g2_neg_pc), infinity: false },
  };
}

/** Light's proof with its inputs folded, in the byte forms rusk's query takes (proof and inputs compressed). */
export function lightProofBytes(p: LightProof): { proof: Uint8Array; inputs: Uint8Array } {
  const vk = VECTORS.light.vk;
  const prepared = prepareInputs(vk.gamma_abc_g1.map(lightG1), p.inputs.map(fromLe));
  return {
    proof: cat(encodeG1(lightG1(p.a), true), encodeG2(lightG2(p.b), true), encodeG1(lightG1(p.c), true)),
    inputs: encodeG1(prepared, true),
  };
}

export const F = { Fp, F2, F12 };
