// The contracts of a project, as `piecrust-as build` finds them (docs/building.md):
//   1. the "piecrust-as" key of the project's package.json: { "contracts": { "<name>": "<entry.ts>" } };
//   2. otherwise every contracts/<name>/index.ts (the layout `piecrust-as init` scaffolds);
//   3. otherwise every examples/<name>/assembly/index.ts (this repository).
// Entries are project-relative with "/" separators, because that path is what panic locations in
// the wasm show: the same contract gives the same bytes in any folder and on any OS.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

export interface ContractEntry {
  name: string;
  /** Project-relative path of the entry file. */
  entry: string;
}

/** A project whose configuration is wrong: the message names the file, the key and the fix. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectError";
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** examples/<name>/assembly/index.ts → <name>; <dir>/<name>/index.ts → <name>; else the file name without .ts. */
export function contractName(entry: string): string {
  const parts = entry.split(/[\\/]/).filter((p) => p !== "");
  const file = parts[parts.length - 1] ?? entry;
  if (file === "index.ts" && parts.length >= 2) {
    const parent = parts[parts.length - 2];
    if (parent === "assembly" && parts.length >= 3) return parts[parts.length - 3];
    return parent;
  }
  return basename(file).replace(/\.ts$/, "");
}

function subdirsWith(root: string, dir: string, file: string[]): ContractEntry[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) throw new ProjectError(`${abs} is not a folder; contracts are found in ${dir}/<name>/${file.join("/")} (move the file away, or list the contracts in package.json under "piecrust-as")`);
  return readdirSync(abs)
    .filter((d) => isFolder(join(abs, d)) && existsSync(join(abs, d, ...file)))
    .sort()
    .map((d) => ({ name: d, entry: [dir, d, ...file].join("/") }));
}

/** Whether `path` is a folder or a link to one; a dangling link is not, and holds no contract. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The entry files `examples/<name>/assembly/index.ts` under `root`, one per example folder that has one. */
export function findExampleEntries(root: string): string[] {
  return subdirsWith(root, "examples", ["assembly", "index.ts"]).map((c) => c.entry);
}

function configured(root: string): ContractEntry[] | undefined {
  const pkgFile = join(root, "package.json");
  if (!existsSync(pkgFile)) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  } catch (e) {
    throw new ProjectError(`${pkgFile} is not valid JSON (${(e as Error).message})`);
  }
  const cfg = (pkg as Record<string, unknown>)?.["piecrust-as"];
  if (cfg === undefined) return undefined;
  const where = `the "piecrust-as" key of ${pkgFile}`;
  const contracts = (cfg as Record<string, unknown> | null)?.contracts;
  if (contracts === null || typeof contracts !== "object" || Array.isArray(contracts)) {
    throw new ProjectError(`${where} needs "contracts": { "<name>": "<entry.ts>" , … }`);
  }
  return Object.entries(contracts as Record<string, unknown>).map(([name, entry]) => {
    if (!NAME.test(name)) throw new ProjectError(`${where}: contract name ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-'`);
    if (typeof entry !== "string" || !entry.endsWith(".ts")) {
      throw new ProjectError(`${where}: contracts.${name} must be the path of a .ts entry file, relative to the project`);
    }
    const abs = resolve(root, entry);
    const rel = relative(root, abs);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new ProjectError(`${where}: contracts.${name} (${entry}) lies outside the project`);
    if (!existsSync(abs)) throw new ProjectError(`${where}: contracts.${name} names ${entry}, which does not exist`);
    return { name, entry: rel.split(sep).join("/") };
  });
}

/** The contracts of the project at `root`, in the order they build. */
export function findContracts(root: string): ContractEntry[] {
  const fromConfig = configured(root);
  if (fromConfig) return fromConfig;
  const scaffolded = subdirsWith(root, "contracts", ["index.ts"]);
  if (scaffolded.length) return scaffolded;
  return subdirsWith(root, "examples", ["assembly", "index.ts"]);
}

/**
 * A project's asconfig.json must be JSON (asc reads it with JSON.parse) and what it extends must
 * exist: `piecrust-as init` writes one that extends ./node_modules/piecrust-as/asconfig.json, which
 * is there only once npm install has run. asc would report either as a compiler crash with a stack.
 */
export function checkAsconfig(file: string): void {
  let cfg: unknown;
  try {
    cfg = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ProjectError(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const base = (cfg as { extends?: unknown } | null)?.extends;
  if (typeof base !== "string" || existsSync(resolve(dirname(file), base))) return;
  const fix = /node_modules[\\/]piecrust-as[\\/]/.test(base) ? "piecrust-as is not installed in this project: run npm install" : `correct "extends" in ${basename(file)}`;
  throw new ProjectError(`${file} extends ${base}, which does not exist; ${fix}`);
}
