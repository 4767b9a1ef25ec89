// Mirrors dusk-poseidon 0.42.0-rc.0 (src/hash.rs, src/hades/*, assets/HOWTO.md) over dusk-safe 0.3.0's
// sponge (src/sponge.rs, `tag_input` in src/lib.rs): `Hash::digest(Domain::Other, inputs)`, the Hades
// permutation of width 5 (8 full rounds around 60 partial ones, x^5 S-box) inside a SAFE sponge of
// rate 4 and capacity 1. No npm package implements this pairing (other Poseidons use other constants,
// widths and paddings), so it is written here; the field arithmetic is limbs.ts's, exact on
// unreduced limbs, because contracts pass scalars as raw archived limbs.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { bytesToNumberLE } from "@noble/curves/utils.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { DuskQueryPanic } from "./errors.js";
import { FQ } from "./fq.js";
import { JUBJUB_ORDER } from "./jubjub.js";
import { hashToScalar } from "./scalar.js";

const WIDTH = 5;
const FULL_ROUNDS = 8;
const PARTIAL_ROUNDS = 60;
const ROUNDS = FULL_ROUNDS + PARTIAL_ROUNDS;
const Fr = bls12_381.fields.Fr;

/**
 * The 340 round constants as assets/arc.bin stores them (each constant's Montgomery limbs), derived
 * as its HOWTO says: a SHA-512 chain from "poseidon-for-plonk", each digest read as a 512-bit integer
 * mod r and added to the previous constant (the first to one).
 */
export function arcBin(): readonly bigint[] {
  const out: bigint[] = [];
  let bytes: Uint8Array = new TextEncoder().encode("poseidon-for-plonk");
  let prev = 1n;
  for (let i = 0; i < WIDTH * ROUNDS; i++) {
    bytes = sha512(bytes);
    prev = Fr.add(Fr.create(bytesToNumberLE(bytes)), prev);
    out.push(FQ.fromCanonical(prev));
  }
  return out;
}

/** The MDS matrix as assets/mds.bin stores it: the Cauchy matrix 1/(x_i + y_j), x_i = i, y_j = j + 5, in Montgomery limbs. */
export function mdsBin(): readonly (readonly bigint[])[] {
  return Array.from({ length: WIDTH }, (_, i) => Array.from({ length: WIDTH }, (_, j) => FQ.fromCanonical(Fr.inv(BigInt(i + j + WIDTH)))));
}

// dusk-poseidon loads both files with `BlsScalar::from_raw`, which takes limbs as a canonical value:
// the constants it computes with are the files' limbs times R (mod r), not the derived values.
// Derived at the first hash, not at import: every host-sim process imports this module.
let constants: { arc: bigint[]; mds: bigint[][] } | undefined;
function hades(): { arc: bigint[]; mds: bigint[][] } {
  constants ??= { arc: arcBin().map((c) => FQ.fromRaw(c)), mds: mdsBin().map((row) => row.map((c) => FQ.fromRaw(c))) };
  return constants;
}

function sbox(x: bigint): bigint {
  return FQ.mul(FQ.square(FQ.square(x)), x);
}

function round(state: bigint[], r: number, full: boolean, ARC: readonly bigint[], MDS: readonly (readonly bigint[])[]): void {
  for (let i = 0; i < WIDTH; i++) state[i] = FQ.add(state[i], ARC[r * WIDTH + i]);
  if (full) for (let i = 0; i < WIDTH; i++) state[i] = sbox(state[i]);
  else state[WIDTH - 1] = sbox(state[WIDTH - 1]);
  const mixed = new Array<bigint>(WIDTH).fill(0n);
  for (let j = 0; j < WIDTH; j++) for (let k = 0; k < WIDTH; k++) mixed[k] = FQ.add(mixed[k], FQ.mul(MDS[k][j], state[j]));
  state.splice(0, WIDTH, ...mixed);
}

/** The Hades permutation, in place, on five elements' Montgomery limbs. */
export function hadesPermute(state: bigint[]): void {
  const { arc, mds } = hades();
  let r = 0;
  for (let i = 0; i < FULL_ROUNDS / 2; i++) round(state, r++, true, arc, mds);
  for (let i = 0; i < PARTIAL_ROUNDS; i++) round(state, r++, false, arc, mds);
  for (let i = 0; i < FULL_ROUNDS / 2; i++) round(state, r++, true, arc, mds);
}

