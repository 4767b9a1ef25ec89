// Mirrors rusk 264c1ec's `verify_plonk_with_version` (vm/src/host_queries.rs) over dusk-plonk
// 0.22.0-rc.0 (plonk 55083f9): `Verifier::verify_with_version` (src/compiler/verifier.rs), the
// transcript seeding (src/transcript.rs, src/proof_system/widget.rs), `Proof::verify` and
// `verify_legacy` (src/proof_system/proof.rs) with the widgets' linearisation terms and the
// evaluation domain (src/fft/domain.rs). The arithmetic is @noble/curves' (BLS12-381 G1, pairing).
import { pippenger } from "@noble/curves/abstract/curve.js";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { DuskQueryPanic } from "./errors.js";
import { FQ } from "./fq.js";
import { Transcript } from "./merlin.js";
import { readProof, readVerifierData, type G1Point, type Proof, type VerifierData } from "./plonk-data.js";
import type { PlonkVersion } from "./forks.js";
import { BLS_SCALAR_MODULUS, scalarToCanonical } from "./scalar.js";
import { bytesToNumberLE } from "@noble/curves/utils.js";

const r = BLS_SCALAR_MODULUS;
const G1 = bls12_381.G1.Point;
const Fp12 = bls12_381.fields.Fp12;

const mod = (a: bigint): bigint => ((a % r) + r) % r;
const mul = (...xs: bigint[]): bigint => xs.reduce((a, b) => (a * b) % r, 1n);
function pow(b: bigint, e: bigint): bigint {
  let acc = 1n;
  b = mod(b);
  for (; e > 0n; e >>= 1n, b = (b * b) % r) if (e & 1n) acc = (acc * b) % r;
  return acc;
}
/** `invert`, with zero mapped to zero as `batch_inversion` leaves zero entries alone. */
const inv = (a: bigint): bigint => (a === 0n ? 0n : pow(a, r - 2n));

/** dusk-bls12_381's ROOT_OF_UNITY (a 2^32-th root), stored as Montgomery limbs; `TWO_ADACITY` = 32. */
const ROOT_OF_UNITY = FQ.reduce(0x5bf3adda19e9b27b0af53ae352a31e645b1b4c801819d7ecb9b58d8c5f0e466an);
const TWO_ADICITY = 32n;
/** The permutation's coset shifts K1, K2, K3 (src/composer/permutation/constants.rs). */
const K1 = 7n;
const K2 = 13n;
const K3 = 17n;
/** dusk-jubjub's EDWARDS_D, −10240/10241 (the ECC gates check jubjub additions). */
const EDWARDS_D = FQ.reduce(FQ.fromRaw(0x2a9318e74bfa2b48f5fd9207e6bd7fd4292d7f6d37579d2601065fd6d6343eb1n));

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** `challenge_scalar`: 64 bytes of PRF read as a little-endian 512-bit integer, reduced mod r. */
function challenge(t: Transcript, label: string): bigint {
  return bytesToNumberLE(t.challengeBytes(label, 64)) % r;
}

function circuitDomainSep(t: Transcript, n: bigint): void {
  t.appendMessage("dom-sep", utf8("circuit_size"));
  t.appendU64("n", n % (1n << 64n));
}

/** `Transcript::base` (V1, V2) or `base_v3` (V3): the label, constraints, the key's commitments, n. */
function baseTranscript(vd: VerifierData, version: PlonkVersion): Transcript {
  const t = Transcript.create(vd.label);
  circuitDomainSep(t, vd.constraints);
  const vk = vd.vk;
  const order = ["q_m", "q_l", "q_r", "q_o", "q_c", "q_f", "q_arith", "q_range", "q_logic", "q_variable_group_add", "q_fixed_group_add", "s_sigma_1", "s_sigma_2", "s_sigma_3"] as const;
  for (const name of order) t.appendMessage(name, vk[name].bytes);
  // The legacy seeding absorbs s_sigma_1 again under the s_sigma_4 label (fixed in V3).
  t.appendMessage("s_sigma_4", (version === "V3" ? vk.s_sigma_4 : vk.s_sigma_1).bytes);
  circuitDomainSep(t, vd.n);
  return t;
}

