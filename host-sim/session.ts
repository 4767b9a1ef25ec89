// Mirrors piecrust/src/session.rs: deploy, calls, inter-contract calls, migrate, metadata and
// commits of one session, with Piecrust's atomicity (a failed call leaves the state as it was).
import { hash as blake3 } from "./store/hash.js";
import { duskContractId } from "./dusk-id.js";
import { CallTree, CallTreeElem } from "./call-stack.js";
import { HOST_CALL_COST } from "./depth.js";
import { contractErrorCode, oob, VMError } from "./error.js";
import { bytesEqual, checkId, idKey, toHex } from "./hex.js";
import { makeImports, FrameInstance, HostEnv, HostQuery } from "./imports.js";
import { ContractInstance, EmbedderPanic, failureFrames, hostFault, HostTrap } from "./instance.js";
import { ContractTrace, formatBacktrace, functionNameOf, sourceFrames, withDeepStacks } from "./backtrace.js";
import { CallProfile, GasProfiler } from "./profile.js";
import { ContractMemory, PAGE_SIZE } from "./memory.js";
import { ARGBUF_LEN, PreparedContract } from "./module.js";
import { PageOpening } from "./proof.js";
import { classifyTrap, entryFailure, hostExhausted, NO_STACK_LEFT } from "./trap.js";
import { positionKey } from "./store/contract-tree.js";
import type { ContractChange } from "./store/commit.js";
import { storeError, type VM } from "./vm.js";
import type { TypeDefs } from "./codec/index.js";
import { decodeResult, encodeArg, Typed, TypeSpec } from "./typed.js";
import type { CallReceipt, ContractData, ContractMetadata, Event, SessionOptions } from "./types.js";

export type { CallReceipt, ContractData, ContractMetadata, Event, SessionOptions } from "./types.js";

/** The deepest call stack a session allows; a call past it fails as Piecrust's does. */
export const MAX_CALL_DEPTH = 48;

/**
 * Consumes some native stack and returns. Run before an inter-contract call's bookkeeping so that a
 * nearly exhausted V8 stack fails here rather than half-way through pushing a frame or taking a
 * snapshot. With depth.ts's budget that only happens from an unusually deep embedder stack, and it
 * undoes the whole call (HostStackExhausted) rather than failing a frame.
 */
function probeStack(depth: number): number {
  return depth === 0 ? 0 : probeStack(depth - 1) + 1;
}
/** The name of the constructor function `deploy` calls; it cannot be called afterwards. */
export const INIT_METHOD = "init";
const GAS_PASS_PCT = 93n;

/** A contract as loaded in this session (ContractDataEntry in piecrust/src/store/session.rs). */
interface SessionContract {
  id: Uint8Array;
  bytecode: Uint8Array;
  prepared: PreparedContract;
  owner: Uint8Array;
  memory: ContractMemory;
  isNew: boolean;
}


function checkGas(gas: unknown, name: string): bigint {
  if (typeof gas !== "bigint") throw new TypeError(`${name} must be a bigint`);
  if (gas < 0n || gas >= 1n << 64n) throw new RangeError(`${name} must be a u64, got ${gas}`);
  return gas;
}

