// The Dusk profile's verify_schnorr against vectors host-sim did not compute: jubjub-schnorr's pinned
// multisignature transcript (src/multisig.rs `multisig_transcript_known_answer`, dusk-network/
// jubjub-schnorr commit 432a6ee29df28e1f492fca30b70af5737c0281c1, built on the same dusk-poseidon
// 0.42.0-rc.0 and dusk-jubjub 0.15 as rusk; its final signature is checked there with the ordinary
// `PublicKey::verify`), @noble/curves' jubjub for the curve and point arithmetic on reduced values,
// and invalid keys whose answer follows by hand from jubjub-schnorr's `is_valid`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { jubjub } from "@noble/curves/misc.js";
import { codec, VMError, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { FQ } from "../../host-sim/dusk/fq.js";
import { add, double, EDWARDS_D, GENERATOR_EXTENDED, GENERATOR_U, GENERATOR_V, isTorsionFree, JUBJUB_ORDER, multiply, toAffine, type ExtendedPoint } from "../../host-sim/dusk/jubjub.js";
import { bigintToLimbs, LimbField } from "../../host-sim/dusk/limbs.js";
import { poseidonDigestTruncated } from "../../host-sim/dusk/poseidon.js";
import { DuskQueryPanic } from "../../host-sim/dusk/errors.js";
import { call } from "../ports/support/piecrust.js";
import { duskHost, GAS } from "./dusk-host.js";

const NP = jubjub.Point;
const FR = new LimbField(JUBJUB_ORDER);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const le = (b: Uint8Array) => BigInt("0x" + hex(Uint8Array.from(b).reverse()));

// jubjub-schnorr 432a6ee src/multisig.rs, multisig_transcript_known_answer: secret keys 3, 5, 7,
// nonces r = 11, 13, 17 and s = 19, 23, 29, message BlsScalar::from(31). Points are dusk-jubjub's
// compressed affine bytes; scalars canonical little-endian.
const V = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s/g, ""), "hex"));
const PUBLIC_KEYS = [
  V("65ea90b30ffadc4c6da54cb6cbcfa2ffe1ba78f2d60d876e6469368c56540a92"),
  V("d162bd48b153b9f3eb4ceabb1129191f15ed97d5f679be2ab53d0acbdec732e3"),
  V("c9435b58975505cf2094a5a2c9782616368563c4ab0c95225defd01c016e62e9"),
];
const R_POINTS = [
  V("93f8e36419d238b3fae46af662c41efc2b5fd7afb5011302c99ea7e85a860614"),
  V("4eb40407ae95004402739b83135bde2071da57a7107f466120722ac1891a5143"),
  V("030fa17156c36af83deba1a959c722cef3ae9c5c23a1ee36aa5f22175cd4b3b2"),
];
const S_POINTS = [
  V("a8594d435554e96ff4861533420f3643b91bdadb44c8333e9a1c412b57fa7f8f"),
  V("fd3aad1d0f5bcf1585685ae29a511dd9ddbfaf5c24dcced3a43fa866163a38d1"),
  V("4ae9f581a904548771ee6e0698d1f7e32441bf97361b921d9ecc72f9f1172ace"),
];
const DELINEARIZATION = [
  V("c3e044fdfd3af69b98e8cdbedcb711af49611e2e38c8916bd89b78406194c603"),
  V("84535cdd82d00b75e4c5fc73e4f77c493347623379b7e58940d802c9c3726802"),
  V("0bd161d4384b5efcb6691ac243b5b8a31ebfe93103716b5f6ad60fbc0c053a00"),
];
const AGGREGATE_PUBLIC_KEY = V("e7b0b6f27c612c27879b302b9217fc71da31543e186f65bc03fd8c99f755be2e");
const BINDING_COEFFICIENT = V("6f5d4173f3f573e48fc119a7f2a83bfb760d071495b5e703dc9eb3b01a37b501");
const AGGREGATE_COMMITMENT = V("c863d88cbc9664ae944fa5dcc8e8ec43afda23684b3f07fa69e57fc1272b4b0e");
const CHALLENGE = V("1388d90787497d07f629d48d25b585efbdfe5293813f83913e649f661a00c201");
const SIGNATURE = V("cad84bec5ba210f118189a7b9da34508940ac36aef11c4034f66daf26b675904" + "c863d88cbc9664ae944fa5dcc8e8ec43afda23684b3f07fa69e57fc1272b4b0e");
const MESSAGE = FQ.fromCanonical(31n);

