// The local workspace around a host-sim store: which commit is the current head, and which name,
// wasm file and schema each deployed contract came from. Piecrust has neither notion (embedders
// track roots and ids themselves), so the tools keep them beside the store: <store>/HEAD and
// <store>/contracts.json. Neither is part of the committed state.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromHex, toHex, VM } from "../host-sim/index.js";

export const DEFAULT_STORE = ".piecrust";

export function readHead(dir: string, vm: VM): Uint8Array | undefined {
  const file = join(dir, "HEAD");
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8").trim();
  const root = fromHex(text, 32, `${file}`);
  if (!vm.commits().some((c) => toHex(c) === toHex(root))) {
    throw new Error(`${file} names commit ${text}, which the store does not hold`);
  }
  return root;
}

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export function writeHead(dir: string, root: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, "HEAD"), `${toHex(root)}\n`);
}

/** What the tools remember about a deployed contract. */
export interface ContractRecord {
  /** A short name (the wasm file's base name), usable instead of the id on the command line. */
  name: string;
  /** Absolute path of the schema JSON written by the build, if there was one. */
  schema?: string;
  wasm?: string;
}

export function readRegistry(dir: string): Record<string, ContractRecord> {
  const file = join(dir, "contracts.json");
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, ContractRecord>;
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

export function recordContract(dir: string, id: Uint8Array, rec: ContractRecord): void {
  mkdirSync(dir, { recursive: true });
  const all = readRegistry(dir);
  all[toHex(id)] = rec;
  writeAtomic(join(dir, "contracts.json"), JSON.stringify(all, null, 2) + "\n");
}

/** Resolves a 64-hex id (0x optional) or a recorded name to an id; undefined when neither. */
export function resolveContract(dir: string, idOrName: string): Uint8Array | undefined {
  const hex = idOrName.replace(/^0x/i, "");
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return fromHex(hex, 32, "contract id");
  const matches = Object.entries(readRegistry(dir)).filter(([, r]) => r.name === idOrName);
  // The most recent deploy under a name wins (JSON keeps insertion order).
  const last = matches[matches.length - 1];
  return last ? fromHex(last[0], 32, "contract id") : undefined;
}
