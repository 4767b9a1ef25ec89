// piecrust-as/assembly/testing: helpers for as-pect specs of contracts. They talk to the test host
// (as-pect/host.ts, installed by the piecrust-as/as-pect preset) through the `pcas_test` imports,
// moving bytes through the argbuf like Piecrust's own imports. Entry calls run the contract's real
// wasm in a host-sim session: Piecrust's gas, rollback on failure, re-entry, ContractErrors.
//
//   import { callEntry, lastReceipt, setCaller, events, deployContract, expectPanic } from "piecrust-as/assembly/testing";

import { A, ARGBUF_LEN, argbufBytes, argbufSetBytes } from "../argbuf";
import { ContractId } from "../types";
import { ContractError, ContractErrorCode, Result } from "../error";
import { encode, decode } from "../codec/api";

@external("pcas_test", "bind") declare function host_bind(a: usize): void;
@external("pcas_test", "set_self") declare function host_set_self(ptr: usize): void;
@external("pcas_test", "set_callstack") declare function host_set_callstack(ptr: usize, n: i32): void;
@external("pcas_test", "set_owner") declare function host_set_owner(ptr: usize, len: u32): void;
@external("pcas_test", "set_limit") declare function host_set_limit(limit: u64): void;
@external("pcas_test", "set_meta") declare function host_set_meta(name: usize, nameLen: u32, valueLen: u32): void;
@external("pcas_test", "remove_meta") declare function host_remove_meta(name: usize, nameLen: u32): void;
@external("pcas_test", "event_count") declare function host_event_count(): i32;
@external("pcas_test", "event_get") declare function host_event_get(i: i32, part: i32): i32;
@external("pcas_test", "events_clear") declare function host_events_clear(): void;
@external("pcas_test", "feed_count") declare function host_feed_count(): i32;
@external("pcas_test", "feed_get") declare function host_feed_get(i: i32): i32;
@external("pcas_test", "feeds_clear") declare function host_feeds_clear(): void;
@external("pcas_test", "deploy") declare function host_deploy(name: usize, nameLen: u32, owner: usize, ownerLen: u32, initLen: i32, id: usize): i32;
@external("pcas_test", "call_entry") declare function host_call_entry(name: usize, nameLen: u32, argLen: u32): i32;
@external("pcas_test", "call_top") declare function host_call_top(id: usize, name: usize, nameLen: u32, argLen: u32): i32;
@external("pcas_test", "receipt_ok") declare function host_receipt_ok(): i32;
@external("pcas_test", "receipt_gas") declare function host_receipt_gas(): u64;
@external("pcas_test", "receipt_limit") declare function host_receipt_limit(): u64;
@external("pcas_test", "receipt_tree_len") declare function host_receipt_tree_len(): i32;
@external("pcas_test", "receipt_tree_get") declare function host_receipt_tree_get(i: i32): i32;
@external("pcas_test", "commit") declare function host_commit(): i32;
@external("pcas_test", "start_from") declare function host_start_from(root: usize): void;
@external("pcas_test", "reset") declare function host_reset(): void;

// Tell the host where the argbuf is; this runs in the module's start code.
host_bind(A);

// ---- the tested frame ----

/**
 * The id the contract under test is deployed at and sees from selfId() (default: a fixed test id).
 * Like setOwner, it must come before the first entry call of a test, which deploys the contract.
 */
export function setSelfId(id: ContractId): void {
  host_set_self(id.ptr);
}

/**
 * The calling contract (null: a top-level call, the default). Entry calls then come from a small
 * relay contract deployed at that id, so the id must not be a deployed contract.
 */
export function setCaller(id: ContractId | null): void {
  if (id === null) {
    host_set_callstack(0, 0);
  } else {
    host_set_callstack(id.ptr, 1);
  }
}

/** All ancestors, nearest first (callstack()[0] is also caller()). */
export function setCallstack(ids: ContractId[]): void {
  const buf = new Uint8Array(ids.length * 32);
  for (let i = 0; i < ids.length; i++) memory.copy(buf.dataStart + <usize>(i * 32), ids[i].ptr, 32);
  host_set_callstack(buf.dataStart, ids.length);
}

/** The owner the contract under test is deployed with (before its first entry call). */
export function setOwner(owner: Uint8Array): void {
  host_set_owner(owner.dataStart, <u32>owner.length);
}

/** The gas limit of entry calls, deploys and direct calls (default 1e9); restarts spent() of direct calls. */
export function setGasLimit(limit: u64): void {
  host_set_limit(limit);
}

/** Session metadata `name` as raw bytes (what hd / metaDataRaw returns). */
export function setMetaRaw(name: string, value: Uint8Array): void {
  const n = String.UTF8.encode(name);
  argbufSetBytes(0, value);
  host_set_meta(changetype<usize>(n), <u32>n.byteLength, <u32>value.length);
}

