// piecrust-as/assembly/dusk on host-sim's Dusk profile: every binding reaches its query with
// dusk-core's layout, answers match rusk's and the standard vectors, each query's gas is
// pricing.rs's, and the metadata and owners read as dusk-core reads them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codec, VM, VMError, type Session } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { call, deploy, ser } from "../ports/support/piecrust.js";
import { VECTORS, encodePvk, lightProofBytes, lightPvkParts } from "../helpers/ark-bn254.js";
import { duskHost, GAS, unreducedBlsKey } from "./dusk-host.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const OWNER = new Uint8Array(96).map((_, i) => i + 1);

const setup = (opts: dusk.DuskOptions = {}, owner = OWNER) => duskHost(opts, owner);

const bytesCall = (s: Session, id: Uint8Array, fn: string, arg: Uint8Array) => call<Uint8Array>(s, id, fn, "Vec<u8>", arg, "Vec<u8>", GAS);

// rusk vm/tests/vm.rs: the `hash` of three scalars' canonical bytes.
const HASH_INPUT = unhex(
  "bb67ed265bf1db490ded2e1ede55c0d14c55521509dc73f9c354e98ab76c9625" +
    "7e74220084d75e10c89e9435d47bb5b8075991b2e29be3b84421dac3b1ee6007" +
    "5ce5481a4d78cca03498f72761da1b9f1d2aa8fb300be39f0e4fe2534f9d4308",
);
const HASH_OUTPUT_BE = "58c751eca2d6a41227e0c52ef579f4688d698b3447a8bcc27fb2831e11d3239e";
// dusk-bls12_381's R (2^256 mod r), the archived form of 1, as little-endian bytes.
const R_ARCHIVED = "feffffff01000000024803" + "00fab78458f54fbcecef4f8c996f05c5ac59b124" + "18";

test("dusk sdk: hash returns rusk's scalar, and BlsScalar.toCanonical is its value", async () => {
  const { session, id } = await setup();
  const archived = bytesCall(session, id, "hash", HASH_INPUT).data;
  assert.equal(dusk.scalarFromArchived(archived).toString(16).padStart(64, "0"), HASH_OUTPUT_BE);
  const canonical = bytesCall(session, id, "hash_canonical", HASH_INPUT).data;
  assert.equal(hex(Uint8Array.from(canonical).reverse()), HASH_OUTPUT_BE);
});

test("dusk sdk: BlsScalar's Montgomery conversions in AssemblyScript (R, r, small values)", async () => {
  const { session, id } = await setup();
  const one = new Uint8Array(32);
  one[0] = 1;
  assert.equal(R_ARCHIVED.length, 64);
  assert.equal(hex(bytesCall(session, id, "scalar_round_trip", one).data), R_ARCHIVED);
  assert.equal(hex(call<Uint8Array>(session, id, "scalar_from_u64", "u64", 1n, "Vec<u8>", GAS).data), R_ARCHIVED);
  assert.equal(hex(bytesCall(session, id, "scalar_to_canonical", unhex(R_ARCHIVED)).data), hex(one));
  // r itself is refused (from_bytes); r - 1 round-trips.
  const r = dusk.scalarToCanonical(0n);
  let m = dusk.BLS_SCALAR_MODULUS;
  for (let i = 0; i < 32; i++, m >>= 8n) r[i] = Number(m & 0xffn);
  assert.equal(bytesCall(session, id, "scalar_round_trip", r).data.length, 0);
  const rMinus1 = dusk.scalarToCanonical(dusk.BLS_SCALAR_MODULUS - 1n);
  const archived = bytesCall(session, id, "scalar_round_trip", rMinus1).data;
  assert.equal(dusk.scalarFromArchived(archived), dusk.BLS_SCALAR_MODULUS - 1n);
  assert.equal(hex(bytesCall(session, id, "scalar_to_canonical", archived).data), hex(rMinus1));
  const big = (1n << 250n) + 12345n;
  assert.equal(hex(call<Uint8Array>(session, id, "scalar_from_u64", "u64", 0xffff_ffff_ffff_ffffn, "Vec<u8>", GAS).data), hex(dusk.scalarToArchived(0xffff_ffff_ffff_ffffn)));
  assert.equal(hex(bytesCall(session, id, "scalar_round_trip", dusk.scalarToCanonical(big)).data), hex(dusk.scalarToArchived(big)));
});

