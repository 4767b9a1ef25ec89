// Mirrors rusk-recovery/src/state.rs (genesis deploys) and dusk-core's reserved ids: the transfer
// contract at 0x01‖0…, the stake contract at 0x02‖0…, deployed either from the real binaries a user
// supplies or, for transfer, from this project's AssemblyScript STAND-IN (stand-in.ts).
import { CodecError, decode, encode } from "../codec/index.js";
import type { Session } from "../session.js";
import { DuskProfileError } from "./errors.js";
import { nodeModules, transferStandIn } from "./stand-in.js";
import { BLS_PUBLIC_KEY, DUSK_DEFS, duskType } from "./types.js";

/** dusk-core's `reserved(b)`: b followed by 31 zero bytes. */
function reserved(b: number): Uint8Array {
  const id = new Uint8Array(32);
  id[0] = b;
  return id;
}

/** dusk-core's TRANSFER_CONTRACT. */
export const TRANSFER_CONTRACT = reserved(1);
/** dusk-core's STAKE_CONTRACT. */
export const STAKE_CONTRACT = reserved(2);

/** The file names rusk publishes the genesis binaries under (rusk-recovery/assets). */
export const GENESIS_FILES = {
  /** The transfer contract's file. */
  transfer: "transfer_contract.wasm",
  /** The stake contract's file. */
  stake: "stake_contract.wasm",
} as const;

/** The real genesis binaries found in a folder the user supplies. */
export interface GenesisContracts {
  /** transfer_contract.wasm's bytes (a wasm64 module). */
  transfer?: Uint8Array;
  /** stake_contract.wasm's bytes. */
  stake?: Uint8Array;
}

/**
 * Reads `transfer_contract.wasm` and `stake_contract.wasm` from `dir` (either may be missing; at
 * least one must be there). Get them from rusk's repository, `rusk-recovery/assets/`.
 */
export function readGenesisContracts(dir: string): GenesisContracts {
  const fs = nodeModules()?.fs;
  if (!fs) throw new DuskProfileError(`reading the genesis folder ${dir} needs Node's file system (Node 20.16 or later); elsewhere, pass the files' bytes to deployGenesis`);
  const { readFileSync, statSync } = fs;
  const join = (a: string, b: string) => `${a.replace(/\/+$/, "")}/${b}`;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new DuskProfileError(`the genesis folder ${dir} is not a directory: give a folder holding ${GENESIS_FILES.transfer} and/or ${GENESIS_FILES.stake} (rusk's rusk-recovery/assets)`);
  const out: GenesisContracts = {};
  for (const [k, name] of Object.entries(GENESIS_FILES) as [keyof GenesisContracts, string][]) {
    try {
      out[k] = new Uint8Array(readFileSync(join(dir, name)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new DuskProfileError(`cannot read ${join(dir, name)}: ${(e as Error).message}`);
    }
  }
  if (!out.transfer && !out.stake) throw new DuskProfileError(`neither ${GENESIS_FILES.transfer} nor ${GENESIS_FILES.stake} is in ${dir}`);
  return out;
}

/** Options of the genesis deploys. */
export interface GenesisOptions {
  /** The owner of the genesis contracts (rusk's genesis uses the Dusk key, 96 bytes; default 96 zero bytes). */
  owner?: Uint8Array;
  /** Gas for each deploy (default u64::MAX, as rusk-recovery). */
  gas?: bigint;
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * Deploys the transfer contract at TRANSFER_CONTRACT: the real one when `contracts.transfer` is
 * given (it is wasm64: host-sim must run memory64 modules for that), else the STAND-IN: `standIn`'s
 * bytes when given, else the stand-in the package ships (`transferStandIn()`, read on Node; in a
 * browser pass `standIn`). Deploys the real stake contract at STAKE_CONTRACT when given. Returns
 * the ids deployed.
 */
export function deployGenesis(session: Session, contracts: GenesisContracts & { standIn?: Uint8Array } = {}, opts: GenesisOptions = {}): Uint8Array[] {
  const owner = opts.owner ?? new Uint8Array(96);
  const gas = opts.gas ?? U64_MAX;
  const transfer = contracts.transfer ?? contracts.standIn ?? transferStandIn();
  const ids = [session.deploy(transfer, { owner, contractId: TRANSFER_CONTRACT }, gas).contractId];
  if (contracts.stake) ids.push(session.deploy(contracts.stake, { owner, contractId: STAKE_CONTRACT }, gas).contractId);
  return ids;
}

const PUBLIC_SENDER = duskType(`Option<${BLS_PUBLIC_KEY}>`);

/**
 * The `public_sender` metadata (dusk-core's `Metadata::PUBLIC_SENDER`, an `Option<BlsPublicKey>`)
 * for a public transaction from the account whose archived key is `archivedKey` (200 bytes), or for
 * a shielded one (null).
 */
export function publicSenderMeta(archivedKey: Uint8Array | null): Uint8Array {
  if (archivedKey === null) return encode(PUBLIC_SENDER, null, DUSK_DEFS);
  if (archivedKey.length !== 200) throw new DuskProfileError(`an archived BLS public key is 200 bytes, got ${archivedKey.length}`);
  const out = encode(PUBLIC_SENDER, [{ x: { c0: [[0n, 0n, 0n, 0n, 0n, 0n]], c1: [[0n, 0n, 0n, 0n, 0n, 0n]] }, y: { c0: [[0n, 0n, 0n, 0n, 0n, 0n]], c1: [[0n, 0n, 0n, 0n, 0n, 0n]] }, infinity: 0 }], DUSK_DEFS);
  // Option<T> with T align 8: the tag, 7 bytes of padding, then T's bytes.
  out.set(archivedKey, 8);
  try {
    decode(PUBLIC_SENDER, out, DUSK_DEFS);
  } catch (e) {
    if (e instanceof CodecError) throw new DuskProfileError(`not an archived BLS public key: ${e.message}`);
    throw e;
  }
  return out;
}
