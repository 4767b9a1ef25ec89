// verify_groth16_bn254 against arkworks' own outputs, none computed by host-sim: Aptos's ark-bn254 0.4
// serializations (points, infinity, e(G1, G2)), Sui's arkworks Groth16 vectors (a compressed key, its
// prepared parts, a valid proof), and Light Protocol's ark-groth16 0.3 data (a circom proof, ark's
// G2Prepared coefficients of -γ and -δ, e(α, β)). Origins in tests/vectors/groth16-bn254.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bn254 } from "@noble/curves/bn254.js";
import { codec, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { ArkDeserializeError, ArkReader, G2_B, type ArkErrorKind } from "../../host-sim/dusk/ark-serialize.js";
import { ATE_LOOP_COUNT, ArkworksPanic, TWIST_MUL_BY_Q_X, TWIST_MUL_BY_Q_Y, finalExponentiation, multiMillerLoop, prepareG2 } from "../../host-sim/dusk/bn254-pairing.js";
import { readPreparedVerifyingKey, verifyGroth16Bn254 } from "../../host-sim/dusk/groth16.js";
import {
  F, Q, VECTORS, cat, encodeFq12, encodeG1, encodeG2, encodePvk, fq2, fromLe, g1Affine, hex, le, lightProofBytes, lightPvkParts, negG2,
  prepareInputs, unhex, type G1, type G2, type PvkParts,
} from "../helpers/ark-bn254.js";
import { random } from "../helpers/rng.js";

const A = VECTORS.aptos;
const G1_GEN = bn254.G1.Point.BASE;
const G2_GEN = bn254.G2.Point.BASE;

function refused(fn: () => unknown, kind: ArkErrorKind, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof ArkDeserializeError && e.kind === kind && pattern.test(e.message));
}
const g1 = (h: string | Uint8Array, compressed: boolean) => new ArkReader(typeof h === "string" ? unhex(h) : h).g1("p", compressed);
const g2 = (h: string | Uint8Array, compressed: boolean) => new ArkReader(typeof h === "string" ? unhex(h) : h).g2("p", compressed);
const pairing = (p: G1, q: G2) => finalExponentiation(multiMillerLoop([[p, prepareG2(q)]]))!;

test("groth16: ark-bn254 0.4.0's constants (curves/mod.rs, g2.rs): the loop count, π's twist factors, the twist's b", () => {
  const x = 4965661367192848881n;
  assert.equal(ATE_LOOP_COUNT.length, 65);
  assert.equal(ATE_LOOP_COUNT.reduce((s, d, i) => s + (BigInt(d) << BigInt(i)), 0n), 6n * x + 2n);
  // 64 doublings, one addition per non-zero digit below the top, two Frobenius additions: 91 lines.
  assert.equal(64 + ATE_LOOP_COUNT.slice(0, -1).filter((d) => d !== 0).length + 2, 91);
  assert.equal(prepareG2(G2_GEN.toAffine()).ellCoeffs.length, 91);
  assert.deepEqual(TWIST_MUL_BY_Q_X, fq2(21575463638280843010398324269430826099269044274347216827212613867836435027261n, 10307601595873709700152284273816112264069230130616436755625194854815875713954n));
  assert.deepEqual(TWIST_MUL_BY_Q_Y, fq2(2821565182194536844548159561693502659359617185244120367078079554186484126554n, 3505843767911556378687030309984248845540243509899259641013678093033130930403n));
  assert.deepEqual(G2_B, fq2(19485874751759354771024239261021720505790618469301721065564631296452457478373n, 266929791119991161246907387137283842545076965332900288569378510910307636690n));
});

test("groth16: G1 and G2 read as ark-bn254 writes them (Aptos's generator, 7·G, -7·G and infinity vectors)", () => {
  const cases: [string, G1 | G2, "g1" | "g2"][] = [
    ["g1_gen", G1_GEN.toAffine(), "g1"],
    ["g1_7g", G1_GEN.multiply(7n).toAffine(), "g1"],
    ["g1_neg7g", G1_GEN.multiply(7n).negate().toAffine(), "g1"],
    ["g1_inf", null, "g1"],
    ["g2_gen", G2_GEN.toAffine(), "g2"],
    ["g2_7g", G2_GEN.multiply(7n).toAffine(), "g2"],
    ["g2_neg7g", G2_GEN.multiply(7n).negate().toAffine(), "g2"],
    ["g2_inf", null, "g2"],
  ];
  for (const [name, point, kind] of cases) {
    for (const compressed of [true, false]) {
      const bytes = A[`${name}_${compressed ? "comp" : "uncomp"}`];
      const read = kind === "g1" ? g1(bytes, compressed) : g2(bytes, compressed);
      assert.deepEqual(read, point, `${name} ${compressed ? "compressed" : "uncompressed"}`);
      // The tests' writer (used below to build keys) agrees with ark's bytes too.
      const written = kind === "g1" ? encodeG1(point as G1, compressed) : encodeG2(point as G2, compressed);
      assert.equal(hex(written), bytes, `${name} written`);
    }
  }
});

