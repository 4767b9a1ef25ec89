// piecrust-as/assembly/dusk: what dusk-core's `abi` module gives a contract on Dusk's VM (rusk's
// core/src/abi.rs): its host queries, chain metadata, BLS owners and the key and signature types.
//   import { sha256, blockHeight, selfOwner, BlsScalar } from "piecrust-as/assembly/dusk";
// Run such a contract in host-sim with VM.ephemeral({ profile: "dusk" }) (docs/dusk-profile.md).

export { BlsScalar } from "./scalar";
export { BlsPublicKey, BlsSignature, MultisigSignature, SchnorrPublicKey, SchnorrSignature } from "./keys";
export {
  hash, poseidonHash, verifyPlonk, verifyGroth16Bn254, verifySchnorr, verifyBls, verifyBlsMultisig,
  keccak256, sha256, verifyKzgProof, secp256k1Recover,
} from "./queries";
export { chainId, blockHeight, publicSender, owner, selfOwner, BLS_PUBLIC_KEY_BYTES } from "./meta";
export * from "./transfer";
