// verify_plonk on host-sim's Dusk profile against dusk-plonk itself: tests/vectors/plonk-dusk.json
// holds proofs made by dusk-plonk at the rev rusk 264c1ec pins (V2, V3) and by its v0.22.0-rc.0
// release (V1), and the answer rusk's verify_plonk_with_version gives for each altered blob under
// each version (recorded by tests/vectors/plonk-dusk-generator.rs); Merlin's published transcripts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codec, type HostQuery } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { Transcript } from "../../host-sim/dusk/merlin.js";
import { readVerifierData } from "../../host-sim/dusk/plonk-data.js";
import { call, ser } from "../ports/support/piecrust.js";
import { vectorJson } from "../helpers/paths.js";
import { duskHost, GAS } from "./dusk-host.js";

type Answer = boolean | "panic";
type Op = { xor: [number, number] } | { set: [number, string] } | { cut: number } | { append: string };
interface Case {
  name: string;
  vd: Op[];
  proof: Op[];
  public_inputs: string[] | null;
  rusk: Record<dusk.PlonkVersion, Answer>;
}
interface Fixture {
  name: string;
  proved_with: dusk.PlonkVersion;
  vd: string;
  proof: string;
  public_inputs: string[];
  cases: Case[];
}
interface Vectors {
  fixtures: Fixture[];
  rusk_vd: { file: string; vd: string; parses: boolean; public_inputs: number; with_gadget_v3_proof_and_ones: Record<dusk.PlonkVersion, Answer> }[];
}

const V = vectorJson<Vectors>("plonk-dusk.json");
const unhex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const le = (h: string) => unhex(h).reduceRight((n, b) => (n << 8n) | BigInt(b), 0n);
const VERSIONS = dusk.PLONK_VERSIONS;

function apply(bytes: Uint8Array, ops: Op[]): Uint8Array {
  let v = bytes.slice();
  for (const op of ops) {
    if ("xor" in op) v[op.xor[0]] ^= op.xor[1];
    else if ("set" in op) v.set(unhex(op.set[1]), op.set[0]);
    else if ("cut" in op) v = v.slice(0, op.cut);
    else v = Uint8Array.from([...v, ...unhex(op.append)]);
  }
  return v;
}

function answer(version: dusk.PlonkVersion, vd: Uint8Array, proof: Uint8Array, pis: bigint[]): Answer {
  try {
    return dusk.verifyPlonk(version, vd, proof, pis);
  } catch (e) {
    if (e instanceof dusk.DuskQueryPanic) return "panic";
    throw e;
  }
}

function run(f: Fixture, c: Case, version: dusk.PlonkVersion): Answer {
  return answer(version, apply(unhex(f.vd), c.vd), apply(unhex(f.proof), c.proof), (c.public_inputs ?? f.public_inputs).map(le));
}

const fixture = (circuit: string, proved: dusk.PlonkVersion) => V.fixtures.find((f) => f.name.startsWith(circuit) && f.proved_with === proved)!;

test("merlin: the published transcripts (merlin's equivalence_simple; gtank/merlin's complex transcript)", () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const t = Transcript.create(utf8("test protocol"));
  t.appendMessage("some label", utf8("some data"));
  assert.equal(hex(t.challengeBytes("challenge", 32)), "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
  // 32 rounds of a 1,024-byte message: STROBE's 166-byte rate wraps many times.
  const c = Transcript.create(utf8("test protocol"));
  c.appendMessage("step1", utf8("some data"));
  const data = new Uint8Array(1024).fill(99);
  let chl: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < 32; i++) {
    chl = c.challengeBytes("challenge", 32);
    c.appendMessage("bigdata", data);
    c.appendMessage("challengedata", chl);
  }
  assert.equal(hex(chl), "a8c933f54fae76e3f9bea93648c1308e7dfa2152dd51674ff3ca438351cf003c");
});

test("plonk: each dusk-plonk proof verifies under exactly the version it was made for (V1 pre-fix, V2, V3)", () => {
  assert.equal(V.fixtures.length, 6);
  for (const f of V.fixtures) {
    const valid = f.cases[0];
    assert.equal(valid.name, "valid");
    for (const v of VERSIONS) {
      assert.equal(valid.rusk[v], v === f.proved_with, `${f.name} ${f.proved_with} under ${v}: the recorded answer`);
      assert.equal(run(f, valid, v), valid.rusk[v], `${f.name}, a ${f.proved_with} proof, under ${v}`);
    }
  }
});

