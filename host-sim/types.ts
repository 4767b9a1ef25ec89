// Mirrors the public data types of piecrust/src/session.rs and piecrust-uplink/src/types.rs
// (Event, CallReceipt, ContractData, SessionData, ContractMetadata), in TypeScript idiom.
import type { CallTreeElem } from "./call-stack.js";
import type { TypeDefs } from "./codec/index.js";
import type { Typed } from "./typed.js";

export interface Event {
  source: Uint8Array;
  topic: string;
  data: Uint8Array;
  reverted: boolean;
}

export interface CallReceipt<T = Uint8Array> {
  data: T;
  gasSpent: bigint;
  gasLimit: bigint;
  events: Event[];
  callTree: CallTreeElem[];
}

export interface ContractData {
  owner?: Uint8Array;
  /** The init argument as raw bytes (deploy_raw) … */
  initArg?: Uint8Array;
  /** … or as a typed value, serialized with rkyv like Piecrust's `deploy`. */
  init?: Typed;
  contractId?: Uint8Array;
  /** Deploy under Dusk's id for this nonce and the owner (dusk-id.ts) instead of the bytecode's BLAKE3. */
  duskNonce?: bigint;
  /** Named struct/enum definitions used by `init`'s type. */
  defs?: TypeDefs;
}

export interface SessionOptions {
  base?: Uint8Array;
  meta?: Record<string, Uint8Array>;
  excludeHostQueries?: string[];
  debug?: boolean;
  /**
   * Piecrust's `contain_hq_panics` (default true): a host query that throws fails the contract with
   * Panic("host query panicked"). With false the query's own exception reaches the embedder's call
   * (after the call's state changes are reverted).
   */
  containHostQueryPanics?: boolean;
}

export interface ContractMetadata {
  contractId: Uint8Array;
  owner: Uint8Array;
}

