// piecrust-as call <contract> <fn> [json]   — runs a call and commits its state change
// piecrust-as query <contract> <fn> [json]  — the same call, its state change discarded
import { DuskQueryUnsupported, formatBacktrace, toHex, VMError } from "#host-sim";
import { addBuildDebugInfo } from "../debug-build.js";
import { profileFile } from "../profile-files.js";
import { writeWhole } from "./files.js";
import { CliError, expectPositionals, help, hexArg, parseCommand, parseGas, parseJsonArg, UsageError, vmText } from "./args.js";
import { VM_HELP, VM_OPTIONS, vmOptionsFrom } from "./vm-flag.js";
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
  --json          print only the result, as JSON
  --profile FILE  write the call's gas profile: FILE.svg a flame graph (open it in a browser),
                  FILE.json speedscope's format (https://www.speedscope.app); the call is otherwise
                  the same. Source names come from the build's build/<name>.wasm.map
${VM_HELP}`;

export const CALL_HELP = `usage: piecrust-as call <contract> <fn> [json] [options]

Calls <fn> on <contract>, prints the receipt (gas, events, call tree) and commits the new state.

${COMMON}`;

export const QUERY_HELP = `usage: piecrust-as query <contract> <fn> [json] [options]

Calls <fn> on <contract> and prints the result and receipt; the state change is not committed.

${COMMON}`;

const OPTIONS = {
  raw: { type: "string" },
  meta: { type: "string" },
  gas: { type: "string" },
  store: { type: "string" },
  json: { type: "boolean" },
  ...VM_OPTIONS,
  profile: { type: "string" },
} as const;

export async function call(args: string[], commit: boolean): Promise<number> {
  const cmd = commit ? "call" : "query";
  const p = parseCommand(args, OPTIONS);
  if (!p) return help(commit ? CALL_HELP : QUERY_HELP);
  const [target, fn, jsonText] = expectPositionals(p, 2, 3, "<contract> <fn> [json]");
  if (jsonText !== undefined && p.values.has("raw")) throw new UsageError("give the argument either as JSON or with --raw, not both");
  const gas = parseGas(p.values.get("gas"), 1_000_000_000n);
  const json = jsonText === undefined ? undefined : parseJsonArg(jsonText, "the argument");
  const raw = p.values.has("raw") ? hexArg(p.values.get("raw")!, "--raw") : undefined;
  const metaText = p.values.get("meta");
  let meta: [string, Uint8Array] | undefined;
  if (metaText !== undefined) {
    const eq = metaText.indexOf("=");
    if (eq <= 0) throw new UsageError(`--meta takes NAME=HEX, got ${JSON.stringify(metaText)}`);
    meta = [metaText.slice(0, eq), hexArg(metaText.slice(eq + 1), `--meta ${metaText.slice(0, eq)}`)];
  }
  const profileOut = p.values.get("profile");
  if (profileOut !== undefined && !/\.(svg|json)$/.test(profileOut)) {
    throw new UsageError(`--profile takes a file ending in .svg (flame graph) or .json (speedscope), got ${JSON.stringify(profileOut)}`);
  }
  const ws = await Workspace.open(p.values.get("store"), { mustExist: true, vm: vmOptionsFrom(p) });
  try {
    addBuildDebugInfo(ws.vm);
    const session = await ws.session({ profile: profileOut !== undefined });
    const id = ws.resolve(target, session);
    if (meta) {
      try {
        session.setMeta(meta[0], meta[1]);
      } catch (e) {
        if (e instanceof VMError) throw new CliError(`--meta ${meta[0]}: ${vmText(e)}`);
        throw e;
      }
    }
    const codec = ws.codec(id);
    let arg: Uint8Array;
    if (raw) arg = raw;
    else if (codec) arg = codec.encodeInput(fn, json);
    else if (json === undefined) arg = new Uint8Array(0);
    else throw new CliError(`no schema is known for ${ws.name(id)}; pass the argument as --raw HEX`);
    let receipt;
    const writeProfile = () => {
      const profiles = session.takeProfiles();
      if (profileOut === undefined || profiles.length === 0) return;
      writeWhole(profileOut, profileFile(profileOut, profiles, `${cmd} ${ws.name(id)}.${fn}`));
      console.error(`gas profile written to ${profileOut}`);
    };
    try {
      receipt = session.callRaw(id, fn, arg, gas);
      writeProfile();
    } catch (e) {
      writeProfile();
      // Piecrust returns no receipt for a failed call; Rusk charges it the whole limit (rusk.rs, execute).
      if (e instanceof VMError) {
        const where = e.backtrace?.some((c) => c.frames.length > 0) ? `\n${formatBacktrace(e.backtrace)}` : "";
        throw new CliError(`${fn} failed: ${vmText(e)}; state unchanged; gas spent ${gas} of ${gas} (a failed call is charged its whole limit, as on Dusk)${where}`);
      }
      if (e instanceof DuskQueryUnsupported) throw new CliError(`${fn} failed, state unchanged: ${e.message} (the CLI cannot supply one; use host-sim from JavaScript)`);
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