function checkBytes(b: unknown, name: string): Uint8Array {
  if (!(b instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  return b;
}

export class Session implements HostEnv {
  /**
   * Whether the session runs in debug mode (`SessionOptions.debug`): the `hdebug` import's messages are
   * recorded.
   */
  readonly debug: boolean;
  /**
   * Piecrust's `contain_hq_panics` for this session (`SessionOptions.containHostQueryPanics`, default
   * true, or false on the Dusk profile).
   */
  readonly containHostQueryPanics: boolean;
  private readonly base: Uint8Array | null;
  private readonly contracts = new Map<string, SessionContract>();
  private readonly instances = new Map<string, ContractInstance>();
  /** Instances of reusable modules kept from earlier top-level calls (PreparedContract.reusable). */
  private readonly idle = new Map<string, ContractInstance>();
  private readonly callTree = new CallTree();
  /** By call depth: the backtrace of the last failed callee of the frame at that depth (backtrace.ts). */
  private calleeFailures: Array<ContractTrace[] | undefined> = [];
  private events: Event[] = [];
  private feeder: ((data: Uint8Array) => void) | null = null;
  private readonly debugMessages: string[] = [];
  private readonly metadata = new Map<string, Uint8Array>();
  /** Host queries registered when the session was opened, minus the excluded ones. */
  private readonly queries: Map<string, HostQuery>;
  private closed = false;
  /** Collects the running call's gas profile when the session profiles (SessionOptions.profile). */
  private readonly profiler: GasProfiler | null;
  private readonly finishedProfiles: CallProfile[] = [];

  /** @internal Use vm.session(). */
  constructor(
    private readonly vm: VM,
    opts: SessionOptions,
  ) {
    this.base = opts.base ?? null;
    this.debug = opts.debug ?? false;
    // Dusk's node runs a piecrust (66ddb31) that lets a host query's panic unwind into it: the Dusk profile does too.
    this.containHostQueryPanics = opts.containHostQueryPanics ?? vm.dusk === null;
    this.profiler = opts.profile ? new GasProfiler() : null;
    const excluded = new Set(opts.excludeHostQueries ?? []);
    this.queries = new Map([...vm.hostQueries].filter(([name]) => !excluded.has(name)));
    for (const [k, v] of Object.entries(opts.meta ?? {})) this.setMeta(k, v);
  }

  // ---- contract loading ----

  private alive(): void {
    if (this.closed) throw new VMError("SessionError", "Session error: this session was committed or closed");
    if (this.callTree.depth > 0) {
      throw new VMError("SessionError", "Session error: the session is busy running a call (re-entered from a host query or feed?)");
    }
  }

  private loaded(id: Uint8Array): SessionContract | undefined {
    const key = idKey(id);
    let c = this.contracts.get(key);
    if (c) return c;
    const entry = this.vm.store.contract(this.base, id);
    if (!entry) return undefined;
    const store = this.vm.store;
    // A file removed or damaged under a live VM surfaces here: report it as a VMError.
    const bytecode = fromStore(() => store.readBytecode(entry.bytecodeHash));
    const prepared = this.vm.prepare(bytecode, this.debug, entry.bytecodeHash, this.profiler !== null);
    const memory = fromStore(() => new ContractMemory(entry.memLen / PAGE_SIZE, (p) => store.pageBytes(entry.pages.get(p)!), entry.pages.keys(), prepared.memory64));
    c = { id: new Uint8Array(id), bytecode, prepared, owner: entry.owner, memory, isNew: false };
    this.contracts.set(key, c);
    return c;
  }

  private deployed(id: Uint8Array): boolean {
    return this.contracts.has(idKey(id)) || this.vm.store.contract(this.base, id) !== undefined;
  }

  // ---- HostEnv ----

  self(): CallTreeElem {
    return this.callTree.nthParent(0)!;
  }

  instance(id: Uint8Array): ContractInstance {
    return this.instances.get(idKey(id))!;
  }

  nthFromTop(n: number): CallTreeElem | undefined {
    return this.callTree.nthParent(n);
  }

  callIds(): Uint8Array[] {
    return this.callTree.callIds();
  }

  emit(source: Uint8Array, topic: string, data: Uint8Array): void {
    this.events.push({ source: new Uint8Array(source), topic, data, reverted: false });
  }

  feed(data: Uint8Array): void {
    if (!this.feeder) throw new HostTrap(new VMError("MissingFeed", "Missing feed"));
    try {
      this.feeder(data);
    } catch (e) {
      throw new HostTrap(new VMError("FeedPulled", `the feed receiver failed: ${(e as Error)?.message ?? e}`));
    }
  }

  meta(name: string): Uint8Array | undefined {
    return this.metadata.get(name);
  }

  hostQuery(name: string): HostQuery | undefined {
    return this.queries.get(name);
  }

  ownerOf(id: Uint8Array): Uint8Array | undefined {
    const c = this.loaded(id);
    return c && c.owner.length > 0 ? c.owner : undefined;
  }

  registerDebug(message: string): void {
    this.debugMessages.push(message);
    if (this.vm.printDebug) console.log(`CONTRACT DEBUG ${message}`);
  }

  // ---- frames ----

  private createInstance(c: SessionContract): ContractInstance {
    const inst = new ContractInstance(c.prepared, c.memory, makeImports(this, c.prepared.memory64));
    inst.profiler = this.profiler;
    this.instances.set(idKey(c.id), inst);
    return inst;
  }

  /** push_callstack: instantiates the contract if it is not live in this top-level call. */
  private pushCallstack(id: Uint8Array, fnName: string, limit: bigint): ContractInstance {
    if (this.callTree.depth >= MAX_CALL_DEPTH) {
      throw new VMError("SessionError", `Session error: Maximum call depth exceeded (${MAX_CALL_DEPTH})`);
    }
    const key = idKey(id);
    let inst = this.instances.get(key);
    if (!inst) {
      const c = this.loaded(id);
      if (!c) throw new VMError("ContractDoesNotExist", `Contract does not exist: ${toHex(id)}`, { contractId: toHex(id) });
      const cached = this.idle.get(key);
      if (cached && cached.memory === c.memory) {
        this.idle.delete(key);
        cached.reset();
        this.instances.set(key, cached);
        inst = cached;
      } else inst = this.createInstance(c);
    }
    this.callTree.push({ contractId: new Uint8Array(id), fnName, limit, spent: 0n, memLen: inst.memory.length, depth: 0 });
    this.calleeFailures[this.callTree.depth - 1] = undefined;
    return inst;
  }

  /**
   * revert_callstack: undoes the running frame's whole subtree, memories and lengths. A live instance
   * of a contract in it keeps the length it saw (as wasmtime's VMMemoryDefinition does), so a frame
   * that re-entered it, grew and failed leaves its caller seeing the larger memory.size.
   */
  private revertCallstack(): void {
    for (const elem of this.callTree.subtree()) {
      const memory = this.instances.get(idKey(elem.contractId))!.memory;
      memory.revert();
      memory.setLength(elem.memLen);
    }
  }

  private revertEventsFrom(checkpoint: number): void {
    for (let i = checkpoint; i < this.events.length; i++) this.events[i].reverted = true;
  }

  private clearCallTreeAndInstances(): void {
    this.callTree.clear();
    for (const [key, inst] of this.instances) {
      inst.memory.pageCache = null;
      if (inst.contract.reusable && this.vm.reuseInstances) this.idle.set(key, inst);
    }
    this.instances.clear();
  }

  // ---- inter-contract calls (imports.rs `c`) ----

  interCall(caller: FrameInstance, calleeId: Uint8Array, name: string, arg: Uint8Array, gasLimit: bigint): number {
    try {
      probeStack(256);
    } catch (e) {
      throw hostFault(e) ?? e;
    }
    const remaining = caller.remainingGas();
    const calleeLimit =
      gasLimit > 0n && gasLimit < remaining
        ? gasLimit
        : (remaining / 100n) * GAS_PASS_PCT + ((remaining % 100n) * GAS_PASS_PCT) / 100n;
    const checkpoint = this.events.length;
    let callee: ContractInstance;
    try {
      callee = this.pushCallstack(calleeId, name, calleeLimit);
    } catch (e) {
      const fault = hostFault(e);
      if (fault) throw fault;
      return this.writeContractError(caller, asVMError(e));
    }
    let ret: number;
    let data: Uint8Array;
    let spent: bigint;
    this.profiler?.begin(toHex(calleeId), name, calleeLimit);
    try {
      callee.memory.snap();
      if (name === INIT_METHOD) throw new VMError("InitalizationError", "InitalizationError: init call not allowed");
      callee.writeArgument(arg);
      ret = callee.call(name, arg.length, calleeLimit, caller.stackUsed() + HOST_CALL_COST);
      if (ret >>> 0 > ARGBUF_LEN) throw oob(callee.argbuf, ret >>> 0, 2 ** 32);
      data = callee.readArgument(ret);
      spent = calleeLimit - callee.remainingGas();
      this.profiler?.end(callee.remainingGas());
    } catch (e) {
      // a failed frame is charged its whole limit
      this.profiler?.end(0n);
      const trace = hostFault(e) ? undefined : this.traceFailure(e);
      this.revertEventsFrom(checkpoint);
      this.revertCallstack();
      this.callTree.moveUpPrune();
      caller.setRemainingGas(remaining - calleeLimit);
      const fault = hostFault(e);
      if (fault) throw fault;
      this.calleeFailures[this.callTree.depth - 1] = trace;
      return this.writeContractError(caller, asVMError(e));
    }
    this.callTree.moveUp(spent);
    // the caller's later failure is no longer that of a failed callee
    this.calleeFailures[this.callTree.depth - 1] = undefined;
    caller.writeArgument(data);
    caller.setRemainingGas(remaining - spent);
    return ret;
  }

  /** Ends the top-level frame's profile and keeps it (SessionOptions.profile). */
  private finishProfile(remaining: bigint, gasSpent: bigint, failed: boolean): void {
    if (!this.profiler) return;
    this.profiler.end(remaining);
    this.finishedProfiles.push(this.profiler.finish((id) => this.namesOf(id), gasSpent, failed));
  }

  /** A contract's name and function names for profiles: its debug info's, else its id and (backtrace.ts functionNameOf) its name section's or indices. */
  private namesOf(idHex: string): { contract: string; fn(index: number): string } {
    const c = [...this.contracts.values()].find((x) => toHex(x.id) === idHex);
    const info = c ? this.vm.debugInfoFor(c.bytecode) : undefined;
    return { contract: info?.name ?? idHex.slice(0, 16), fn: (i) => (c ? functionNameOf(i, info, c.bytecode) : `wasm-function[${i}]`) };
  }

  /**
   * The gas profiles of this session's top-level calls and deploys so far, oldest first, when it was
   * opened with `profile: true` (empty otherwise), less those taken by takeProfiles. A failed
   * call's profile charges its whole limit.
   */
  get profiles(): readonly CallProfile[] {
    return this.finishedProfiles;
  }

  /**
   * The profiles recorded since the last takeProfiles (as `profiles`), which the session then
   * forgets: a long-lived profiled session holds only what its embedder has not taken yet.
   */
  takeProfiles(): CallProfile[] {
    return this.finishedProfiles.splice(0);
  }

  /**
   * The backtrace of the running frame's failure `e`: the failure of its last callee if that call
   * failed (it may have failed because of it), then its own frames. Set on the VMError the embedder gets.
   */
  private traceFailure(e: unknown): ContractTrace[] | undefined {
    if (!(e instanceof VMError)) return undefined;
    const depth = this.callTree.depth - 1;
    const inner = this.calleeFailures[depth] ?? [];
    this.calleeFailures[depth] = undefined;
    const raw = failureFrames.get(e);
    const id = this.self().contractId;
    const c = this.contracts.get(idKey(id));
    const info = c ? this.vm.debugInfoFor(c.bytecode) : undefined;
    const own: ContractTrace = { contract: toHex(id), name: info?.name ?? null, frames: raw && c ? sourceFrames(raw, c.prepared.offsets, info, c.bytecode) : [] };
    e.backtrace = [...inner, own];
    // what node prints for an uncaught failure (a ContractClient call in a test, say) shows it too
    if (e.backtrace.some((t) => t.frames.length > 0)) {
      const [head, ...rest] = (e.stack ?? `${e.name}: ${e.message}`).split("\n");
      e.stack = [head, formatBacktrace(e.backtrace), ...rest].join("\n");
    }
    return e.backtrace;
  }

  private writeContractError(caller: FrameInstance, err: VMError): number {
    const bytes = contractErrorBytes(err);
    if (bytes) caller.writeArgument(bytes);
    return contractErrorCode(err);
  }

  /**
   * An inter-contract call made by code the embedder runs itself, not as wasm in this session:
   * as-pect's spec module calling a contract's functions directly. `frame` plays the running frame
   * of contract `id` (under `ancestors`, nearest first) and gets the callee's result or error in
   * its argbuf, with Piecrust's gas rules, as the `c` import would give it. The callee's memory
   * changes are kept when it succeeds; its events come back, reverted ones flagged.
   */
  hostedInterCall(
    frame: { id: Uint8Array; ancestors: Uint8Array[]; limit: bigint; instance: FrameInstance },
    callee: Uint8Array,
    name: string,
    arg: Uint8Array,
    gasLimit: bigint,
    onFeed: ((data: Uint8Array) => void) | null,
  ): {
    /** What the `c` import would return: the callee's result length, or a negative ContractError code. */
    code: number;
    /** The events of the call, reverted ones flagged. */
    events: Event[];
    /** The callee's call tree as a receipt gives it (own gas per node); [] when the call failed. */
    callTree: CallTreeElem[];
  } {
    this.alive();
    const checkpoint = this.events.length;
    // The embedder's frames run no function of a contract here: their fnName stays empty.
    for (const id of [...frame.ancestors].reverse()) this.callTree.push({ contractId: new Uint8Array(id), fnName: "", limit: 0n, spent: 0n, memLen: 0, depth: 0 });
    const self: CallTreeElem = { contractId: new Uint8Array(frame.id), fnName: "", limit: frame.limit, spent: 0n, memLen: 0, depth: 0 };
    this.callTree.push(self);
    this.feeder = onFeed;
    try {
      const code = withDeepStacks(() => this.interCall(frame.instance, callee, name, arg, gasLimit));
      for (const elem of this.callTree.subtree()) if (elem !== self) this.instance(elem.contractId).memory.apply();
      return { code, events: this.events.slice(checkpoint), callTree: code < 0 ? [] : this.callTree.lastChildReceipt() };
    } finally {
      this.events.length = checkpoint;
      this.feeder = null;
      this.clearCallTreeAndInstances();
    }
  }

  // ---- top-level calls ----

  private callInner(id: Uint8Array, fn: string, arg: Uint8Array, limit: bigint): { data: Uint8Array; spent: bigint; tree: CallTreeElem[] } {
    const checkpoint = this.events.length;
    let inst: ContractInstance;
    try {
      inst = this.pushCallstack(id, fn, limit);
    } catch (e) {
      // the host ran out while loading or instantiating: the instances made so far go with the call
      if (hostExhausted(e)) this.clearCallTreeAndInstances();
      throw e;
    }
    let ret: number;
    this.profiler?.begin(toHex(id), fn, limit);
    try {
      inst.memory.snap();
      inst.writeArgument(arg);
      ret = withDeepStacks(() => inst.call(fn, arg.length, limit));
      // 0.32.2: a bad top-level return length reverts the call instead of crashing the host.
      if (ret >>> 0 > ARGBUF_LEN) throw oob(inst.argbuf, ret >>> 0, 2 ** 32);
    } catch (e) {
      try {
        this.finishProfile(0n, limit, true);
        if (!hostFault(e)) this.traceFailure(e);
      } finally {
        // describing the failure can itself run out of V8's stack: the call is undone whatever happens
        this.revertCallstack();
        this.revertEventsFrom(checkpoint);
        this.callTree.moveUpPrune();
        this.clearCallTreeAndInstances();
      }
      const fault = hostFault(e);
      if (fault) throw fault.cause;
      throw asVMError(e);
    }
    const data = inst.readArgument(ret);
    const spent = limit - inst.remainingGas();
    this.finishProfile(inst.remainingGas(), spent, false);
    for (const elem of this.callTree.subtree()) this.instance(elem.contractId).memory.apply();
    const tree = this.callTree.finish(spent);
    this.clearCallTreeAndInstances();
    return { data, spent, tree };
  }

  /**
   * A call on raw bytes (Piecrust's `call_raw`): runs `fnName` of contract `contractId` with `arg` as its
   * argument, within `gasLimit` (u64, bigint). State changes are kept when the call succeeds; a failure
   * throws a VMError.
   */
  callRaw(contractId: Uint8Array, fnName: string, arg: Uint8Array, gasLimit: bigint): CallReceipt {
    // the guard is this frame's own: V8 can run out in any frame entered after it
    try {
      return this.topLevelCall(contractId, fnName, arg, gasLimit);
    } catch (e) {
      let failure: unknown = NO_STACK_LEFT;
      try {
        failure = entryFailure(e);
      } catch {
        // entering entryFailure overflowed: V8's overflow it is
      }
      throw failure;
    }
  }

  private topLevelCall(contractId: Uint8Array, fnName: string, arg: Uint8Array, gasLimit: bigint): CallReceipt {
    this.alive();
    checkId(contractId, "contractId");
    if (typeof fnName !== "string") throw new TypeError("fnName must be a string");
    checkBytes(arg, "arg");
    checkGas(gasLimit, "gasLimit");
    if (fnName === INIT_METHOD) throw new VMError("InitalizationError", "InitalizationError: init call not allowed");
    if (arg.length > ARGBUF_LEN) throw oob(0, arg.length, ARGBUF_LEN);
    const { data, spent, tree } = this.callInner(contractId, fnName, arg, gasLimit);
    const events = this.events;
    this.events = [];
    return { data, gasSpent: spent, gasLimit, events, callTree: tree };
  }

  /**
   * A typed call (Piecrust's `call`): `arg` is rkyv-serialized, the returned bytes are validated and
   * deserialized as `returns`. As in Piecrust, a result that fails validation raises ValidationError
   * after the call's state changes were kept. `callRaw` is the same call on raw bytes.
   */
  call<R = unknown>(
    contractId: Uint8Array,
    fnName: string,
    arg: Typed | null,
    gasLimit: bigint,
    returns: TypeSpec = "()",
    defs?: TypeDefs,
  ): CallReceipt<R> {
    const bytes = encodeArg(arg, defs, `argument of ${fnName}`);
    const receipt = this.callRaw(contractId, fnName, bytes, gasLimit);
    return { ...receipt, data: decodeResult<R>(receipt.data, returns, defs) };
  }

  /**
   * `callRaw` with a feeder (Piecrust's `feeder_call_raw`): every `feed` of the contract or its callees is
   * passed to `onFeed` during the call.
   */
  feederCallRaw(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    gasLimit: bigint,
    onFeed: (data: Uint8Array) => void,
  ): CallReceipt {
    if (typeof onFeed !== "function") throw new TypeError("onFeed must be a function");
    this.feeder = onFeed;
    try {
      return this.callRaw(contractId, fnName, arg, gasLimit);
    } finally {
      this.feeder = null;
    }
  }

  // ---- deploy & migrate ----

  /**
   * Deploys `bytecode` with `data`'s owner and init argument (Piecrust's `deploy_raw`, or `deploy` for a
   * typed `init`), running `init` if the contract has one within `gasLimit` (u64, bigint). Throws a
   * VMError when the id is taken, the module is invalid or `init` fails.
   */
  deploy(bytecode: Uint8Array, data: ContractData, gasLimit: bigint): {
    /** The 32-byte id the contract was deployed at. */
    contractId: Uint8Array;
    /** The receipt of its `init` call; absent when the contract has no `init`. */
    receipt?: CallReceipt;
  } {
    try {
      return this.deployGuarded(bytecode, data, gasLimit);
    } catch (e) {
      let failure: unknown = NO_STACK_LEFT;
      try {
        failure = entryFailure(e);
      } catch {
        // entering entryFailure overflowed: V8's overflow it is
      }
      throw failure;
    }
  }

  private deployGuarded(bytecode: Uint8Array, data: ContractData, gasLimit: bigint): { contractId: Uint8Array; receipt?: CallReceipt } {
    this.alive();
    checkBytes(bytecode, "bytecode");
    if (data === null || typeof data !== "object") throw new TypeError("deploy data must be an object with an owner");
    if (data.owner === undefined) throw new TypeError("owner must be specified when deploying a contract");
    const owner = checkBytes(data.owner, "owner");
    if (owner.length > ARGBUF_LEN) throw new RangeError("owner must be at most 65536 bytes");
    if (data.initArg !== undefined) checkBytes(data.initArg, "initArg");
    if (data.init !== undefined) {
      if (data.initArg !== undefined) throw new TypeError("give either initArg (bytes) or init (typed), not both");
      data = { ...data, initArg: encodeArg(data.init, data.defs, "init argument") };
    }
    if (data.initArg && data.initArg.length > ARGBUF_LEN) throw oob(0, data.initArg.length, ARGBUF_LEN);
    checkGas(gasLimit, "gasLimit");
    const hash = blake3(bytecode);
    if (data.contractId !== undefined && data.duskNonce !== undefined) throw new TypeError("give either contractId or duskNonce, not both");
    const id =
      data.contractId !== undefined ? new Uint8Array(checkId(data.contractId, "contractId"))
      : data.duskNonce !== undefined ? duskContractId(bytecode, data.duskNonce, owner)
      : hash;

    if (this.deployed(id)) throw new VMError("InitalizationError", "InitalizationError: Deployed error already exists");
    const pos = positionKey(id);
    const clash = [...this.contracts.values()].some((c) => !bytesEqual(c.id, id) && positionKey(c.id) === pos);
    const collision = clash || this.vm.store.positionTaken(this.base, pos);
    const collisionError = () =>
      new VMError("ContractPositionCollision", `Contract '${toHex(id)}' collides at Merkle position ${pos}`, { contractId: toHex(id), pos });
    let prepared: PreparedContract;
    try {
      prepared = this.vm.prepare(bytecode, this.debug, hash, this.profiler !== null);
    } catch (e) {
      // Piecrust checks the position after compiling and counting memories, before instantiating.
      if (collision && e instanceof VMError && e.details.stage === "instantiate") throw collisionError();
      throw e;
    }
    if (collision) throw collisionError();
    const key = idKey(id);
    this.idle.delete(key);
    const memory = new ContractMemory(prepared.initialPages, undefined, undefined, prepared.memory64);
    const contract: SessionContract = { id, bytecode: new Uint8Array(bytecode), prepared, owner: new Uint8Array(owner), memory, isNew: true };
    this.contracts.set(key, contract);
    try {
      // validate.ts checked that every segment fits the initial memory.
      for (const seg of prepared.dataInit) memory.write(seg.offset, seg.bytes);
      const inst = this.createInstance(contract);
      if (!inst.hasFunction(INIT_METHOD)) {
        this.instances.delete(key);
        return { contractId: id };
      }
      const { data: out, spent, tree } = this.callInner(id, INIT_METHOD, data.initArg ?? new Uint8Array(0), gasLimit);
      const events = this.events;
      this.events = [];
      return { contractId: id, receipt: { data: out, gasSpent: spent, gasLimit, events, callTree: tree } };
    } catch (e) {
      this.contracts.delete(key);
      this.instances.delete(key);
      this.idle.delete(key);
      this.release(memory);
      throw asVMError(e);
    }
  }

  /**
   * Deploys `bytecode`, lets `closure` run against both contracts, then moves the new contract's
   * code, memory and owner under `oldId` (which keeps its tree position and its self_id).
   */
  async migrate(
    oldId: Uint8Array,
    bytecode: Uint8Array,
    data: ContractData,
    gasLimit: bigint,
    closure: (newId: Uint8Array, session: Session) => void | Promise<void>,
  ): Promise<Session> {
    this.alive();
    checkId(oldId, "oldId");
    const old = this.loaded(oldId);
    const owner = data.owner ?? old?.owner;
    if (owner === undefined) throw new TypeError("owner must be specified when migrating to a contract that does not exist");
    const { contractId: newId } = this.deploy(bytecode, { ...data, owner }, gasLimit);
    await closure(newId, this);
    const oldKey = idKey(oldId);
    const pos = positionKey(oldId);
    const clash = [...this.contracts.values()].some(
      (c) => !bytesEqual(c.id, oldId) && !bytesEqual(c.id, newId) && positionKey(c.id) === pos,
    );
    if (clash || (this.vm.store.positionTaken(this.base, pos) && !this.vm.store.contract(this.base, oldId))) {
      throw new VMError("ContractPositionCollision", `Contract '${toHex(oldId)}' collides at Merkle position ${pos}`);
    }
    const moved = this.contracts.get(idKey(newId))!;
    this.contracts.delete(idKey(newId));
    this.idle.delete(idKey(newId));
    this.idle.delete(oldKey);
    this.contracts.set(oldKey, { ...moved, id: new Uint8Array(oldId), isNew: true });
    return this;
  }

  // ---- queries & metadata ----

  /** The length in bytes of the contract's linear memory, or undefined when it is not deployed. */
  memoryLen(contractId: Uint8Array): number | undefined {
    this.alive();
    return this.loaded(checkId(contractId, "contractId"))?.memory.length;
  }

  /** The contract's id and owner, or undefined when it is not deployed. */
  contractMetadata(contractId: Uint8Array): ContractMetadata | undefined {
    this.alive();
    const c = this.loaded(checkId(contractId, "contractId"));
    return c ? { contractId: new Uint8Array(c.id), owner: new Uint8Array(c.owner) } : undefined;
  }

  /**
   * Sets session metadata `name` (Piecrust's `SessionData::insert`), read by contracts through the `hd`
   * import; returns the previous value.
   */
  setMeta(name: string, value: Uint8Array): Uint8Array | undefined {
    if (typeof name !== "string") throw new TypeError("metadata name must be a string");
    checkBytes(value, "metadata value");
    if (value.length > ARGBUF_LEN) throw new RangeError(`metadata value for '${name}' is ${value.length} bytes; at most 65536`);
    const prev = this.metadata.get(name);
    this.metadata.set(name, new Uint8Array(value));
    return prev;
  }

  /** Removes session metadata `name`; returns the value it had. */
  removeMeta(name: string): Uint8Array | undefined {
    const prev = this.metadata.get(name);
    this.metadata.delete(name);
    return prev;
  }

  /** The debug messages contracts have recorded in this session (debug mode only), oldest first. */
  debugOutput(): string[] {
    return [...this.debugMessages];
  }

  // ---- state ----

  private changes(): ContractChange[] {
    return [...this.contracts.values()].map((c) => ({
      id: c.id,
      isNew: c.isNew,
      bytecode: c.isNew ? c.bytecode : undefined,
      owner: c.isNew ? c.owner : undefined,
      memory64: c.prepared.memory64,
      memLen: c.memory.length,
      dirtyPages: c.memory.dirtyPages(),
      cache: c.memory.leafCache,
    }));
  }

  /**
   * Every page in the contract's page tree with its current bytes and a proof of inclusion in the
   * state (Piecrust's memory_pages): `opening.verify(page)` and `opening.root()` equals root().
   */
  memoryPages(contractId: Uint8Array): Array<{
    /** Page index in the contract's memory (byte offset / PAGE_SIZE). */
    index: number;
    /** The page's current 64 KiB of bytes. */
    page: Uint8Array;
    /** The proof that this page is in the state. */
    opening: PageOpening;
  }> | undefined {
    this.alive();
    const c = this.loaded(checkId(contractId, "contractId"));
    if (!c) return undefined;
    const o = fromStore(() => this.vm.store.openings(this.base, this.changes(), contractId));
    if (!o) return undefined;
    const view = c.memory.bytes();
    return [...o.pages.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, page]) => {
        const start = index * PAGE_SIZE;
        const bytes = start + PAGE_SIZE <= view.length ? view.slice(start, start + PAGE_SIZE) : new Uint8Array(PAGE_SIZE);
        return { index, page: bytes, opening: new PageOpening(index, o.position, page, o.contract, o.stateRoot, o.memory64) };
      });
  }

  /** The 32-byte state root the session's current state would commit to, without committing. */
  root(): Uint8Array {
    this.alive();
    return fromStore(() => this.vm.store.root(this.base, this.changes()));
  }

  /** Writes the session's state as a new commit and consumes the session. */
  commit(): Uint8Array {
    this.alive();
    const root = fromStore(() => this.vm.store.commit(this.base, this.changes()));
    this.close();
    return root;
  }

  /** Drops the session (its base may then be deleted or finalized). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Nothing can run on these memories any more: their address spaces go back for reuse.
    for (const c of this.contracts.values()) this.release(c.memory);
    this.contracts.clear();
    this.instances.clear();
    this.idle.clear();
    this.vm.releaseSession(this);
  }

  /** A memory nothing can run on any more: its address space goes back, and the store forgets its pages' kept chunks. */
  private release(memory: ContractMemory): void {
    memory.release();
    this.vm.store.hasher.release(memory.leafCache.slot);
  }

  /** The 32-byte commit root the session started from, or null for an empty state. */
  get baseRoot(): Uint8Array | null {
    return this.base;
  }
}

/**
 * ContractError::to_parts: the bytes a failed call leaves in its caller's argbuf, which only a
 * panic writes (its length-prefixed message); null for the other errors.
 */
export function contractErrorBytes(err: VMError): Uint8Array | null {
  if (err.code !== "Panic") return null;
  let msg = new TextEncoder().encode(String(err.details.message ?? err.message));
  // Piecrust's host would panic on a message that cannot fit; keep the longest UTF-8 prefix.
  if (msg.length > ARGBUF_LEN - 4) {
    let cut = ARGBUF_LEN - 4;
    while (cut > 0 && (msg[cut] & 0xc0) === 0x80) cut--;
    msg = msg.subarray(0, cut);
  }
  const out = new Uint8Array(4 + msg.length);
  new DataView(out.buffer).setUint32(0, msg.length, true);
  out.set(msg, 4);
  return out;
}

/** A failure of the contract as its VMError; anything else is thrown as a HostSimBug. */
function asVMError(e: unknown): VMError {
  if (e instanceof HostTrap) return e.error;
  return classifyTrap(e);
}

/** Runs a store operation, turning store faults (StoreError, fs errors) into VMErrors. */
function fromStore<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    throw storeError(e);
  }
}
