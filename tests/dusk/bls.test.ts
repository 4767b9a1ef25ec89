// verify_bls and verify_bls_multisig on host-sim's Dusk profile against vectors host-sim did not
// compute: bls12_381-bls's own (tests/signature.rs's legacy V1 vectors at rev 2bbf457, the rev
// rusk pins; tests/serde.rs's V2 vectors at b0b553f, whose library code is 2bbf457's, and its
// earlier V1 ones from 7ebe917, before V2 existed),
// dusk-bls12_381 0.14.2's RFC 9380 hash-to-curve vectors, rusk's `hash` vector as the V1 hash's
// scalar, and keys 1 and 2 worked by hand. Invalid points answer false as rusk does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { codec, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { EmbedderPanic } from "../../host-sim/instance.js";
import * as limbs from "../../host-sim/dusk/bls-limbs.js";
import { call } from "../ports/support/piecrust.js";
import { duskHost, GAS } from "./dusk-host.js";

const { G1, G2 } = bls12_381;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Base58 (Bitcoin alphabet), as the bs58 crate writes bls12_381-bls's serde form. */
function bs58(s: string): Uint8Array {
  const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let n = 0n;
  for (const c of s) n = n * 58n + BigInt(alphabet.indexOf(c));
  const out: number[] = [];
  for (; n > 0n; n >>= 8n) out.unshift(Number(n & 0xffn));
  for (const c of s) if (c === "1") out.unshift(0); else break;
  return Uint8Array.from(out);
}

// bls12_381-bls rev 2bbf457 tests/signature.rs, insecure_legacy_vectors_remain_valid: valid
// under verify_insecure (V1), refused by verify (V2); MULTI_AGG_PK = aggregate_insecure([PK1, PK2]).
const LEGACY = {
  msg: unhex("73ff3ffc67e3c08ac11df03000028f1247495279e4e4bc89ff7accbbb9444e5ff324c8bdefff0cb153dadca070d9197ab456c417a51683607f856ee9d6acaacf303e24e7108b125b1e16f7ecc9e577310f995150d7bc58765ec756d3d366c4f26a4767e8"),
  pk: unhex("b8342aba423a84543f42aabfac36893c5235e7808ca88eb4b768a5236675f9db9033e59a28132ba59d256e3ee878b1af114a1c6d479d3a1925544cf01bcec92f5f32d70b4a50d1d00fcf4e2d035f9fa0e77af15303fe23249e1fc85e9c7e3c79"),
  sig: unhex("8e0cd9811dcc78faf6052542b287a0033a2c5248b0df0b4144b1b556d6552359040368e7d4f1851b819104c0e08d66cf"),
  pk1: unhex("901a8c70cb243dbc9bc70116a63e6d434bc91ed301ee9eb9df38af8736ecebdd8c0baa72f296a5a5f52014b0c7a1e30501b91c629b21eb0120ebfc169cbf8a47151b6c2201ed51a7bd76b560077adc3637b1d2d1504b2feadd20ae1870453464"),
  pk2: unhex("83aabf4a7bb19c3e94bd81c24e17b86da58afc2c312fef0f2f2e299885bc94e17ddf8f2c98b6f8366ade21fb1a8b2793041dcfa7e6eb6389813a5f5584ea0d9b95da53e5a0551c6b861e3549e5c423af9042d44d7d62878dfd71dd6ba18ecda1"),
  aggPk: "942d00b9b7d7103630f029b91afa19ca586256b21c32dda09687cf8d1e0d32293fa931ab8734261b4c0a8654644367e1024ef8d35bab25de9e6adbf88fddf4840322d80d6c9e2a108959ee437175765a8df8608b0f8f617dfb38f90744f43828",
  msig: unhex("811879ac91a27782a87fe1768ff1c4b86c009d45742f1ab2d9ca4fc952011ff58deb97d6310d9fdbcf2906d757afdf10"),
};

