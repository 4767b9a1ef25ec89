// The Dusk profile's poseidon_hash against vectors host-sim did not compute: dusk-poseidon
// v0.42.0-rc.0's constant files (assets/arc.bin, assets/mds.bin, copied to tests/vectors) and its
// Hades test vectors (src/hades.rs), rusk's `poseidon_hash` vector (vm/tests/vm.rs at 264c1ec),
// dusk-safe 0.3.0's tag encoding and pattern rules (src/lib.rs tests), @noble/curves' BLS12-381 Fr
// for the limb arithmetic on reduced values, and cases worked by hand from dusk-bls12_381's limb code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { codec, VM, VMError, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { FQ, invertFq } from "../../host-sim/dusk/fq.js";
import { bigintToLimbs, limbsToBigint } from "../../host-sim/dusk/limbs.js";
import { arcBin, mdsBin, poseidonDigest, sponge, tagInput } from "../../host-sim/dusk/poseidon.js";
import { DuskQueryPanic } from "../../host-sim/dusk/errors.js";
import { VECTORS_DIR } from "../helpers/paths.js";
import { call, deploy } from "../ports/support/piecrust.js";
import { duskHost, GAS } from "./dusk-host.js";

const r = dusk.BLS_SCALAR_MODULUS;
const Fr = bls12_381.fields.Fr;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const leHex = (h: string) => BigInt("0x" + hex(Uint8Array.from(Buffer.from(h, "hex")).reverse()));
/** dusk-bls12_381's `{:?}`: 0x and the canonical value, big-endian. */
const debug = (limbs: bigint) => "0x" + FQ.reduce(limbs).toString(16).padStart(64, "0");
const le32 = (bytes: Uint8Array, i: number) => limbsToBigint([0, 8, 16, 24].map((o) => new DataView(bytes.buffer, bytes.byteOffset + i * 32 + o, 8).getBigUint64(0, true)));

// dusk-poseidon src/hades.rs TEST_INPUTS (`BlsScalar::from_hex_str`: canonical little-endian bytes).
const TEST_INPUTS = [
  "bb67ed265bf1db490ded2e1ede55c0d14c55521509dc73f9c354e98ab76c9625",
  "7e74220084d75e10c89e9435d47bb5b8075991b2e29be3b84421dac3b1ee6007",
  "5ce5481a4d78cca03498f72761da1b9f1d2aa8fb300be39f0e4fe2534f9d4308",
  "b1e710e3c4a8c35154b0ce4e4f4af6f498ebd79f8e7cdf3150372c7501be250b",
  "33c9e2025f86b5d82149f1ab8e20a168fc3d99d09b48cbce0286db8752cc3306",
  "e98206bfdce791e4e5144079b997d4fc25006194b35655f0e48490b26e24ea35",
  "86d2a95cc552de8d5bb20bd4a407fee5ffdc314e93dfe6b2dc792bc71fd8cc2d",
  "4edd8307ce28a8c70963d20a7bc28df1e1720bbbc93878a18bd07fad7d51fa15",
  "eabc7a296704a68aa01f95adc85f6dd758b175745336d8fc795a17984024b21e",
  "cfc108673c93df305e31c283b9c767b7097ae4e174a223e0c24b15a67b701a3a",
].map((h) => FQ.fromCanonical(leHex(h)));

test("poseidon: the round constants and MDS matrix derived as assets/HOWTO.md says are assets/arc.bin and mds.bin", () => {
  const arc = readFileSync(join(VECTORS_DIR, "dusk-poseidon-arc.bin"));
  const mds = readFileSync(join(VECTORS_DIR, "dusk-poseidon-mds.bin"));
  assert.equal(arc.length, 340 * 32);
  assert.equal(mds.length, 25 * 32);
  assert.deepEqual(arcBin(), Array.from({ length: 340 }, (_, i) => le32(arc, i)));
  assert.deepEqual(mdsBin().flat(), Array.from({ length: 25 }, (_, i) => le32(mds, i)));
});

test("poseidon: Hades in a sponge with a zero tag gives src/hades.rs's six test hashes", () => {
  // The test's IO pattern: absorb the inputs, absorb one `BlsScalar::one()` of padding, squeeze one.
  const expected: [number, string][] = [
    [3, "0x26abf2d0476f154e69bf19740092fe36265680c294462b8e759ad73a99567dd5"],
    [4, "0x1cc40219c7ec92919d6db7a41cd41953333a2ed544606daca182e4eaa6c7db2d"],
    [5, "0x707c98a0e9a6e4832ac33ee08811bce122017a58dbbbf66a2f6fcdc69d45462d"],
    [6, "0x26905a794d3d2fb0c3ed2276abc696c27a5bfdea7f106e596cbeedd86891c461"],
    [8, "0x1b98a2c5f1fe54d21b5ce9bf0dcc99ea8784a64f3c544fa06d3f73569741006e"],
    [10, "0x211b7ea21c9afca93dabdfbda8b2d5275b2dd802fed87bb431e98557c61667d2"],
  ];
  for (const [n, want] of expected) {
    const [out] = sponge(0n, [{ absorb: TEST_INPUTS.slice(0, n) }, { absorb: [FQ.one] }, { squeeze: 1 }]);
    assert.equal(debug(out), want, `${n} inputs`);
  }
});