/** One call of a sponge's IO pattern. */
export type SpongeCall = { absorb: number } | { squeeze: number };

const ABSORB_FLAG = 0x8000_0000;

/**
 * dusk-safe's `tag_input`: consecutive absorbs (and consecutive squeezes) merged into one u32 each,
 * absorbs flagged by the top bit, big-endian, then the domain separator as a big-endian u64. The
 * pattern must start with an absorb, end with a squeeze and have no call of length 0 or ≥ 2^31.
 */
export function tagInput(pattern: readonly SpongeCall[], domainSep: bigint): Uint8Array | undefined {
  const lens = pattern.map((c) => ("absorb" in c ? c.absorb : c.squeeze));
  if (pattern.length === 0 || !("absorb" in pattern[0]) || !("squeeze" in pattern[pattern.length - 1])) return undefined;
  if (lens.some((n) => !Number.isInteger(n) || n <= 0 || n >= ABSORB_FLAG)) return undefined;
  const words: number[] = [ABSORB_FLAG];
  for (const call of pattern) {
    const last = words.length - 1;
    const absorbing = (words[last] & ABSORB_FLAG) !== 0;
    if ("absorb" in call) {
      if (absorbing) words[last] += call.absorb;
      else words.push(ABSORB_FLAG + call.absorb);
    } else if (!absorbing) words[last] += call.squeeze;
    else words.push(call.squeeze);
  }
  const out = new Uint8Array(words.length * 4 + 8);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0));
  view.setBigUint64(words.length * 4, domainSep);
  return out;
}

/**
 * A dusk-safe sponge run through a whole IO pattern: state [tag, 0, 0, 0, 0], each absorbed element
 * added at the next rate position (permuting first when the rate is full), each squeeze permuting
 * first whenever the previous call was an absorb or the rate is used up.
 */
export function sponge(tag: bigint, calls: readonly ({ absorb: readonly bigint[] } | { squeeze: number })[]): bigint[] {
  const rate = WIDTH - 1;
  const state = [tag, 0n, 0n, 0n, 0n];
  let posAbsorb = 0;
  let posSqueeze = 0;
  const output: bigint[] = [];
  for (const call of calls) {
    if ("absorb" in call) {
      for (const x of call.absorb) {
        if (posAbsorb === rate) {
          hadesPermute(state);
          posAbsorb = 0;
        }
        state[posAbsorb + 1] = FQ.add(state[posAbsorb + 1], x);
        posAbsorb++;
      }
      posSqueeze = rate;
    } else {
      for (let i = 0; i < call.squeeze; i++) {
        if (posSqueeze === rate) {
          hadesPermute(state);
          posSqueeze = 0;
          posAbsorb = 0;
        }
        output.push(state[posSqueeze + 1]);
        posSqueeze++;
      }
    }
  }
  return output;
}

/** `Domain::Other`'s domain separator. */
const DOMAIN_OTHER = 0n;

/**
 * `Hash::digest(Domain::Other, inputs)[0]` on the inputs' Montgomery limbs, giving the output's
 * limbs (unreduced when unreduced inputs make them so, as in the node). An empty input has no valid
 * IO pattern: dusk-poseidon's `expect` panics.
 */
export function poseidonDigest(inputs: readonly bigint[]): bigint {
  const tag = tagInput([{ absorb: inputs.length }, { squeeze: 1 }], DOMAIN_OTHER);
  if (!tag) throw new DuskQueryPanic("dusk-poseidon: no valid IO pattern for an empty input (the node's `expect` panics)");
  return sponge(FQ.fromCanonical(hashToScalar(tag)), [{ absorb: inputs }, { squeeze: 1 }])[0];
}

/** `finalize_truncated`'s mask: the low 250 bits. */
const TRUNCATION_MASK = (1n << 250n) - 1n;

/**
 * `Hash::digest_truncated(Domain::Other, inputs)[0]` as the jubjub scalar's value: the digest's
 * canonical value (its limbs Montgomery-reduced), masked to 250 bits, reduced mod jubjub's order.
 */
export function poseidonDigestTruncated(inputs: readonly bigint[]): bigint {
  return (FQ.reduce(poseidonDigest(inputs)) & TRUNCATION_MASK) % JUBJUB_ORDER;
}