// bls12_381-bls tests/serde.rs: one secret key (StdRng seed 0xbeef), its public key,
// sign(b"a message"), sign_multisig(pk, b"a message") and aggregate([pk]), in bs58 of their
// canonical bytes; at b0b553f ("update secure serde vectors", the V2 code of 2bbf457) and, for
// the same key, at 7ebe917 (2025, when the only scheme was today's V1).
const SERDE = {
  sk: bs58("J96A6LyxZL3JdymeEHL4bNhf5MmcmgSLkd6Umh5ELrPt"),
  pk: bs58("shUGhHy4u1NiQY8uzHpTDagQJEqYrDJuAfgjDUVK5uBxbNi2D4aeHmCVaLvebvR4SGv5tJqGsg1KLRmeJu9RH2ANVELqvDU4Tr2zVBkTot47d1Gpj7N7UUMB1QF4aY3Vd96"),
  aggPk: bs58("ubbQeTYgfD573GYirCxzUKfPu8RHwDETEHw3tobCTLsWk8aTbwGGmqV6juNNK8pbbvFr1c6JtmmBfDwoMGezPKNSZiUQsqaKCJPm6QWEF49TS99y3eLLeCfomzFsZFnz4Fu"),
  sig: bs58("7X9bBkiw6p3ztHupnsyKTuJbFPZTrRpwRuzgyhGm6RCHZ2RZdRBY7U64qV6rHQWnNj"),
  msig: bs58("7DFqqrcNjMzrEHHUzcTzFUvoJJAKKEQ9P56BsrvNGBZj2AB6NnBhV6ur7o8WmgBxh7"),
  msg: utf8("a message"),
  v1: {
    aggPk: bs58("25kghHWDNorWmBuDUTfXvKseTHzDvDnAN6jSsP44ptZ7C1apiarwVqwJ4quxx3Yax5TicNXTZsauZVwjHbzFyvxZAjGMEGcPAhrvzji5mxaiF445mTep3g9BJFeTbtv9sDR3"),
    sig: bs58("6UxktyK2QmZA6PsB15iTAiwYns3QLBrZmsBJPR1smfp4MNU3CnoqKLRbiUS1h76HW9"),
    msig: bs58("79PPAVxpdTbHhK81p5oTGkEqb6EVkAkxEb39emBdzffLHwyTnfSbN6AmAiv3SdZMci"),
  },
};

// rusk vm/tests/vm.rs `hash`: BlsScalar::hash_to_scalar of these 96 bytes, which is V1's h0 scalar.
const HASH_INPUT = unhex(
  "bb67ed265bf1db490ded2e1ede55c0d14c55521509dc73f9c354e98ab76c9625" +
    "7e74220084d75e10c89e9435d47bb5b8075991b2e29be3b84421dac3b1ee6007" +
    "5ce5481a4d78cca03498f72761da1b9f1d2aa8fb300be39f0e4fe2534f9d4308",
);
const HASH_SCALAR = 0x58c751eca2d6a41227e0c52ef579f4688d698b3447a8bcc27fb2831e11d3239en;

const DEFS = dusk.DUSK_DEFS;
const PK_T = dusk.duskType("BlsPublicKey");
const SIG_T = dusk.duskType("BlsSignature");
const BLS_ARG = dusk.duskType("(Vec<u8>, BlsPublicKey, BlsSignature)");
const MULTI_ARG = dusk.duskType("(Vec<u8>, Vec<BlsPublicKey>, MultisigSignature)");

type Value = { x: unknown; y: unknown; infinity: number };
const pkValue = (compressed: Uint8Array) => codec.decode(PK_T, dusk.blsPublicKeyToArchived(compressed), DEFS) as [Value];
const sigValue = (compressed: Uint8Array) => codec.decode(SIG_T, dusk.blsSignatureToArchived(compressed), DEFS) as [Value];
const g1 = (p: InstanceType<typeof G1.Point>) => p.toBytes(true);
const g2 = (p: InstanceType<typeof G2.Point>) => p.toBytes(true);

function queries(opts: dusk.DuskOptions = {}): Map<string, HostQuery> {
  return new Map(new dusk.DuskProfile(opts).hostQueries());
}

function run(q: Map<string, HostQuery>, name: string, arg: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 * 1024);
  buf.set(arg);
  return buf.slice(0, q.get(name)!.execute(arg, buf));
}

