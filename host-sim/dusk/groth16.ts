// Mirrors `verify_groth16_bn254` in rusk's vm/src/host_queries/mod.rs (rusk fd3c735c) over
// ark-groth16 0.4.0 (data_structures.rs, verifier.rs): the PreparedVerifyingKey read uncompressed,
// the Proof and the prepared public inputs (a G1Projective) read compressed, all with Validate::Yes,
// then `verify_proof_with_prepared_inputs`. Any refusal along the way is rusk's `false`.
import { bn254 } from "@noble/curves/bn254.js";
import type { Fp12 } from "@noble/curves/abstract/tower.js";
import { ArkDeserializeError, ArkReader, type G1Affine, type G2Affine } from "./ark-serialize.js";
import { finalExponentiation, multiMillerLoop, prepareG2, type EllCoeff, type G2Prepared } from "./bn254-pairing.js";

/** ark-groth16's VerifyingKey. */
export interface VerifyingKey {
  alphaG1: G1Affine;
  betaG2: G2Affine;
  gammaG2: G2Affine;
  deltaG2: G2Affine;
  gammaAbcG1: G1Affine[];
}

/** ark-groth16's PreparedVerifyingKey: the key, e(α, β), and -γ and -δ prepared for pairings. */
export interface PreparedVerifyingKey {
  vk: VerifyingKey;
  alphaG1BetaG2: Fp12;
  gammaG2NegPc: G2Prepared;
  deltaG2NegPc: G2Prepared;
}

/** ark-groth16's Proof. */
export interface Proof {
  a: G1Affine;
  b: G2Affine;
  c: G1Affine;
}

function readG2Prepared(r: ArkReader, what: string): G2Prepared {
  // The coefficients are plain field elements: nothing ties them to a point of G2.
  const ellCoeffs = r.vec<EllCoeff>(`${what}.ell_coeffs`, (w) => [r.fq2(`${w}.0`), r.fq2(`${w}.1`), r.fq2(`${w}.2`)]);
  return { ellCoeffs, infinity: r.bool(`${what}.infinity`) };
}

/** `PreparedVerifyingKey::deserialize_uncompressed`: the derived struct, field by field. */
export function readPreparedVerifyingKey(bytes: Uint8Array): PreparedVerifyingKey {
  const r = new ArkReader(bytes);
  const vk: VerifyingKey = {
    alphaG1: r.g1("vk.alpha_g1", false),
    betaG2: r.g2("vk.beta_g2", false),
    gammaG2: r.g2("vk.gamma_g2", false),
    deltaG2: r.g2("vk.delta_g2", false),
    gammaAbcG1: r.vec("vk.gamma_abc_g1", (w) => r.g1(w, false)),
  };
  return {
    vk,
    alphaG1BetaG2: r.fq12("alpha_g1_beta_g2"),
    gammaG2NegPc: readG2Prepared(r, "gamma_g2_neg_pc"),
    deltaG2NegPc: readG2Prepared(r, "delta_g2_neg_pc"),
  };
}

/** `Proof::deserialize_compressed`. */
export function readProof(bytes: Uint8Array): Proof {
  const r = new ArkReader(bytes);
  return { a: r.g1("proof.a", true), b: r.g2("proof.b", true), c: r.g1("proof.c", true) };
}

/** `G1Projective::deserialize_compressed`: the public inputs already folded into one point. */
export function readPreparedInputs(bytes: Uint8Array): G1Affine {
  return new ArkReader(bytes).g1("inputs", true);
}

/**
 * ark-groth16's `verify_proof_with_prepared_inputs`: e(A, B)·e(inputs, -γ)·e(C, -δ) compared with the
 * key's stored e(α, β). A Miller-loop value of zero is ark's UnexpectedIdentity error, rusk's false.
 * Throws ArkworksPanic where ark panics (a prepared key with too few coefficients).
 */
export function verifyWithPreparedInputs(pvk: PreparedVerifyingKey, proof: Proof, inputs: G1Affine): boolean {
  const f = multiMillerLoop([
    [proof.a, prepareG2(proof.b)],
    [inputs, pvk.gammaG2NegPc],
    [proof.c, pvk.deltaG2NegPc],
  ]);
  const test = finalExponentiation(f);
  return test !== null && bn254.fields.Fp12.eql(test, pvk.alphaG1BetaG2);
}

/** rusk's `verify_groth16_bn254(pvk, proof, inputs)`: false for anything arkworks refuses to read. */
export function verifyGroth16Bn254(pvk: Uint8Array, proof: Uint8Array, inputs: Uint8Array): boolean {
  let key: PreparedVerifyingKey;
  let p: Proof;
  let i: G1Affine;
  try {
    key = readPreparedVerifyingKey(pvk);
    p = readProof(proof);
    i = readPreparedInputs(inputs);
  } catch (e) {
    if (e instanceof ArkDeserializeError) return false;
    throw e;
  }
  return verifyWithPreparedInputs(key, p, i);
}
