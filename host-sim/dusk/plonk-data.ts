// Mirrors dusk-plonk 0.22.0-rc.0 (plonk 55083f9, as rusk 264c1ec pins) src/compiler/verifier.rs
// `Verifier::try_from_bytes`, src/proof_system/widget.rs and src/commitment_scheme/kzg10/key.rs
// (the verifier key and opening key), src/proof_system/proof.rs `Proof::from_slice`: the two blobs
// verify_plonk takes, read as dusk-bytes reads them (points compressed, subgroup-checked).
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { DuskQueryPanic } from "./errors.js";
import { BLS_SCALAR_MODULUS } from "./scalar.js";
import { bytesToNumberBE, bytesToNumberLE } from "@noble/curves/utils.js";

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
export type G1Point = InstanceType<typeof G1>;
export type G2Point = InstanceType<typeof G2>;

/** A G1 commitment with the 48 bytes it was read from (the transcript absorbs those). */
export interface Commitment {
  point: G1Point;
  bytes: Uint8Array;
}

/** The 15 commitments of `VerifierKey` in their serialized order, and its circuit size `n`. */
export const VK_COMMITMENTS = [
  "q_m", "q_l", "q_r", "q_o", "q_f", "q_c", "q_arith", "q_logic", "q_range",
  "q_fixed_group_add", "q_variable_group_add", "s_sigma_1", "s_sigma_2", "s_sigma_3", "s_sigma_4",
] as const;
export type VkCommitment = (typeof VK_COMMITMENTS)[number];

export interface VerifierData {
  label: Uint8Array;
  n: bigint;
  vk: Record<VkCommitment, Commitment>;
  g: G1Point;
  h: G2Point;
  xH: G2Point;
  publicInputIndexes: bigint[];
  /** The `size` the dense public inputs are laid out in (padded circuit size). */
  size: bigint;
  constraints: bigint;
}

/** `Proof`'s 11 commitments and 15 evaluations, in their serialized order. */
export const PROOF_COMMITMENTS = [
  "a", "b", "c", "d", "z", "t_low", "t_mid", "t_high", "t_fourth", "w_z", "w_zw",
] as const;
export const PROOF_EVALUATIONS = [
  "a", "b", "c", "d", "a_w", "b_w", "d_w", "q_arith", "q_c", "q_l", "q_r", "s_sigma_1", "s_sigma_2", "s_sigma_3", "z",
] as const;

export interface Proof {
  comm: Record<(typeof PROOF_COMMITMENTS)[number], Commitment>;
  eval: Record<(typeof PROOF_EVALUATIONS)[number], bigint>;
}

/** `VerifierKey::SIZE`: room for 20 commitments and n, of which 15 commitments are read. */
const VK_SIZE = 20 * 48 + 8;
/** `OpeningKey::SIZE`: g (G1), h and x·h (G2). */
const OPENING_KEY_SIZE = 48 + 2 * 96;
export const PROOF_SIZE = 11 * 48 + 15 * 32;
const U64 = 1n << 64n;

/** dusk-bls12_381's `G1Affine::from_bytes`: ZCash's compressed form, on the curve, in the subgroup. */
function g1(bytes: Uint8Array): Commitment | undefined {
  try {
    // noble refuses what `from_compressed` refuses: no compression flag, infinity with a sort flag
    // or a non-zero x, x ≥ p, no square root, outside the prime-order subgroup.
    return { point: G1.fromBytes(bytes), bytes };
  } catch {
    return undefined;
  }
}

function g2(bytes: Uint8Array): G2Point | undefined {
  try {
    return G2.fromBytes(bytes);
  } catch {
    return undefined;
  }
}

const be64 = (b: Uint8Array, at: number): bigint => bytesToNumberBE(b.subarray(at, at + 8));
const le64 = (b: Uint8Array, at: number): bigint => bytesToNumberLE(b.subarray(at, at + 8));

/** dusk-bls12_381's `BlsScalar::from_bytes`: 32 little-endian bytes below r. */
function scalar(b: Uint8Array, at: number): bigint | undefined {
  const n = bytesToNumberLE(b.subarray(at, at + 32));
  return n < BLS_SCALAR_MODULUS ? n : undefined;
}

/** A slice `&bytes[..len]` whose length came from the blob: Rust panics when it runs past the end. */
function take(bytes: Uint8Array, at: number, len: bigint, what: string): Uint8Array {
  if (len > BigInt(bytes.length - at)) throw new DuskQueryPanic(`dusk-plonk: the verifier data's ${what} length ${len} runs past its end (the node's slice index panics)`);
  return bytes.subarray(at, at + Number(len));
}

/**
 * `Verifier::try_from_bytes`: six big-endian u64 (label, verifier-key and opening-key lengths,
 * public-input count, size, constraints), then those parts. undefined where it returns an error.
 * The length check adds the lengths with usize's wrapping arithmetic (rusk's release build has no
 * overflow checks), so lengths that wrap pass it and then panic on the slice, as the node does.
 */
export function readVerifierData(bytes: Uint8Array): VerifierData | undefined {
  if (bytes.length < 48) return undefined;
  const [labelLen, vkLen, okLen, piCount, size, constraints] = [0, 8, 16, 24, 32, 40].map((at) => be64(bytes, at));
  const piLen = (piCount * 8n) % U64;
  if (BigInt(bytes.length - 48) < (labelLen + vkLen + okLen + piLen) % U64) return undefined;
  let at = 48;
  const label = take(bytes, at, labelLen, "label");
  at += label.length;
  const vkBytes = take(bytes, at, vkLen, "verifier key");
  at += vkBytes.length;
  const okBytes = take(bytes, at, okLen, "opening key");
  at += okBytes.length;
  const piBytes = take(bytes, at, piLen, "public input index");

  if (vkBytes.length < VK_SIZE || okBytes.length < OPENING_KEY_SIZE) return undefined;
  // dusk-bytes writes u64 little-endian (the header above is plonk's own big-endian).
  const n = le64(vkBytes, 0);
  const vk = {} as Record<VkCommitment, Commitment>;
  for (const [i, name] of VK_COMMITMENTS.entries()) {
    const c = g1(vkBytes.subarray(8 + i * 48, 8 + (i + 1) * 48));
    if (!c) return undefined;
    vk[name] = c;
  }
  const g = g1(okBytes.subarray(0, 48));
  const h = g2(okBytes.subarray(48, 144));
  const xH = g2(okBytes.subarray(144, 240));
  if (!g || !h || !xH) return undefined;
  const publicInputIndexes: bigint[] = [];
  for (let i = 0; i + 8 <= piBytes.length; i += 8) publicInputIndexes.push(be64(piBytes, i));
  return { label, n, vk, g: g.point, h, xH, publicInputIndexes, size, constraints };
}

/** `Proof::from_slice`: at least 1,008 bytes (more are ignored), 11 G1 points then 15 scalars. */
export function readProof(bytes: Uint8Array): Proof | undefined {
  if (bytes.length < PROOF_SIZE) return undefined;
  const comm = {} as Proof["comm"];
  for (const [i, name] of PROOF_COMMITMENTS.entries()) {
    const c = g1(bytes.subarray(i * 48, (i + 1) * 48));
    if (!c) return undefined;
    comm[name] = c;
  }
  const evals = {} as Proof["eval"];
  for (const [i, name] of PROOF_EVALUATIONS.entries()) {
    const s = scalar(bytes, 11 * 48 + i * 32);
    if (s === undefined) return undefined;
    evals[name] = s;
  }
  return { comm, eval: evals };
}
