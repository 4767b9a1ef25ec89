// Mirrors piecrust/src/store.rs `BaseInfo` (the per-commit record of its base and contract hints).
// Divergence: a checksummed text file listing every contract's element, named by the state root.
import { StoreError } from "./errors.js";
import { hash } from "./hash.js";
import { isHash32Hex, toHex } from "../hex.js";

const HEADER = "piecrust-as store commit v1";

export interface Manifest {
  rootHex: string;
  baseHex: string | null;
  /** [contract id hex, element key hex], ascending by id. */
  contracts: [string, string][];
}

export function encodeManifest(m: Manifest): Uint8Array {
  let body = `${HEADER}\nroot ${m.rootHex}\nbase ${m.baseHex ?? "-"}\n`;
  for (const [id, el] of m.contracts) body += `contract ${id} ${el}\n`;
  const bodyBytes = new TextEncoder().encode(body);
  return new TextEncoder().encode(body + `checksum ${toHex(hash(bodyBytes))}\n`);
}

/** Parses and checks a manifest; throws a PersistenceError naming the defect (the caller adds the path). */
export function decodeManifest(bytes: Uint8Array): Manifest {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const cut = text.lastIndexOf("checksum ");
  if (cut < 0 || !text.endsWith("\n")) throw new StoreError("PersistenceError", "truncated commit manifest (no checksum)");
  const body = text.slice(0, cut);
  const sum = text.slice(cut + "checksum ".length, -1);
  if (sum !== toHex(hash(new TextEncoder().encode(body)))) throw new StoreError("PersistenceError", "commit manifest checksum mismatch");
  const lines = body.split("\n");
  lines.pop(); // body ends with "\n"
  if (lines[0] !== HEADER) throw new StoreError("PersistenceError", "not a commit manifest");
  const root = /^root ([0-9a-f]{64})$/.exec(lines[1] ?? "");
  const base = /^base ([0-9a-f]{64}|-)$/.exec(lines[2] ?? "");
  if (!root || !base) throw new StoreError("PersistenceError", "malformed commit manifest header");
  const contracts: [string, string][] = [];
  for (const line of lines.slice(3)) {
    const m = /^contract ([0-9a-f]{64}) ([0-9a-f]{64})$/.exec(line);
    if (!m || !isHash32Hex(m[1]) || !isHash32Hex(m[2])) throw new StoreError("PersistenceError", `malformed manifest line: ${line}`);
    contracts.push([m[1], m[2]]);
  }
  return { rootHex: root[1], baseHex: base[1] === "-" ? null : base[1], contracts };
}
