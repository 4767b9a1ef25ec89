// verify_kzg_proof on host-sim's Dusk profile against Ethereum's verify_kzg_proof test cases as
// c-kzg-4844 v2.0.0 ships them (tests/vectors/kzg-verify-proof.json, the c-kzg version rusk pins),
// the trusted setup's own points, and encodings worked by hand from blst's point decoder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { FpIsSquare } from "@noble/curves/abstract/modular.js";
import { codec, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { call } from "../ports/support/piecrust.js";
import { vectorJson } from "../helpers/paths.js";
import { duskHost, GAS } from "./dusk-host.js";

interface Case {
  name: string;
  commitment: string;
  z: string;
  y: string;
  proof: string;
  output: boolean | null;
}
interface Vectors {
  trustedSetup: { g1_monomial_1: string; g2_monomial_1: string; g2_monomial_2: string };
  cases: Case[];
}

const V = vectorJson<Vectors>("kzg-verify-proof.json");
const unhex = (s: string) => new Uint8Array(Buffer.from(s.replace(/^0x/, ""), "hex"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ARG = codec.parseType("([u8; 48], [u8; 32], [u8; 32], [u8; 48])");
const Q = new Map<string, HostQuery>(new dusk.DuskProfile().hostQueries());

/** The query's answer to raw argument bytes, as the hq import writes it into the argbuf. */
function query(arg: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 * 1024);
  buf.set(arg);
  return buf.slice(0, Q.get("verify_kzg_proof")!.execute(arg, buf));
}

type Fields = Pick<Case, "commitment" | "z" | "y" | "proof">;
const fields = (c: Fields) => [c.commitment, c.z, c.y, c.proof].map(unhex);

/** dusk-core's archived (commitment, z, y, proof), as host-sim's codec lays out the tuple. */
const argOf = (c: Fields) => codec.encode(ARG, fields(c));

/**
 * The bytes an archive of the four fields would hold if they could have other lengths: rustc keeps
 * the last field last and puts the two [u8; 32] (size 2^5) before the [u8; 48] (16·3), so the
 * archive is z‖y‖commitment‖proof (the rule of the rkyv-0.7 vectors' tuple_u8_u16_u32_u64 and
 * struct_array_mix cases).
 */
function archiveOrder(c: Fields): Uint8Array {
  const [commitment, z, y, proof] = fields(c);
  return Uint8Array.from([...z, ...y, ...commitment, ...proof]);
}

const byName = (name: string) => V.cases.find((c) => c.name === name)!;

test("kzg: every c-kzg-4844 v2.0.0 verify_kzg_proof case answers as c-kzg does (an error is false)", () => {
  assert.equal(V.cases.length, 122);
  const tally = { true: 0, false: 0, error: 0, wrongLength: 0 };
  for (const c of V.cases) {
    const sized = fields(c).map((f) => f.length).join(",") === "48,32,32,48";
    let arg = archiveOrder(c);
    if (sized) {
      arg = argOf(c);
      assert.equal(hex(arg), hex(archiveOrder(c)), c.name);
    } else {
      // A field of the wrong length cannot be a [u8; N]: no typed caller can send it. Its bytes
      // sent raw are refused all the same: shorter, the archive fails rkyv's validation (rusk's
      // fallback false); longer, rkyv reads the last 160 bytes, which do not verify.
      assert.throws(() => argOf(c), codec.CodecError, c.name);
      tally.wrongLength++;
    }
    const expected = c.output === true;
    assert.deepEqual([...query(arg)], [expected ? 1 : 0], `${c.name}: expected ${c.output}`);
    tally[c.output === null ? "error" : c.output ? "true" : "false"]++;
  }
  assert.deepEqual(tally, { true: 54, false: 48, error: 20, wrongLength: 8 });
});

test("kzg: the embedded [τ]G2 is c-kzg's g2_monomial[1] and pairs with the setup's [τ]G1 and [τ²]G2", () => {
  const ts = V.trustedSetup;
  assert.equal(hex(dusk.KZG_SETUP_TAU_G2), ts.g2_monomial_1.slice(2));
  const { G1, G2 } = bls12_381;
  const tauG1 = G1.Point.fromBytes(unhex(ts.g1_monomial_1));
  const tauG2 = G2.Point.fromBytes(dusk.KZG_SETUP_TAU_G2);
  const tau2G2 = G2.Point.fromBytes(unhex(ts.g2_monomial_2));
  const { Fp12 } = bls12_381.fields;
  const e = (p: typeof tauG1, q: typeof tauG2) => bls12_381.pairing(p, q);
  // e([τ]G1, G2) = e(G1, [τ]G2): the same τ as the G1 points commitments are made with.
  assert.ok(Fp12.eql(e(tauG1, G2.Point.BASE), e(G1.Point.BASE, tauG2)));
  // e([τ]G1, [τ]G2) = e(G1, [τ²]G2): not merely some G2 point that happens to pass the first check.
  assert.ok(Fp12.eql(e(tauG1, tauG2), e(G1.Point.BASE, tau2G2)));
  assert.ok(!Fp12.eql(e(tauG1, G2.Point.BASE), e(G1.Point.BASE, tau2G2)));
});

// Hand-worked from blst's POINTonE1_Uncompress_Z (what c-kzg's validate_kzg_g1 calls) and c-kzg's
// bytes_to_bls_field: each starts from a case the vectors say is true and breaks one rule.
test("kzg: encodings blst and c-kzg refuse give false, their valid twins true", () => {
  const valid = byName("correct_proof_02e696ada7d4631d"); // commitment and proof both at infinity, y = 0
  const twos = byName("correct_proof_point_at_infinity_for_twos_poly_05c1f3685f3393f0"); // proof at infinity
  const plain = V.cases.find((c) => c.output === true && !c.commitment.startsWith("0xc0") && !c.proof.startsWith("0xc0"))!;
  const ask = (c: Fields) => query(argOf(c))[0] === 1;
  assert.ok(ask(valid) && ask(twos) && ask(plain));
  const inf = (first: string, last = "00") => "0x" + first + "00".repeat(46) + last;
  // Infinity is exactly 0xc0 then zeros: not with the sort flag, a stray bit, or without the compression flag.
  for (const bad of [inf("e0"), inf("c0", "01"), inf("c1"), inf("40")]) {
    assert.equal(ask({ ...valid, commitment: bad }), false, `commitment ${bad.slice(0, 6)}…${bad.slice(-2)}`);
    assert.equal(ask({ ...twos, proof: bad }), false, `proof ${bad.slice(0, 6)}…${bad.slice(-2)}`);
  }
  // A 48-byte point without the compression flag is refused (the uncompressed form is 96 bytes).
  const noFlag = (h: string) => "0x" + (parseInt(h.slice(2, 4), 16) & 0x7f).toString(16).padStart(2, "0") + h.slice(4);
  assert.equal(ask({ ...plain, commitment: noFlag(plain.commitment) }), false);
  assert.equal(ask({ ...plain, proof: noFlag(plain.proof) }), false);
  // The sort flag flipped names −P: a valid point, but the pairing no longer holds.
  const flip = (h: string) => "0x" + (parseInt(h.slice(2, 4), 16) ^ 0x20).toString(16).padStart(2, "0") + h.slice(4);
  assert.equal(ask({ ...plain, proof: flip(plain.proof) }), false);
  // x = p (not below the modulus) and x = 0 ((0, ±2) is on the curve, outside G1).
  const p = bls12_381.fields.Fp.ORDER;
  const withFlag = (x: bigint) => { const b = unhex(x.toString(16).padStart(96, "0")); b[0] |= 0x80; return "0x" + hex(b); };
  for (const x of [p, 0n]) {
    assert.equal(ask({ ...plain, commitment: withFlag(x) }), false, `commitment x = ${x === p ? "p" : "0"}`);
    assert.equal(ask({ ...plain, proof: withFlag(x) }), false, `proof x = ${x === p ? "p" : "0"}`);
  }
  // A point on the curve outside the prime-order subgroup: the smallest x > 0 with x³ + 4 a square.
  const Fp = bls12_381.fields.Fp;
  let x = 1n;
  while (!FpIsSquare(Fp, Fp.add(Fp.pow(x, 3n), 4n))) x++;
  const offGroup = new bls12_381.G1.Point(x, Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n)), 1n);
  assert.ok(!offGroup.isTorsionFree());
  assert.equal(ask({ ...plain, commitment: withFlag(x) }), false);
  assert.equal(ask({ ...plain, proof: withFlag(x) }), false);
  // z and y are big-endian and below r; r − 1 is the largest accepted (the vectors' z = r − 1 cases).
  const r = dusk.BLS_SCALAR_MODULUS;
  const be = (n: bigint) => "0x" + n.toString(16).padStart(64, "0");
  assert.equal(ask({ ...valid, z: be(r) }), false);
  assert.equal(ask({ ...valid, y: be(r) }), false);
  assert.equal(ask({ ...valid, z: be(r - 1n) }), true);
  // Big-endian: the same z = 2 read little-endian is another point, where the proof fails.
  const at2 = V.cases.find((c) => c.output === true && c.z === be(2n) && !c.proof.startsWith("0xc0"))!;
  assert.ok(ask(at2));
  assert.equal(ask({ ...at2, z: "0x02" + "00".repeat(31) }), false);
});

