// Mirrors rusk's vm/src/host_queries/mod.rs (rusk fd3c735c): the eleven Dusk host queries, each
// validating its rkyv argument like `wrap_host_query` (an archive that fails `check_archived_root`
// gets the fallback answer without running the query) and answering with the rkyv bytes of its
// result. Where host-sim has no exact implementation the embedder supplies one, or the call fails.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CodecError, decode, encode, type RType } from "../codec/index.js";
import { EmbedderPanic } from "../instance.js";
import { DuskQueryUnsupported } from "./errors.js";
import { verifyGroth16Bn254 } from "./groth16.js";
import type { HostQuery } from "../imports.js";
import type { HardFork, PlonkVersion } from "./forks.js";
import { duskQueryPrice } from "./pricing.js";
import { hashToScalar, scalarToArchived } from "./scalar.js";
import { limbsToBigint, bigintToLimbs } from "./limbs.js";
import { poseidonDigest } from "./poseidon.js";
import { verifySchnorr } from "./schnorr.js";
import { secp256k1Recover } from "./secp256k1.js";
import { verifyKzgProof } from "./kzg.js";
import { blsVersion, verifyBls, verifyBlsMultisig, type ArchivedG1, type ArchivedG2 } from "./bls-signatures.js";
import { verifyPlonk } from "./plonk.js";
import { FQ } from "./fq.js";
import { BLS_PUBLIC_KEY, BLS_SCALAR, BLS_SIGNATURE, DUSK_DEFS, duskType, MULTISIG_SIGNATURE, SCHNORR_PUBLIC_KEY, SCHNORR_SIGNATURE } from "./types.js";

/** The names of Dusk's host queries (dusk-core's `abi::Query`). */
export const DUSK_QUERIES = [
  "hash",
  "poseidon_hash",
  "verify_plonk",
  "verify_groth16_bn254",
  "verify_schnorr",
  "verify_bls",
  "verify_bls_multisig",
  "keccak256",
  "sha256",
  "verify_kzg_proof",
  "secp256k1_recover",
] as const;
/** One of Dusk's host query names. */
export type DuskQueryName = (typeof DUSK_QUERIES)[number];

/** The queries host-sim computes itself, byte for byte as rusk does: all of them (the BLS two refuse one narrow class of unreduced keys rather than guess: docs/dusk-profile.md). */
export const EXACT_QUERIES: readonly DuskQueryName[] = ["hash", "poseidon_hash", "verify_plonk", "verify_groth16_bn254", "verify_schnorr", "verify_bls", "verify_bls_multisig", "keccak256", "sha256", "verify_kzg_proof", "secp256k1_recover"];

/**
 * An embedder's implementation of a query host-sim cannot compute: it gets the argument's rkyv bytes
 * (already validated, so never the fallback case) and the active hard fork (BLS verification is V1
 * before Aegis and V2 from it), and returns the verification's answer. Only the BLS queries consult
 * one, for the arguments they cannot compute exactly.
 */
export type SuppliedQuery = (arg: Uint8Array, context: { hardFork: HardFork }) => boolean;

interface QueryShape {
  arg: RType;
  /** The rkyv bytes rusk writes when the argument does not validate. */
  fallback: Uint8Array;
  /**
   * The exact computation, on the decoded argument under the profile's context. Undefined for an
   * argument it cannot compute exactly (`unmatched`), which goes to the embedder's implementation.
   */
  exact: (value: unknown, ctx: DuskQueryContext) => Uint8Array | undefined;
  /** Why `exact` can give up, for the error when nothing is supplied. */
  unmatched?: string;
  /** Encodes a supplied implementation's result, where `exact` can give up. */
  answer?: (result: unknown) => Uint8Array;
}

const BOOL = duskType("bool");
const OPTION_KEY = duskType("Option<[u8; 65]>");
const FALSE = encode(BOOL, false);
const ZERO_SCALAR = new Uint8Array(32);
const ZERO_32 = new Uint8Array(32);

function boolAnswer(name: string): (r: unknown) => Uint8Array {
  return (r) => {
    if (typeof r !== "boolean") throw new TypeError(`the supplied ${name} must return a boolean, got ${typeof r}`);
    return encode(BOOL, r);
  };
}

function boolOrUnmatched(r: boolean | undefined): Uint8Array | undefined {
  return r === undefined ? undefined : encode(BOOL, r);
}

const BLS_UNMATCHED =
  "a public key's Fp coordinate has Montgomery limbs ≥ p yet satisfies the curve equation as dusk-bls12_381 0.14.2 " +
  "computes it on those limbs (or a signature's does and passes its subgroup test while standing for no G1 point), " +
  "with no other point refused; the crate then computes with unreduced limbs, which host-sim does not reproduce";

