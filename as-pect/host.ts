// The test host of one as-pect spec module (mirrors no Piecrust file: it is an embedder of
// host-sim). Entry calls of the contract under test run its real wasm in a host-sim session; the
// contract's functions called directly by the spec run in the spec module, with host-sim's imports
// over a SpecFrame. It also serves the `pcas_test` imports behind piecrust-as/assembly/testing.
import { blake3 } from "@noble/hashes/blake3.js";
import type { CallProfile } from "../host-sim/profile.js";
import {
  ARGBUF_LEN,
  contractErrorBytes,
  contractErrorCode,
  HostTrap,
  toHex,
  VM,
  VMError,
  formatBacktrace,
  type CallReceipt,
  type CallTreeElem,
  type Event,
  type HostQuery,
  type Session,
  type VMOptions,
} from "#host-sim";
import { vmText } from "../cli/commands/args.js";
import { ContractLoader, ContractSourceError, type ContractCode } from "./contracts.js";
import { SpecFrame } from "./frame.js";
import { callsOfTree, type GasRecord } from "./gas-report.js";
import { RELAY_OVERHEAD, relayWasm } from "./relay.js";
import { ARGBUF_EXPORT, CONTRACT_EXPORT } from "./transform.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** Options of a spec's test host (`TestHost.create`), also accepted by `piecrustAspect`. */
export interface HostOptions {
  /** Where a bare `deployContract("name")` finds name.wasm when it is not an example (default "build"). */
  buildDir?: string;
  /** Host queries registered in the test's VM. */
  hostQueries?: Record<string, HostQuery>;
  /** The default gas limit of calls and deploys (default 1e9, as the host-sim tests use). */
  gasLimit?: bigint;
  /**
   * The VM every spec runs on, as `VM.ephemeral` takes it: `{ profile: "dusk", dusk: { blockHeight: 42n } }`
   * gives contracts Dusk's host queries and metadata (docs/dusk-profile.md). Default: bare Piecrust.
   */
  vm?: VMOptions;
}

/** The default id of the contract under test: a fixed, recognisable value. */
export const DEFAULT_SELF_ID = blake3(encoder.encode("piecrust-as as-pect contract under test"));
/** The default owner of the contract under test: 32 bytes of 0x0e. */
export const DEFAULT_OWNER = new Uint8Array(32).fill(0x0e);

/** A mistake in a spec (not the contract's failure): the test fails with this message. */
export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpecError";
  }
}

/** The last call's outcome as the spec reads it with lastReceipt(). */
interface LastCall {
  ok: boolean;
  gasSpent: bigint;
  gasLimit: bigint;
  /** The called contract's subtree, reverse post-order, depths from 0. */
  callTree: CallTreeElem[];
}

/**
 * The test host of one as-pect spec module: runs the contract under test's entry calls in a host-sim
 * session, serves host-sim's imports to the spec module and the `pcas_test` imports behind
 * piecrust-as/assembly/testing, and records events, feeds, debug messages and gas.
 */
export class TestHost {
  private exports: Record<string, unknown> = {};
  private argbuf = -1;
  private session: Session;
  private readonly loader: ContractLoader;
  private readonly frame: SpecFrame;
  /** The contract the spec imports, built from its source; null for specs of plain code. */
  private cut: ContractCode | null = null;
  /** The backtrace of the last call, when it failed in contract code (formatBacktrace). */
  private lastBacktrace: string | null = null;
  private readonly names = new Map<string, string>();
  private relays = new Set<string>();
  /** Every event of the spec's calls since the last reset, in emission order. */
  readonly events: Event[] = [];
  /** Everything fed by the spec's calls since the last reset. */
  readonly feeds: Uint8Array[] = [];
  /** The contracts' debug messages (`hdebug`), in order. */
  readonly debug: string[] = [];
  /** One record per entry call (contract, function, gas spent), for `piecrust-as test`'s gas report. */
  readonly gasLog: GasRecord[] = [];
  /** The gas profiles of the spec's calls, with `piecrust-as test --profile` (PCAS_PROFILE_LOG). */
  readonly profileLog: CallProfile[] = [];
  private selfId: Uint8Array = DEFAULT_SELF_ID;
  private callers: Uint8Array[] = [];
  private owner: Uint8Array = DEFAULT_OWNER;
  private gasLimit: bigint;
  private readonly meta = new Map<string, Uint8Array>();
  private last: LastCall | null = null;
  private aspectAbort: ((msg: number, file: number, line: number, col: number) => void) | null = null;