const FORKS = { V1: queries({ hardFork: "PreFork" }), V2: queries({ hardFork: "Aegis" }), Boreas: queries({ hardFork: "Boreas" }) };

function verify(q: Map<string, HostQuery>, msg: Uint8Array, pk: [Value], sig: [Value]): boolean {
  const out = run(q, "verify_bls", codec.encode(BLS_ARG, [msg, pk, sig], DEFS));
  assert.equal(out.length, 1);
  return out[0] === 1;
}

function multisig(q: Map<string, HostQuery>, msg: Uint8Array, keys: [Value][], sig: [Value]): boolean {
  const out = run(q, "verify_bls_multisig", codec.encode(MULTI_ARG, [msg, keys, sig], DEFS));
  assert.equal(out.length, 1);
  return out[0] === 1;
}

test("dusk bls: bls12_381-bls's legacy vectors verify under V1 (PreFork) only", () => {
  const pk = pkValue(LEGACY.pk);
  const sig = sigValue(LEGACY.sig);
  assert.equal(verify(FORKS.V1, LEGACY.msg, pk, sig), true);
  assert.equal(verify(FORKS.V2, LEGACY.msg, pk, sig), false);
  assert.equal(verify(FORKS.Boreas, LEGACY.msg, pk, sig), false);
  const keys = [pkValue(LEGACY.pk1), pkValue(LEGACY.pk2)];
  const msig = sigValue(LEGACY.msig);
  assert.equal(multisig(FORKS.V1, LEGACY.msg, keys, msig), true);
  assert.equal(multisig(FORKS.V2, LEGACY.msg, keys, msig), false);
  // aggregate_insecure's key is the crate's own: the V1 coefficients h1 are right.
  const points = [LEGACY.pk1, LEGACY.pk2].map((b) => G2.Point.fromBytes(b));
  assert.equal(hex(g2(dusk.aggregateBlsKeys(points, "V1"))), LEGACY.aggPk);
  // The keys in the other order aggregate to the same key; a key missing does not verify.
  assert.equal(multisig(FORKS.V1, LEGACY.msg, [keys[1], keys[0]], msig), true);
  assert.equal(multisig(FORKS.V1, LEGACY.msg, [keys[0]], msig), false);
});

test("dusk bls: bls12_381-bls's serde vectors: V2's verify from Aegis on, V1's before it", () => {
  const sk = BigInt("0x" + hex(Uint8Array.from(SERDE.sk).reverse()));
  // The decoded key is the secret key's: the bs58 strings are read right.
  assert.equal(hex(g2(G2.Point.BASE.multiply(sk))), hex(SERDE.pk));
  const pk = pkValue(SERDE.pk);
  assert.equal(verify(FORKS.V2, SERDE.msg, pk, sigValue(SERDE.sig)), true);
  assert.equal(verify(FORKS.Boreas, SERDE.msg, pk, sigValue(SERDE.sig)), true);
  assert.equal(verify(FORKS.V1, SERDE.msg, pk, sigValue(SERDE.sig)), false);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [pk], sigValue(SERDE.msig)), true);
  assert.equal(multisig(FORKS.V1, SERDE.msg, [pk], sigValue(SERDE.msig)), false);
  // The single signature is not the multisignature (h1's coefficient is not 1).
  assert.equal(multisig(FORKS.V2, SERDE.msg, [pk], sigValue(SERDE.sig)), false);
  assert.equal(hex(g2(dusk.aggregateBlsKeys([G2.Point.fromBytes(SERDE.pk)], "V2"))), hex(SERDE.aggPk));
  // The same key's vectors from before V2: valid under V1 only.
  assert.equal(verify(FORKS.V1, SERDE.msg, pk, sigValue(SERDE.v1.sig)), true);
  assert.equal(verify(FORKS.V2, SERDE.msg, pk, sigValue(SERDE.v1.sig)), false);
  assert.equal(multisig(FORKS.V1, SERDE.msg, [pk], sigValue(SERDE.v1.msig)), true);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [pk], sigValue(SERDE.v1.msig)), false);
  assert.equal(hex(g2(dusk.aggregateBlsKeys([G2.Point.fromBytes(SERDE.pk)], "V1"))), hex(SERDE.v1.aggPk));
});