const SHAPES: Record<DuskQueryName, QueryShape> = {
  hash: {
    arg: duskType("Vec<u8>"),
    fallback: ZERO_SCALAR,
    exact: (v) => scalarToArchived(hashToScalar(v as Uint8Array)),
  },
  poseidon_hash: {
    arg: duskType(`Vec<${BLS_SCALAR}>`),
    fallback: ZERO_SCALAR,
    exact: (v) => encode(duskType(BLS_SCALAR), [bigintToLimbs(poseidonDigest((v as ArchivedScalar[]).map(scalarLimbs)))], DUSK_DEFS),
  },
  verify_plonk: {
    arg: duskType(`(Vec<u8>, Vec<u8>, Vec<${BLS_SCALAR}>)`),
    fallback: FALSE,
    exact: (v, ctx) => {
      const [vd, proof, pis] = v as [Uint8Array, Uint8Array, ArchivedScalar[]];
      // dusk-plonk reads a public input only through to_bytes and field arithmetic: its limbs' value.
      return encode(BOOL, verifyPlonk(ctx.plonkVersion(), vd, proof, pis.map((s) => FQ.reduce(scalarLimbs(s)))));
    },
  },
  verify_groth16_bn254: {
    arg: duskType("(Vec<u8>, Vec<u8>, Vec<u8>)"),
    fallback: FALSE,
    exact: (v) => {
      const [pvk, proof, inputs] = v as [Uint8Array, Uint8Array, Uint8Array];
      return encode(BOOL, verifyGroth16Bn254(pvk, proof, inputs));
    },
  },
  verify_schnorr: {
    arg: duskType(`(${BLS_SCALAR}, ${SCHNORR_PUBLIC_KEY}, ${SCHNORR_SIGNATURE})`),
    fallback: FALSE,
    exact: (v) => {
      const [msg, [pk], sig] = v as [ArchivedScalar, [ArchivedPoint], { u: bigint[]; R: ArchivedPoint }];
      return encode(BOOL, verifySchnorr(scalarLimbs(msg), pointLimbs(pk), limbsToBigint(sig.u), pointLimbs(sig.R)));
    },
  },
  verify_bls: {
    arg: duskType(`(Vec<u8>, ${BLS_PUBLIC_KEY}, ${BLS_SIGNATURE})`),
    fallback: FALSE,
    exact: (v, ctx) => {
      const [msg, [pk], [sig]] = v as [Uint8Array, [ArchivedG2], [ArchivedG1]];
      return boolOrUnmatched(verifyBls(msg, pk, sig, blsVersion(ctx.hardFork())));
    },
    unmatched: BLS_UNMATCHED,
    answer: boolAnswer("verify_bls"),
  },
  verify_bls_multisig: {
    arg: duskType(`(Vec<u8>, Vec<${BLS_PUBLIC_KEY}>, ${MULTISIG_SIGNATURE})`),
    fallback: FALSE,
    exact: (v, ctx) => {
      const [msg, keys, [sig]] = v as [Uint8Array, [ArchivedG2][], [ArchivedG1]];
      return boolOrUnmatched(verifyBlsMultisig(msg, keys.map(([k]) => k), sig, blsVersion(ctx.hardFork())));
    },
    unmatched: BLS_UNMATCHED,
    answer: boolAnswer("verify_bls_multisig"),
  },
  keccak256: { arg: duskType("Vec<u8>"), fallback: ZERO_32, exact: (v) => keccak_256(v as Uint8Array) },
  sha256: { arg: duskType("Vec<u8>"), fallback: ZERO_32, exact: (v) => sha256(v as Uint8Array) },
  verify_kzg_proof: {
    arg: duskType("([u8; 48], [u8; 32], [u8; 32], [u8; 48])"),
    fallback: FALSE,
    exact: (v) => encode(BOOL, verifyKzgProof(...(v as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]))),
  },
  secp256k1_recover: {
    arg: duskType("([u8; 32], [u8; 65])"),
    fallback: encode(OPTION_KEY, null),
    exact: (v) => {
      const [hash, sig] = v as [Uint8Array, Uint8Array];
      return encode(OPTION_KEY, secp256k1Recover(hash, sig));
    },
  },
};

/** A decoded `BlsScalar([u64; 4])` and `JubJubExtended`: limbs as they were archived. */
type ArchivedScalar = [bigint[]];
type ArchivedPoint = Record<"u" | "v" | "z" | "t1" | "t2", ArchivedScalar>;
const scalarLimbs = (s: ArchivedScalar): bigint => limbsToBigint(s[0]);
const pointLimbs = (p: ArchivedPoint) => ({ u: scalarLimbs(p.u), v: scalarLimbs(p.v), z: scalarLimbs(p.z), t1: scalarLimbs(p.t1), t2: scalarLimbs(p.t2) });

/** How the Dusk queries behave: the hard fork's prices and the embedder's implementations. */
export interface DuskQueryContext {
  /** The hard fork whose prices apply (read at each call, so it can change between calls). */
  hardFork(): HardFork;
  /** The PLONK version verify_plonk checks proofs with (rusk's thread-local `plonk_version`). */
  plonkVersion(): PlonkVersion;
  /** Implementations supplied by the embedder, by query name. */
  readonly supplied: Partial<Record<DuskQueryName, SuppliedQuery>>;
}

/** The host query `name` as the Dusk profile registers it. */
export function duskQuery(name: DuskQueryName, ctx: DuskQueryContext): HostQuery {
  const shape = SHAPES[name];
  return {
    price(arg) {
      return duskQueryPrice(name, ctx.hardFork(), arg);
    },
    execute(arg, argbuf) {
      let value: unknown;
      try {
        value = decode(shape.arg, arg, DUSK_DEFS);
      } catch (e) {
        if (!(e instanceof CodecError)) throw e;
        argbuf.set(shape.fallback, 0);
        return shape.fallback.length;
      }
      const supplied = ctx.supplied[name];
      let out = shape.exact(value, ctx);
      if (out === undefined) {
        // An argument host-sim cannot compute exactly unwinds to the embedder (the call undone)
        // unless the embedder supplied an implementation: never a made-up answer.
        if (!supplied || !shape.answer) throw new EmbedderPanic(new DuskQueryUnsupported(name, shape.unmatched ?? "no reason recorded (a host-sim bug)"));
        out = shape.answer(supplied(arg.slice(), { hardFork: ctx.hardFork() }));
      }
      argbuf.set(out, 0);
      return out.length;
    },
  };
}
