// piecrust-as inspect <contract> [--store DIR] — memory size, owner, exports and schema of a contract.
import { toHex } from "#host-sim";
import { expectPositionals, help, parseCommand } from "./args.js";
import { Workspace } from "./store.js";

export const INSPECT_HELP = `usage: piecrust-as inspect <contract> [--store DIR]

Shows a deployed contract at HEAD: id, owner, memory size, bytecode size, exported functions, and
the schema its calls and events are read with: the copy the deployment keeps in the store
(schemas/<hash>.json), with its signatures. <contract> is an id or a name given at deploy.

options:
  --store DIR     store directory (default .piecrust)`;

const OPTIONS = { store: { type: "string" } } as const;

export async function inspect(args: string[]): Promise<number> {
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(INSPECT_HELP);
  const [target] = expectPositionals(p, 1, 1, "one contract id or name");
  const ws = await Workspace.open(p.values.get("store"), { mustExist: true });
  try {
    const session = await ws.session();
    const id = ws.resolve(target, session);
    const meta = session.contractMetadata(id)!;
    const mem = session.memoryLen(id) ?? 0;
    const code = ws.bytecode(id);
    console.log(`contract  ${ws.name(id)}`);
    console.log(`id        ${toHex(id)}`);
    console.log(`owner     0x${toHex(meta.owner)}`);
    console.log(`memory    ${mem} bytes (${mem / 65536} pages)`);
    if (code) {
      console.log(`bytecode  ${code.length} bytes`);
      const mod = new WebAssembly.Module(new Uint8Array(code));
      const fns = WebAssembly.Module.exports(mod).filter((e) => e.kind === "function").map((e) => e.name);
      console.log(`exports   ${fns.join(", ")}`);
    }
    const origin = ws.schema(id);
    if (!origin) console.log("schema    none (deployed without one: calls take --raw HEX, results print as hex)");
    else {
      const codec = origin.codec;
      console.log(`schema    ${origin.owned ? `${origin.from} (in the store, kept by this deployment)` : `${origin.from} (recorded without one; this build output has the same bytecode)`}`);
      for (const f of codec.schema.functions) console.log(`  ${f.name}(${f.input === "()" ? "" : f.input}) -> ${f.output}${f.doc ? `  // ${f.doc.split("\n")[0]}` : ""}`);
      for (const e of codec.schema.events) console.log(`  event ${e.topic}: ${e.data}`);
    }
    session.close();
    return 0;
  } finally {
    ws.close();
  }
}