test("dusk sdk: sha256 and keccak256 (FIPS and rusk vectors)", async () => {
  const { session, id } = await setup();
  assert.equal(hex(bytesCall(session, id, "sha256", new TextEncoder().encode("abc")).data), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(hex(bytesCall(session, id, "keccak256", unhex("ab00ef77dd33ee006d8a5c9b62")).data), "48299ecd7ccb5655d3be5747703c44137173e1c5ef2ec9e175bffe9e2c5e3eda");
});

// The hand-worked secp256k1 case of queries.test.ts: d = k = 1, so the key recovered is G.
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
const GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n;
const be32 = (n: bigint) => unhex(n.toString(16).padStart(64, "0"));
const Z = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefn;

test("dusk sdk: secp256k1Recover gives G for the hand-worked signature and null for a bad v", async () => {
  const { session, id } = await setup();
  const sig = (v: number) => Uint8Array.from([...be32(GX % N), ...be32((Z + GX) % N), v]);
  const rec = (v: number) => call<Uint8Array | null>(session, id, "secp256k1_recover", "(Vec<u8>, Vec<u8>)", [be32(Z), sig(v)], "Option<Vec<u8>>", GAS).data;
  assert.equal(hex(rec(27)!), "04" + hex(be32(GX)) + hex(be32(GY)));
  assert.equal(rec(3), null);
});

test("dusk sdk: each exact query charges pricing.rs's Boreas price (the gas over a PreFork run)", async () => {
  const pre = await setup({ hardFork: "PreFork" });
  const boreas = await setup({ hardFork: "Boreas" });
  const data = new Uint8Array(100).fill(7);
  const cases: [string, string, unknown, string, bigint][] = [
    ["hash", "Vec<u8>", data, "Vec<u8>", 3_000n + 10n * 100n],
    ["sha256", "Vec<u8>", data, "Vec<u8>", 3_000n + 8n * 100n],
    ["keccak256", "Vec<u8>", data, "Vec<u8>", 3_000n + 16n * 100n],
    ["secp256k1_recover", "(Vec<u8>, Vec<u8>)", [be32(Z), Uint8Array.from([...be32(GX), ...be32((Z + GX) % N), 27])], "Option<Vec<u8>>", 200_000n],
  ];
  for (const [fn, argType, arg, retType, price] of cases) {
    const a = call(pre.session, pre.id, fn, argType, arg, retType, GAS);
    const b = call(boreas.session, boreas.id, fn, argType, arg, retType, GAS);
    assert.deepEqual(a.data, b.data);
    assert.equal(b.gasSpent - a.gasSpent, price, fn);
    console.log(`dusk ${fn}(${fn === "secp256k1_recover" ? "hand-worked sig" : "100 bytes"}): ${b.gasSpent} gas on Boreas, ${a.gasSpent} before; the query's share ${b.gasSpent - a.gasSpent}`);
  }
});

test("dusk sdk: verifyGroth16Bn254 in a contract: Light's arkworks key and proof are valid, its wrong proof not; the query costs 4,500,000", async () => {
  const pre = await setup({ hardFork: "PreFork" });
  const boreas = await setup();
  const pvk = encodePvk(lightPvkParts());
  const verify = (s: Session, id: Uint8Array, p: { proof: Uint8Array; inputs: Uint8Array }) =>
    call<boolean>(s, id, "verify_groth16_bn254", "(Vec<u8>, Vec<u8>, Vec<u8>)", [pvk, p.proof, p.inputs], "bool", GAS);
  const good = lightProofBytes(VECTORS.light.deposit);
  const a = verify(pre.session, pre.id, good);
  const b = verify(boreas.session, boreas.id, good);
  assert.equal(a.data, true);
  assert.equal(b.data, true);
  assert.equal(b.gasSpent - a.gasSpent, 4_500_000n);
  console.log(`dusk verify_groth16_bn254 (Light's proof, a ${pvk.length}-byte prepared key): ${b.gasSpent} gas on Boreas, ${a.gasSpent} before`);
  assert.equal(verify(boreas.session, boreas.id, lightProofBytes(VECTORS.light.deposit_with_wrong_proof)).data, false);
});

test("dusk sdk: a prepared key too short for ark's Miller loop panics the query, as in rusk's node; the call is undone", async () => {
  const short = encodePvk({ ...lightPvkParts(), deltaNeg: { coeffs: [], infinity: false } });
  const good = lightProofBytes(VECTORS.light.deposit);
  const arg = [short, good.proof, good.inputs];
  const { vm, session, id } = await setup();
  const root = session.root();
  // The Dusk profile does not contain host-query panics (rusk's pinned piecrust does not): ark's
  // panic reaches the embedder, the call undone.
  assert.throws(
    () => call(session, id, "verify_groth16_bn254", "(Vec<u8>, Vec<u8>, Vec<u8>)", arg, "bool", GAS),
    (e: unknown) => e instanceof dusk.ArkworksPanic && /rusk's node panics/.test(e.message),
  );
  assert.deepEqual(session.root(), root);
  // Contained (Piecrust 0.32's contain_hq_panics default) the contract fails with a Panic instead.
  const contained = await vm.session({ base: session.commit(), containHostQueryPanics: true });
  assert.throws(
    () => call(contained, id, "verify_groth16_bn254", "(Vec<u8>, Vec<u8>, Vec<u8>)", arg, "bool", GAS),
    (e: unknown) => e instanceof VMError && e.code === "Panic" && /host query panicked/.test(e.message),
  );
});

test("dusk sdk: a BLS argument host-sim cannot compute exactly aborts the call with DuskQueryUnsupported, state kept", async () => {
  const { session, id } = await setup();
  const { pk, sig } = unreducedBlsKey();
  const arg = ser("(Vec<u8>, Vec<u8>, Vec<u8>)", [new Uint8Array(3), pk, sig]);
  assert.throws(() => session.callRaw(id, "verify_bls", arg, GAS), (e: unknown) => e instanceof dusk.DuskQueryUnsupported && e.query === "verify_bls");
  // The session still works after the refused call.
  assert.equal(call<number>(session, id, "chain_id", "()", null, "u8", GAS).data, 0);
});

test("dusk sdk: supplied verify_bls (for unreduced limbs) / verify_bls_multisig get dusk-core's archived tuple, byte for byte", async () => {
  const seen: Uint8Array[] = [];
  const forks: string[] = [];
  let answer = true;
  const { vm, session, id } = await setup({
    hardFork: "Aegis",
    queries: {
      verify_bls: (arg, c) => (seen.push(arg), forks.push(c.hardFork), answer),
      verify_bls_multisig: (arg) => (seen.push(arg), answer),
    },
  });
  const { pk, pkValue, sig, sigValue } = unreducedBlsKey();
  const enc = (t: string, v: unknown) => codec.encode(dusk.duskType(t), v, dusk.DUSK_DEFS);
  const msg = new TextEncoder().encode("some-message");
  const r = call<boolean>(session, id, "verify_bls", "(Vec<u8>, Vec<u8>, Vec<u8>)", [msg, pk, sig], "bool", GAS);
  assert.equal(r.data, true);
  assert.equal(hex(seen[0]), hex(enc("(Vec<u8>, BlsPublicKey, BlsSignature)", [msg, pkValue, sigValue])));
  assert.deepEqual(forks, ["Aegis"]);
  answer = false;
  const m = call<boolean>(session, id, "verify_bls_multisig", "(Vec<u8>, Vec<Vec<u8>>, Vec<u8>)", [msg, [pk, pk, pk], sig], "bool", GAS);
  assert.equal(m.data, false);
  assert.equal(hex(seen[1]), hex(enc("(Vec<u8>, Vec<BlsPublicKey>, MultisigSignature)", [msg, [pkValue, pkValue, pkValue], sigValue])));
  // A flag byte other than 0 (any byte passes dusk-bls12_381 0.14.2's Choice check) is the
  // identity to is_valid: host-sim answers false itself, without asking the implementation.
  const badSig = Uint8Array.from(sig);
  badSig[96] = 2; // the infinity Choice
  answer = true;
  assert.equal(call<boolean>(session, id, "verify_bls", "(Vec<u8>, Vec<u8>, Vec<u8>)", [msg, pk, badSig], "bool", GAS).data, false);
  assert.equal(seen.length, 2);
  // Withdrawing the implementation makes the query refuse again.
  vm.dusk!.supply("verify_bls", undefined);
  assert.throws(() => call(session, id, "verify_bls", "(Vec<u8>, Vec<u8>, Vec<u8>)", [msg, pk, sig], "bool", GAS), dusk.DuskQueryUnsupported);
});

test("dusk sdk: chain_id and block_height come from the profile, settable per VM and per session", async () => {
  const { vm, session, id } = await setup({ chainId: 0xfa, blockHeight: 21n });
  assert.equal(call<number>(session, id, "chain_id", "()", null, "u8", GAS).data, 0xfa);
  assert.equal(call<bigint>(session, id, "block_height", "()", null, "u64", GAS).data, 21n);
  const root = session.commit();
  vm.dusk!.blockHeight = 22n;
  const next = await vm.session({ base: root });
  assert.equal(call<bigint>(next, id, "block_height", "()", null, "u64", GAS).data, 22n);
  next.setMeta("block_height", dusk.duskMetadata(0xfa, 99n).block_height);
  assert.equal(call<bigint>(next, id, "block_height", "()", null, "u64", GAS).data, 99n);
  const own = await vm.session({ base: root, meta: dusk.duskMetadata(2, 7n) });
  assert.equal(call<number>(own, id, "chain_id", "()", null, "u8", GAS).data, 2);
  assert.throws(() => (vm.dusk!.chainId = 300), dusk.DuskProfileError);
});

test("dusk sdk: selfOwner and owner are the 96-byte BLS key; a 32-byte owner panics", async () => {
  const { session, id } = await setup();
  assert.equal(hex(bytesCall(session, id, "self_owner", new Uint8Array(0)).data), hex(OWNER));
  assert.equal(hex(call<Uint8Array>(session, id, "owner_of", "ContractId", id, "Option<Vec<u8>>", GAS).data), hex(OWNER));
  assert.equal(call(session, id, "owner_of", "ContractId", new Uint8Array(32).fill(9), "Option<Vec<u8>>", GAS).data, null);
  const small = await setup({}, new Uint8Array(32));
  assert.throws(() => bytesCall(small.session, small.id, "self_owner", new Uint8Array(0)), (e: unknown) => e instanceof VMError && e.code === "Panic" && /96-byte BLS public key/.test(e.message));
});

test("dusk sdk: on bare Piecrust the Dusk queries and metadata are missing", async () => {
  const vm = await VM.ephemeral();
  const session = await vm.session();
  const { id } = await deploy(session, "dusk_host", { owner: OWNER, gas: GAS });
  assert.throws(() => bytesCall(session, id, "sha256", new Uint8Array(1)), (e: unknown) => e instanceof VMError && e.code === "MissingHostQuery");
  assert.throws(() => call(session, id, "chain_id", "()", null, "u8", GAS), (e: unknown) => e instanceof VMError && e.code === "Panic" && /chain_id/.test(e.message));
  await assert.rejects(VM.ephemeral({ profile: "eth" as "dusk" }), dusk.DuskProfileError);
  await assert.rejects(VM.ephemeral({ dusk: {} }), dusk.DuskProfileError);
});
