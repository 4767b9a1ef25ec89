// piecrust-as typegen <schema.json …> [--out-dir DIR] [--import MODULE] — the typed client of a
// schema that no build of this project writes (e.g. a Rust contract's, in dusk-forge's shape).
import { basename, dirname, join } from "node:path";
import { clientSource, DEFAULT_HOST_SIM_IMPORT } from "../client-gen.js";
import { CliError, expectPositionals, help, parseCommand } from "./args.js";
import { readSchemaFile } from "./schema.js";
import { writeWhole } from "./files.js";

export const TYPEGEN_HELP = `usage: piecrust-as typegen <schema.json …> [--out-dir DIR] [--import MODULE]

Writes the typed TypeScript client of each contract schema, <name>.client.ts beside it (or in
--out-dir), as piecrust-as build does for the contracts it builds (docs/building.md).

options:
  --out-dir DIR     where to write the clients (default: each schema's folder)
  --import MODULE   the module the client imports host-sim from (default ${DEFAULT_HOST_SIM_IMPORT})`;

const OPTIONS = { "out-dir": { type: "string" }, import: { type: "string" } } as const;

export async function typegen(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(TYPEGEN_HELP);
  const files = expectPositionals(p, 1, Infinity, "one or more schema files");
  for (const file of files) {
    const { schema } = readSchemaFile(file);
    const name = basename(file).replace(/\.schema\.json$|\.json$/, "");
    let source: string;
    try {
      source = clientSource(schema, basename(file), p.values.get("import") ?? DEFAULT_HOST_SIM_IMPORT);
    } catch (e) {
      throw new CliError(`${file}: no client for this schema: ${(e as Error).message}`);
    }
    const out = join(p.values.get("out-dir") ?? dirname(file), `${name}.client.ts`);
    writeWhole(out, source);
    process.stdout.write(`wrote ${out}\n`);
  }
  return 0;
}