/** Session metadata `name` as the rkyv archive of `value`, as SessionData::insert stores it. */
export function setMeta<T>(name: string, value: T): void {
  const n = String.UTF8.encode(name);
  const len = encode<T>(value, A, <u32>ARGBUF_LEN);
  host_set_meta(changetype<usize>(n), <u32>n.byteLength, len);
}

/** Removes session metadata `name` (see `setMeta`), as if the session had never set it. */
export function removeMeta(name: string): void {
  const n = String.UTF8.encode(name);
  host_remove_meta(changetype<usize>(n), <u32>n.byteLength);
}

// ---- events and feeds ----

/**
 * An event recorded in the test session (Piecrust's `Event`): emitting contract, topic, rkyv data and
 * whether its call reverted.
 */
export class TestEvent {
  /**
   * An event as the test host recorded it.
   * @param source The id of the contract that emitted it.
   * @param topic The event topic.
   * @param data The event data: the rkyv archive of the emitted value.
   * @param reverted True when the call that emitted it failed (its events are kept, marked reverted).
   */
  constructor(
    readonly source: ContractId,
    readonly topic: string,
    readonly data: Uint8Array,
    readonly reverted: bool,
  ) {}

  /** The event data decoded as the rkyv archive of T. */
  decode<T>(): T {
    return decode<T>(this.data.dataStart, <u32>this.data.length);
  }
}

function eventAt(i: i32): TestEvent {
  host_event_get(i, 0);
  const source = ContractId.fromPtr(A);
  const topic = String.UTF8.decodeUnsafe(A, <usize>host_event_get(i, 1));
  const data = argbufBytes(0, <u32>host_event_get(i, 2));
  return new TestEvent(source, topic, data, host_event_get(i, 3) != 0);
}

/** Every event recorded since the last reset, in emission order (callees' events included). */
export function events(): TestEvent[] {
  const n = host_event_count();
  const out = new Array<TestEvent>(n);
  for (let i = 0; i < n; i++) out[i] = eventAt(i);
  return out;
}

/** How many events were recorded since the last reset or `clearEvents`. */
export function eventCount(): i32 {
  return host_event_count();
}

/** The most recent event; fails the test if there is none. */
export function lastEvent(): TestEvent {
  const n = host_event_count();
  assert(n > 0, "no event was emitted");
  return eventAt(n - 1);
}

/** Forgets the recorded events, so the next assertions see only later ones. */
export function clearEvents(): void {
  host_events_clear();
}

/** Everything fed (feed / feedRaw) since the last reset, by this contract or its callees. */
export function feeds(): Uint8Array[] {
  const n = host_feed_count();
  const out = new Array<Uint8Array>(n);
  for (let i = 0; i < n; i++) out[i] = argbufBytes(0, <u32>host_feed_get(i));
  return out;
}

/** Forgets the recorded feeds, so `feeds()` returns only later ones. */
export function clearFeeds(): void {
  host_feeds_clear();
}

// ---- other contracts ----

function deployWith(name: string, owner: Uint8Array, initLen: i32, id: ContractId | null): ContractId {
  const n = String.UTF8.encode(name);
  host_deploy(changetype<usize>(n), <u32>n.byteLength, owner.dataStart, <u32>owner.length, initLen, id === null ? 0 : id.ptr);
  return ContractId.fromPtr(A);
}

/**
 * Deploys a contract into the test session, with raw init argument bytes (null: no argument):
 * `name` is an example (examples/<name>/assembly/index.ts, built from source), a .ts entry, a
 * .wasm file (e.g. built from Rust) or a .wat file. Calls to its id run its real wasm.
 */
export function deployContract(name: string, owner: Uint8Array, init: Uint8Array | null = null, id: ContractId | null = null): ContractId {
  if (init !== null) argbufSetBytes(0, init);
  return deployWith(name, owner, init === null ? -1 : init.length, id);
}

/** deployContract with `init` passed as the rkyv archive of T. */
export function deployContractWith<T>(name: string, owner: Uint8Array, init: T, id: ContractId | null = null): ContractId {
  const len = encode<T>(init, A, <u32>ARGBUF_LEN);
  return deployWith(name, owner, <i32>len, id);
}

/**
 * A top-level call into a deployed contract, as a wallet would make it (no caller; the session
 * metadata set with setMeta applies). For example, approving the contract under test in a token.
 */
export function topLevelCallRaw(id: ContractId, fn: string, args: Uint8Array = new Uint8Array(0)): Result<Uint8Array> {
  const n = String.UTF8.encode(fn);
  argbufSetBytes(0, args);
  return outcome(host_call_top(id.ptr, changetype<usize>(n), <u32>n.byteLength, <u32>args.length));
}

/** topLevelCallRaw with `arg` rkyv-encoded and the result decoded as R. */
export function topLevelCall<T, R>(id: ContractId, fn: string, arg: T): Result<R> {
  const len = encode<T>(arg, A, <u32>ARGBUF_LEN);
  const n = String.UTF8.encode(fn);
  return typed<R>(host_call_top(id.ptr, changetype<usize>(n), <u32>n.byteLength, len));
}

