// piecrust-as call <contract> <fn> [json]   — runs a call and commits its state change
// piecrust-as query <contract> <fn> [json]  — the same call, its state change discarded
import { toHex, VMError } from "../../host-sim/index.js";
import { CliError, vmText, parseFlags, parseGas, parseJsonArg } from "./args.js";
import { help, hexArg } from "./deploy.js";
import { formatReceipt } from "./receipt.js";
import { Workspace } from "./store.js";

const COMMON = `<contract> is a 64-hex-digit id or the name given at deploy. [json] is the argument as JSON (an
array for several parameters), turned into rkyv with the contract's schema; without a schema pass
--raw HEX. The result is decoded with the schema too (or printed as hex).

options:
  --raw HEX       the argument as raw bytes instead of JSON
  --meta NAME=HEX session metadata for the call, as raw (rkyv) bytes; e.g. --meta signer=<64 hex>
                  makes the token and escrow examples act for that account
  --gas N         gas limit (default 1000000000)
  --store DIR     store directory (default .piecrust)
  --json          print only the result, as JSON`;

export const CALL_HELP = `usage: piecrust-as call <contract> <fn> [json] [options]

Calls <fn> on <contract>, prints the receipt (gas, events, call tree) and commits the new state.

${COMMON}`;

export const QUERY_HELP = `usage: piecrust-as query <contract> <fn> [json] [options]

Calls <fn> on <contract> and prints the result and receipt; the state change is not committed.

${COMMON}`;

export async function call(args: string[], commit: boolean): Promise<number> {
  const cmd = commit ? "call" : "query";
  const p = parseFlags(cmd, args, ["raw", "gas", "store", "meta"], ["json"]);
  if (p.booleans.has("help")) return help(commit ? CALL_HELP : QUERY_HELP);
  if (p.positional.length < 2 || p.positional.length > 3) {
    throw new CliError(`${cmd} takes <contract> <fn> [json] (see piecrust-as ${cmd} --help)`);
  }
  const [target, fn, jsonText] = p.positional;
  if (jsonText !== undefined && p.values.has("raw")) throw new CliError("give the argument either as JSON or with --raw, not both");
  const gas = parseGas(p.values.get("gas"), 1_000_000_000n);
  const ws = await Workspace.open(p.values.get("store"), true);
  try {
    const session = await ws.session();
    const id = ws.resolve(target, session);
    const meta = p.values.get("meta");
    if (meta !== undefined) {
      const eq = meta.indexOf("=");
      if (eq <= 0) throw new CliError(`--meta takes NAME=HEX, got ${JSON.stringify(meta)}`);
      session.setMeta(meta.slice(0, eq), hexArg(meta.slice(eq + 1), `--meta ${meta.slice(0, eq)}`));
    }
    const codec = ws.codec(id);
    let arg: Uint8Array;
    if (p.values.has("raw")) arg = hexArg(p.values.get("raw")!, "--raw");
    else if (codec) arg = codec.encodeInput(fn, jsonText === undefined ? undefined : parseJsonArg(jsonText, "the argument"));
    else if (jsonText === undefined) arg = new Uint8Array(0);
    else throw new CliError(`no schema is known for ${ws.name(id)}; pass the argument as --raw HEX`);
    let receipt;
    try {
      receipt = session.callRaw(id, fn, arg, gas);
    } catch (e) {
      if (e instanceof VMError) throw new CliError(`${cmd} ${fn} failed: ${vmText(e)}`);
      throw e;
    }
    const value = codec ? codec.decodeOutput(fn, receipt.data) : undefined;
    const shown = value !== undefined ? JSON.stringify(value) : `0x${toHex(receipt.data)}`;
    if (p.booleans.has("json")) {
      console.log(value !== undefined ? JSON.stringify(value) : JSON.stringify(`0x${toHex(receipt.data)}`));
    } else {
      console.log(formatReceipt(`${cmd} ${ws.name(id)}.${fn}`, receipt, ws, shown));
    }
    if (commit) {
      const root = ws.commit(session);
      if (!p.booleans.has("json")) console.log(`root      ${toHex(root)}`);
    } else {
      session.close();
    }
    return 0;
  } finally {
    ws.close();
  }
}