test("groth16: the pairing and Fq12's layout are ark's: e(G1, G2) and e(7·G1, G2) are Aptos's Gt vectors", () => {
  assert.equal(hex(encodeFq12(pairing(G1_GEN.toAffine(), G2_GEN.toAffine()))), A.gt_generator);
  assert.equal(hex(encodeFq12(pairing(G1_GEN.multiply(7n).toAffine(), G2_GEN.toAffine()))), A.gt_7g);
  assert.equal(hex(encodeFq12(new ArkReader(unhex(A.gt_7g)).fq12("gt"))), A.gt_7g);
});

test("groth16: what ark's readers refuse, worked from ark-ff/ark-ec 0.4.2's code", () => {
  const gen = unhex(A.g1_gen_comp);
  // A coordinate must be below q (`from_bigint`), flags aside.
  refused(() => g1(le(Q), true), "InvalidData", /not below/);
  refused(() => g1(cat(le(Q), le(2n)), false), "InvalidData", /p\.x is not below/);
  // Both flag bits set is no SWFlags value.
  const both = Uint8Array.from(gen);
  both[31] |= 0xc0;
  refused(() => g1(both, true), "UnexpectedFlags", /both/);
  // Too few bytes is an I/O error.
  refused(() => g1(gen.subarray(0, 31), true), "IoError", /needs 32 bytes/);
  // An x with no y on the curve (x³ + 3 not a square), and a point off the curve.
  let x = 1n;
  while (F.Fp.pow(F.Fp.add(F.Fp.mul(F.Fp.sqr(x), x), 3n), (Q - 1n) / 2n) === 1n) x++;
  refused(() => g1(le(x), true), "InvalidData", /no point of G1/);
  refused(() => g1(cat(le(1n), le(3n)), false), "InvalidData", /not on the BN254 curve/);
  // A point of the twist outside G2: on the curve, refused by the subgroup check alone.
  let k = 1n;
  let off: { x: ReturnType<typeof fq2>; y: ReturnType<typeof fq2> } | undefined;
  for (; !off; k++) {
    const px = fq2(k, 1n);
    const rhs = F.F2.add(F.F2.mul(F.F2.sqr(px), px), G2_B);
    if (F.Fp.pow(F.Fp.add(F.Fp.sqr(rhs.c0), F.Fp.sqr(rhs.c1)), (Q - 1n) / 2n) !== 1n) continue;
    off = { x: px, y: F.F2.sqrt(rhs) };
  }
  assert.throws(() => bn254.G2.Point.fromAffine(off!).assertValidity(), /subgroup|torsion|invalid/i);
  refused(() => g2(encodeG2(off, false), false), "InvalidData", /not in the order-r subgroup/);
  refused(() => g2(encodeG2(off, true), true), "InvalidData", /not in the order-r subgroup/);
  // Uncompressed, only the infinity flag counts: its coordinates are not looked at (but still read
  // as field elements), and a sign flag that does not match y is ignored.
  assert.equal(g1(cat(le(5n), le(7n | (1n << 254n))), false), null);
  refused(() => g1(cat(le(Q), le(1n << 254n)), false), "InvalidData", /not below/);
  const genWrongSign = unhex(A.g1_gen_uncomp);
  genWrongSign[63] |= 0x80;
  assert.deepEqual(g1(genWrongSign, false), G1_GEN.toAffine());
  // A bool is 0 or 1; a Vec's length past the end runs out of bytes; bytes past the end are not read.
  refused(() => new ArkReader(Uint8Array.of(2)).bool("b"), "InvalidData", /not a bool/);
  const three = new ArkReader(cat(Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0), gen, gen));
  refused(() => three.vec("v", (w) => three.g1(w, true)), "IoError", /v\[2\]\.x needs 32 bytes/);
  assert.deepEqual(g1(cat(gen, Uint8Array.of(0xff)), true), G1_GEN.toAffine());
});

