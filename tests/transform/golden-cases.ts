// The golden fixtures (tests/transform/golden/<case>/input.as, `.as` so tsc leaves them alone): what the
// golden test compares and what `npm run golden:update` writes. Only the update command writes files.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";
import { compileFixture } from "./support.js";

export const GOLDEN_DIR = join(REPO_ROOT, "tests", "transform", "golden");

export function goldenCases(): string[] {
  return readdirSync(GOLDEN_DIR).sort();
}

export function entryFile(name: string): string {
  return join(GOLDEN_DIR, name, "entry.as");
}

/** Compiles a case with the transform; returns the generated entry-point source and the schema. */
export async function generate(name: string): Promise<{ entry: string; schema: unknown }> {
  const input = readFileSync(join(GOLDEN_DIR, name, "input.as"), "utf8");
  const r = await compileFixture(`golden-${name}`, input);
  if (!r.wasm) throw new Error(`golden case ${name} does not compile:\n${r.stderr}`);
  return { entry: (r.entrySource ?? "") + "\n", schema: r.schema };
}
