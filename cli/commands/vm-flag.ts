// The --vm, --chain-id, --block-height, --hard-fork and --plonk-version options of deploy, call and query: which
// VM the command runs on (bare Piecrust, or Dusk's VM with its host queries and metadata).
import type { VMOptions } from "#host-sim";
import type { DuskOptions } from "../../host-sim/dusk/profile.js";
import { HARD_FORKS, isHardFork, isPlonkVersion, PLONK_VERSIONS } from "#host-sim";
import { UsageError, type Parsed } from "./args.js";

export const VM_OPTIONS = {
  vm: { type: "string" },
  "chain-id": { type: "string" },
  "block-height": { type: "string" },
  "hard-fork": { type: "string" },
  "plonk-version": { type: "string" },
} as const;

export const VM_HELP = `  --vm V          piecrust (default) or dusk: Dusk's VM, with its host queries (sha256, hash,
                  verify_bls, …) and chain_id/block_height metadata (docs/dusk-profile.md)
  --chain-id N    with --vm dusk: the chain id (u8, default 0)
  --block-height N  with --vm dusk: the block height (u64, default 0)
  --hard-fork F   with --vm dusk: PreFork, Aegis or Boreas (default), whose query prices apply
  --plonk-version V  with --vm dusk: V1, V2 or V3, the PLONK verifier verify_plonk uses (default:
                  the hard fork's, V2 before Aegis and V3 from it; rusk used V1 before block 3,470,360)`;

function integer(text: string, flag: string, max: bigint): bigint {
  if (!/^\d+$/.test(text) || BigInt(text) > max) throw new UsageError(`${flag} takes an integer from 0 to ${max}, got ${JSON.stringify(text)}`);
  return BigInt(text);
}

/** The VM options the command line asks for. */
export function vmOptionsFrom(p: Parsed): VMOptions {
  const profile = p.values.get("vm") ?? "piecrust";
  const duskOnly = ["chain-id", "block-height", "hard-fork", "plonk-version"].filter((f) => p.values.has(f));
  if (profile === "piecrust") {
    if (duskOnly.length) throw new UsageError(`--${duskOnly[0]} needs --vm dusk`);
    return {};
  }
  if (profile !== "dusk") throw new UsageError(`--vm takes piecrust or dusk, got ${JSON.stringify(profile)}`);
  const opts: DuskOptions = {};
  if (p.values.has("chain-id")) opts.chainId = Number(integer(p.values.get("chain-id")!, "--chain-id", 255n));
  if (p.values.has("block-height")) opts.blockHeight = integer(p.values.get("block-height")!, "--block-height", (1n << 64n) - 1n);
  if (p.values.has("hard-fork")) {
    const fork = p.values.get("hard-fork")!;
    if (!isHardFork(fork)) throw new UsageError(`--hard-fork takes ${HARD_FORKS.join(", ")}, got ${JSON.stringify(fork)}`);
    opts.hardFork = fork;
  }
  if (p.values.has("plonk-version")) {
    const v = p.values.get("plonk-version")!;
    if (!isPlonkVersion(v)) throw new UsageError(`--plonk-version takes ${PLONK_VERSIONS.join(", ")}, got ${JSON.stringify(v)}`);
    opts.plonkVersion = v;
  }
  return { profile: "dusk", dusk: opts };
}