test("dusk bls: V2's hash-to-curve is dusk-bls12_381's RFC 9380 G1 map (its QUUX vectors), with Dusk's DST", () => {
  // dusk-bls12_381 0.14.2 (848822d) src/hash_to_curve/map_g1.rs test_hash_to_curve_10: x ‖ y.
  const DST = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
  const cases: [string, string][] = [
    ["", "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a108ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265"],
    ["abc", "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f69030b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d"],
    ["abcdef0123456789", "11e0b079dea29a68f0383ee94fed1b940995272407e3bb916bbf268c263ddd57a6a27200a784cbc248e84f357ce82d9803a87ae2caf14e8ee52e51fa2ed8eefe80f02457004ba4d486d6aa1f517c0889501dc7413753f9599b099ebcbbd2d709"],
  ];
  for (const [msg, xy] of cases) assert.equal(hex(G1.hashToCurve(utf8(msg), { DST }).toBytes(false)), xy, msg);
  assert.equal(dusk.H0_DST, "BLS_SIG_BLS12381G1_XMD:SHA-256_DUSK_V2");
  assert.equal(dusk.H1_DST, "BLS_SIG_BLS12381_SCALAR_SHA256_DUSK_H1_V2");
});

test("dusk bls: keys 1 and 2 worked by hand (pk = k·G2, sig = k·h0(msg))", () => {
  // V1: h0 is G1 times hash_to_scalar, whose value for HASH_INPUT is rusk's own vector.
  const h1v = G1.Point.BASE.multiply(HASH_SCALAR);
  for (const k of [1n, 2n]) {
    const pk = pkValue(g2(G2.Point.BASE.multiply(k)));
    assert.equal(verify(FORKS.V1, HASH_INPUT, pk, sigValue(g1(h1v.multiply(k)))), true, `V1 k=${k}`);
    assert.equal(verify(FORKS.V1, HASH_INPUT, pk, sigValue(g1(h1v.multiply(3n - k)))), false, `V1 k=${k}, the other key's signature`);
  }
  // V2: h0(b"a message") is the serde vector's signature divided by its secret key.
  const sk = BigInt("0x" + hex(Uint8Array.from(SERDE.sk).reverse()));
  const h2v = G1.Point.fromBytes(SERDE.sig).multiply(bls12_381.fields.Fr.inv(sk));
  assert.equal(hex(g1(h2v)), hex(g1(G1.hashToCurve(SERDE.msg, { DST: dusk.H0_DST }))));
  for (const k of [1n, 2n]) {
    const pk = pkValue(g2(G2.Point.BASE.multiply(k)));
    assert.equal(verify(FORKS.V2, SERDE.msg, pk, sigValue(g1(h2v.multiply(k)))), true, `V2 k=${k}`);
    assert.equal(verify(FORKS.V1, SERDE.msg, pk, sigValue(g1(h2v.multiply(k)))), false, `V2 sig under V1, k=${k}`);
  }
  // A multisignature of keys 1 and 2 under V2 is the sum of kᵢ·tᵢ·h0(msg).
  const pks = [1n, 2n].map((k) => G2.Point.BASE.multiply(k));
  const t = (p: InstanceType<typeof G2.Point>) => dusk.hashToScalar(Uint8Array.from([...utf8(dusk.H1_DST), ...g2(p)]));
  const msig = h2v.multiply((t(pks[0]) + 2n * t(pks[1])) % bls12_381.fields.Fr.ORDER);
  assert.equal(multisig(FORKS.V2, SERDE.msg, pks.map((p) => pkValue(g2(p))), sigValue(g1(msig))), true);
  // The same key twice: the coefficient counts twice.
  const twice = h2v.multiply((2n * t(pks[1]) * 2n) % bls12_381.fields.Fr.ORDER);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [pkValue(g2(pks[1])), pkValue(g2(pks[1]))], sigValue(g1(twice))), true);
});

const fpLimbs = (v: bigint): [bigint[]] => [Array.from({ length: 6 }, (_, i) => (v >> BigInt(64 * i)) & 0xffff_ffff_ffff_ffffn)];
const P = bls12_381.fields.Fp.ORDER;
const R = (1n << 384n) % P;
const mont = (v: bigint) => fpLimbs((v * R) % P);

