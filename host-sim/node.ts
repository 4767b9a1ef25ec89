// Not in Piecrust: what piecrust-as's command line takes from host-sim, in one module, so that the
// package bundles it beside the public entries (scripts/bundle-host-sim.mjs) and the CLI loads the
// bundle: host-sim's public API and the Node-only helpers the CLI also uses. One copy of every
// class: the VM's DebugInfo check and the CLI's VMError catches see the same ones.
export * from "./index.js";
export { debugInfoForWasmFile } from "./debug-file.js";
export { filesFingerprint } from "./fingerprint.js";
export { HARD_FORKS, isHardFork, isPlonkVersion, PLONK_VERSIONS } from "./dusk/forks.js";
