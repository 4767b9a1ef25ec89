// The setup README "Testing contracts" describes, as a project that installed piecrust-as.
import { piecrustAspect } from "piecrust-as/as-pect";

export default piecrustAspect({
  entries: ["examples/*/assembly/__tests__/*.spec.ts", "failing/*.spec.ts", "forbidden/*.spec.ts"],
});