/**
 * The altered blobs of a fixture that a run verifies under `v`: all of them with PLONK_SLOW=1 (`npm run
 * test:slow`); otherwise every one rusk does not simply refuse (valid or panicking) and every fourth of
 * the rest, which keeps the regular run's PLONK share to seconds.
 */
function altered(f: Fixture, v: dusk.PlonkVersion): Case[] {
  return process.env.PLONK_SLOW ? f.cases : f.cases.filter((c, i) => c.rusk[v] !== false || i % 4 === 0);
}

test("plonk: the altered blobs of the V3 gadget proof (all custom gates) get rusk's answer under V3", () => {
  const f = fixture("gadget", "V3");
  const cases = altered(f, "V3");
  const tally = { true: 0, false: 0, panic: 0 };
  for (const c of cases) {
    const got = run(f, c, "V3");
    assert.equal(got, c.rusk.V3, c.name);
    tally[String(got) as keyof typeof tally]++;
  }
  // True: valid, a trailing byte on either blob, the key's unused tail, a changed size. Panics: a
  // header length that wraps the length check, a size too large to allocate, an index past the size.
  assert.deepEqual(tally, { true: 5, false: cases.length - 10, panic: 5 });
});

test("plonk: the altered blobs of rusk's test circuit's V1 proof get rusk's answer under V1 (the legacy opening)", () => {
  const f = fixture("rusk vm test circuit", "V1");
  for (const c of altered(f, "V1")) assert.equal(run(f, c, "V1"), c.rusk.V1, c.name);
});

test("plonk: V2's transcript and opening: the V2 gadget proof's altered public input, evaluations and selector commitments", () => {
  const f = fixture("gadget", "V2");
  const picked = f.cases.filter((c) => /public input 0 \+ 1|evaluation (7|8|9|10) |vk commitment (0|6|7|8|9|10|14) byte|vd label/.test(c.name));
  assert.ok(picked.length >= 12);
  for (const c of picked) for (const v of ["V2", "V3"] as const) assert.equal(run(f, c, v), c.rusk[v], `${c.name} under ${v}`);
});

// Every case under every version is 1,944 verifications (minutes): `npm run test:slow` runs them all
// (PLONK_SLOW=1); the regular run takes a stride through them, a different slice of each fixture.
test("plonk: recorded cases under every version, each fixture's and the others' (all of them with PLONK_SLOW=1)", () => {
  const stride = process.env.PLONK_SLOW ? 1 : 36;
  let checked = 0;
  V.fixtures.forEach((f, k) => {
    f.cases.forEach((c, i) => {
      if ((i + 5 * k) % stride !== 0) return;
      for (const v of VERSIONS) assert.equal(run(f, c, v), c.rusk[v], `${f.name} (${f.proved_with}): ${c.name} under ${v}`);
      checked++;
    });
  });
  assert.ok(checked >= (stride === 1 ? 648 : 18), `${checked} cases`);
});

test("plonk: rusk's real Phoenix transfer verifier data (TxCircuitFourTwo) reads, and refuses a foreign proof", () => {
  for (const r of V.rusk_vd) {
    const vd = unhex(r.vd);
    const data = readVerifierData(vd);
    assert.equal(data !== undefined, r.parses, r.file);
    assert.equal(data!.publicInputIndexes.length, r.public_inputs);
    assert.equal(new TextDecoder().decode(data!.label), "dusk-network");
    const proof = unhex(fixture("gadget", "V3").proof);
    for (const v of VERSIONS) assert.equal(answer(v, vd, proof, Array(r.public_inputs).fill(1n)), r.with_gadget_v3_proof_and_ones[v], `${r.file} under ${v}`);
  }
});

