// The Dusk profile of host-sim (rusk's vm crate on top of Piecrust): its public API, `piecrust-as/host-sim/dusk`.
export { DuskProfile, duskMetadata, CHAIN_ID, BLOCK_HEIGHT, type DuskOptions } from "./profile.js";
export { DUSK_QUERIES, EXACT_QUERIES, type DuskQueryName, type SuppliedQuery } from "./queries.js";
export { BOREAS_PRICES, duskQueryPrice } from "./pricing.js";
export { HARD_FORKS, PLONK_VERSIONS, plonkVersionFor, type HardFork, type PlonkVersion } from "./forks.js";
export { DuskProfileError, DuskQueryPanic, DuskQueryUnsupported } from "./errors.js";
export { BLS_SCALAR_MODULUS, hashToScalar, scalarFromArchived, scalarFromCanonical, scalarToArchived, scalarToCanonical } from "./scalar.js";
export { secp256k1Recover } from "./secp256k1.js";
export { verifyKzgProof, KZG_SETUP_TAU_G2 } from "./kzg.js";
export { verifyGroth16Bn254 } from "./groth16.js";
export { verifyPlonk } from "./plonk.js";
export { ArkworksPanic } from "./bn254-pairing.js";
export { DUSK_DEFS, duskType, ARCHIVED_SIZE } from "./types.js";
export { TRANSFER_CONTRACT, STAKE_CONTRACT, GENESIS_FILES, readGenesisContracts, deployGenesis, publicSenderMeta, type GenesisContracts, type GenesisOptions } from "./genesis.js";
export { blsPublicKeyToArchived, blsSignatureToArchived } from "./bls.js";
export { verifyBls, verifyBlsMultisig, aggregateBlsKeys, blsVersion, H0_DST, H1_DST, type BlsVersion } from "./bls-signatures.js";
export { transferStandIn, transferStandInSchema } from "./stand-in.js";
