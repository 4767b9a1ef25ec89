// Not in Piecrust: what piecrust-as's command line and as-pect preset take from host-sim, in one
// module, so that the package bundles it beside the public entries (scripts/bundle-host-sim.mjs)
// and both load the bundle: host-sim's public API and the Node-only helpers they also use. One copy
// of every class, shared with piecrust-as/host-sim: the VM's DebugInfo check, the CLI's VMError
// catches and a spec config's HostTrap see the same ones.
export * from "./index.js";
export { debugInfoForWasmFile } from "./debug-file.js";
export { filesFingerprint } from "./fingerprint.js";
export { HARD_FORKS, isHardFork, isPlonkVersion, PLONK_VERSIONS } from "./dusk/forks.js";
export { transferStandIn } from "./dusk/stand-in.js";
