// <store>/contracts.json: the name each deployed contract was given, and the schema it was deployed
// with, copied into <store>/schemas/<blake3 hex>.json and named relative to the store. A deployment
// owns that copy, so rebuilding a contract never changes how its calls and events are read, and
// the store holds no absolute path (it can be moved or shared).
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { fromHex, toHex } from "#host-sim";
import { CliError } from "./args.js";
import { present, readRegularFile, writeWhole } from "./files.js";
import { parseSchema, readSchemaFile, type ContractSchema } from "./schema.js";

export interface ContractRecord {
  /** A short name (by default the wasm file's base name), usable instead of the id. */
  name: string;
  /** The deployment's schema, `schemas/<blake3 hex of its bytes>.json` inside the store. */
  schema?: string;
}

export type Registry = Record<string, ContractRecord>;

const SHAPE = `a JSON object mapping 64-hex-digit contract ids to {"name": string, "schema"?: "schemas/<hash>.json"}`;
const SCHEMA_REF = /^schemas\/[0-9a-f]{64}\.json$/;

export function registryFile(dir: string): string {
  return join(dir, "contracts.json");
}

function shapeError(file: string, what: string): CliError {
  return new CliError(`${file} is not a contract registry: ${what}; expected ${SHAPE} (fix or delete it: deleting forgets names and schemas, ids still work)`);
}

/** Reads and checks contracts.json; legacy records (absolute schema paths) are returned as they are. */
export function readRegistry(dir: string): Registry {
  const file = registryFile(dir);
  if (!present(file)) return {};
  // Present but unreadable as "no such file": a symbolic link whose target is gone.
  const bytes = readRegularFile(file, "contract registry", `a link to nothing: restore its target, or delete it (deleting forgets names and schemas, ids still work)`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    // V8 strings stop near 512 MiB (RangeError); invalid UTF-8 is a TypeError.
    throw shapeError(file, e instanceof SyntaxError ? `not valid JSON (${e.message})` : e instanceof RangeError ? `${bytes.length} bytes, too large to be one` : "not UTF-8 text");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw shapeError(file, `it holds ${value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`}`);
  }
  for (const [id, rec] of Object.entries(value)) {
    if (!/^[0-9a-f]{64}$/.test(id)) throw shapeError(file, `key ${JSON.stringify(id)} is not a 64-hex-digit contract id`);
    if (typeof rec !== "object" || rec === null || Array.isArray(rec)) throw shapeError(file, `the entry of ${id} is not an object`);
    const r = rec as Record<string, unknown>;
    if (typeof r.name !== "string" || r.name === "") throw shapeError(file, `the entry of ${id} has no "name" string`);
    if (r.schema !== undefined && (typeof r.schema !== "string" || !(SCHEMA_REF.test(r.schema) || isAbsolute(r.schema)))) {
      throw shapeError(file, `the "schema" of ${id} is not schemas/<64 hex digits>.json`);
    }
  }
  return value as Registry;
}

function writeRegistry(dir: string, all: Registry): void {
  writeWhole(registryFile(dir), JSON.stringify(all, null, 2) + "\n");
}

/** Keeps a copy of a schema's bytes in the store; returns its store-relative name. */
export function storeSchema(dir: string, bytes: Uint8Array): string {
  const ref = `schemas/${toHex(blake3(bytes))}.json`;
  const file = join(dir, ref);
  if (!holds(file, ref)) writeWhole(file, bytes);
  return ref;
}

/** Whether the copy at `file` still has the bytes its name `ref` hashes (a damaged one is rewritten, not reused). */
function holds(file: string, ref: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return `schemas/${toHex(blake3(readRegularFile(file, "schema copy", "")))}.json` === ref;
  } catch {
    return false; // not a readable regular file: writing it anew says what is wrong, if anything is
  }
}

/** Records a deployment: its name and, when it has one, a copy of its schema. */
export function recordDeployment(dir: string, id: Uint8Array, name: string, schemaBytes?: Uint8Array): ContractRecord {
  return recordName(dir, id, name, schemaBytes && storeSchema(dir, schemaBytes));
}

/** Records a deployment's name and the store-relative name of its schema copy (see storeSchema). */
export function recordName(dir: string, id: Uint8Array, name: string, schemaRef?: string): ContractRecord {
  const all = readRegistry(dir);
  const rec: ContractRecord = schemaRef ? { name, schema: schemaRef } : { name };
  delete all[toHex(id)]; // re-added last: the newest deploy under a name wins
  all[toHex(id)] = rec;
  writeRegistry(dir, all);
  return rec;
}

/**
 * Moves records written before deployments owned their schema (an absolute path to a build's
 * schema file, and the wasm's absolute path) into the store's own copies. Returns one notice line
 * per migrated contract. A legacy schema that can no longer be read is refused with the fix.
 */
export function migrateRegistry(dir: string): string[] {
  const file = registryFile(dir);
  const all = readRegistry(dir);
  const notices: string[] = [];
  let changed = false;
  for (const [id, rec] of Object.entries(all)) {
    const legacy = rec as ContractRecord & { wasm?: unknown };
    if (legacy.wasm !== undefined) {
      delete legacy.wasm;
      changed = true;
    }
    if (rec.schema === undefined || SCHEMA_REF.test(rec.schema)) continue;
    let bytes: Uint8Array;
    try {
      bytes = readSchemaFile(rec.schema).bytes;
    } catch (e) {
      throw new CliError(`${file} names ${rec.schema} as the schema of '${rec.name}' (${id}), an absolute path from an older piecrust-as that cannot be used: ${(e as Error).message}. Put that file back and rerun, or delete the "schema" line of that contract from ${file} to use it without one`);
    }
    const ref = storeSchema(dir, bytes);
    notices.push(`moved the schema of '${rec.name}' from ${rec.schema} into the store as ${ref}`);
    rec.schema = ref;
    changed = true;
  }
  if (changed) writeRegistry(dir, all);
  return notices;
}

/** The schema a deployment was recorded with, read from the store's copy. */
export function deployedSchema(dir: string, rec: ContractRecord): ContractSchema | undefined {
  if (rec.schema === undefined) return undefined;
  const file = join(dir, rec.schema);
  const bytes = readRegularFile(file, "deployed schema", `the store lost it: redeploy '${rec.name}', or delete its "schema" line from ${registryFile(dir)}`);
  return parseSchema(bytes, file);
}

/** Resolves a 64-hex id (0x optional) or a recorded name to an id; undefined when neither. */
export function resolveContract(all: Registry, idOrName: string): Uint8Array | undefined {
  const hex = idOrName.replace(/^0x/i, "");
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return fromHex(hex, 32, "contract id");
  // The most recent deploy under a name wins (records are kept in deploy order).
  const matches = Object.entries(all).filter(([, r]) => r.name === idOrName);
  const last = matches[matches.length - 1];
  return last ? fromHex(last[0], 32, "contract id") : undefined;
}