test("dusk bls: invalid keys and signatures answer false, as is_valid and the pairing refuse them", () => {
  const pk = pkValue(SERDE.pk);
  const sig = sigValue(SERDE.sig);
  const q = FORKS.V2;
  assert.equal(verify(q, utf8("another message"), pk, sig), false, "wrong message");
  assert.equal(verify(q, SERDE.msg, pkValue(g2(G2.Point.BASE)), sig), false, "wrong key");
  assert.equal(verify(q, SERDE.msg, pk, sigValue(g1(G1.Point.BASE))), false, "wrong signature");
  // The identity, with dusk-bls12_381's x = 0, y = 1 and its flag set, for either point.
  const idPk = pkValue(unhex("c0" + "00".repeat(95)));
  const idSig = sigValue(unhex("c0" + "00".repeat(47)));
  assert.equal(idPk[0].infinity, 1);
  assert.equal(verify(q, SERDE.msg, idPk, sig), false);
  assert.equal(verify(q, SERDE.msg, pk, idSig), false);
  // Any other flag byte passes 0.14.2's check and is the identity to is_identity (a nonzero Choice).
  for (const flag of [2, 0x80, 0xff]) {
    assert.equal(verify(q, SERDE.msg, [{ ...pk[0], infinity: flag }], sig), false);
    assert.equal(verify(q, SERDE.msg, pk, [{ ...sig[0], infinity: flag }]), false);
  }
  // Off the curve: (1, 1), and (0, 0) with the flag clear (noble would read it as the identity).
  const g1v = (x: bigint, y: bigint): [Value] => [{ x: mont(x), y: mont(y), infinity: 0 }];
  assert.equal(verify(q, SERDE.msg, pk, g1v(1n, 1n)), false);
  assert.equal(verify(q, SERDE.msg, pk, g1v(0n, 0n)), false);
  // On the curve but outside G1: (0, 2) has order 3 (y² = x³ + 4 at x = 0).
  assert.equal(verify(q, SERDE.msg, pk, g1v(0n, 2n)), false);
  assert.equal(G1.Point.fromAffine({ x: 0n, y: 2n }).multiply(3n).is0(), true);
  // A G2 curve point outside G2: the untwisted x = 1 lift without cofactor clearing.
  const { Fp2 } = bls12_381.fields;
  const offG2 = findG2CurvePointOutsideSubgroup();
  const fp2v = (e: { c0: bigint; c1: bigint }) => ({ c0: mont(e.c0), c1: mont(e.c1) });
  const offPk: [Value] = [{ x: fp2v(offG2.x), y: fp2v(offG2.y), infinity: 0 }];
  assert.equal(verify(q, SERDE.msg, offPk, sig), false);
  assert.equal(multisig(q, SERDE.msg, [pk, offPk], sigValue(SERDE.msig)), false);
  // And a G2 pair that is not on the twist at all.
  assert.equal(verify(q, SERDE.msg, [{ x: fp2v(Fp2.ONE), y: fp2v(Fp2.ONE), infinity: 0 }], sig), false);
  // Multisig: no keys, an identity key, an invalid signature.
  assert.equal(multisig(q, SERDE.msg, [], sigValue(SERDE.msig)), false);
  assert.equal(multisig(q, SERDE.msg, [pk, idPk], sigValue(SERDE.msig)), false);
  assert.equal(multisig(q, SERDE.msg, [pk], idSig), false);
});

function findG2CurvePointOutsideSubgroup(): { x: { c0: bigint; c1: bigint }; y: { c0: bigint; c1: bigint } } {
  const { Fp2 } = bls12_381.fields;
  const b = Fp2.fromBigTuple([4n, 4n]);
  for (let i = 1n; ; i++) {
    const x = Fp2.fromBigTuple([i, 0n]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue;
    }
    const p = G2.Point.fromAffine({ x, y });
    if (!p.isTorsionFree()) return { x, y };
  }
}

