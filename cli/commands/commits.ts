// piecrust-as commits [--head ROOT] [--store DIR] — the commits the store holds, HEAD marked; or
// HEAD moved to one of them.
import { join } from "node:path";
import { toHex } from "#host-sim";
import { CliError, expectPositionals, help, hexArg, parseCommand } from "./args.js";
import { storeFlag, writeHead } from "./head.js";
import { Workspace } from "./store.js";

export const COMMITS_HELP = `usage: piecrust-as commits [--head ROOT] [--store DIR]

Lists the commits held by the store (default .piecrust) with their number of contracts; the
current head (the base of the next call or deploy) is marked with *.

options:
  --head ROOT     make the commit ROOT (64 hex digits) the head: later commands start from it
  --store DIR     store directory (default .piecrust)`;

const OPTIONS = { head: { type: "string" }, store: { type: "string" } } as const;

export async function commits(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(COMMITS_HELP);
  expectPositionals(p, 0, 0, "");
  const newHead = p.values.has("head") ? hexArg(p.values.get("head")!, "--head", 32) : undefined;
  const ws = await Workspace.open(p.values.get("store"), { mustExist: true, allowMissingHead: true });
  try {
    const all = ws.vm.commits();
    if (newHead) {
      if (!all.some((c) => toHex(c) === toHex(newHead))) throw new CliError(`the store holds no commit ${toHex(newHead)} (see piecrust-as commits)`);
      writeHead(ws.dir, newHead);
      console.log(`head      ${toHex(newHead)}`);
      return 0;
    }
    const head = ws.head ? toHex(ws.head) : undefined;
    if (!all.length) console.log("no commits");
    for (const root of all) {
      const hex = toHex(root);
      const n = ws.vm.store.contractIds(root).length;
      console.log(`${hex === head ? "*" : " "} ${hex}  ${n} contract${n === 1 ? "" : "s"}`);
    }
    if (all.length && !head) process.stderr.write(`piecrust-as commits: ${join(ws.dir, "HEAD")} is missing, so no commit above is the head; choose one with piecrust-as commits --head ROOT${storeFlag(ws.dir)}\n`);
    return 0;
  } finally {
    ws.close();
  }
}
