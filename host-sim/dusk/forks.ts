// The version names of rusk's node: its hard forks (rusk's `HardFork`) and dusk-plonk's
// `PlonkVersion`. Kept apart from the queries so that checking an option loads no cryptography.

/** The hard forks whose rules the Dusk host queries follow (rusk's `HardFork`). */
export type HardFork = "PreFork" | "Aegis" | "Boreas";
/** The hard forks, oldest first. */
export const HARD_FORKS: readonly HardFork[] = ["PreFork", "Aegis", "Boreas"];

/** Whether `v` names a hard fork (the profile's option and the CLI's flag both ask). */
export function isHardFork(v: unknown): v is HardFork {
  return HARD_FORKS.includes(v as HardFork);
}

/**
 * dusk-plonk's `PlonkVersion`. V1: the legacy transcript (s_sigma_1 absorbed where s_sigma_4
 * belongs) and the pre-fix batch opening, which leaves the four selector evaluations out;
 * V2: the same transcript, the selector evaluations bound into the opening; V3: V2's opening with
 * the transcript absorbing s_sigma_4.
 */
export type PlonkVersion = "V1" | "V2" | "V3";
/** The PLONK versions, oldest first (the `plonkVersion` option takes one). */
export const PLONK_VERSIONS: readonly PlonkVersion[] = ["V1", "V2", "V3"];

/** Whether `v` names a PLONK version (the profile's option and the CLI's flag both ask). */
export function isPlonkVersion(v: unknown): v is PlonkVersion {
  return PLONK_VERSIONS.includes(v as PlonkVersion);
}

/**
 * The version rusk's node verifies with under a hard fork (rusk/src/lib/node/rusk.rs
 * `plonk_version_at`): V3 from Aegis on (and under Boreas, per the later rusk's host-query policy);
 * before Aegis, V2 once the PLONK_V2 feature is active (mainnet block 3,470,360, testnet
 * 2,653,175; also the VM's own default) and V1 before it, which an embedder selects explicitly.
 */
export function plonkVersionFor(fork: HardFork): PlonkVersion {
  return fork === "PreFork" ? "V2" : "V3";
}
