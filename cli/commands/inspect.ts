// piecrust-as inspect <contract> [--store DIR] — memory size, owner, exports and schema of a contract.
import { toHex } from "../../host-sim/index.js";
import { CliError, parseFlags } from "./args.js";
import { help } from "./deploy.js";
import { Workspace } from "./store.js";

export const INSPECT_HELP = `usage: piecrust-as inspect <contract> [--store DIR]

Shows a deployed contract at HEAD: id, owner, memory size, bytecode size, exported functions, and
the signatures from its schema when one is known. <contract> is an id or a name given at deploy.`;

export async function inspect(args: string[]): Promise<number> {
  const p = parseFlags("inspect", args, ["store"]);
  if (p.booleans.has("help")) return help(INSPECT_HELP);
  if (p.positional.length !== 1) throw new CliError("inspect takes one contract id or name");
  const ws = await Workspace.open(p.values.get("store"), true);
  try {
    const session = await ws.session();
    const id = ws.resolve(p.positional[0], session);
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
    const codec = ws.codec(id);
    if (codec) {
      console.log("schema");
      for (const f of codec.schema.functions) console.log(`  ${f.name}(${f.input === "()" ? "" : f.input}) -> ${f.output}${f.doc ? `  // ${f.doc.split("\n")[0]}` : ""}`);
      for (const e of codec.schema.events) console.log(`  event ${e.topic}: ${e.data}`);
    }
    session.close();
    return 0;
  } finally {
    ws.close();
  }
}
