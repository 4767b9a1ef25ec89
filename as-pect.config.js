// as-pect 8.1.0 configuration (ESM, since package.json has "type": "module").
// Compiler options come from ./as-pect.asconfig.json (as-pect's default path), which adds the
// piecrust-as as-pect transform. The preset (as-pect/preset.ts, built to dist/) gives every spec a
// host-sim session where its contract's entry calls run; `piecrust-as test` runs this config.
// Runs the SDK specs (assembly/__tests__) and the example contracts' specs.
import { piecrustAspect } from "./dist/as-pect/preset.js";
import { exampleHostQueries } from "./dist/scripts/host-queries.js";

export default piecrustAspect({
  entries: ["assembly/__tests__/**/*.spec.ts", "examples/*/assembly/__tests__/**/*.spec.ts"],
  include: ["assembly/__tests__/**/*.include.ts"],
  hostQueries: exampleHostQueries(),
});
