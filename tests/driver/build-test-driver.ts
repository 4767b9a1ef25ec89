// Builds a data driver for a test's own schema (cli/driver-build.ts, as `piecrust-as build` does) and loads it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildDriver } from "../../cli/driver-build.js";
import type { ContractSchema } from "../../host-sim/index.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { Driver } from "./loader.js";

export async function buildTestDriver(schema: ContractSchema, name: string): Promise<Driver> {
  const asc = await import("assemblyscript/asc");
  const reader = () => async (file: string, base: string) => {
    try {
      return readFileSync(join(base, file), "utf8");
    } catch {
      return null;
    }
  };
  const r = await buildDriver(schema, {
    asc, cwd: REPO_ROOT, outDir: "build/test-drivers", name, sdkDir: join(REPO_ROOT, "assembly"),
    searchPath: [join(REPO_ROOT, "node_modules")], reader,
  });
  assert.ok(r.ok, r.problems.join("\n"));
  const driver = await Driver.load(new Uint8Array(readFileSync(join(REPO_ROOT, r.outFile))));
  driver.init();
  return driver;
}