  constructor(
    private readonly vm: VM,
    private readonly opts: HostOptions = {},
  ) {
    for (const [name, q] of Object.entries(opts.hostQueries ?? {})) vm.registerHostQuery(name, q);
    this.gasLimit = opts.gasLimit ?? 1_000_000_000n;
    this.loader = new ContractLoader(process.cwd(), opts.buildDir ?? "build");
    this.session = this.newSession();
    this.frame = new SpecFrame({
      memory: () => this.memory(),
      argbuf: () => this.boundArgbuf(),
      session: () => this.session,
      selfId: () => this.selfId,
      callers: () => this.callers,
      owner: () => this.owner,
      gasLimit: () => this.gasLimit,
      emitted: (e) => this.events.push(e),
      fed: (d) => this.feeds.push(d),
      debugged: (m) => {
        this.debug.push(m);
        console.log(`CONTRACT DEBUG ${m}`);
      },
      called: (tree) => this.logCalls(tree),
    });
  }

  /** A test host over a new ephemeral VM, with `opts`'s host queries registered. */
  static async create(opts: HostOptions = {}): Promise<TestHost> {
    const host = new TestHost(await VM.ephemeral(opts.vm), opts);
    await host.loader.ready();
    return host;
  }

  /**
   * Called with the instantiated module's exports: finds the argbuf and the contract the spec
   * imports, and builds that contract from its source with the piecrust-as build.
   */
  attach(exports: Record<string, unknown>): void {
    this.exports = exports;
    const a = exports[ARGBUF_EXPORT];
    if (a instanceof WebAssembly.Global) this.argbuf = Number(a.value) >>> 0;
    const source = exports[CONTRACT_EXPORT];
    if (typeof source === "function") {
      this.cut = this.loader.load(this.readString((source as () => number)() >>> 0));
      if (this.cut.debug) this.vm.addDebugInfo(this.cut.bytes, this.cut.debug);
      this.names.set(toHex(this.selfId), this.cut.name);
    }
  }

  private newSession(base?: Uint8Array): Session {
    const s = this.vm.sessionSync({ debug: true, base, profile: process.env.PCAS_PROFILE_LOG !== undefined });
    for (const [k, v] of this.meta) s.setMeta(k, v);
    return s;
  }

  // ---- the spec module ----

  private memory(): WebAssembly.Memory {
    const m = this.exports.memory;
    if (!(m instanceof WebAssembly.Memory)) throw new Error("piecrust-as/as-pect: the test module exports no memory");
    return m;
  }

  private boundArgbuf(): number {
    if (this.argbuf < 0) throw new SpecError("the argbuf is not bound: import piecrust-as/assembly/testing in the spec");
    return this.argbuf;
  }

