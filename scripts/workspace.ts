// The local workspace around a host-sim store: which commit is the current head. Piecrust has no
// notion of a head (embedders track roots themselves), so the tools keep it in <store>/HEAD.
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

export function writeHead(dir: string, root: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "HEAD");
  writeFileSync(`${file}.tmp`, `${toHex(root)}\n`);
  renameSync(`${file}.tmp`, file);
}