test("poseidon: dusk-safe's tag input (hand-encoded) and its pattern rules", () => {
  // [Absorb(3), Squeeze(1)], domain 0: 0x80000003, 0x00000001, then the u64 0, all big-endian.
  assert.equal(hex(tagInput([{ absorb: 3 }, { squeeze: 1 }], 0n)!), "80000003" + "00000001" + "0000000000000000");
  // dusk-safe's test_tag_input: merged calls give the same tag input.
  const same = (a: Parameters<typeof tagInput>[0], b: Parameters<typeof tagInput>[0]) => assert.equal(hex(tagInput(a, 42n)!), hex(tagInput(b, 42n)!));
  same([{ absorb: 1 }, { absorb: 1 }, { squeeze: 1 }], [{ absorb: 2 }, { squeeze: 1 }]);
  same([{ absorb: 2 }, { squeeze: 10 }], [{ absorb: 2 }, { squeeze: 1 }, { squeeze: 1 }, { squeeze: 8 }]);
  same(
    [{ absorb: 2 }, { absorb: 2 }, { squeeze: 1 }, { squeeze: 1 }, { squeeze: 1 }, { absorb: 2 }, { absorb: 2 }, { squeeze: 1 }, { squeeze: 8 }],
    [{ absorb: 3 }, { absorb: 1 }, { squeeze: 2 }, { squeeze: 1 }, { absorb: 1 }, { absorb: 3 }, { squeeze: 5 }, { squeeze: 4 }],
  );
  assert.notEqual(hex(tagInput([{ absorb: 2 }, { squeeze: 10 }], 42n)!), hex(tagInput([{ absorb: 2 }, { squeeze: 1 }], 42n)!));
  // test_validate_io_pattern's refusals.
  for (const bad of [[], [{ absorb: 2 }], [{ squeeze: 2 }], [{ absorb: 0 }, { squeeze: 2 }], [{ absorb: 42 }, { squeeze: 0 }], [{ squeeze: 42 }, { absorb: 3 }, { squeeze: 4 }], [{ absorb: 3 }, { absorb: 2 ** 31 }, { squeeze: 1 }]]) {
    assert.equal(tagInput(bad, 0n), undefined, JSON.stringify(bad));
  }
});

test("poseidon: the limb arithmetic equals @noble/curves' Fr on reduced values, and inversion too", () => {
  const elem = fc.bigInt({ min: 0n, max: r - 1n });
  const mont = (v: bigint) => FQ.fromCanonical(v);
  fc.assert(
    fc.property(elem, elem, (a, b) => {
      assert.equal(FQ.reduce(FQ.add(mont(a), mont(b))), Fr.add(a, b));
      assert.equal(FQ.reduce(FQ.sub(mont(a), mont(b))), Fr.sub(a, b));
      assert.equal(FQ.reduce(FQ.mul(mont(a), mont(b))), Fr.mul(a, b));
      assert.equal(FQ.reduce(FQ.square(mont(a))), Fr.sqr(a));
      assert.equal(FQ.reduce(FQ.neg(mont(a))), Fr.neg(a));
      if (a !== 0n) assert.equal(FQ.reduce(invertFq(mont(a))!), Fr.inv(a));
    }),
    { numRuns: 200 },
  );
  assert.equal(invertFq(0n), undefined);
  assert.equal(invertFq(FQ.one), FQ.one);
});

test("poseidon: limbs at or above r follow dusk-bls12_381's code, not arithmetic mod r (worked by hand)", () => {
  const top = (1n << 256n) - 1n;
  // add: the carry out of 256 bits is dropped, then r is subtracted once at most.
  assert.equal(FQ.add(top, 1n), 0n); // 2^256 wraps to 0, which is below r
  assert.equal(FQ.add(top, 0n), top - r); // still ≥ r: one subtraction only
  assert.equal(FQ.add(r, r), r); // 2r − r
  // neg skips the final borrow: limbs above r wrap round.
  assert.equal(FQ.neg(r + 1n), (1n << 256n) - 1n);
  // montgomery_reduce of limbs below 2^256 is always canonical (to_bytes, reduce).
  assert.equal(FQ.reduce(r), 0n);
  assert.equal(FQ.reduce(top), FQ.reduce(top - 2n * r));
});

/** Runs query `name` on `arg` as the hq import does: the answer written at the argbuf's start. */
function run(q: Map<string, HostQuery>, name: string, arg: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 * 1024);
  buf.set(arg);
  return buf.slice(0, q.get(name)!.execute(arg, buf));
}
const Q = new Map(new dusk.DuskProfile({}).hostQueries());
const VEC_SCALARS = dusk.duskType("Vec<BlsScalar>");
const scalarsArg = (limbs: bigint[]) => codec.encode(VEC_SCALARS, limbs.map((l) => [bigintToLimbs(l)]), dusk.DUSK_DEFS);
const answer = (limbs: bigint[]) => le32(run(Q, "poseidon_hash", scalarsArg(limbs)), 0);