// Light Protocol's key: ark's own coefficients for -γ and -δ, and its e(α, β).
const L = VECTORS.light;
const lightParts = lightPvkParts;

test("groth16: G2Prepared and e(α, β) are ark's (Light Protocol's hardcoded ark-groth16 key)", () => {
  const k = lightParts();
  assert.deepEqual(prepareG2(negG2(k.gamma)).ellCoeffs, k.gammaNeg.coeffs);
  assert.deepEqual(prepareG2(negG2(k.delta)).ellCoeffs, k.deltaNeg.coeffs);
  assert.ok(F.F12.eql(pairing(k.alpha, k.beta), k.alphaBeta));
});

test("groth16: Light's circom proof verifies with ark's prepared key; its wrong proof (one input byte changed) does not", () => {
  const pvk = encodePvk(lightParts());
  const good = lightProofBytes(L.deposit);
  assert.equal(verifyGroth16Bn254(pvk, good.proof, good.inputs), true);
  const wrong = lightProofBytes(L.deposit_with_wrong_proof);
  assert.equal(verifyGroth16Bn254(pvk, wrong.proof, wrong.inputs), false);
  // Bytes past what ark reads are ignored, and so are coefficients past the 91 the loop takes.
  assert.equal(verifyGroth16Bn254(cat(pvk, Uint8Array.of(1, 2, 3)), cat(good.proof, Uint8Array.of(9)), cat(good.inputs, Uint8Array.of(9))), true);
  const parts = lightParts();
  const extra = encodePvk({ ...parts, gammaNeg: { coeffs: [...parts.gammaNeg.coeffs, parts.gammaNeg.coeffs[0]], infinity: false } });
  assert.equal(verifyGroth16Bn254(extra, good.proof, good.inputs), true);
});

test("groth16: Sui's compressed key prepares to Sui's e(α, β), -γ, -δ and γ_abc bytes", () => {
  const S = VECTORS.sui_prepare;
  const r = new ArkReader(unhex(S.vk));
  const alpha = r.g1("alpha", true);
  const beta = r.g2("beta", true);
  const gamma = r.g2("gamma", true);
  const delta = r.g2("delta", true);
  const abc = r.vec("gamma_abc", (w) => r.g1(w, true));
  assert.equal(hex(encodeFq12(pairing(alpha, beta))), S.expected_alpha_bytes);
  assert.equal(hex(encodeG2(negG2(gamma), true)), S.expected_gamma_bytes);
  assert.equal(hex(encodeG2(negG2(delta), true)), S.expected_delta_bytes);
  assert.equal(hex(cat(...abc.map((p) => encodeG1(p, true)))), S.expected_vk_bytes);
});

/** Sui's verified proof in rusk's forms: a prepared key around Sui's e(α, β), -γ and -δ. */
function suiCase() {
  const S = VECTORS.sui_verify;
  const gammaAbc = [g1(S.vk_bytes.slice(0, 64), true), g1(S.vk_bytes.slice(64), true)];
  const gammaNeg = g2(S.gamma_bytes, true);
  const deltaNeg = g2(S.delta_bytes, true);
  const parts: PvkParts = {
    // α and β only need to be valid points: the check uses the stored e(α, β).
    alpha: G1_GEN.toAffine(),
    beta: G2_GEN.toAffine(),
    gamma: negG2(gammaNeg),
    delta: negG2(deltaNeg),
    gammaAbc,
    alphaBeta: new ArkReader(unhex(S.alpha_bytes)).fq12("alpha"),
    gammaNeg: { coeffs: prepareG2(gammaNeg).ellCoeffs, infinity: false },
    deltaNeg: { coeffs: prepareG2(deltaNeg).ellCoeffs, infinity: false },
  };
  const input = fromLe(S.inputs_bytes);
  return { parts, pvk: encodePvk(parts), proof: unhex(S.proof_bytes), input, inputs: encodeG1(prepareInputs(gammaAbc, [input]), true) };
}

