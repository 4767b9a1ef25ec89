// <store>/HEAD: the commit the CLI's next deploy, call or query starts from. Piecrust has no such
// notion (embedders track roots themselves), so the CLI keeps it beside the store; it is not part
// of the committed state.
import { join } from "node:path";
import { fromHex, toHex } from "#host-sim";
import { CliError } from "./args.js";
import { present, readRegularFile, writeWhole } from "./files.js";

export const DEFAULT_STORE = ".piecrust";

/** `--store DIR` as the user would retype it in a suggested command (empty for the default). */
export function storeFlag(dir: string): string {
  return dir === DEFAULT_STORE ? "" : ` --store ${/^[\w./-]+$/.test(dir) ? dir : JSON.stringify(dir)}`;
}

/**
 * The root HEAD names, or undefined for the empty state. A missing HEAD means the empty state only
 * while the store holds no commit: otherwise (HEAD deleted by hand, or lost) the CLI refuses rather
 * than silently work on nothing, unless `allowMissing` (for `commits`, which shows how to recover).
 */
export function readHead(dir: string, commits: Uint8Array[], allowMissing = false): Uint8Array | undefined {
  const file = join(dir, "HEAD");
  if (!present(file)) {
    if (!commits.length || allowMissing) return undefined;
    throw new CliError(missingHeadText(dir, commits));
  }
  const bytes = readRegularFile(file, "HEAD file", `a link to nothing: delete it and choose a commit with piecrust-as commits --head ROOT${storeFlag(dir)}`, 1024);
  // Not decoded strictly: bytes that are not text fail as "not valid hex", which says what HEAD must hold.
  const text = new TextDecoder().decode(bytes).trim();
  let root: Uint8Array;
  try {
    root = fromHex(text, 32, file);
  } catch (e) {
    throw new CliError(`${(e as Error).message}; ${file} must hold one commit root (64 hex digits): see piecrust-as commits${storeFlag(dir)}`);
  }
  if (!commits.some((c) => toHex(c) === toHex(root))) {
    throw new CliError(`${file} names commit ${toHex(root)}, which the store does not hold; pick one with piecrust-as commits${storeFlag(dir)} and set it with piecrust-as commits --head ROOT${storeFlag(dir)}`);
  }
  return root;
}

function missingHeadText(dir: string, commits: Uint8Array[]): string {
  const n = commits.length;
  const shown = commits.slice(0, 3).map(toHex).join(", ") + (n > 3 ? ", …" : "");
  return `${join(dir, "HEAD")} is missing but the store holds ${n} commit${n === 1 ? "" : "s"} (${shown}), so which state to use is unknown; list them with piecrust-as commits${storeFlag(dir)} and choose one with piecrust-as commits --head ROOT${storeFlag(dir)}`;
}

export function writeHead(dir: string, root: Uint8Array): void {
  writeWhole(join(dir, "HEAD"), `${toHex(root)}\n`);
}
