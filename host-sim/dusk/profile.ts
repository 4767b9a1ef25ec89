// Mirrors rusk's vm/src/lib.rs (dusk_vm::VM): Piecrust plus Dusk's host queries and the session
// metadata `chain_id` (u8) and `block_height` (u64) that `VM::session` inserts.
import { encode, parseType } from "../codec/index.js";
import type { HostQuery } from "../imports.js";
import { DuskProfileError } from "./errors.js";
import { HARD_FORKS, isHardFork, isPlonkVersion, PLONK_VERSIONS, plonkVersionFor, type HardFork, type PlonkVersion } from "./forks.js";
import { DUSK_QUERIES, duskQuery, type DuskQueryName, type SuppliedQuery } from "./queries.js";

/** dusk-core's `Metadata::CHAIN_ID`: the metadata name of the chain id (u8). */
export const CHAIN_ID = "chain_id";
/** dusk-core's `Metadata::BLOCK_HEIGHT`: the metadata name of the block height (u64). */
export const BLOCK_HEIGHT = "block_height";

const U8 = parseType("u8");
const U64 = parseType("u64");

/** `VMOptions.dusk`: the Dusk profile's settings (each can be changed later on `vm.dusk`). */
export interface DuskOptions {
  /** The chain id (u8) sessions see as `chain_id` metadata (default 0). */
  chainId?: number;
  /** The block height (u64) sessions see as `block_height` metadata (default 0n). */
  blockHeight?: bigint;
  /** Whose rules price the queries (default "Boreas", the first fork that prices them). */
  hardFork?: HardFork;
  /** The PLONK version verify_plonk checks with (default: the hard fork's, V2 before Aegis, V3 from it). */
  plonkVersion?: PlonkVersion;
  /** Implementations of the queries host-sim cannot compute exactly, by name. */
  queries?: Partial<Record<DuskQueryName, SuppliedQuery>>;
}

function checkChainId(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 255) throw new DuskProfileError(`chainId must be a u8 (an integer 0..=255), got ${String(v)}`);
  return v;
}

function checkHeight(v: unknown): bigint {
  if (typeof v !== "bigint" || v < 0n || v >= 1n << 64n) throw new DuskProfileError(`blockHeight must be a u64 bigint, got ${String(v)}`);
  return v;
}

function checkFork(v: unknown): HardFork {
  if (!isHardFork(v)) throw new DuskProfileError(`hardFork must be one of ${HARD_FORKS.join(", ")}, got ${String(v)}`);
  return v;
}

function checkPlonkVersion(v: unknown): PlonkVersion | undefined {
  if (v !== undefined && !isPlonkVersion(v)) throw new DuskProfileError(`plonkVersion must be one of ${PLONK_VERSIONS.join(", ")} (or undefined to follow the hard fork), got ${String(v)}`);
  return v;
}

/** The `chain_id` and `block_height` metadata as rusk's `VM::session` stores them (rkyv u8, u64). */
export function duskMetadata(chainId: number, blockHeight: bigint): Record<string, Uint8Array> {
  return { [CHAIN_ID]: encode(U8, checkChainId(chainId)), [BLOCK_HEIGHT]: encode(U64, checkHeight(blockHeight)) };
}

/** A VM's Dusk profile (`vm.dusk`): its metadata for new sessions, hard fork and supplied queries. */
export class DuskProfile {
  private chain: number;
  private height: bigint;
  private fork: HardFork;
  private plonk: PlonkVersion | undefined;
  /** Implementations the embedder supplied, by query name; may be changed at any time. */
  readonly supplied: Partial<Record<DuskQueryName, SuppliedQuery>>;

  constructor(opts: DuskOptions = {}) {
    if (typeof opts !== "object" || opts === null) throw new DuskProfileError("the dusk options must be an object");
    this.chain = checkChainId(opts.chainId ?? 0);
    this.height = checkHeight(opts.blockHeight ?? 0n);
    this.fork = checkFork(opts.hardFork ?? "Boreas");
    this.plonk = checkPlonkVersion(opts.plonkVersion);
    this.supplied = {};
    for (const [name, fn] of Object.entries(opts.queries ?? {})) this.supply(name as DuskQueryName, fn);
  }

  /** The chain id new sessions get. */
  get chainId(): number {
    return this.chain;
  }
  /** Sets the chain id new sessions get (a u8). */
  set chainId(v: number) {
    this.chain = checkChainId(v);
  }

  /** The block height new sessions get (a live session keeps its own: use session.setMeta). */
  get blockHeight(): bigint {
    return this.height;
  }
  /** Sets the block height new sessions get (a u64). */
  set blockHeight(v: bigint) {
    this.height = checkHeight(v);
  }

  /** The hard fork whose prices the queries charge, from the next query on. */
  get hardFork(): HardFork {
    return this.fork;
  }
  /** Sets the hard fork whose prices apply from the next query on. */
  set hardFork(v: HardFork) {
    this.fork = checkFork(v);
  }

  /** The PLONK version verify_plonk uses: the one set, else the hard fork's. */
  get plonkVersion(): PlonkVersion {
    return this.plonk ?? plonkVersionFor(this.fork);
  }
  /** Sets the PLONK version from the next query on; undefined follows the hard fork again. */
  set plonkVersion(v: PlonkVersion | undefined) {
    this.plonk = checkPlonkVersion(v);
  }

  /** Supplies (or with undefined, withdraws) the implementation of query `name`. */
  supply(name: DuskQueryName, fn: SuppliedQuery | undefined): void {
    if (!DUSK_QUERIES.includes(name)) throw new DuskProfileError(`${String(name)} is not a Dusk host query (they are ${DUSK_QUERIES.join(", ")})`);
    if (fn !== undefined && typeof fn !== "function") throw new DuskProfileError(`the implementation of ${name} must be a function (arg: Uint8Array) => boolean | bigint`);
    if (fn === undefined) delete this.supplied[name];
    else this.supplied[name] = fn;
  }

  /** The metadata a new session starts with. */
  metadata(): Record<string, Uint8Array> {
    return duskMetadata(this.chain, this.height);
  }

  /** Dusk's eleven host queries, as `VM::register_host_queries` registers them. */
  hostQueries(): [DuskQueryName, HostQuery][] {
    const ctx = { hardFork: () => this.fork, plonkVersion: () => this.plonkVersion, supplied: this.supplied };
    return DUSK_QUERIES.map((name) => [name, duskQuery(name, ctx)]);
  }
}