// ---- the contract's entry points, through the argbuf ----

function outcome(ret: i32): Result<Uint8Array> {
  if (ret < 0) return Result.err<Uint8Array>(ContractError.fromCode(ret));
  return Result.ok<Uint8Array>(argbufBytes(0, <u32>ret));
}

/**
 * Calls the generated entry point of method `fn` with raw argument bytes, exactly as Piecrust
 * would: bytes into A, `fn(len)`, result out of A. A panic or failed assert comes back as
 * ContractError Panic with its message (for an assert: "<message> at <file>:<line>:<col>").
 */
export function callEntryRaw(fn: string, args: Uint8Array = new Uint8Array(0)): Result<Uint8Array> {
  const n = String.UTF8.encode(fn);
  argbufSetBytes(0, args);
  return outcome(host_call_entry(changetype<usize>(n), <u32>n.byteLength, <u32>args.length));
}

/** Calls entry point `fn` without an argument and decodes its result as R. */
export function callEntry<R>(fn: string): Result<R> {
  const n = String.UTF8.encode(fn);
  return typed<R>(host_call_entry(changetype<usize>(n), <u32>n.byteLength, 0));
}

/** Calls entry point `fn` with `arg` (rkyv-encoded into the argbuf) and decodes its result as R. */
export function callEntryWith<T, R>(fn: string, arg: T): Result<R> {
  const len = encode<T>(arg, A, <u32>ARGBUF_LEN);
  const n = String.UTF8.encode(fn);
  return typed<R>(host_call_entry(changetype<usize>(n), <u32>n.byteLength, len));
}

function typed<R>(ret: i32): Result<R> {
  if (ret < 0) return Result.err<R>(ContractError.fromCode(ret));
  return Result.ok<R>(decode<R>(A, <u32>ret));
}

// ---- assertions on ContractError ----

/** Fails the test unless `r` is a ContractError with wire code `code` (see ContractErrorCode). */
export function expectError<T>(r: Result<T>, code: i32): ContractError {
  const e = r.error;
  assert(e !== null, "expected a ContractError, the call succeeded");
  const err = changetype<ContractError>(e);
  assert(err.code == code, "expected ContractError " + new ContractError(code).toString() + ", got " + err.toString());
  return err;
}

/** Fails the test unless `r` is a panic whose message contains `contains`. */
export function expectPanic<T>(r: Result<T>, contains: string = ""): string {
  const err = expectError<T>(r, ContractErrorCode.Panic);
  assert(err.message.includes(contains), "panic message '" + err.message + "' does not contain '" + contains + "'");
  return err.message;
}

// ---- receipts ----

/** A frame of the last call's tree: the contract, its limit, its own gas (children excluded). */
export class CallNode {
  /**
   * One element of Piecrust's call tree.
   * @param contract The id of the called contract.
   * @param limit The gas limit of this frame (u64).
   * @param spent The gas this frame spent itself, callees excluded (u64).
   * @param depth Nesting depth: 0 for the called contract, 1 for its callees, and so on.
   */
  constructor(
    readonly contract: ContractId,
    readonly limit: u64,
    readonly spent: u64,
    readonly depth: u32,
  ) {}
}

/** The last entry or top-level call: its gas as Piecrust reports it, and its call tree. */
export class Receipt {
  /**
   * The receipt the test host reports.
   * @param ok True when the call succeeded.
   * @param gasLimit The gas limit the call ran with (u64).
   */
  constructor(
    readonly ok: bool,
    /** The call's gas, callees included (a failed call: its whole limit, as a caller pays). */
    readonly gasSpent: u64,
    readonly gasLimit: u64,
    /** Reverse post-order, as in Piecrust's receipt: callees first, the called contract last. */
    readonly callTree: CallNode[],
  ) {}
}

/** The receipt of the last callEntry / topLevelCall (fails the test if none was made). */
export function lastReceipt(): Receipt {
  const n = host_receipt_tree_len();
  const tree = new Array<CallNode>(n);
  for (let i = 0; i < n; i++) {
    host_receipt_tree_get(i);
    tree[i] = new CallNode(ContractId.fromPtr(A), load<u64>(A + 32), load<u64>(A + 40), load<u32>(A + 48));
  }
  return new Receipt(host_receipt_ok() != 0, host_receipt_gas(), host_receipt_limit(), tree);
}

// ---- state between tests ----

/** Commits the session (every deployed contract's state) and continues on it; returns the root. */
export function commit(): Uint8Array {
  return argbufBytes(0, <u32>host_commit());
}

/** Continues from an earlier commit (a root from commit()), dropping the session's changes. */
export function startFrom(root: Uint8Array): void {
  assert(root.length == 32, "a state root is 32 bytes");
  host_start_from(root.dataStart);
}

/**
 * A fresh session and the default frame (caller, owner, id, gas limit, metadata, events, feeds):
 * call it in beforeEach. The contract under test is deployed again by the next entry call.
 */
export function reset(): void {
  host_reset();
}
