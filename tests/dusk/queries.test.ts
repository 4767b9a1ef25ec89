// The Dusk profile's host queries against vectors not computed by host-sim: rusk's own
// (vm/tests/vm.rs, vm/src/host_queries/pricing.rs tests), the published sha256/keccak256 vectors,
// the dusk-bls12_381 Montgomery constant R, and a secp256k1 signature worked by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codec, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { EmbedderPanic } from "../../host-sim/instance.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const VEC_U8 = codec.parseType("Vec<u8>");
const vecU8 = (b: Uint8Array) => codec.encode(VEC_U8, b);

function profile(opts: dusk.DuskOptions = {}): Map<string, HostQuery> {
  return new Map(new dusk.DuskProfile(opts).hostQueries());
}

/** Runs query `name` on `arg` as the hq import does: the answer written at the argbuf's start. */
function run(q: Map<string, HostQuery>, name: string, arg: Uint8Array): Uint8Array {
  const buf = new Uint8Array(64 * 1024);
  buf.set(arg);
  const n = q.get(name)!.execute(arg, buf);
  return buf.slice(0, n);
}

const Q = profile();

function limbs(b: Uint8Array): bigint[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return [0, 8, 16, 24].map((o) => v.getBigUint64(o, true));
}

test("dusk: the profile registers dusk-core's eleven query names", () => {
  assert.deepEqual([...Q.keys()].sort(), ["hash", "keccak256", "poseidon_hash", "secp256k1_recover", "sha256", "verify_bls", "verify_bls_multisig", "verify_groth16_bn254", "verify_kzg_proof", "verify_plonk", "verify_schnorr"]);
});

test("dusk: BlsScalar archives as Montgomery limbs: 1 is R = 2^256 mod r (dusk-bls12_381's R constant)", () => {
  // R's limbs as the crate writes them, least significant first.
  const limbs = [0x00000001fffffffen, 0x5884b7fa00034802n, 0x998c4fefecbc4ff5n, 0x1824b159acc5056fn];
  const expected = new Uint8Array(32);
  limbs.forEach((l, i) => new DataView(expected.buffer).setBigUint64(i * 8, l, true));
  assert.equal(hex(dusk.scalarToArchived(1n)), hex(expected));
  assert.equal(dusk.scalarFromArchived(expected), 1n);
  assert.equal(hex(dusk.scalarToArchived(0n)), "00".repeat(32));
  // canonical bytes are the plain little-endian value; r itself is not canonical
  assert.equal(dusk.scalarFromCanonical(dusk.scalarToCanonical(7n)), 7n);
  assert.equal(dusk.scalarFromCanonical(dusk.scalarToCanonical(dusk.BLS_SCALAR_MODULUS - 1n)), dusk.BLS_SCALAR_MODULUS - 1n);
  const r = new Uint8Array(32);
  new DataView(r.buffer).setBigUint64(24, dusk.BLS_SCALAR_MODULUS >> 192n, true);
  let m = dusk.BLS_SCALAR_MODULUS;
  for (let i = 0; i < 32; i++, m >>= 8n) r[i] = Number(m & 0xffn);
  assert.equal(dusk.scalarFromCanonical(r), undefined);
});

test("dusk: hash is BLAKE2b-512 reduced into a BlsScalar (rusk vm/tests/vm.rs `hash` vector)", () => {
  const input = unhex(
    "bb67ed265bf1db490ded2e1ede55c0d14c55521509dc73f9c354e98ab76c9625" +
      "7e74220084d75e10c89e9435d47bb5b8075991b2e29be3b84421dac3b1ee6007" +
      "5ce5481a4d78cca03498f72761da1b9f1d2aa8fb300be39f0e4fe2534f9d4308",
  );
  const out = run(Q, "hash", vecU8(input));
  assert.equal(out.length, 32);
  // rusk prints the scalar's Debug form: its canonical value, big-endian.
  assert.equal(dusk.scalarFromArchived(out).toString(16).padStart(64, "0"), "58c751eca2d6a41227e0c52ef579f4688d698b3447a8bcc27fb2831e11d3239e");
});