test("dusk bls: limbs ≥ p: a signature as the crate's arithmetic takes it, a key it finds on its curve refused unless supplied", () => {
  const pk = pkValue(SERDE.pk);
  const sig = sigValue(SERDE.sig);
  const int = (fp: unknown) => (fp as [bigint[]])[0].reduceRight((v, limb) => (v << 64n) | limb, 0n);
  // The signature's y plus p: the same field element in unreduced limbs, below 2^382. The first
  // product it meets is below p·2^384, so one subtraction of p reduces it: the crate finds it on
  // the curve and in G1, and its pairing multiplies it by reduced line coefficients. Valid.
  const unreduced: [Value] = [{ ...sig[0], y: fpLimbs(int(sig[0].y) + P) }];
  assert.equal(verify(FORKS.V2, SERDE.msg, pk, unreduced), true);
  assert.equal(verify(FORKS.V2, utf8("a massage"), pk, unreduced), false);
  const msig = sigValue(SERDE.msig);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [pk], [{ ...msig[0], x: fpLimbs(int(msig[0].x) + P) }]), true);
  // (p, 2): x is 0 in unreduced limbs (p reduces to 0 in every sum, product and negation met
  // here), the order-3 point (0, 2): on the crate's curve, outside G1. False.
  const order3: [Value] = [{ x: fpLimbs(P), y: mont(2n), infinity: 0 }];
  assert.equal(verify(FORKS.V2, SERDE.msg, pk, order3), false);
  // The key's x.c1 plus p: Fp2::square negates it, and p − (c1 + p) wraps to 2^384 − c1, which is
  // not −c1 mod p, so x² is off and the crate finds the point off the curve: false, exactly.
  const x = pk[0].x as { c0: unknown; c1: unknown };
  const offKey: [Value] = [{ ...pk[0], x: { ...x, c1: fpLimbs(int(x.c1) + P) } }];
  assert.equal(verify(FORKS.V2, SERDE.msg, offKey, sig), false);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [pk, offKey], msig), false);
  // G2's generator with y.c0 plus p (its Montgomery y.c0 + y.c1 is below p): Fp2::square's sum,
  // difference and products all reduce it, so the crate finds it on its curve, then runs the
  // pairing on the unreduced limbs: host-sim refuses, or asks the supplied implementation.
  const gen = pkValue(g2(G2.Point.BASE));
  const y = gen[0].y as { c0: unknown; c1: unknown };
  assert.ok(int(y.c0) + int(y.c1) < P);
  const unreducedKey: [Value] = [{ ...gen[0], y: { ...y, c0: fpLimbs(int(y.c0) + P) } }];
  const arg = codec.encode(BLS_ARG, [SERDE.msg, unreducedKey, sig], DEFS);
  assert.throws(
    () => run(FORKS.V2, "verify_bls", arg),
    (e: unknown) => e instanceof EmbedderPanic && e.cause instanceof dusk.DuskQueryUnsupported && e.cause.query === "verify_bls" && /limbs ≥ p/.test(e.cause.message),
  );
  assert.throws(() => run(FORKS.V2, "verify_bls_multisig", codec.encode(MULTI_ARG, [SERDE.msg, [pk, unreducedKey], msig], DEFS)), EmbedderPanic);
  let seen: Uint8Array | undefined;
  const supplied = queries({ hardFork: "Aegis", queries: { verify_bls: (a) => ((seen = a), true) } });
  assert.deepEqual([...run(supplied, "verify_bls", arg)], [1]);
  assert.equal(hex(seen!), hex(arg));
  // With another point refused, rusk's answer is false whatever the unreduced key gives.
  assert.equal(verify(FORKS.V2, SERDE.msg, unreducedKey, [{ ...sig[0], infinity: 1 }]), false);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [unreducedKey, offKey], msig), false);
  assert.equal(multisig(FORKS.V2, SERDE.msg, [unreducedKey], order3), false);
  // A supplied implementation is never asked where host-sim has the answer.
  seen = undefined;
  assert.deepEqual([...run(supplied, "verify_bls", codec.encode(BLS_ARG, [SERDE.msg, pk, sig], DEFS))], [1]);
  assert.deepEqual([...run(supplied, "verify_bls", codec.encode(BLS_ARG, [utf8("x"), pk, unreduced], DEFS))], [0]);
  assert.equal(seen, undefined);
});