test("poseidon: poseidon_hash gives rusk's vector (vm/tests/vm.rs `poseidon_hash`, three scalars)", () => {
  const out = run(Q, "poseidon_hash", scalarsArg(TEST_INPUTS.slice(0, 3)));
  assert.equal(out.length, 32);
  assert.equal(debug(le32(out, 0)), "0x6ee56db5a9ffb1ed8cc923bba770d01b7f49feb9cd5ffe6e73ba73643089b54a");
  assert.equal(le32(out, 0), poseidonDigest(TEST_INPUTS.slice(0, 3)));
});

test("poseidon: unreduced input limbs are absorbed with dusk-bls12_381's add (worked by hand)", () => {
  const five = [FQ.fromCanonical(1n), FQ.fromCanonical(2n), FQ.fromCanonical(3n), FQ.fromCanonical(4n), FQ.fromCanonical(5n)];
  // An element absorbed into a zero rate slot is add(0, x): x + r and x + 2r lose r once, so x + r
  // hashes as x; every later step then stays congruent (its limbs stay below 2^256 − r).
  assert.equal(answer([five[0] + r]), answer([five[0]]));
  // The fifth element lands on a permuted (nonzero, reduced) slot s: add(s, 2^256 − 1) drops the
  // carry and gives s − 1, exactly as adding r − 1 does; arithmetic mod r would add 2^256 − 1 mod r.
  const top = (1n << 256n) - 1n;
  const withTop = answer([...five.slice(0, 4), top]);
  assert.equal(withTop, answer([...five.slice(0, 4), r - 1n]));
  assert.notEqual(withTop, answer([...five.slice(0, 4), top % r]));
  // The digest comes out of an MDS mix of reduced products, so it is always reduced.
  assert.ok(withTop < r);
});

test("poseidon: a supplied poseidon_hash does not override the exact one (the rule sha256 follows)", () => {
  const q = new Map(new dusk.DuskProfile({ queries: { poseidon_hash: () => true } }).hostQueries());
  const arg = scalarsArg(TEST_INPUTS.slice(0, 3));
  assert.equal(debug(le32(run(q, "poseidon_hash", arg), 0)), "0x6ee56db5a9ffb1ed8cc923bba770d01b7f49feb9cd5ffe6e73ba73643089b54a");
});

test("poseidon: an empty input panics in the node (no valid IO pattern); a bad archive gets the zero scalar", () => {
  assert.throws(() => run(Q, "poseidon_hash", scalarsArg([])), DuskQueryPanic);
  assert.equal(hex(run(Q, "poseidon_hash", new Uint8Array([1, 2, 3]))), "00".repeat(32));
});

test("poseidon sdk: poseidonHash from a contract returns rusk's vector and costs pricing.rs's 30,000 + 10,000 per scalar", async () => {
  const setup = (hardFork: dusk.HardFork) => duskHost({ hardFork });
  const pre = await setup("PreFork");
  const boreas = await setup("Boreas");
  const arg = TEST_INPUTS.slice(0, 3).map((l) => codec.encode(dusk.duskType("BlsScalar"), [bigintToLimbs(l)], dusk.DUSK_DEFS));
  const a = call<Uint8Array>(pre.session, pre.id, "poseidon_hash", "Vec<Vec<u8>>", arg, "Vec<u8>", GAS);
  const b = call<Uint8Array>(boreas.session, boreas.id, "poseidon_hash", "Vec<Vec<u8>>", arg, "Vec<u8>", GAS);
  assert.equal(debug(le32(b.data, 0)), "0x6ee56db5a9ffb1ed8cc923bba770d01b7f49feb9cd5ffe6e73ba73643089b54a");
  assert.deepEqual(a.data, b.data);
  assert.equal(b.gasSpent - a.gasSpent, 30_000n + 10_000n * 3n);
  console.log(`dusk poseidon_hash(3 scalars): ${b.gasSpent} gas on Boreas, ${a.gasSpent} before; the query's share ${b.gasSpent - a.gasSpent}`);
  // An empty vector makes the node's query panic. The Dusk profile lets it reach the embedder, as
  // rusk's pinned piecrust does (the call undone, the session usable); a session that contains host
  // query panics (Piecrust 0.32's default) fails the call with Panic("host query panicked").
  assert.throws(() => call(boreas.session, boreas.id, "poseidon_hash", "Vec<Vec<u8>>", [], "Vec<u8>", GAS), DuskQueryPanic);
  assert.deepEqual(call<Uint8Array>(boreas.session, boreas.id, "poseidon_hash", "Vec<Vec<u8>>", arg, "Vec<u8>", GAS).data, b.data);
  const vm = await VM.ephemeral({ profile: "dusk" });
  const contained = await vm.session({ containHostQueryPanics: true });
  const { id } = await deploy(contained, "dusk_host", { gas: GAS });
  assert.throws(
    () => call(contained, id, "poseidon_hash", "Vec<Vec<u8>>", [], "Vec<u8>", GAS),
    (e: unknown) => e instanceof VMError && e.code === "Panic" && /host query panicked/.test(e.message),
  );
});
