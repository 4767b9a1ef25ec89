// as-pect 8 configuration: the piecrust-as preset serves Piecrust's host imports to every spec.
// Compiler options are in as-pect.asconfig.json.
import { piecrustAspect } from "piecrust-as/as-pect";

export default piecrustAspect({
  entries: ["contracts/*/__tests__/**/*.spec.ts"],
  include: ["contracts/*/__tests__/**/*.include.ts"],
});
