// `npm run golden:update`: rewrites every golden entry.as from the current transform. Review the diff;
// the golden test itself never writes.
import { writeFileSync } from "node:fs";
import { entryFile, generate, goldenCases } from "./golden-cases.js";

for (const name of goldenCases()) {
  const { entry } = await generate(name);
  writeFileSync(entryFile(name), entry);
  console.log(`wrote ${entryFile(name)}`);
}