test("dusk bls: a flag byte of 2 passes rusk's archive check, so multisig prices every key", () => {
  const pk = pkValue(SERDE.pk);
  const flagged: [Value] = [{ ...pk[0], infinity: 2 }];
  const arg = codec.encode(MULTI_ARG, [SERDE.msg, [flagged, flagged, flagged], sigValue(SERDE.msig)], DEFS);
  assert.equal(FORKS.Boreas.get("verify_bls_multisig")!.price(arg), 2_500_000n + 3n * 200_000n);
  assert.deepEqual([...run(FORKS.Boreas, "verify_bls_multisig", arg)], [0]);
  assert.equal(FORKS.Boreas.get("verify_bls")!.price(new Uint8Array(3)), 1_750_000n);
});

test("dusk bls: verifyBls / verifyBlsMultisig from a contract through the SDK: data, and gas = pricing.rs's price + the contract's own", async () => {
  const at = (hardFork: dusk.HardFork) => duskHost({ hardFork });
  const pk = dusk.blsPublicKeyToArchived(SERDE.pk);
  const single = (sig: Uint8Array, msg = SERDE.msg) => [msg, pk, dusk.blsSignatureToArchived(sig)];
  const multi = (sig: Uint8Array) => [SERDE.msg, [pk], dusk.blsSignatureToArchived(sig)];
  const BLS = "(Vec<u8>, Vec<u8>, Vec<u8>)";
  const MULTI = "(Vec<u8>, Vec<Vec<u8>>, Vec<u8>)";
  const [pre, aegis, boreas] = [await at("PreFork"), await at("Aegis"), await at("Boreas")];
  const cases: [string, string, unknown[], boolean, boolean, bigint][] = [
    // [fn, argument type, argument, PreFork's answer (V1), Aegis's and Boreas's (V2), Boreas price]
    ["verify_bls", BLS, single(SERDE.sig), false, true, 1_750_000n],
    ["verify_bls", BLS, single(SERDE.v1.sig), true, false, 1_750_000n],
    ["verify_bls", BLS, single(SERDE.sig, utf8("a massage")), false, false, 1_750_000n],
    ["verify_bls_multisig", MULTI, multi(SERDE.msig), false, true, 2_500_000n + 200_000n],
    ["verify_bls_multisig", MULTI, multi(SERDE.v1.msig), true, false, 2_500_000n + 200_000n],
  ];
  for (const [fn, type, arg, v1, v2, price] of cases) {
    const a = call<boolean>(pre.session, pre.id, fn, type, arg, "bool", GAS);
    const b = call<boolean>(aegis.session, aegis.id, fn, type, arg, "bool", GAS);
    const c = call<boolean>(boreas.session, boreas.id, fn, type, arg, "bool", GAS);
    assert.deepEqual([a.data, b.data, c.data], [v1, v2, v2], fn);
    // PreFork and Aegis price every query at 0; the contract's own gas does not depend on the answer.
    assert.equal(a.gasSpent, b.gasSpent, fn);
    assert.equal(c.gasSpent - b.gasSpent, price, fn);
    console.log(`dusk ${fn} (${v2 ? "V2 vector" : v1 ? "V1 vector" : "wrong message"}): ${c.gasSpent} gas on Boreas, ${b.gasSpent} on Aegis; the query's share ${c.gasSpent - b.gasSpent}`);
  }
});

