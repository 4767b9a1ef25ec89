// The same project's Dusk contracts, on host-sim's Dusk profile (`vm`): Dusk's host queries and
// chain metadata in every spec.
import { piecrustAspect } from "piecrust-as/as-pect";

export default piecrustAspect({
  entries: ["dusk/*/assembly/__tests__/*.spec.ts"],
  vm: { profile: "dusk", dusk: { blockHeight: 42n, chainId: 7 } },
});
