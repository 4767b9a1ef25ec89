// The SDK's own AssemblyScript files among a compilation's sources. Their @archive declarations
// (dusk-core's transfer types, assembly/dusk/transfer.ts) need codec members like the user's: in a
// user project asc parses them as library files (`~lib/piecrust-as/assembly/…`), which the
// transforms otherwise leave alone; in this repository they are user files under assembly/.
// An @event the SDK declares belongs to another contract (the transfer contract's deposit, …): it
// enters a contract's schema only when the contract's own files name its class.

import { NodeKind, SourceKind } from "assemblyscript/dist/assemblyscript.js";
import type { Source } from "assemblyscript/dist/assemblyscript.js";
import { isAbsolute, relative, resolve } from "node:path";
import type { Archives } from "./archive.js";
import { walkAst } from "./ast-walk.js";

/** How asc names a file of an installed piecrust-as package. */
const INSTALLED_SDK = /^~lib\/piecrust-as\/assembly\//;

/** Whether `source` is one of the SDK's files (installed, or under `sdkDir` in this repository). */
export function isSdkSource(source: Source, baseDir: string, sdkDir: string): boolean {
  const p = source.normalizedPath;
  if (INSTALLED_SDK.test(p)) return true;
  if (p.startsWith("~lib/")) return false;
  const rel = relative(sdkDir, resolve(baseDir, p));
  // assembly/__tests__ is this repository's specs and their contracts, not part of the SDK (nor of the package)
  return !rel.startsWith("..") && !isAbsolute(rel) && !/^__tests__[\\/]/.test(rel);
}

/**
 * The sources whose @archive declarations get codec members: the user's and the installed SDK's,
 * the SDK's first, so that a user's class named like one of the SDK's is the one reported.
 */
export function archiveSources(sources: Source[], userSources: Source[], isSdk: (s: Source) => boolean): Source[] {
  const installed = sources.filter((s) => s.sourceKind === SourceKind.Library && INSTALLED_SDK.test(s.normalizedPath) && !userSources.includes(s));
  const all = [...userSources, ...installed];
  return [...all.filter(isSdk), ...all.filter((s) => !isSdk(s))];
}

/** Every identifier written in `sources`. */
function identifiers(sources: Source[]): Set<string> {
  const out = new Set<string>();
  for (const s of sources) walkAst(s.statements, (n) => {
    if (n.kind === NodeKind.Identifier) out.add((n as unknown as { text: string }).text);
  });
  return out;
}

/** Drops from `archives.events` the SDK's events that the contract's own files (`own`) never name. */
export function dropUnnamedSdkEvents(archives: Archives, own: Source[], isSdk: (s: Source) => boolean): void {
  const sdkEvents = archives.events.filter((e) => {
    const d = archives.decls.get(e.type);
    return d !== undefined && isSdk(d.source);
  });
  if (!sdkEvents.length) return;
  const named = identifiers(own.filter((s) => !isSdk(s)));
  for (const e of sdkEvents) if (!named.has(e.type)) archives.events.splice(archives.events.indexOf(e), 1);
}
