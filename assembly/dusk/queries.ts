// dusk-core's `abi` host queries (core/src/abi.rs in rusk): each encodes its argument exactly as the
// Rust function does and decodes the node's answer.

import { hostQuery, hostQueryRaw } from "../call";
import { Tuple3 } from "../codec/index";
import * as rkyv from "../codec/index";
import { panicStr } from "../panic";
import { BlsScalar } from "./scalar";
import { BlsPublicKey, BlsSignature, MultisigSignature, SchnorrPublicKey, SchnorrSignature } from "./keys";

/** `abi::hash`: BLAKE2b-512 of `bytes` reduced into a scalar. */
export function hash(bytes: Uint8Array): BlsScalar {
  return hostQuery<Uint8Array, BlsScalar>("hash", bytes);
}

/** `abi::poseidon_hash`: the Poseidon hash (Domain::Other) of `scalars`. */
export function poseidonHash(scalars: Array<BlsScalar>): BlsScalar {
  return hostQuery<Array<BlsScalar>, BlsScalar>("poseidon_hash", scalars);
}

/** `abi::verify_plonk`: whether `proof` is valid for the circuit `verifierData` and `publicInputs`. */
export function verifyPlonk(verifierData: Uint8Array, proof: Uint8Array, publicInputs: Array<BlsScalar>): bool {
  return hostQuery<Tuple3<Uint8Array, Uint8Array, Array<BlsScalar>>, bool>("verify_plonk", new Tuple3(verifierData, proof, publicInputs));
}

/**
 * `abi::verify_groth16_bn254`: whether a Groth16 proof over BN254 is valid; `proof` and `inputs`
 * compressed, `pvk` (the prepared verifying key) uncompressed, in arkworks' serialization. `inputs`
 * is one G1 point: the public inputs already folded in (ark-groth16's `prepare_inputs`).
 */
export function verifyGroth16Bn254(pvk: Uint8Array, proof: Uint8Array, inputs: Uint8Array): bool {
  return hostQuery<Tuple3<Uint8Array, Uint8Array, Uint8Array>, bool>("verify_groth16_bn254", new Tuple3(pvk, proof, inputs));
}

/** `abi::verify_schnorr`: whether `sig` signs `msg` under `pk`. */
export function verifySchnorr(msg: BlsScalar, pk: SchnorrPublicKey, sig: SchnorrSignature): bool {
  return hostQuery<Tuple3<BlsScalar, SchnorrPublicKey, SchnorrSignature>, bool>("verify_schnorr", new Tuple3(msg, pk, sig));
}

/** `abi::verify_bls`: whether `sig` signs `msg` under `pk`. */
export function verifyBls(msg: Uint8Array, pk: BlsPublicKey, sig: BlsSignature): bool {
  return hostQuery<Tuple3<Uint8Array, BlsPublicKey, BlsSignature>, bool>("verify_bls", new Tuple3(msg, pk, sig));
}

/** `abi::verify_bls_multisig`: whether `sig` is the multisignature of `keys` on `msg`. */
export function verifyBlsMultisig(msg: Uint8Array, keys: Array<BlsPublicKey>, sig: MultisigSignature): bool {
  return hostQuery<Tuple3<Uint8Array, Array<BlsPublicKey>, MultisigSignature>, bool>("verify_bls_multisig", new Tuple3(msg, keys, sig));
}

/** Encodes a Vec<u8> argument and runs query `name`, whose answer is a [u8; 32]. */
function digest(name: string, bytes: Uint8Array): StaticArray<u8> {
  const buf = new Uint8Array(bytes.length + 16);
  const n = rkyv.encode<Uint8Array>(bytes, buf.dataStart, <u32>buf.length);
  const out = hostQueryRaw(name, buf.subarray(0, <i32>n));
  if (out.length != 32) panicStr(name + ": the host answered " + out.length.toString() + " bytes, not 32");
  const d = new StaticArray<u8>(32);
  memory.copy(changetype<usize>(d), out.dataStart, 32);
  return d;
}

/** `abi::keccak256`. */
export function keccak256(bytes: Uint8Array): StaticArray<u8> {
  return digest("keccak256", bytes);
}

/** `abi::sha256`. */
export function sha256(bytes: Uint8Array): StaticArray<u8> {
  return digest("sha256", bytes);
}

/** `abi::verify_kzg_proof`: an EIP-4844 point-evaluation proof (48, 32, 32, 48 bytes). */
export function verifyKzgProof(commitment: StaticArray<u8>, z: StaticArray<u8>, y: StaticArray<u8>, proof: StaticArray<u8>): bool {
  if (commitment.length != 48 || z.length != 32 || y.length != 32 || proof.length != 48) {
    panicStr("verify_kzg_proof: commitment and proof are 48 bytes, z and y 32");
  }
  // The archived tuple is rustc's layout of ([u8; 48], [u8; 32], [u8; 32], [u8; 48]): the last
  // field stays last and rustc sorts the others by their size's power of two, so z and y (32 = 2^5)
  // come before the commitment (48 = 16·3): z at 0, y at 32, commitment at 64, proof at 112.
  const arg = new Uint8Array(160);
  memory.copy(arg.dataStart, changetype<usize>(z), 32);
  memory.copy(arg.dataStart + 32, changetype<usize>(y), 32);
  memory.copy(arg.dataStart + 64, changetype<usize>(commitment), 48);
  memory.copy(arg.dataStart + 112, changetype<usize>(proof), 48);
  const out = hostQueryRaw("verify_kzg_proof", arg);
  if (out.length != 1 || out[0] > 1) panicStr("verify_kzg_proof: the host's answer is not a bool");
  return out[0] == 1;
}

/**
 * `abi::secp256k1_recover`: the 65-byte uncompressed key that signed the 32-byte `msgHash` with
 * `sig` = r‖s‖v (v in {0, 1, 27, 28}), or null.
 */
export function secp256k1Recover(msgHash: StaticArray<u8>, sig: StaticArray<u8>): StaticArray<u8> | null {
  if (msgHash.length != 32 || sig.length != 65) panicStr("secp256k1_recover: the hash is 32 bytes and the signature 65");
  const arg = new Uint8Array(97);
  memory.copy(arg.dataStart, changetype<usize>(msgHash), 32);
  memory.copy(arg.dataStart + 32, changetype<usize>(sig), 65);
  const out = hostQueryRaw("secp256k1_recover", arg);
  // Option<[u8; 65]>: a tag byte (0 None, 1 Some) and the 65 bytes.
  if (out.length != 66 || out[0] > 1) panicStr("secp256k1_recover: the host's answer is not an Option<[u8; 65]>");
  if (out[0] == 0) return null;
  const key = new StaticArray<u8>(65);
  memory.copy(changetype<usize>(key), out.dataStart + 1, 65);
  return key;
}