interface Domain {
  size: bigint;
  sizeInv: bigint;
  gen: bigint;
  genInv: bigint;
}

/** `EvaluationDomain::new(n)`: the next power of two (0 on usize overflow), below 2^32. */
function domain(n: bigint): Domain | undefined {
  let size = 1n;
  while (size < n) size <<= 1n;
  if (size >= 1n << 64n) return undefined; // next_power_of_two wraps to 0: 64 trailing zeros
  let log = 0n;
  while ((1n << log) < size) log++;
  if (log >= TWO_ADICITY) return undefined;
  let gen = ROOT_OF_UNITY;
  for (let i = log; i < TWO_ADICITY; i++) gen = (gen * gen) % r;
  return { size, sizeInv: inv(size), gen, genInv: inv(gen) };
}

/** `compute_barycentric_eval` of the dense public inputs at z (zero entries skipped). */
function publicInputEval(dense: Map<bigint, bigint>, z: bigint, d: Domain): bigint {
  const numerator = mul(pow(z, d.size) - 1n + r, d.sizeInv);
  let sum = 0n;
  for (const [i, v] of [...dense.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (v === 0n) continue;
    sum += mul(inv(mod(mul(pow(d.genInv, i), z) - 1n)), v);
  }
  return mul(mod(sum), numerator);
}

/** The range and logic gates' `delta`: f(f − 1)(f − 2)(f − 3). */
const delta = (f: bigint): bigint => mul(f, f - 1n + r, f - 2n + r, f - 3n + r);

function deltaXorAnd(a: bigint, b: bigint, w: bigint, c: bigint, qc: bigint): bigint {
  const f = mul(w, mod(mul(w, mod(4n * w - 18n * (a + b) + 81n)) + 18n * (mul(a, a) + mul(b, b)) - 81n * (a + b) + 83n));
  const e = mod(3n * (a + b + c) - 2n * f);
  const bb = mul(qc, mod(9n * c - 3n * (a + b)));
  return mod(bb + e);
}

interface Challenges {
  alpha: bigint; beta: bigint; gamma: bigint;
  range: bigint; logic: bigint; fixedBase: bigint; varBase: bigint;
  z: bigint; u: bigint;
}

/** `compute_linearization_commitment`: [D]₁ as (scalar, point) terms. */
function linearisation(p: Proof, vd: VerifierData, ch: Challenges, l1: bigint, d: Domain): [bigint, G1Point][] {
  const e = p.eval;
  const vk = vd.vk;
  const terms: [bigint, G1Point][] = [];
  const q = e.q_arith;
  // arithmetic
  terms.push([mul(e.a, e.b, q), vk.q_m.point], [mul(e.a, q), vk.q_l.point], [mul(e.b, q), vk.q_r.point], [mul(e.c, q), vk.q_o.point], [mul(e.d, q), vk.q_f.point], [q, vk.q_c.point]);
  // range
  {
    const k = mul(ch.range, ch.range);
    const k2 = mul(k, k);
    const k3 = mul(k2, k);
    const b1 = delta(mod(e.c - 4n * e.d));
    const b2 = mul(delta(mod(e.b - 4n * e.c)), k);
    const b3 = mul(delta(mod(e.a - 4n * e.b)), k2);
    const b4 = mul(delta(mod(e.d_w - 4n * e.a)), k3);
    terms.push([mul(b1 + b2 + b3 + b4, ch.range), vk.q_range.point]);
  }
  // logic
  {
    const k = mul(ch.logic, ch.logic);
    const k2 = mul(k, k);
    const k3 = mul(k2, k);
    const k4 = mul(k3, k);
    const a = mod(e.a_w - 4n * e.a);
    const b = mod(e.b_w - 4n * e.b);
    const dd = mod(e.d_w - 4n * e.d);
    const w = e.c;
    const c0 = delta(a);
    const c1 = mul(delta(b), k);
    const c2 = mul(delta(dd), k2);
    const c3 = mul(mod(w - mul(a, b)), k3);
    const c4 = mul(deltaXorAnd(a, b, w, dd, e.q_c), k4);
    terms.push([mul(c0 + c1 + c2 + c3 + c4, ch.logic), vk.q_logic.point]);
  }
  // fixed-base scalar multiplication
  {
    const k = mul(ch.fixedBase, ch.fixedBase);
    const k2 = mul(k, k);
    const k3 = mul(k2, k);
    const [accX, accXw, accY, accYw, xyAlpha] = [e.a, e.a_w, e.b, e.b_w, e.c];
    const bit = mod(e.d_w - 2n * e.d);
    const bitConsistency = mul(bit, bit - 1n + r, bit + 1n);
    const yAlpha = mod(mul(bit, bit, mod(e.q_r - 1n)) + 1n);
    const xAlpha = mul(e.q_l, bit);
    const xyConsistency = mul(mod(mul(bit, e.q_c) - xyAlpha), k);
    const xLhs = mod(accXw + mul(accXw, xyAlpha, accX, accY, EDWARDS_D));
    const xRhs = mod(mul(xAlpha, accY) + mul(yAlpha, accX));
    const yLhs = mod(accYw - mul(accYw, xyAlpha, accX, accY, EDWARDS_D));
    const yRhs = mod(mul(xAlpha, accX) + mul(yAlpha, accY));
    const a = mod(bitConsistency + mul(xLhs - xRhs + r, k2) + mul(yLhs - yRhs + r, k3) + xyConsistency);
    terms.push([mul(a, ch.fixedBase), vk.q_fixed_group_add.point]);
  }
  // variable-base curve addition
  {
    const k = mul(ch.varBase, ch.varBase);
    const [x1, x3, y1, y3, x2, y2, x1y2] = [e.a, e.a_w, e.b, e.b_w, e.c, e.d, e.d_w];
    const xyConsistency = mod(mul(x1, y2) - x1y2);
    const y1x2 = mul(y1, x2);
    const x3Lhs = mod(x1y2 + y1x2);
    const x3Rhs = mod(x3 + mul(x3, EDWARDS_D, x1y2, y1x2));
    const y3Lhs = mod(mul(y1, y2) + mul(x1, x2));
    const y3Rhs = mod(y3 - mul(y3, EDWARDS_D, x1y2, y1x2));
    const id = mod(xyConsistency + mul(x3Lhs - x3Rhs + r, k) + mul(y3Lhs - y3Rhs + r, k, k));
    terms.push([mul(id, ch.varBase), vk.q_variable_group_add.point]);
  }
  // permutation
  {
    const { alpha, beta, gamma, z } = ch;
    const x = mul(
      mod(e.a + mul(beta, z) + gamma),
      mod(e.b + mul(beta, K1, z) + gamma),
      mod(e.c + mul(beta, K2, z) + gamma),
      mul(mod(e.d + mul(beta, K3, z) + gamma), alpha),
    );
    terms.push([mod(x + mul(l1, alpha, alpha) + ch.u), p.comm.z.point]);
    const y = mul(
      mod(e.a + mul(beta, e.s_sigma_1) + gamma),
      mod(e.b + mul(beta, e.s_sigma_2) + gamma),
      mod(e.c + mul(beta, e.s_sigma_3) + gamma),
      mul(beta, e.z, alpha),
    );
    terms.push([mod(-y), vk.s_sigma_4.point]);
  }
  // quotient
  const zh = mod(-(pow(ch.z, d.size) - 1n));
  terms.push(
    [zh, p.comm.t_low.point],
    [mul(pow(ch.z, d.size), zh), p.comm.t_mid.point],
    [mul(pow(ch.z, 2n * d.size), zh), p.comm.t_high.point],
    [mul(pow(ch.z, 3n * d.size), zh), p.comm.t_fourth.point],
  );
  return terms;
}

/** Σ sᵢ·Pᵢ (dusk-bls12_381's msm_variable_base and its sums of products); scalars already below r. */
function msm(terms: [bigint, G1Point][]): G1Point {
  return pippenger(G1, terms.map((t) => t[1]), terms.map((t) => t[0]));
}

/** `Proof::verify` (V2, V3) or `verify_legacy` (V1) after the public inputs are absorbed. */
function verifyProof(p: Proof, vd: VerifierData, t: Transcript, dense: Map<bigint, bigint>, version: PlonkVersion): boolean {
  const d = domain(vd.n);
  if (!d) return false;
  const c = p.comm;
  const e = p.eval;
  for (const name of ["a", "b", "c", "d"] as const) t.appendMessage(`${name}_comm`, c[name].bytes);
  const beta = challenge(t, "beta");
  t.appendMessage("beta", scalarToCanonical(beta));
  const gamma = challenge(t, "gamma");
  t.appendMessage("z_comm", c.z.bytes);
  const alpha = challenge(t, "alpha");
  const range = challenge(t, "range separation challenge");
  const logic = challenge(t, "logic separation challenge");
  const fixedBase = challenge(t, "fixed base separation challenge");
  const varBase = challenge(t, "variable base separation challenge");
  for (const name of ["t_low", "t_mid", "t_high", "t_fourth"] as const) t.appendMessage(`${name}_comm`, c[name].bytes);
  const z = challenge(t, "z_challenge");
  for (const name of ["a", "b", "c", "d", "s_sigma_1", "s_sigma_2", "s_sigma_3", "z", "a_w", "b_w", "d_w", "q_arith", "q_c", "q_l", "q_r"] as const) {
    t.appendMessage(`${name}_eval`, scalarToCanonical(e[name]));
  }
  const v = challenge(t, "v_challenge");
  const vw = challenge(t, "v_w_challenge");
  t.appendMessage("w_z_chall_comm", c.w_z.bytes);
  t.appendMessage("w_z_chall_w_comm", c.w_zw.bytes);
  const u = challenge(t, "u_challenge");

  const zh = mod(pow(z, d.size) - 1n);
  const lagrangeDenominator = mul(d.size, mod(z - 1n));
  // `denom.invert().unwrap()`: z = 1 makes the node panic (a 2^-255 event for an honest transcript).
  if (lagrangeDenominator === 0n) throw new DuskQueryPanic("dusk-plonk: the evaluation challenge z is 1 (the node unwraps the inverse of zero)");
  const l1 = mul(zh, inv(lagrangeDenominator));
  const ch: Challenges = { alpha, beta, gamma, range, logic, fixedBase, varBase, z, u };
  const D = msm(linearisation(p, vd, ch, l1, d));
  const piEval = publicInputEval(dense, z, d);
  const r0 = mod(
    piEval -
      mul(l1, alpha, alpha) -
      mul(alpha, mod(e.a + mul(beta, e.s_sigma_1) + gamma), mod(e.b + mul(beta, e.s_sigma_2) + gamma), mod(e.c + mul(beta, e.s_sigma_3) + gamma), mod(e.d + gamma), e.z),
  );

  const legacy = version === "V1";
  const maxDegree = legacy ? 7 : 11;
  const coeffs = [v];
  for (let i = 1; i < maxDegree; i++) coeffs.push(mul(coeffs[i - 1], v));
  coeffs.push(mul(vw, u));
  coeffs.push(mul(coeffs[maxDegree], vw));
  coeffs.push(mul(coeffs[maxDegree + 1], vw));
  const vk = vd.vk;
  const atZ: [bigint, G1Point][] = [
    [e.a, c.a.point], [e.b, c.b.point], [e.c, c.c.point], [e.d, c.d.point],
    [e.s_sigma_1, vk.s_sigma_1.point], [e.s_sigma_2, vk.s_sigma_2.point], [e.s_sigma_3, vk.s_sigma_3.point],
  ];
  // V2 and V3 bind the selector evaluations the linearisation used into the opening at z.
  if (!legacy) atZ.push([e.q_arith, vk.q_arith.point], [e.q_c, vk.q_c.point], [e.q_l, vk.q_l.point], [e.q_r, vk.q_r.point]);
  const shifted = [e.a_w, e.b_w, e.d_w];
  let eScalar = 0n;
  atZ.forEach(([ev], i) => (eScalar += mul(ev, coeffs[i])));
  shifted.forEach((ev, i) => (eScalar += mul(ev, coeffs[maxDegree + i])));
  eScalar = mod(eScalar - r0 + mul(u, e.z));

  const fScalars = atZ.map(([, pt], i) => [coeffs[i], pt] as [bigint, G1Point]);
  fScalars[0][0] = mod(fScalars[0][0] + coeffs[maxDegree]);
  fScalars[1][0] = mod(fScalars[1][0] + coeffs[maxDegree + 1]);
  fScalars[3][0] = mod(fScalars[3][0] + coeffs[maxDegree + 2]);
  const F = msm(fScalars).add(D);
  const E = vd.g.multiplyUnsafe(eScalar);
  const left = c.w_z.point.add(c.w_zw.point.multiplyUnsafe(u)).negate();
  const right = c.w_z.point.multiplyUnsafe(z).add(c.w_zw.point.multiplyUnsafe(mul(u, z, d.gen))).add(F).subtract(E);
  // multi_miller_loop skips a pair with a point at infinity (noble refuses one, so it is left out).
  const pairs = [
    { g1: left, g2: vd.xH },
    { g1: right, g2: vd.h },
  ].filter((x) => !x.g1.is0() && !x.g2.is0());
  return Fp12.eql(bls12_381.pairingBatch(pairs), Fp12.ONE);
}

/**
 * rusk's `verify_plonk_with_version(version, verifier_data, proof, public_inputs)`: false where
 * dusk-plonk refuses the verifier data or the proof or the proof does not verify. `publicInputs`
 * are the values of the archived scalars (their limbs' value mod r: dusk-plonk only reads them
 * through `to_bytes` and field arithmetic, both of which reduce). Throws DuskQueryPanic where the
 * node panics: a length in the verifier data's header that runs past its end (once the lengths
 * wrap past the check), or a public-input index at or beyond its `size`.
 */
export function verifyPlonk(version: PlonkVersion, verifierData: Uint8Array, proof: Uint8Array, publicInputs: readonly bigint[]): boolean {
  const vd = readVerifierData(verifierData);
  if (!vd) return false;
  const p = readProof(proof);
  if (!p) return false;
  if (publicInputs.length !== vd.publicInputIndexes.length) return false;
  const t = baseTranscript(vd, version);
  for (const pi of publicInputs) t.appendMessage("pi", scalarToCanonical(pi));
  // `dense_public_inputs`: vec![zero; size] (capacity overflow past isize::MAX bytes), then each
  // index written, out of bounds a panic; a later duplicate index overwrites an earlier one.
  if (vd.size * 32n > (1n << 63n) - 1n) throw new DuskQueryPanic("dusk-plonk: the verifier data's size overflows the dense public inputs' capacity (the node panics)");
  const dense = new Map<bigint, bigint>();
  vd.publicInputIndexes.forEach((idx, i) => {
    if (idx >= vd.size) throw new DuskQueryPanic(`dusk-plonk: public input index ${idx} is not below the verifier data's size ${vd.size} (the node's index panics)`);
    dense.set(idx, mod(publicInputs[i]));
  });
  return verifyProof(p, vd, t, dense, version);
}
