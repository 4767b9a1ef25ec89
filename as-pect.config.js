// as-pect 8.1.0 configuration (ESM, since package.json has "type": "module").
// Compiler options come from ./as-pect.asconfig.json (as-pect's default path), which adds the
// piecrust-as as-pect transform. The preset (as-pect/preset.ts, built to dist/) serves Piecrust's
// host imports from host-sim to every spec; specs that do not touch them are unaffected.
// Runs the SDK specs (assembly/__tests__) and the example contracts' specs.
import { piecrustAspect } from "./dist/as-pect/preset.js";
import { exampleHostQueries } from "./dist/scripts/host-queries.js";

export default piecrustAspect({
  entries: ["assembly/__tests__/**/*.spec.ts", "examples/*/assembly/__tests__/**/*.spec.ts"],
  include: ["assembly/__tests__/**/*.include.ts"],
  hostQueries: exampleHostQueries(),
});
