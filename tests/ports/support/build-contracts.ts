// Builds every test contract once, in one process, before the port tests run:
//   node dist/tests/ports/support/build-contracts.js
// The tests build on demand too (and skip contracts whose wasm is up to date), but one warm asc
// process is much faster than each test process starting its own compiler.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../../helpers/paths.js";
import { contract, CONTRACTS_SRC } from "./contracts.js";

/** Contracts that the tests deploy as debug builds (with hdebug output). */
export const DEBUG_BUILDS = new Set(["debugger"]);

export async function buildAll(): Promise<string[]> {
  const root = join(REPO_ROOT, CONTRACTS_SRC);
  const names = readdirSync(root).filter((n) => !n.startsWith("_") && statSync(join(root, n)).isDirectory()).sort();
  for (const name of names) await contract(name, { debug: DEBUG_BUILDS.has(name) });
  return names;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t = Date.now();
  buildAll().then(
    (names) => console.log(`built ${names.length} test contracts in ${Date.now() - t} ms`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