/** dusk-jubjub's `AffinePoint::to_bytes`: v little-endian, u's low bit in the top bit. */
function compress(p: ExtendedPoint): string {
  const a = toAffine(p);
  const out = Uint8Array.from(Buffer.from(FQ.reduce(a.v).toString(16).padStart(64, "0"), "hex")).reverse();
  out[31] |= Number(FQ.reduce(a.u) & 1n) << 7;
  return hex(out);
}

/** A point from compressed bytes (decompressed by noble) as limbs, in the affine extended form (u, v, 1, u, v). */
function point(bytes: Uint8Array): ExtendedPoint {
  const a = NP.fromBytes(bytes).toAffine();
  const u = FQ.fromCanonical(a.x);
  const v = FQ.fromCanonical(a.y);
  return { u, v, z: FQ.one, t1: u, t2: v };
}
const coords = (p: ExtendedPoint) => {
  const a = toAffine(p);
  return [a.u, a.v];
};

test("schnorr: dusk-jubjub's curve is noble's jubjub (a = −1, d = −10240/10241) and its generator (not Zcash's) lies in the prime subgroup", () => {
  assert.equal(FQ.reduce(EDWARDS_D), NP.CURVE().d);
  assert.equal(NP.CURVE().a, dusk.BLS_SCALAR_MODULUS - 1n);
  assert.equal(NP.Fp.ORDER, dusk.BLS_SCALAR_MODULUS);
  assert.equal(NP.Fn.ORDER, JUBJUB_ORDER);
  const g = NP.fromAffine({ x: GENERATOR_U, y: GENERATOR_V });
  g.assertValidity();
  assert.ok(g.isTorsionFree() && !g.is0());
  assert.notEqual(g.toAffine().x, NP.BASE.toAffine().x);
  assert.ok(isTorsionFree(GENERATOR_EXTENDED));
});

test("schnorr: the limb point formulas agree with noble's jubjub on reduced points", () => {
  const g = NP.fromAffine({ x: GENERATOR_U, y: GENERATOR_V });
  const same = (mine: ExtendedPoint, theirs: typeof g) => {
    const a = toAffine(mine);
    const b = theirs.toAffine();
    assert.deepEqual([FQ.reduce(a.u), FQ.reduce(a.v)], [b.x, b.y]);
  };
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: JUBJUB_ORDER - 1n }), fc.bigInt({ min: 1n, max: JUBJUB_ORDER - 1n }), (k, l) => {
      const p = multiply(GENERATOR_EXTENDED, k);
      same(p, g.multiply(k));
      same(double(p), g.multiply(k).double());
      same(add(p, multiply(GENERATOR_EXTENDED, l)), g.multiply(k).add(g.multiply(l)));
    }),
    { numRuns: 3 },
  );
});

test("schnorr: G·3, G·5, G·7, G·11… compress to jubjub-schnorr's pinned keys and nonces", () => {
  [3n, 5n, 7n].forEach((k, i) => assert.equal(compress(multiply(GENERATOR_EXTENDED, k)), hex(PUBLIC_KEYS[i])));
  [11n, 13n, 17n].forEach((k, i) => assert.equal(compress(multiply(GENERATOR_EXTENDED, k)), hex(R_POINTS[i])));
  [19n, 23n, 29n].forEach((k, i) => assert.equal(compress(multiply(GENERATOR_EXTENDED, k)), hex(S_POINTS[i])));
});