test("dusk bls: the crate's limb arithmetic: its constants, the field's answers on reduced limbs, and unreduced cases worked by hand", () => {
  const { Fp, Fp2 } = bls12_381.fields;
  // fp.rs's INV is -p⁻¹ mod 2^64; g1.rs's B is 4 in Montgomery form (its from_raw_unchecked limbs).
  assert.equal((limbs.FP_INV * P + 1n) % (1n << 64n), 0n);
  assert.equal(limbs.B_MONT, (4n * R) % P);
  // On reduced limbs every operation is the field's (Montgomery: a·b·R⁻¹).
  const rInv = Fp.inv(R);
  const samples = [0n, 1n, 2n, P - 1n, R, (P * 3n) / 7n, 0x1234567890abcdefn << 300n, P >> 1n];
  for (const a of samples) {
    assert.equal(limbs.fpNeg(a), Fp.neg(a));
    for (const b of samples) {
      assert.equal(limbs.fpMul(a, b), Fp.mul(Fp.mul(a, b), rInv));
      assert.equal(limbs.fpAdd(a, b), Fp.add(a, b));
      assert.equal(limbs.fpSub(a, b), Fp.sub(a, b));
      assert.equal(limbs.fpSumOfProducts([a, b], [b, a]), Fp.mul(Fp.mul(2n, Fp.mul(a, b)), rInv));
      const x = { c0: a, c1: b };
      const y = { c0: b, c1: (a * 5n) % P };
      const m = Fp2.mul(Fp2.fromBigTuple([a, b]), Fp2.fromBigTuple([y.c0, y.c1]));
      assert.deepEqual(limbs.fp2Mul(x, y), { c0: Fp.mul(m.c0, rInv), c1: Fp.mul(m.c1, rInv) });
      const q = Fp2.sqr(Fp2.fromBigTuple([a, b]));
      assert.deepEqual(limbs.fp2Square(x), { c0: Fp.mul(q.c0, rInv), c1: Fp.mul(q.c1, rInv) });
    }
  }
  // Points in Montgomery form: G1's and G2's generators are on the curve, a nudged one is not.
  const g = G1.Point.BASE.toAffine();
  assert.equal(limbs.g1OnCurveLimbs((g.x * R) % P, (g.y * R) % P), true);
  assert.equal(limbs.g1OnCurveLimbs((g.x * R) % P, (g.y * R + 1n) % P), false);
  const h = G2.Point.BASE.toAffine();
  const m2 = (e: { c0: bigint; c1: bigint }) => ({ c0: (e.c0 * R) % P, c1: (e.c1 * R) % P });
  assert.equal(limbs.g2OnCurveLimbs(m2(h.x), m2(h.y)), true);
  assert.equal(limbs.g2OnCurveLimbs(m2(h.x), { ...m2(h.y), c1: (m2(h.y).c1 + 1n) % P }), false);
  // Unreduced limbs, by hand: p·p + (2^384 − p)·p = 2^384·p, so p squared reduces to p, then 0;
  // p − (p + 1) wraps to 2^384 − 1; (2^384 − 1) + 1 loses its carry: 0.
  assert.equal(limbs.fpMul(P, P), 0n);
  assert.equal(limbs.fpNeg(P + 1n), (1n << 384n) - 1n);
  assert.equal(limbs.fpNeg(P), 0n);
  assert.equal(limbs.fpAdd((1n << 384n) - 1n, 1n), 0n);
  // So (p, 2·R) is (0, 2) to the crate: y² − 0 = 4·R = B.
  assert.equal(limbs.g1OnCurveLimbs(P, (2n * R) % P), true);
  assert.equal(limbs.g1OnCurveLimbs(P, (3n * R) % P), false);
  // The subgroup test: G1's generator passes, the order-3 point (0, 2) fails, in either form; a
  // point of order 3 times the generator is off G1 too. BETA is a cube root of unity.
  const gm = { x: (g.x * R) % P, y: (g.y * R) % P };
  assert.equal(limbs.g1TorsionFreeLimbs(gm.x, gm.y), true);
  assert.equal(limbs.g1TorsionFreeLimbs(0n, (2n * R) % P), false);
  assert.equal(limbs.g1TorsionFreeLimbs(P, (2n * R) % P), false);
  const mixed = G1.Point.BASE.add(G1.Point.fromAffine({ x: 0n, y: 2n })).toAffine();
  assert.equal(limbs.g1TorsionFreeLimbs((mixed.x * R) % P, (mixed.y * R) % P), false);
  assert.equal(G1.Point.fromAffine(mixed).isTorsionFree(), false);
  const beta = Fp.mul(limbs.BETA_MONT, rInv);
  assert.equal(Fp.mul(Fp.sqr(beta), beta), 1n);
  assert.notEqual(beta, 1n);
});