test("groth16: Sui's proof verifies; another input, a changed proof or Sui's bad bytes do not", () => {
  const c = suiCase();
  assert.equal(verifyGroth16Bn254(c.pvk, c.proof, c.inputs), true);
  assert.equal(verifyGroth16Bn254(c.pvk, c.proof, encodeG1(prepareInputs(c.parts.gammaAbc, [c.input + 1n]), true)), false);
  const r = new ArkReader(c.proof);
  const [a, b, cc] = [r.g1("a", true), r.g2("b", true), r.g1("c", true)];
  const negA = g1Affine(bn254.G1.Point.fromAffine(a!).negate());
  assert.equal(verifyGroth16Bn254(c.pvk, cat(encodeG1(negA, true), encodeG2(b, true), encodeG1(cc, true)), c.inputs), false);
  const swapped = cat(encodeG1(cc, true), encodeG2(b, true), encodeG1(a, true));
  assert.equal(verifyGroth16Bn254(c.pvk, swapped, c.inputs), false);
  // Sui's own refusals: a one-byte proof or input, and a key cut short.
  assert.equal(verifyGroth16Bn254(c.pvk, unhex("4a"), c.inputs), false);
  assert.equal(verifyGroth16Bn254(c.pvk, c.proof, unhex("cf")), false);
  assert.equal(verifyGroth16Bn254(c.pvk.subarray(0, c.pvk.length - 1), c.proof, c.inputs), false);
});

test("groth16: the prepared key is read whole and checked, though verification uses only its last three parts", () => {
  const c = suiCase();
  const withBeta = (beta: Uint8Array) => {
    const pvk = Uint8Array.from(c.pvk);
    pvk.set(beta, 64);
    return pvk;
  };
  // β off the curve, or not canonical: refused, so false, though the proof is valid.
  assert.equal(verifyGroth16Bn254(withBeta(cat(le(1n), le(0n), le(1n), le(0n))), c.proof, c.inputs), false);
  assert.equal(verifyGroth16Bn254(withBeta(cat(le(Q), le(0n), le(0n), le(0n))), c.proof, c.inputs), false);
  // β at infinity is a valid point: still true. So is a γ that does not match the prepared -γ:
  // only the stored coefficients enter the pairing.
  assert.equal(verifyGroth16Bn254(withBeta(encodeG2(null, false)), c.proof, c.inputs), true);
  const otherGamma = Uint8Array.from(c.pvk);
  otherGamma.set(encodeG2(G2_GEN.multiply(5n).toAffine(), false), 64 + 128);
  assert.notEqual(hex(otherGamma), hex(c.pvk));
  assert.equal(verifyGroth16Bn254(otherGamma, c.proof, c.inputs), true);
  // An infinity flag byte of 2 is no bool.
  const pvk = Uint8Array.from(c.pvk);
  pvk[pvk.length - 1] = 2;
  assert.equal(verifyGroth16Bn254(pvk, c.proof, c.inputs), false);
});