test("schnorr: truncated Poseidon of 8, 15 and 5 coordinates gives the pinned coefficients and challenge", () => {
  const pks = PUBLIC_KEYS.map(point);
  const all = pks.flatMap(coords);
  const d = pks.map((pk) => poseidonDigestTruncated([...coords(pk), ...all]));
  d.forEach((di, i) => assert.equal(di, le(DELINEARIZATION[i]), `d_${i}`));
  // pk_agg = Σ d_i·pk_i, from JubJubExtended::default() (the identity).
  const identity: ExtendedPoint = { u: 0n, v: FQ.one, z: FQ.one, t1: 0n, t2: 0n };
  const agg = pks.reduce((acc, pk, i) => add(acc, multiply(pk, d[i])), identity);
  assert.equal(compress(agg), hex(AGGREGATE_PUBLIC_KEY));
  const Rs = R_POINTS.map(point);
  const Ss = S_POINTS.map(point);
  const a = poseidonDigestTruncated([...coords(agg), MESSAGE, ...Rs.flatMap((R, i) => [...coords(R), ...coords(Ss[i])])]);
  assert.equal(a, le(BINDING_COEFFICIENT));
  const RSa = Rs.reduce((acc, R, i) => add(add(acc, R), multiply(Ss[i], a)), identity);
  assert.equal(compress(RSa), hex(AGGREGATE_COMMITMENT));
  assert.equal(poseidonDigestTruncated([...coords(RSa), ...coords(agg), MESSAGE]), le(CHALLENGE));
});

/** Runs query `name` on `arg` as the hq import does: the answer written at the argbuf's start. */
function run(q: Map<string, HostQuery>, name: string, arg: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 * 1024);
  buf.set(arg);
  return buf.slice(0, q.get(name)!.execute(arg, buf));
}
const Q = new Map(new dusk.DuskProfile({}).hostQueries());
const ARG = dusk.duskType("(BlsScalar, SchnorrPublicKey, SchnorrSignature)");
const archivedPoint = (p: ExtendedPoint) => ({ u: [bigintToLimbs(p.u)], v: [bigintToLimbs(p.v)], z: [bigintToLimbs(p.z)], t1: [bigintToLimbs(p.t1)], t2: [bigintToLimbs(p.t2)] });
const schnorrArg = (msg: bigint, pk: ExtendedPoint, u: bigint, R: ExtendedPoint) =>
  codec.encode(ARG, [[bigintToLimbs(msg)], [archivedPoint(pk)], { u: bigintToLimbs(u), R: archivedPoint(R) }], dusk.DUSK_DEFS);
const verify = (msg: bigint, pk: ExtendedPoint, u: bigint, R: ExtendedPoint) => {
  const out = run(Q, "verify_schnorr", schnorrArg(msg, pk, u, R));
  assert.equal(out.length, 1);
  return out[0] === 1;
};
const PK = point(AGGREGATE_PUBLIC_KEY);
const SIG_U = FR.fromCanonical(le(SIGNATURE.subarray(0, 32)));
const SIG_R = point(SIGNATURE.subarray(32));

test("schnorr: verify_schnorr accepts the pinned signature under the aggregate key, and nothing altered", () => {
  assert.equal(verify(MESSAGE, PK, SIG_U, SIG_R), true);
  assert.equal(verify(FQ.fromCanonical(32n), PK, SIG_U, SIG_R), false);
  assert.equal(verify(MESSAGE, point(PUBLIC_KEYS[0]), SIG_U, SIG_R), false);
  assert.equal(verify(MESSAGE, PK, FR.fromCanonical(le(SIGNATURE.subarray(0, 32)) + 1n), SIG_R), false);
  assert.equal(verify(MESSAGE, PK, SIG_U, point(R_POINTS[0])), false);
});

test("schnorr: other archived forms of the same points and scalar still verify (worked by hand)", () => {
  // (λu, λv, λ, λu, v) is the same projective point with t1·t2 = u·v·z: equality is projective.
  const lambda = FQ.fromCanonical(0x1234_5678n);
  const scaled = (p: ExtendedPoint): ExtendedPoint => ({ u: FQ.mul(p.u, lambda), v: FQ.mul(p.v, lambda), z: lambda, t1: FQ.mul(p.u, lambda), t2: p.v });
  assert.equal(verify(MESSAGE, scaled(PK), SIG_U, scaled(SIG_R)), true);
  // The signature's u is read through to_bytes, a Montgomery reduction: limbs u + r_J mean u.
  assert.equal(verify(MESSAGE, PK, SIG_U + JUBJUB_ORDER, SIG_R), true);
});

