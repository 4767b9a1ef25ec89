// Mirrors the public data types of piecrust/src/session.rs and piecrust-uplink/src/types.rs
// (Event, CallReceipt, ContractData, SessionData, ContractMetadata), in TypeScript idiom.
import type { CallTreeElem } from "./call-stack.js";
import type { TypeDefs } from "./codec/index.js";
import type { Typed } from "./typed.js";

/** An event a contract emitted during a call (piecrust-uplink's `Event`). */
export interface Event {
  /** The 32-byte id of the emitting contract. */
  source: Uint8Array;
  /** The event topic. */
  topic: string;
  /** The event data (normally the rkyv archive of a value). */
  data: Uint8Array;
  /** True when the call that emitted it failed; the event is kept and flagged. */
  reverted: boolean;
}

/** The outcome of a call or deploy (Piecrust's `CallReceipt`): its result, gas, events and call tree. */
export interface CallReceipt<T = Uint8Array> {
  /** The call's result: raw bytes, or the decoded value for typed calls. */
  data: T;
  /** Gas spent by the call, callees included (u64, bigint). */
  gasSpent: bigint;
  /** The gas limit the call ran with (u64, bigint). */
  gasLimit: bigint;
  /** Events emitted during the call, in order, callees' included. */
  events: Event[];
  /**
   * The call tree in reverse post-order (callees first, the called contract last), as in Piecrust's
   * receipt.
   */
  callTree: CallTreeElem[];
}

/**
 * How to deploy a contract (Piecrust's `ContractData`): its owner, init argument and, optionally, a chosen
 * id.
 */
export interface ContractData {
  /** The owner bytes (required; at most 64 KiB), returned by the `owner` import. */
  owner?: Uint8Array;
  /** The init argument as raw bytes (deploy_raw) … */
  initArg?: Uint8Array;
  /** … or as a typed value, serialized with rkyv like Piecrust's `deploy`. */
  init?: Typed;
  /** A 32-byte id to deploy at; by default the blake3 hash of the bytecode. */
  contractId?: Uint8Array;
  /** Deploy under Dusk's id for this nonce and the owner (dusk-id.ts) instead of the bytecode's BLAKE3. */
  duskNonce?: bigint;
  /** Named struct/enum definitions used by `init`'s type. */
  defs?: TypeDefs;
}

/** Options of `VM.session` (Piecrust's `SessionData` and session builder). */
export interface SessionOptions {
  /** The 32-byte commit root to start from; none for an empty state. */
  base?: Uint8Array;
  /**
   * Session metadata by name (e.g. block height), as `Session.setMeta` sets it; contracts read it with the
   * `meta` import.
   */
  meta?: Record<string, Uint8Array>;
  /** Names of registered host queries this session does not offer. */
  excludeHostQueries?: string[];
  /** Debug mode: contracts' debug messages are recorded (see `Session.debugOutput`). */
  debug?: boolean;
  /**
   * Record a gas profile of every top-level call and deploy (see `Session.profiles`): which function
   * of which contract spent each unit of gas. Nothing else changes: data, gas, events and roots are
   * the same; calls run slower.
   */
  profile?: boolean;
  /**
   * Piecrust's `contain_hq_panics` (default true; false on the Dusk profile, whose node runs a piecrust
   * that does not contain them): a host query that throws fails the contract with
   * Panic("host query panicked"). With false the query's own exception reaches the embedder's call
   * (after the call's state changes are reverted).
   */
  containHostQueryPanics?: boolean;
}

/** A deployed contract's metadata (piecrust-uplink's `ContractMetadata`). */
export interface ContractMetadata {
  /** The contract's 32-byte id. */
  contractId: Uint8Array;
  /** The contract's owner bytes. */
  owner: Uint8Array;
}