test("plonk: the query decodes dusk-core's archived tuple; the version follows the profile (fork or plonkVersion)", () => {
  const f = fixture("rusk vm test circuit", "V3");
  const g = fixture("rusk vm test circuit", "V2");
  // dusk-core's (Vec<u8>, Vec<u8>, Vec<BlsScalar>): the scalars inline, as their Montgomery limbs.
  const ARG = dusk.duskType("(Vec<u8>, Vec<u8>, Vec<BlsScalar>)");
  const toLimbs = (archived: Uint8Array) => [[0, 8, 16, 24].map((o) => archived.subarray(o, o + 8).reduceRight((n, b) => (n << 8n) | BigInt(b), 0n))];
  const encode = (x: Fixture, archivedPis: Uint8Array[]) => codec.encode(ARG, [unhex(x.vd), unhex(x.proof), archivedPis.map(toLimbs)], dusk.DUSK_DEFS);
  const arg = (x: Fixture) => encode(x, x.public_inputs.map(le).map((p) => dusk.scalarToArchived(p)));
  const ask = (p: dusk.DuskProfile, a: Uint8Array): string => {
    const q = new Map<string, HostQuery>(p.hostQueries()).get("verify_plonk")!;
    const buf = new Uint8Array(64 * 1024);
    buf.set(a);
    return hex(buf.slice(0, q.execute(a, buf)));
  };
  const boreas = new dusk.DuskProfile();
  assert.equal(boreas.plonkVersion, "V3");
  assert.equal(ask(boreas, arg(f)), "01");
  assert.equal(ask(boreas, arg(g)), "00");
  const prefork = new dusk.DuskProfile({ hardFork: "PreFork" });
  assert.equal(prefork.plonkVersion, "V2");
  assert.equal(ask(prefork, arg(g)), "01");
  prefork.plonkVersion = "V1";
  assert.equal(ask(prefork, arg(g)), "00");
  prefork.plonkVersion = undefined;
  assert.equal(prefork.plonkVersion, "V2");
  assert.throws(() => new dusk.DuskProfile({ plonkVersion: "V4" as dusk.PlonkVersion }), (e: unknown) => e instanceof dusk.DuskProfileError && /plonkVersion/.test(e.message));
  // The archived scalar's limbs are taken for their value mod r: pi + r in the limbs is the same input.
  const pi = le(f.public_inputs[0]);
  const limbs = dusk.scalarToArchived(pi);
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(limbs[i]);
  const plusR = n + dusk.BLS_SCALAR_MODULUS;
  assert.ok(plusR < 1n << 256n);
  const unreduced = Uint8Array.from({ length: 32 }, (_, i) => Number((plusR >> BigInt(8 * i)) & 0xffn));
  assert.equal(ask(boreas, encode(f, [unreduced])), "01");
  assert.equal(ask(boreas, encode(f, [dusk.scalarToArchived(pi + 1n)])), "00");
  // An argument that is not dusk-core's archive gets the fallback, false.
  assert.equal(ask(boreas, new Uint8Array(5)), "00");
});

test("dusk sdk: verifyPlonk in a contract: rusk's test circuit's proof is valid, a wrong public input not; the query costs 10,000,000", async () => {
  const f = fixture("rusk vm test circuit", "V3");
  const setup = (opts: dusk.DuskOptions) => duskHost(opts);
  const pre = await setup({ hardFork: "PreFork", plonkVersion: "V3" });
  const boreas = await setup({});
  const verify = (s: { session: Awaited<ReturnType<typeof setup>>["session"]; id: Uint8Array }, pis: bigint[]) =>
    call<boolean>(s.session, s.id, "verify_plonk", "(Vec<u8>, Vec<u8>, Vec<Vec<u8>>)", [unhex(f.vd), unhex(f.proof), pis.map((p) => dusk.scalarToArchived(p))], "bool", GAS);
  const a = verify(pre, [3n]);
  const b = verify(boreas, [3n]);
  assert.equal(le(f.public_inputs[0]), 3n); // a + b for a = 1, b = 2, as rusk's vm test
  assert.equal(a.data, true);
  assert.equal(b.data, true);
  assert.equal(b.gasSpent - a.gasSpent, 10_000_000n);
  console.log(`dusk verify_plonk (rusk's vm test circuit, ${f.vd.length / 2}-byte verifier data): ${b.gasSpent} gas on Boreas, ${a.gasSpent} before`);
  const wrongPre = verify(pre, [0n]);
  const wrong = verify(boreas, [0n]);
  assert.equal(wrong.data, false);
  assert.equal(wrong.gasSpent - wrongPre.gasSpent, 10_000_000n);
});