test("schnorr: invalid keys and R are refused as jubjub-schnorr's is_valid refuses them (worked by hand)", () => {
  const one = FQ.one;
  // The identity (0, 1): torsion-free and on the curve, but is_valid excludes it.
  const identity: ExtendedPoint = { u: 0n, v: one, z: one, t1: 0n, t2: 0n };
  assert.equal(verify(MESSAGE, identity, SIG_U, SIG_R), false);
  assert.equal(verify(MESSAGE, PK, SIG_U, identity), false);
  // (0, −1) is on the curve with order 2: not torsion-free.
  const order2: ExtendedPoint = { u: 0n, v: FQ.neg(one), z: one, t1: 0n, t2: 0n };
  assert.equal(isTorsionFree(order2), false);
  assert.equal(verify(MESSAGE, order2, SIG_U, SIG_R), false);
  // The key plus the order-2 point is on the curve but not torsion-free.
  assert.equal(verify(MESSAGE, add(PK, order2), SIG_U, SIG_R), false);
  // Right u, v, z but t1·t2 ≠ u·v·z: not on the curve in is_on_curve's sense, whatever the torsion test says.
  assert.equal(verify(MESSAGE, { ...PK, t1: 0n, t2: 0n }, SIG_U, SIG_R), false);
  // (1, 1) is off the curve: v² − u² − d·u²·v² = −d ≠ 1.
  assert.equal(verify(MESSAGE, { u: one, v: one, z: one, t1: one, t2: one }, SIG_U, SIG_R), false);
});

test("schnorr: an all-zero key or R makes the node panic (torsion-free by the formulas, then z = 0 is inverted and unwrapped)", () => {
  // Every doubling and addition of the zero point gives zero limbs, and is_identity reads u = 0 and
  // v = z, so is_torsion_free passes; is_on_curve then takes the affine form: invert(0) is None.
  const zero: ExtendedPoint = { u: 0n, v: 0n, z: 0n, t1: 0n, t2: 0n };
  assert.throws(() => verify(MESSAGE, zero, SIG_U, SIG_R), DuskQueryPanic);
  assert.throws(() => verify(MESSAGE, PK, SIG_U, zero), DuskQueryPanic);
  // R is only looked at once the key passed: an invalid key answers false before the zero R.
  assert.equal(verify(MESSAGE, { u: 0n, v: FQ.one, z: FQ.one, t1: 0n, t2: 0n }, SIG_U, zero), false);
  // An archive that fails validation (too short) gets false without running the query.
  assert.deepEqual([...run(Q, "verify_schnorr", new Uint8Array(10))], [0]);
});

test("schnorr sdk: verifySchnorr from a contract accepts the pinned signature and costs pricing.rs's 1,000,000", async () => {
  const setup = (hardFork: dusk.HardFork) => duskHost({ hardFork });
  const pre = await setup("PreFork");
  const boreas = await setup("Boreas");
  const enc = (t: string, v: unknown) => codec.encode(dusk.duskType(t), v, dusk.DUSK_DEFS);
  const args = (msg: bigint, pk: ExtendedPoint) => [enc("BlsScalar", [bigintToLimbs(msg)]), enc("SchnorrPublicKey", [archivedPoint(pk)]), enc("SchnorrSignature", { u: bigintToLimbs(SIG_U), R: archivedPoint(SIG_R) })];
  const type = "(Vec<u8>, Vec<u8>, Vec<u8>)";
  const a = call<boolean>(pre.session, pre.id, "verify_schnorr", type, args(MESSAGE, PK), "bool", GAS);
  const b = call<boolean>(boreas.session, boreas.id, "verify_schnorr", type, args(MESSAGE, PK), "bool", GAS);
  assert.equal(a.data, true);
  assert.equal(b.data, true);
  assert.equal(b.gasSpent - a.gasSpent, 1_000_000n);
  console.log(`dusk verify_schnorr(pinned signature): ${b.gasSpent} gas on Boreas, ${a.gasSpent} before; the query's share ${b.gasSpent - a.gasSpent}`);
  assert.equal(call<boolean>(boreas.session, boreas.id, "verify_schnorr", type, args(FQ.fromCanonical(30n), PK), "bool", GAS).data, false);
  const zero: ExtendedPoint = { u: 0n, v: 0n, z: 0n, t1: 0n, t2: 0n };
  // The node's query panics on the all-zero point: on the Dusk profile that reaches the embedder.
  assert.throws(() => call(boreas.session, boreas.id, "verify_schnorr", type, args(MESSAGE, zero), "bool", GAS), DuskQueryPanic);
  assert.equal(call<boolean>(boreas.session, boreas.id, "verify_schnorr", type, args(MESSAGE, PK), "bool", GAS).data, true);
});