test("kzg: the price is pricing.rs's flat 2,000,000 on Boreas, also for a refused argument; 0 before", () => {
  const arg = argOf(byName("correct_proof_02e696ada7d4631d"));
  assert.equal(Q.get("verify_kzg_proof")!.price(arg), 2_000_000n);
  assert.equal(Q.get("verify_kzg_proof")!.price(new Uint8Array(3)), 2_000_000n);
  assert.deepEqual([...query(new Uint8Array(3))], [0]);
  const pre = new Map(new dusk.DuskProfile({ hardFork: "PreFork" }).hostQueries());
  assert.equal(pre.get("verify_kzg_proof")!.price(arg), 0n);
});

test("kzg: an exact query ignores a supplied implementation, as sha256 does", () => {
  const wrong = argOf(V.cases.find((c) => c.output === false)!);
  const supplied = new Map(new dusk.DuskProfile({ queries: { verify_kzg_proof: () => true, sha256: () => true } }).hostQueries());
  const buf = new Uint8Array(1024);
  assert.equal(supplied.get("verify_kzg_proof")!.execute(wrong, buf), 1);
  assert.equal(buf[0], 0);
  assert.equal(supplied.get("sha256")!.execute(codec.encode(codec.parseType("Vec<u8>"), new Uint8Array(0)), buf), 32);
  assert.equal(hex(buf.subarray(0, 32)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});

test("kzg sdk: a contract's verifyKzgProof gets c-kzg's answers, and the query costs 2,000,000 gas", async () => {
  const run = async (hardFork: dusk.HardFork) => {
    const { session, id } = await duskHost({ hardFork });
    return (c: Case) =>
      call<boolean>(session, id, "verify_kzg_proof", "((Vec<u8>, Vec<u8>), (Vec<u8>, Vec<u8>))", [[unhex(c.commitment), unhex(c.z)], [unhex(c.y), unhex(c.proof)]], "bool", GAS);
  };
  const boreas = await run("Boreas");
  const pre = await run("PreFork");
  const good = V.cases.find((c) => c.output === true && !c.commitment.startsWith("0xc0") && !c.proof.startsWith("0xc0"))!;
  const wrong = byName(good.name.replace("correct_proof", "incorrect_proof"));
  const invalidY = V.cases.find((c) => c.name.startsWith("invalid_y") && unhex(c.y).length === 32)!;
  for (const [c, expected] of [[good, true], [wrong, false], [invalidY, false]] as const) {
    const a = pre(c);
    const b = boreas(c);
    assert.equal(b.data, expected, c.name);
    assert.equal(a.data, expected, c.name);
    assert.equal(b.gasSpent - a.gasSpent, 2_000_000n, c.name);
  }
  const b = boreas(good);
  console.log(`dusk verify_kzg_proof(${good.name}): ${b.gasSpent} gas on Boreas, ${pre(good).gasSpent} before; the query's share 2000000`);
});
