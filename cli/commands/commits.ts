// piecrust-as commits [--store DIR] — the commits the store holds, HEAD marked.
import { toHex } from "../../host-sim/index.js";
import { parseFlags, CliError } from "./args.js";
import { help } from "./deploy.js";
import { Workspace } from "./store.js";

export const COMMITS_HELP = `usage: piecrust-as commits [--store DIR]

Lists the commits held by the store (default .piecrust) with their number of contracts; the
current head (the base of the next call or deploy) is marked with *.`;

export async function commits(args: string[]): Promise<number> {
  const p = parseFlags("commits", args, ["store"]);
  if (p.booleans.has("help")) return help(COMMITS_HELP);
  if (p.positional.length) throw new CliError("commits takes no arguments");
  const ws = await Workspace.open(p.values.get("store"), true);
  try {
    const head = ws.head ? toHex(ws.head) : undefined;
    const all = ws.vm.commits();
    if (!all.length) console.log("no commits");
    for (const root of all) {
      const hex = toHex(root);
      const n = ws.vm.store.contractIds(root).length;
      console.log(`${hex === head ? "*" : " "} ${hex}  ${n} contract${n === 1 ? "" : "s"}`);
    }
    return 0;
  } finally {
    ws.close();
  }
}
