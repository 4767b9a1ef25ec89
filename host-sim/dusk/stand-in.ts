// Mirrors no Piecrust or rusk file: where the STAND-IN transfer contract (examples/transfer-stand-in)
// is found. The package ships it built, as dist/dusk/transfer-stand-in.wasm with its schema (npm's
// prepack builds it; in this repository `npm run asbuild` does, the same way), so a user's project
// deploys it without building it.
import { checkSchema, SchemaError, type ContractSchema } from "../schema.js";
import { DuskProfileError } from "./errors.js";

/** The stand-in's files, beside dist/host-sim/ (this module is dist/host-sim/dusk/stand-in.js). */
const WASM = "../../dusk/transfer-stand-in.wasm";
const SCHEMA = "../../dusk/transfer-stand-in.schema.json";

type NodeFs = typeof import("fs");
type NodeUrl = typeof import("url");

/**
 * Node's `fs` and `url` modules, or null in a browser: host-sim's core bundles for browsers, so
 * Node's modules are fetched only when a file is to be read.
 */
export function nodeModules(): { fs: NodeFs; url: NodeUrl } | null {
  const get = globalThis.process?.getBuiltinModule;
  const fs = get?.("fs") as NodeFs | undefined;
  const url = get?.("url") as NodeUrl | undefined;
  return fs && url ? { fs, url } : null;
}

function read(file: string, what: string): Uint8Array {
  const node = nodeModules();
  if (!node) throw new DuskProfileError(`reading the stand-in transfer contract's ${what} needs Node's file system (Node 20.16 or later); elsewhere, pass its bytes: deployGenesis(session, { standIn })`);
  // resolved only here: a browser bundle may have no import.meta.url to resolve against
  const path = node.url.fileURLToPath(new URL(file, import.meta.url));
  try {
    return new Uint8Array(node.fs.readFileSync(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DuskProfileError(`the stand-in transfer contract is not built: ${path} is missing (the npm package ships it; in piecrust-as's own checkout run \`npm run asbuild\`)`);
    }
    throw new DuskProfileError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** The STAND-IN transfer contract's bytecode, as the package ships it (Node only). */
export function transferStandIn(): Uint8Array {
  return read(WASM, "bytecode");
}

/**
 * The STAND-IN transfer contract's schema (its functions, events and types), e.g. for
 * `new ContractClient(session, dusk.TRANSFER_CONTRACT, dusk.transferStandInSchema())` (Node only).
 */
export function transferStandInSchema(): ContractSchema {
  const text = new TextDecoder().decode(read(SCHEMA, "schema"));
  try {
    return checkSchema(JSON.parse(text));
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof SchemaError) throw new DuskProfileError(`the stand-in's schema (dist/dusk/transfer-stand-in.schema.json) is damaged: ${e.message}`);
    throw e;
  }
}