test("dusk: keccak256 (rusk's vector and the published empty/abc digests)", () => {
  assert.equal(hex(run(Q, "keccak256", vecU8(unhex("ab00ef77dd33ee006d8a5c9b62")))), "48299ecd7ccb5655d3be5747703c44137173e1c5ef2ec9e175bffe9e2c5e3eda");
  assert.equal(hex(run(Q, "keccak256", vecU8(new Uint8Array(0)))), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  assert.equal(hex(run(Q, "keccak256", vecU8(new TextEncoder().encode("abc")))), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
});

test("dusk: sha256 (FIPS 180-2 vectors)", () => {
  assert.equal(hex(run(Q, "sha256", vecU8(new TextEncoder().encode("abc")))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(hex(run(Q, "sha256", vecU8(new Uint8Array(0)))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const million = new TextEncoder().encode("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  assert.equal(hex(run(Q, "sha256", vecU8(million))), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
});

// secp256k1 worked by hand: secret key d = 1 and nonce k = 1 make R = G, so r = Gx mod n and
// s = k⁻¹(z + r·d) = z + r mod n; recovery must give d·G = G, whose coordinates SEC 2 publishes.
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
const GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n;
const be32 = (n: bigint) => unhex(n.toString(16).padStart(64, "0"));
const Z = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefn;
const SECP_ARG = codec.parseType("([u8; 32], [u8; 65])");
function sig(v: number, r = GX % N, s = (Z + (GX % N)) % N): Uint8Array {
  const out = new Uint8Array(65);
  out.set(be32(r), 0);
  out.set(be32(s), 32);
  out[64] = v;
  return out;
}
const OPTION_KEY = codec.parseType("Option<[u8; 65]>");

test("dusk: secp256k1_recover gives G for the hand-worked signature, with v 0 or 27 (Gy is even)", () => {
  const g = "04" + hex(be32(GX)) + hex(be32(GY));
  for (const v of [0, 27]) {
    const out = run(Q, "secp256k1_recover", codec.encode(SECP_ARG, [be32(Z), sig(v)]));
    assert.equal(out.length, 66);
    assert.equal(out[0], 1, "Some");
    assert.equal(hex(out.subarray(1)), g);
  }
  // The other parity recovers some other key, never G.
  const other = codec.decode(OPTION_KEY, run(Q, "secp256k1_recover", codec.encode(SECP_ARG, [be32(Z), sig(28)]))) as Uint8Array;
  assert.notEqual(hex(other), g);
});

test("dusk: secp256k1_recover answers None like rusk: bad v, zero r/s, r or s not below n", () => {
  const none = hex(codec.encode(OPTION_KEY, null));
  assert.equal(none, "00".repeat(66));
  for (const s of [sig(2), sig(26), sig(29), sig(27, 0n, 0n), sig(27, N, 5n), sig(27, 5n, N)]) {
    assert.equal(hex(run(Q, "secp256k1_recover", codec.encode(SECP_ARG, [be32(Z), s]))), none);
  }
});

test("dusk: an argument that fails rkyv validation gets rusk's fallback answer", () => {
  const bad = new Uint8Array([1, 2, 3]);
  assert.equal(hex(run(Q, "sha256", bad)), "00".repeat(32));
  assert.equal(hex(run(Q, "keccak256", bad)), "00".repeat(32));
  assert.equal(hex(run(Q, "hash", bad)), "00".repeat(32));
  assert.equal(hex(run(Q, "secp256k1_recover", bad)), "00".repeat(66));
  // A Vec<u8> whose length runs past the buffer.
  const overlong = vecU8(new Uint8Array(4));
  new DataView(overlong.buffer).setUint32(overlong.length - 4, 1000, true);
  assert.equal(hex(run(Q, "sha256", overlong)), "00".repeat(32));
  // Supplied queries are never asked about an invalid archive: rusk answers false itself.
  let asked = false;
  const supplied = profile({ queries: { verify_bls: () => ((asked = true), true) } });
  assert.deepEqual([...run(supplied, "verify_bls", bad)], [0]);
  assert.equal(asked, false);
});

test("dusk: Boreas prices match rusk's pricing.rs tests; earlier forks are free", () => {
  const price = (name: string, arg: Uint8Array, q = Q) => q.get(name)!.price(arg);
  assert.equal(price("hash", vecU8(new Uint8Array(32).fill(7))), 3_320n);
  assert.equal(price("hash", vecU8(new Uint8Array(128).fill(9))), 4_280n);
  assert.equal(price("keccak256", vecU8(new Uint8Array(96).fill(1))), 4_536n);
  assert.equal(price("sha256", vecU8(new Uint8Array(96).fill(2))), 3_768n);
  const w32 = vecU8(new Uint8Array(32).fill(5));
  const w33 = vecU8(new Uint8Array(33).fill(5));
  assert.equal(price("hash", w33) - price("hash", w32), 10n);
  assert.equal(price("keccak256", w33) - price("keccak256", w32), 16n);
  assert.equal(price("sha256", w33) - price("sha256", w32), 8n);
  // An argument that is not a Vec<u8> is priced by its own length (decoded_vec_len's fallback).
  assert.equal(price("sha256", new Uint8Array(5)), 3_000n + 8n * 5n);
  const withPoseidon = profile({ queries: { verify_bls_multisig: () => false } });
  const scalars = (n: number) => codec.encode(dusk.duskType("Vec<BlsScalar>"), Array.from({ length: n }, (_, i) => [limbs(dusk.scalarToArchived(BigInt(i + 1)))]), dusk.DUSK_DEFS);
  assert.equal(price("poseidon_hash", scalars(1), withPoseidon), 40_000n);
  assert.equal(price("poseidon_hash", scalars(6), withPoseidon), 90_000n);
  assert.equal(price("poseidon_hash", scalars(16), withPoseidon), 190_000n);
  assert.equal(price("poseidon_hash", new Uint8Array(3), withPoseidon), 40_000n);
  const fp = () => [[0n, 0n, 0n, 0n, 0n, 0n]];
  const pk = [{ x: { c0: fp(), c1: fp() }, y: { c0: fp(), c1: fp() }, infinity: 0 }];
  const sigG1 = [{ x: fp(), y: fp(), infinity: 0 }];
  const multisig = (n: number) => codec.encode(dusk.duskType("(Vec<u8>, Vec<BlsPublicKey>, MultisigSignature)"), [new TextEncoder().encode("pricing-multisig"), Array(n).fill(pk), sigG1], dusk.DUSK_DEFS);
  assert.equal(price("verify_bls_multisig", multisig(2), withPoseidon), 2_900_000n);
  assert.equal(price("verify_bls_multisig", multisig(16), withPoseidon), 5_700_000n);
  assert.equal(price("verify_bls_multisig", multisig(0), withPoseidon), 2_700_000n);
  assert.equal(price("verify_bls_multisig", new Uint8Array(1), withPoseidon), 2_700_000n);
  assert.equal(price("secp256k1_recover", new Uint8Array(0)), 200_000n);
  for (const fork of ["PreFork", "Aegis"] as const) {
    const q = profile({ hardFork: fork });
    for (const name of ["hash", "sha256", "keccak256", "secp256k1_recover"]) assert.equal(price(name, w32, q), 0n);
  }
});

test("dusk: host-sim computes every Dusk query, and prices each without asking for an implementation", () => {
  assert.deepEqual([...dusk.EXACT_QUERIES].sort(), [...dusk.DUSK_QUERIES].sort());
  // The one refusal left (BLS arguments in unreduced limbs host-sim cannot follow) happens when the
  // query runs and is tested through a contract in tests/dusk/sdk.test.ts.
  for (const name of dusk.DUSK_QUERIES) assert.equal(typeof Q.get(name)!.price(new Uint8Array(0)), "bigint", name);
});

test("dusk: bad profile options are typed errors naming the option", () => {
  assert.throws(() => new dusk.DuskProfile({ chainId: 256 }), (e: unknown) => e instanceof dusk.DuskProfileError && /chainId/.test(e.message));
  assert.throws(() => new dusk.DuskProfile({ blockHeight: -1n }), (e: unknown) => e instanceof dusk.DuskProfileError && /blockHeight/.test(e.message));
  assert.throws(() => new dusk.DuskProfile({ hardFork: "Zeus" as dusk.HardFork }), (e: unknown) => e instanceof dusk.DuskProfileError && /hardFork/.test(e.message));
  assert.throws(() => new dusk.DuskProfile({ queries: { verify_everything: () => true } as never }), (e: unknown) => e instanceof dusk.DuskProfileError && /verify_everything/.test(e.message));
  assert.deepEqual(
    Object.fromEntries(Object.entries(dusk.duskMetadata(0xfa, 21n)).map(([k, v]) => [k, hex(v)])),
    { chain_id: "fa", block_height: "1500000000000000" },
  );
});

test("dusk: a compressed BLS key becomes dusk-bls12_381's archived G2Affine (its generator constant's limbs)", () => {
  const gen = dusk.blsPublicKeyToArchived(unhex(
    "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e" +
      "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8",
  ));
  assert.equal(gen.length, 200);
  const limbs = (at: number) => Array.from({ length: 6 }, (_, i) => new DataView(gen.buffer, gen.byteOffset).getBigUint64(at + i * 8, true));
  // G2Affine::generator() in dusk-bls12_381's src/g2.rs: x.c0, x.c1, y.c0 as from_raw_unchecked limbs.
  assert.deepEqual(limbs(0), [0xf5f28fa202940a10n, 0xb3f5fb2687b4961an, 0xa1a893b53e2ae580n, 0x9894999d1a3caee9n, 0x6f67b7631863366bn, 0x058191924350bcd7n]);
  assert.deepEqual(limbs(48), [0xa5a9c0759e23f606n, 0xaaa0c59dbccd60c3n, 0x3bb17e18e2867806n, 0x1b1ab6cc8541b367n, 0xc2b6ed0ef2158547n, 0x11922a097360edf3n]);
  assert.deepEqual(limbs(96), [0x4c730af860494c4an, 0x597cfa1f5e369c5an, 0xe7e6856caa0a635an, 0xbbefb5e96e0d495fn, 0x07d3a975f0ef25a2n, 0x0083fd8e7e80dae5n]);
  assert.equal(gen[192], 0);
  // The identity (compressed: the infinity flag bits) is x = 0, y = 1 (R mod p), infinity set.
  const id = dusk.blsPublicKeyToArchived(unhex("c0" + "00".repeat(95)));
  assert.equal(id[192], 1);
  assert.ok(id.subarray(0, 96).every((b) => b === 0));
  assert.throws(() => dusk.blsPublicKeyToArchived(new Uint8Array(95)), dusk.DuskProfileError);
  assert.throws(() => dusk.blsPublicKeyToArchived(new Uint8Array(96).fill(0xff)), dusk.DuskProfileError);
  assert.equal(dusk.blsSignatureToArchived(unhex("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")).length, 104);
});