test("groth16: the prepared key's coefficients are used as given (ark's multi_miller_loop)", () => {
  const c = suiCase();
  const at = (gammaNeg: PvkParts["gammaNeg"], deltaNeg = c.parts.deltaNeg, alphaBeta = c.parts.alphaBeta) => encodePvk({ ...c.parts, gammaNeg, deltaNeg, alphaBeta });
  // Too few coefficients where the loop needs them: ark unwraps None, and rusk's node panics.
  const short = { coeffs: c.parts.gammaNeg.coeffs.slice(0, 90), infinity: false };
  assert.throws(() => verifyGroth16Bn254(at(short), c.proof, c.inputs), (e: unknown) => e instanceof ArkworksPanic && /coefficient 90 .* only 90/.test(e.message));
  assert.throws(() => verifyGroth16Bn254(at({ coeffs: [], infinity: false }), c.proof, c.inputs), ArkworksPanic);
  // A pair is skipped when its G2Prepared says infinity, or its G1 point is: no coefficients needed.
  assert.equal(verifyGroth16Bn254(at({ coeffs: [], infinity: true }), c.proof, c.inputs), false);
  assert.equal(verifyGroth16Bn254(at({ coeffs: [], infinity: false }), c.proof, encodeG1(null, true)), false);
  // Coefficients of no real line: all zero makes the Miller loop's value zero, ark's
  // UnexpectedIdentity (final_exponentiation finds no inverse), so false.
  const zero = { coeffs: Array.from({ length: 91 }, () => [F.F2.ZERO, F.F2.ZERO, F.F2.ZERO] as const), infinity: false };
  assert.equal(verifyGroth16Bn254(at(c.parts.gammaNeg, zero), c.proof, c.inputs), false);
  const r = new ArkReader(c.proof);
  const [a, b, cc] = [r.g1("a", true), r.g2("b", true), r.g1("c", true)];
  assert.equal(finalExponentiation(multiMillerLoop([[a, prepareG2(b)], [cc, { ellCoeffs: zero.coeffs, infinity: false }]])), null);
  // e(α, β) is any Fq12 the key stores: one that is not the right value makes every proof false.
  assert.equal(verifyGroth16Bn254(at(c.parts.gammaNeg, c.parts.deltaNeg, F.F12.ONE), c.proof, c.inputs), false);
  // With A, C and the inputs at infinity no pair is left: the loop's value is 1, and so is its
  // final exponentiation, so the answer is whether the key stores e(α, β) = 1.
  const none = cat(encodeG1(null, true), encodeG2(b, true), encodeG1(null, true));
  assert.equal(verifyGroth16Bn254(at(c.parts.gammaNeg, c.parts.deltaNeg, F.F12.ONE), none, encodeG1(null, true)), true);
  assert.equal(verifyGroth16Bn254(c.pvk, none, encodeG1(null, true)), false);
  // The key reads back as it was written.
  const read = readPreparedVerifyingKey(c.pvk);
  assert.deepEqual(read.gammaG2NegPc.ellCoeffs, c.parts.gammaNeg.coeffs);
  assert.equal(read.vk.gammaAbcG1.length, 2);
});

test("groth16: one byte changed anywhere gives a boolean or ark's panic, and false past the key's vk part", () => {
  const c = suiCase();
  const vkEnd = 64 + 3 * 128 + 8 + c.parts.gammaAbc.length * 64;
  const rng = random(0x67_16);
  for (let i = 0; i < 16; i++) {
    const blobs = [Uint8Array.from(c.pvk), Uint8Array.from(c.proof), Uint8Array.from(c.inputs)];
    const which = rng.int(3);
    const at = rng.int(blobs[which].length);
    blobs[which][at] ^= 1 + rng.int(255);
    let answer: boolean | "panic";
    try {
      answer = verifyGroth16Bn254(blobs[0], blobs[1], blobs[2]);
    } catch (e) {
      assert.ok(e instanceof ArkworksPanic, `blob ${which} byte ${at}: ${String(e)}`);
      answer = "panic";
    }
    if (which > 0 || at >= vkEnd) assert.notEqual(answer, true, `blob ${which} byte ${at}`);
  }
});

// The query as the Dusk profile registers it: rkyv argument in, rkyv bool out.
const Q_GROTH: HostQuery = new Map(new dusk.DuskProfile().hostQueries()).get("verify_groth16_bn254")!;
const ARG = codec.parseType("(Vec<u8>, Vec<u8>, Vec<u8>)");
function query(arg: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 * 1024);
  buf.set(arg);
  return buf.slice(0, Q_GROTH.execute(arg, buf));
}

test("groth16: the Dusk query is exact: Sui's and Light's proofs, rusk's false for a bad archive, ark's panic surfaces", () => {
  assert.ok(dusk.EXACT_QUERIES.includes("verify_groth16_bn254"));
  const c = suiCase();
  assert.equal(Q_GROTH.price(codec.encode(ARG, [c.pvk, c.proof, c.inputs])), 4_500_000n);
  assert.equal(hex(query(codec.encode(ARG, [c.pvk, c.proof, c.inputs]))), "01");
  const light = lightProofBytes(L.deposit);
  assert.equal(hex(query(codec.encode(ARG, [encodePvk(lightParts()), light.proof, light.inputs]))), "01");
  assert.equal(hex(query(codec.encode(ARG, [c.pvk, c.proof, encodeG1(null, true)]))), "00");
  // An archive that fails rkyv validation: rusk's fallback, the query not run.
  const bad = codec.encode(ARG, [c.pvk, c.proof, c.inputs]).subarray(0, 10);
  assert.equal(hex(query(bad)), "00");
  const short = encodePvk({ ...c.parts, gammaNeg: { coeffs: [], infinity: false } });
  assert.throws(() => query(codec.encode(ARG, [short, c.proof, c.inputs])), ArkworksPanic);
});
