// Mirrors rusk's vm/src/host_queries/pricing.rs (rusk 6b3fe753): the gas each Dusk host query
// charges, by hard fork. Before Boreas every query is free; Boreas prices them from this table.
import { CodecError, decode, type RType } from "../codec/index.js";
import type { HardFork } from "./forks.js";
import { BLS_PUBLIC_KEY, BLS_SCALAR, DUSK_DEFS, duskType, MULTISIG_SIGNATURE } from "./types.js";

/** Boreas's gas schedule (`HostQueryPricing::boreas_default`). */
export const BOREAS_PRICES = {
  /** `hash`: base gas. */
  hash: 3_000n,
  /** `hash`: gas per input byte. */
  hashPerByte: 10n,
  /** `poseidon_hash`: base gas. */
  poseidonHashBase: 30_000n,
  /** `poseidon_hash`: gas per scalar (at least one counted). */
  poseidonHashPerScalar: 10_000n,
  /** `verify_plonk`: flat gas. */
  verifyPlonk: 10_000_000n,
  /** `verify_groth16_bn254`: flat gas. */
  verifyGroth16Bn254: 4_500_000n,
  /** `verify_schnorr`: flat gas. */
  verifySchnorr: 1_000_000n,
  /** `verify_bls`: flat gas. */
  verifyBls: 1_750_000n,
  /** `verify_bls_multisig`: base gas. */
  verifyBlsMultisigBase: 2_500_000n,
  /** `verify_bls_multisig`: gas per key (at least one counted). */
  verifyBlsMultisigPerKey: 200_000n,
  /** `keccak256`: base gas. */
  keccak256: 3_000n,
  /** `keccak256`: gas per input byte. */
  keccak256PerByte: 16n,
  /** `sha256`: base gas. */
  sha256: 3_000n,
  /** `sha256`: gas per input byte. */
  sha256PerByte: 8n,
  /** `verify_kzg_proof`: flat gas. */
  verifyKzgProof: 2_000_000n,
  /** `secp256k1_recover`: flat gas. */
  secp256k1Recover: 200_000n,
} as const;

const VEC_U8 = duskType("Vec<u8>");
const SCALARS = duskType(`Vec<${BLS_SCALAR}>`);
const MULTISIG_ARG = duskType(`(Vec<u8>, Vec<${BLS_PUBLIC_KEY}>, ${MULTISIG_SIGNATURE})`);

/** How many elements the archive holds, or undefined when it does not validate as `Vec<_>`. */
function validCount(type: RType, arg: Uint8Array, pick: (v: unknown) => unknown[]): number | undefined {
  try {
    return pick(decode(type, arg, DUSK_DEFS)).length;
  } catch (e) {
    if (e instanceof CodecError) return undefined;
    throw e;
  }
}

/** `decoded_vec_len`: the Vec<u8>'s length, or the argument's own length when it is not one. */
function bytesLen(arg: Uint8Array): bigint {
  return BigInt(validCount(VEC_U8, arg, (v) => [...(v as Uint8Array)]) ?? arg.length);
}

function perByte(base: bigint, perByteGas: bigint, arg: Uint8Array): bigint {
  return base + perByteGas * bytesLen(arg);
}

const P = BOREAS_PRICES;
const BOREAS: Record<string, (arg: Uint8Array) => bigint> = {
  hash: (arg) => perByte(P.hash, P.hashPerByte, arg),
  // `decoded_scalar_vec_len(..).max(1)`: an archive that fails counts as one scalar.
  poseidon_hash: (arg) => P.poseidonHashBase + P.poseidonHashPerScalar * BigInt(Math.max(1, validCount(SCALARS, arg, (v) => v as unknown[]) ?? 1)),
  verify_plonk: () => P.verifyPlonk,
  verify_groth16_bn254: () => P.verifyGroth16Bn254,
  verify_schnorr: () => P.verifySchnorr,
  verify_bls: () => P.verifyBls,
  verify_bls_multisig: (arg) => {
    const keys = validCount(MULTISIG_ARG, arg, (v) => (v as unknown[][])[1]) ?? 1;
    return P.verifyBlsMultisigBase + P.verifyBlsMultisigPerKey * BigInt(Math.max(1, keys));
  },
  keccak256: (arg) => perByte(P.keccak256, P.keccak256PerByte, arg),
  sha256: (arg) => perByte(P.sha256, P.sha256PerByte, arg),
  verify_kzg_proof: () => P.verifyKzgProof,
  secp256k1_recover: () => P.secp256k1Recover,
};

/** The gas the query `name` charges for `arg` under `fork` (`pricing_for_hard_fork`). */
export function duskQueryPrice(name: string, fork: HardFork, arg: Uint8Array): bigint {
  const price = BOREAS[name];
  if (!price) throw new RangeError(`no Dusk host query is named ${name}`);
  return fork === "Boreas" ? price(arg) : 0n;
}