  private read(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.memory().buffer).slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  }

  private readText(ptr: number, len: number): string {
    return utf8.decode(this.read(ptr, len));
  }

  private readArg(len: number): Uint8Array {
    if (len >>> 0 > ARGBUF_LEN) throw new SpecError(`an argument of ${len >>> 0} bytes does not fit the ${ARGBUF_LEN}-byte argbuf`);
    return this.read(this.boundArgbuf(), len);
  }

  private writeArg(bytes: Uint8Array): void {
    new Uint8Array(this.memory().buffer).set(bytes, this.boundArgbuf());
  }

  /** An AssemblyScript string of the module (UTF-16, its byte length in the object header). */
  private readString(ptr: number): string {
    if (ptr === 0) return "";
    const buf = this.memory().buffer;
    const bytes = new DataView(buf).getUint32(ptr - 4, true);
    return String.fromCharCode(...new Uint16Array(buf.slice(ptr, ptr + bytes)));
  }

  /** A pinned AssemblyScript string in the module (the runtime is exported in as-pect builds). */
  private newString(text: string): number {
    const alloc = this.exports.__new;
    if (typeof alloc !== "function") return 0;
    const ptr = (alloc as (size: number, id: number) => number)(text.length * 2, 2) >>> 0;
    const view = new DataView(this.memory().buffer);
    for (let i = 0; i < text.length; i++) view.setUint16(ptr + i * 2, text.charCodeAt(i), true);
    // Pinned for good: as-pect caches strings by address, so a reused address would show an
    // earlier test's message. One small string per failing test is a fine price.
    if (typeof this.exports.__pin === "function") (this.exports.__pin as (p: number) => number)(ptr);
    return ptr;
  }

  /** An AssemblyScript string of the module, for as-pect hooks. */
  string(ptr: number): string {
    return this.readString(ptr >>> 0);
  }

  private emptyMessage = 0;

  /** Sets as-pect's failure message to "" (as-pect only ever overwrites it). */
  clearMessage(): void {
    if (!this.aspectAbort) return;
    this.emptyMessage ||= this.newString("");
    if (this.emptyMessage) this.aspectAbort(this.emptyMessage, 0, 0, 0);
  }

  /** Makes as-pect report `text` as the running test's failure message. */
  report(text: string): void {
    const ptr = this.newString(text);
    if (ptr && this.aspectAbort) this.aspectAbort(ptr, 0, 0, 0);
  }

  /** `text`, then where the last contract call failed when it did (e.g. under a spec's unwrap()). */
  private withLastFailure(text: string): string {
    return this.lastBacktrace ? `${text}\nthe last contract call failed:\n${this.lastBacktrace}` : text;
  }

  /**
   * Wraps the abort as-pect installed. as-pect's expectations and the testing helpers abort from
   * their own files and report themselves; an abort anywhere else (a contract's assert, a ~lib
   * bounds check, the codec) is the contract panicking in a direct call, reported as
   * "Panic: <message> at <file>:<line>:<column>", the text a contract's release build produces.
   */
  wrapAbort(aspectAbort: (msg: number, file: number, line: number, col: number) => void) {
    this.aspectAbort = aspectAbort;
    return (msgPtr: number, filePtr: number, line: number, col: number): void => {
      const file = this.readString(filePtr);
      if (file.includes("@as-pect") || file.includes("assembly/testing/")) {
        // a spec failing over a call that failed shows where the contract failed
        const where = this.lastBacktrace;
        return aspectAbort(where ? this.newString(this.withLastFailure(this.readString(msgPtr))) : msgPtr, filePtr, line, col);
      }
      const text = `${this.readString(msgPtr) || "abort"} at ${file}:${line}:${col}`;
      // e.g. a spec's unwrap() of a call that failed: where the contract failed
      this.report(this.withLastFailure(`Panic: ${text}`));
      throw new HostTrap(new VMError("Panic", text, { message: text }));
    };
  }

  /**
   * Runs a host call for the spec module: host-sim's traps and spec mistakes fail the running test
   * with their message; anything else is a bug of host-sim or of this host and says so.
   * @typeParam F The host function's type, which the wrapper keeps.
   */
  guarded<F extends (...args: never[]) => unknown>(name: string, f: F): F {
    return ((...args: never[]) => {
      try {
        return f(...args);
      } catch (e) {
        if (e instanceof HostTrap) this.report(this.withLastFailure(vmText(e.error)));
        else if (e instanceof SpecError || e instanceof ContractSourceError) this.report(e.message);
        else if (e instanceof VMError) this.report(vmText(e));
        else this.report(`piecrust-as/as-pect bug in ${name}: ${(e as Error)?.stack ?? e}`);
        throw e;
      }
    }) as F;
  }

  // ---- calls ----

  private deployedHere(id: Uint8Array): boolean {
    return this.session.contractMetadata(id) !== undefined;
  }

  /** A spec's call of the contract under test's entry point `fn`; returns like `c`. */
  callEntry(fn: string, arg: Uint8Array): number {
    const cut = this.cut;
    if (!cut) throw new SpecError("this spec imports no @contract class, so it has no entry points to call");
    if (!cut.entries.includes(fn)) {
      throw new SpecError(`the contract under test (${cut.name}) has no entry point '${fn}'; its entries are: ${cut.entries.join(", ")}`);
    }
    if (this.deployedHere(this.selfId)) return this.callInto(this.selfId, fn, arg, this.callers);
    // The first call deploys the contract; `init`, if it has one, runs there and only there.
    let receipt: CallReceipt | undefined;
    try {
      receipt = this.session.deploy(cut.bytes, { owner: this.owner, contractId: this.selfId, initArg: fn === "init" ? arg : undefined }, this.gasLimit).receipt;
    } catch (e) {
      if (!(e instanceof VMError)) throw e;
      if (fn === "init") return this.failed(e);
      throw new SpecError(`deploying the contract under test failed: ${vmText(e)}${cut.entries.includes("init") ? ` (it has an init entry point: call callEntryWith("init", …) first)` : ""}`);
    }
    if (fn === "init") return this.succeeded(receipt!, 0);
    if (receipt) this.logCalls(receipt.callTree);
    return this.callInto(this.selfId, fn, arg, this.callers);
  }

  /**
   * Calls `fn` of contract `id` as a top-level call, or from the `callers` (nearest first) through
   * relay contracts deployed at their ids, so that the callee sees them in caller() and callstack().
   */
  callInto(id: Uint8Array, fn: string, arg: Uint8Array, callers: Uint8Array[]): number {
    const onFeed = (d: Uint8Array) => this.feeds.push(new Uint8Array(d));
    if (!callers.length) {
      let receipt: CallReceipt;
      try {
        receipt = this.session.feederCallRaw(id, fn, arg, this.gasLimit, onFeed);
      } catch (e) {
        if (e instanceof VMError) return this.failed(e);
        throw e;
      }
      return this.succeeded(receipt, 0);
    }
    this.ensureRelays(callers);
    let input = relayInput(id, this.gasLimit, fn, arg);
    for (let i = 1; i < callers.length; i++) input = relayInput(callers[i - 1], this.gasLimit + BigInt(i) * RELAY_OVERHEAD, "relay", input);
    const top = callers[callers.length - 1];
    const receipt = this.session.feederCallRaw(top, "relay", input, this.gasLimit + BigInt(callers.length) * RELAY_OVERHEAD, onFeed);
    let out = receipt.data;
    for (let hop = callers.length - 1; hop >= 0; hop--) {
      const code = new DataView(out.buffer, out.byteOffset).getInt32(0, true);
      if (hop > 0 && code < 0) throw new Error(`piecrust-as/as-pect: relay ${toHex(callers[hop - 1])} failed with ${code}`);
      if (hop === 0 && code < 0) {
        const body = out.subarray(4);
        this.writeArg(body);
        this.last = { ok: false, gasSpent: this.gasLimit, gasLimit: this.gasLimit, callTree: [] };
        return code;
      }
      out = out.subarray(4, 4 + code);
    }
    return this.succeeded({ ...receipt, data: out }, callers.length);
  }

  /** Records a successful call whose callee frame is at `depth` of the receipt's tree. */
  private succeeded(receipt: CallReceipt, depth: number): number {
    this.lastBacktrace = null;
    this.takeProfiles();
    const tree = receipt.callTree;
    const at = tree.findIndex((e) => e.depth === depth);
    let start = at;
    while (start > 0 && tree[start - 1].depth > depth) start--;
    const callTree = tree.slice(start, at + 1).map((e) => ({ ...e, depth: e.depth - depth }));
    const gasSpent = callTree.reduce((s, e) => s + e.spent, 0n);
    this.last = { ok: true, gasSpent, gasLimit: this.gasLimit, callTree };
    this.logCalls(callTree);
    for (const e of receipt.events) this.events.push(e);
    this.writeArg(receipt.data);
    return receipt.data.length;
  }

  /**
   * Records every call of a successful call's tree (callees included) for the gas report: failed
   * nested calls are not in a receipt's tree, as in Piecrust.
   */
  private logCalls(tree: CallTreeElem[]): void {
    for (const { elem, gas } of callsOfTree(tree)) {
      const id = toHex(elem.contractId);
      if (this.relays.has(id)) continue;
      this.gasLog.push({ contract: this.names.get(id) ?? id.slice(0, 16), fn: elem.fnName, gas: String(gas) });
    }
  }

  /** A failed call: the ContractError a calling contract would see, its whole limit spent. */
  /** Keeps the session's profiles made since the last call (deploys of the spec included). */
  private takeProfiles(): void {
    this.profileLog.push(...this.session.takeProfiles());
  }

  private failed(e: VMError): number {
    this.takeProfiles();
    this.lastBacktrace = e.backtrace?.some((c) => c.frames.length > 0) ? formatBacktrace(e.backtrace) : null;
    const bytes = contractErrorBytes(e);
    if (bytes) this.writeArg(bytes);
    this.last = { ok: false, gasSpent: this.gasLimit, gasLimit: this.gasLimit, callTree: [] };
    return contractErrorCode(e);
  }

  private ensureRelays(callers: Uint8Array[]): void {
    for (const id of callers) {
      const key = toHex(id);
      if (this.relays.has(key) && this.deployedHere(id)) continue;
      if (this.deployedHere(id)) {
        throw new SpecError(`setCaller/setCallstack: ${key} is a deployed contract; a caller the test sets must be an id with no contract (call from that contract instead)`);
      }
      this.session.deploy(relayWasm(), { owner: this.owner, contractId: id }, this.gasLimit);
      this.relays.add(key);
    }
  }

  // ---- import objects ----

  /** Piecrust's host imports for the spec module: host-sim's own, over the spec's frame. */
  envImports(): Record<string, Function> {
    const out: Record<string, Function> = {};
    for (const [name, f] of Object.entries(this.frame.imports())) out[name] = this.guarded(name, f as (...a: never[]) => unknown);
    return out;
  }

  /** The `pcas_test` imports behind piecrust-as/assembly/testing. */
  controlImports(): Record<string, Function> {
    const controls: Record<string, Function> = {
      bind: (a: number) => {
        this.argbuf = a >>> 0;
      },
      set_self: (ptr: number) => {
        this.beforeDeploy("setSelfId");
        this.names.delete(toHex(this.selfId));
        this.selfId = this.read(ptr, 32);
        if (this.cut) this.names.set(toHex(this.selfId), this.cut.name);
      },
      set_callstack: (ptr: number, n: number) => {
        this.callers = Array.from({ length: n }, (_, i) => this.read(ptr + i * 32, 32));
      },
      set_owner: (ptr: number, len: number) => {
        this.beforeDeploy("setOwner");
        this.owner = this.read(ptr, len);
      },
      set_limit: (limit: bigint) => {
        this.gasLimit = BigInt.asUintN(64, limit);
        this.frame.refuel();
      },
      set_meta: (namePtr: number, nameLen: number, valueLen: number) => {
        const name = this.readText(namePtr, nameLen);
        const value = this.readArg(valueLen);
        this.meta.set(name, value);
        this.session.setMeta(name, value);
      },
      remove_meta: (namePtr: number, nameLen: number) => {
        const name = this.readText(namePtr, nameLen);
        this.meta.delete(name);
        this.session.removeMeta(name);
      },
      event_count: () => this.events.length,
      // part 0: source id, 1: topic, 2: data; returns the length written to A, or for 3 the reverted flag.
      event_get: (i: number, part: number): number => {
        const e = this.events[i];
        if (!e) throw new SpecError(`no event #${i} (there are ${this.events.length})`);
        if (part === 3) return e.reverted ? 1 : 0;
        const bytes = part === 0 ? e.source : part === 1 ? encoder.encode(e.topic) : e.data;
        this.writeArg(bytes);
        return bytes.length;
      },
      events_clear: () => {
        this.events.length = 0;
      },
      feed_count: () => this.feeds.length,
      feed_get: (i: number): number => {
        const f = this.feeds[i];
        if (!f) throw new SpecError(`no feed #${i} (there are ${this.feeds.length})`);
        this.writeArg(f);
        return f.length;
      },
      feeds_clear: () => {
        this.feeds.length = 0;
      },
      deploy: (namePtr: number, nameLen: number, ownerPtr: number, ownerLen: number, initLen: number, idPtr: number): number => {
        const what = this.readText(namePtr, nameLen);
        const code = this.loader.load(what);
        if (code.debug) this.vm.addDebugInfo(code.bytes, code.debug);
        const initArg = initLen >= 0 ? this.readArg(initLen) : undefined;
        try {
          const { contractId, receipt } = this.session.deploy(
            code.bytes,
            { owner: this.read(ownerPtr, ownerLen), initArg, contractId: idPtr ? this.read(idPtr, 32) : undefined },
            this.gasLimit,
          );
          this.names.set(toHex(contractId), code.name);
          if (receipt) this.logCalls(receipt.callTree);
          this.writeArg(contractId);
          return 32;
        } catch (e) {
          if (e instanceof VMError) throw new SpecError(`deployContract("${what}"): ${vmText(e)}`);
          throw e;
        }
      },
      call_entry: (namePtr: number, nameLen: number, argLen: number): number => this.callEntry(this.readText(namePtr, nameLen), this.readArg(argLen)),
      call_top: (idPtr: number, namePtr: number, nameLen: number, argLen: number): number =>
        this.callInto(this.read(idPtr, 32), this.readText(namePtr, nameLen), this.readArg(argLen), []),
      receipt_ok: (): number => (this.lastCall().ok ? 1 : 0),
      receipt_gas: (): bigint => this.lastCall().gasSpent,
      receipt_limit: (): bigint => this.lastCall().gasLimit,
      receipt_tree_len: (): number => this.lastCall().callTree.length,
      // [0..32) contract id, [32..40) limit, [40..48) own gas, [48..52) depth, all little-endian.
      receipt_tree_get: (i: number): number => {
        const e = this.lastCall().callTree[i];
        if (!e) throw new SpecError(`no call tree node #${i}`);
        const out = new Uint8Array(52);
        const dv = new DataView(out.buffer);
        out.set(e.contractId, 0);
        dv.setBigUint64(32, e.limit, true);
        dv.setBigUint64(40, e.spent, true);
        dv.setUint32(48, e.depth, true);
        this.writeArg(out);
        return 52;
      },
      commit: (): number => {
        const root = this.session.commit();
        this.session = this.newSession(root);
        this.writeArg(root);
        return 32;
      },
      start_from: (ptr: number) => {
        const root = this.read(ptr, 32);
        if (!this.vm.commits().some((c) => toHex(c) === toHex(root))) throw new SpecError(`startFrom: ${toHex(root)} is not a commit of this test's VM`);
        this.session.close();
        this.session = this.newSession(root);
      },
      reset: () => this.reset(),
    };
    const out: Record<string, Function> = {};
    for (const [name, f] of Object.entries(controls)) out[name] = this.guarded(name, f as (...a: never[]) => unknown);
    return out;
  }

  private lastCall(): LastCall {
    if (!this.last) throw new SpecError("lastReceipt(): no call was made since the last reset()");
    return this.last;
  }

  private beforeDeploy(what: string): void {
    if (this.cut && this.deployedHere(this.selfId)) {
      throw new SpecError(`${what} after the contract under test was deployed (by its first entry call): call it before, or reset() first`);
    }
  }

  /** A fresh session and the default frame: every test starts from the contract's deployment. */
  reset(): void {
    this.session.close();
    this.relays = new Set();
    this.events.length = 0;
    this.feeds.length = 0;
    this.debug.length = 0;
    this.callers = [];
    this.names.delete(toHex(this.selfId));
    this.selfId = DEFAULT_SELF_ID;
    if (this.cut) this.names.set(toHex(this.selfId), this.cut.name);
    this.owner = DEFAULT_OWNER;
    this.gasLimit = this.opts.gasLimit ?? 1_000_000_000n;
    this.meta.clear();
    this.last = null;
    this.session = this.newSession();
    this.frame.refuel();
  }
}

/** The relay contract's input (as-pect/relay.wat): callee, its gas limit, the name, the argument. */
function relayInput(callee: Uint8Array, gas: bigint, fn: string, arg: Uint8Array): Uint8Array {
  const name = encoder.encode(fn);
  const out = new Uint8Array(44 + name.length + arg.length);
  const dv = new DataView(out.buffer);
  out.set(callee, 0);
  dv.setBigUint64(32, gas, true);
  dv.setUint32(40, name.length, true);
  out.set(name, 44);
  out.set(arg, 44 + name.length);
  return out;
}
