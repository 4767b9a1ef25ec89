// The host side of an as-pect test module that contains contract code: it serves Piecrust's host
// imports (c, hq, hd, emit, feed, caller, callstack, limit, spent, panic, owner, self_id, hdebug)
// to the module, and the `pcas_test` control imports used by assembly/testing. The module under
// test plays one contract frame whose caller, call stack, owner, id, gas limit and session metadata
// the test sets. Inter-contract calls run real wasm in a host-sim session, through a relay contract
// deployed under the tested contract's id (as-pect/relay.wat), so callees see the right caller.
//
// Deliberate differences from a contract running in Piecrust (documented in README "Testing"):
// the module is not metered (spent() counts only host charges and callees' gas), a failed entry
// call does not roll back the module's memory, and a callee cannot re-enter the module under test.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { Session, toHex, VM, VMError, type HostQuery } from "../host-sim/index.js";
import { ARGBUF_EXPORT, ENTRY_PREFIX, RESET_EXPORT } from "./transform.js";
import { RELAY_OVERHEAD, relayWasm } from "./relay.js";

const ARGBUF_LEN = 65536;
const PANIC = -1;
const DOES_NOT_EXIST = -3;
const UNKNOWN = -2147483648;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

export interface TestEvent {
  source: Uint8Array;
  topic: string;
  data: Uint8Array;
  reverted: boolean;
}

export interface HostOptions {
  /** Where `deployContract("name")` looks for name.wasm (default "build", relative to the cwd). */
  buildDir?: string;
  /** Host queries served to the module under test and to every deployed contract. */
  hostQueries?: Record<string, HostQuery>;
  /** The default gas limit of the tested frame and of deploys (default 1e9). */
  gasLimit?: bigint;
}

/** A contract panic (Piecrust's `panic` import or an AssemblyScript abort routed like one). */
export class ContractPanic extends Error {
  constructor(readonly panicMessage: string) {
    super(`Panic: ${panicMessage}`);
    this.name = "ContractPanic";
  }
}

/** The default id of the contract under test: a fixed, recognisable value. */
export const DEFAULT_SELF_ID = blake3(encoder.encode("piecrust-as as-pect contract under test"));
export const DEFAULT_OWNER = new Uint8Array(32).fill(0x0e);

export class TestHost {
  private exports: Record<string, unknown> = {};
  private argbuf = -1;
  private readonly vm: VM;
  private session: Session;
  private relays = new Set<string>();
  readonly events: TestEvent[] = [];
  readonly feeds: Uint8Array[] = [];
  readonly debug: string[] = [];
  private selfId: Uint8Array = DEFAULT_SELF_ID;
  private callers: Uint8Array[] = [];
  private owner: Uint8Array = DEFAULT_OWNER;
  private gasLimit: bigint;
  private gasSpent = 0n;
  private readonly meta = new Map<string, Uint8Array>();
  /** How many callEntry invocations are running (failures inside them become ContractErrors). */
  private entryDepth = 0;
  private aspectAbort: ((msg: number, file: number, line: number, col: number) => void) | null = null;

  constructor(vm: VM, private readonly opts: HostOptions = {}) {
    this.vm = vm;
    for (const [name, q] of Object.entries(opts.hostQueries ?? {})) vm.registerHostQuery(name, q);
    this.gasLimit = opts.gasLimit ?? 1_000_000_000n;
    this.session = this.newSession();
  }

  static async create(opts: HostOptions = {}): Promise<TestHost> {
    return new TestHost(await VM.ephemeral(), opts);
  }

  /** Called with the instantiated module's exports (as-pect's instantiate hook). */
  attach(exports: Record<string, unknown>): void {
    this.exports = exports;
    const a = exports[ARGBUF_EXPORT];
    if (a instanceof WebAssembly.Global) this.argbuf = Number(a.value) >>> 0;
    if (process.env.PCAS_TRACE) console.error(`[piecrust-as/as-pect] entry points: ${Object.keys(exports).filter((k) => k.startsWith("__pcas")).join(", ") || "none"}`);
  }

  // Sessions are created synchronously: imports run inside as-pect's synchronous test loop.
  private newSession(): Session {
    this.relays.clear();
    const s = new Session(this.vm, { debug: true });
    for (const [k, v] of this.meta) s.setMeta(k, v);
    return s;
  }

  // ---- module memory ----

  private mem(): Uint8Array {
    const m = this.exports.memory as WebAssembly.Memory | undefined;
    if (!m) throw new Error("piecrust-as/as-pect: the test module exports no memory");
    return new Uint8Array(m.buffer);
  }

  private read(ptr: number, len: number): Uint8Array {
    return this.mem().slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
  }

  private readArg(len: number): Uint8Array {
    this.checkArg(len);
    return this.read(this.argbuf, len);
  }

  private writeArg(bytes: Uint8Array): void {
    this.checkArg(bytes.length);
    this.mem().set(bytes, this.argbuf);
  }

  private checkArg(len: number): void {
    if (this.argbuf < 0) throw new Error("piecrust-as/as-pect: the argbuf is not bound (import piecrust-as/assembly/testing in the spec)");
    if (len >>> 0 > ARGBUF_LEN) throw new ContractPanic(`argbuf overflow: ${len >>> 0} bytes`);
  }

  private readString(ptr: number): string {
    if (ptr === 0) return "";
    const m = this.mem();
    const bytes = new DataView(m.buffer).getUint32(ptr - 4, true);
    return String.fromCharCode(...new Uint16Array(m.buffer.slice(ptr, ptr + bytes)));
  }

  private charge(cost: bigint): void {
    this.gasSpent += cost;
  }

  // ---- inter-contract calls ----

  private ensureRelay(): void {
    const key = toHex(this.selfId);
    if (this.relays.has(key) || this.session.contractMetadata(this.selfId)) {
      this.relays.add(key);
      return;
    }
    this.session.deploy(relayWasm(), { owner: this.owner, contractId: this.selfId }, this.gasLimit);
    this.relays.add(key);
  }

  private interCall(callee: Uint8Array, name: Uint8Array, arg: Uint8Array, gasLimit: bigint): number {
    const remaining = this.gasLimit > this.gasSpent ? this.gasLimit - this.gasSpent : 0n;
    const calleeLimit = gasLimit > 0n && gasLimit < remaining ? gasLimit : (remaining * 93n) / 100n;
    this.ensureRelay();
    const input = new Uint8Array(44 + name.length + arg.length);
    const dv = new DataView(input.buffer);
    input.set(callee, 0);
    dv.setBigUint64(32, calleeLimit, true);
    dv.setUint32(40, name.length, true);
    input.set(name, 44);
    input.set(arg, 44 + name.length);
    let receipt;
    try {
      receipt = this.session.feederCallRaw(this.selfId, "relay", input, calleeLimit + RELAY_OVERHEAD, (d) => this.feeds.push(new Uint8Array(d)));
    } catch (e) {
      throw new Error(`piecrust-as/as-pect: relaying a call to ${toHex(callee)} failed: ${(e as Error).message}`);
    }
    const out = receipt.data;
    const code = new DataView(out.buffer, out.byteOffset).getInt32(0, true);
    // As in Piecrust: a successful callee costs what it spent, a failed one its whole limit, and a
    // missing one nothing. The relay's own few operators are not charged to the tested frame.
    const relaySelf = receipt.callTree[receipt.callTree.length - 1].spent;
    this.gasSpent += code >= 0 ? receipt.gasSpent - relaySelf : code === DOES_NOT_EXIST ? 0n : calleeLimit;
    for (const e of receipt.events) this.events.push(e);
    this.writeArg(out.subarray(4));
    return code;
  }

  // ---- the tested contract's entry points ----

  /** Invokes the generated entry point `fn` with A[0..argLen], as Piecrust does; returns like `c`. */
  private callEntry(fn: string, argLen: number): number {
    const f = this.exports[ENTRY_PREFIX + fn];
    if (typeof f !== "function") {
      throw new Error(`piecrust-as/as-pect: the contract under test has no entry point '${fn}' (is it a public method of the @contract class?)`);
    }
    const checkpoint = this.events.length;
    this.entryDepth++;
    try {
      const ret = (f as (n: number) => number)(argLen) | 0;
      if (ret >>> 0 > ARGBUF_LEN) throw new Error(`entry point '${fn}' returned length ${ret >>> 0}`);
      return ret;
    } catch (e) {
      for (let i = checkpoint; i < this.events.length; i++) this.events[i].reverted = true;
      if (e instanceof ContractPanic) {
        const msg = encoder.encode(e.panicMessage).subarray(0, ARGBUF_LEN - 4);
        const out = new Uint8Array(4 + msg.length);
        new DataView(out.buffer).setUint32(0, msg.length, true);
        out.set(msg, 4);
        this.writeArg(out);
        return PANIC;
      }
      return UNKNOWN;
    } finally {
      this.entryDepth--;
    }
  }

  /**
   * A contract failure. Inside callEntry it becomes the call's ContractError; outside (a spec
   * calling a contract method directly) it fails the test, and as-pect's message names it.
   */
  private fail(text: string): never {
    if (this.entryDepth === 0 && this.aspectAbort) {
      const ptr = this.newString(`Panic: ${text}`);
      if (ptr) this.aspectAbort(ptr, 0, 0, 0);
    }
    throw new ContractPanic(text);
  }

  /** An AssemblyScript string in the module (the runtime is exported in as-pect builds). */
  private newString(text: string): number {
    const alloc = this.exports.__new;
    if (typeof alloc !== "function") return 0;
    const ptr = (alloc as (size: number, id: number) => number)(text.length * 2, 2) >>> 0;
    const view = new DataView((this.exports.memory as WebAssembly.Memory).buffer);
    for (let i = 0; i < text.length; i++) view.setUint16(ptr + i * 2, text.charCodeAt(i), true);
    // Pinned for good: as-pect caches strings by address, so a freed and reused address would show
    // an earlier test's message. One small string per failing test is a fine price.
    if (typeof this.exports.__pin === "function") (this.exports.__pin as (p: number) => number)(ptr);
    return ptr;
  }

  /**
   * Wraps the abort as-pect installed. as-pect's expectations and the testing helpers abort from
   * their own files and report themselves; an abort anywhere else (a contract's assert, a ~lib
   * bounds check, the codec) is a contract panic "<message> at <file>:<line>:<column>", the text
   * a release build's panicking abort produces.
   */
  wrapAbort(aspectAbort: (msg: number, file: number, line: number, col: number) => void) {
    this.aspectAbort = aspectAbort;
    return (msgPtr: number, filePtr: number, line: number, col: number): void => {
      const file = this.readString(filePtr);
      if (file.includes("@as-pect") || file.includes("assembly/testing/")) return aspectAbort(msgPtr, filePtr, line, col);
      this.fail(`${this.readString(msgPtr) || "abort"} at ${file}:${line}:${col}`);
    };
  }

  // ---- import objects ----

  /** Piecrust's host imports (`abort` is wrapped separately, see wrapAbort). */
  envImports(): Record<string, Function> {
    return {
      c: (calleePtr: number, namePtr: number, nameLen: number, argLen: number, gas: bigint): number =>
        this.interCall(this.read(calleePtr, 32), this.read(namePtr, nameLen), this.readArg(argLen), BigInt.asUintN(64, gas)),
      hq: (namePtr: number, nameLen: number, argLen: number): number => {
        const name = utf8.decode(this.read(namePtr, nameLen));
        const q = this.opts.hostQueries?.[name];
        if (!q) throw new Error(`Missing host query: ${name}`);
        const arg = this.readArg(argLen);
        const buf = this.readArg(ARGBUF_LEN);
        let n: number;
        // As Piecrust does by default, a query that throws becomes a panic with a fixed message.
        try {
          this.charge(BigInt(q.price(arg.slice())));
          n = Number(q.execute(arg, buf)) >>> 0;
        } catch {
          throw new ContractPanic("host query panicked");
        }
        this.writeArg(buf.subarray(0, Math.min(n, ARGBUF_LEN)));
        return n | 0;
      },
      hd: (namePtr: number, nameLen: number): number => {
        const v = this.meta.get(utf8.decode(this.read(namePtr, nameLen))) ?? new Uint8Array(0);
        this.writeArg(v);
        return v.length;
      },
      emit: (topicPtr: number, topicLen: number, argLen: number): void => {
        this.charge(4n * BigInt((topicLen >>> 0) + (argLen >>> 0)));
        this.events.push({ source: this.selfId, topic: utf8.decode(this.read(topicPtr, topicLen)), data: this.readArg(argLen), reverted: false });
      },
      feed: (argLen: number): void => {
        this.feeds.push(this.readArg(argLen));
      },
      caller: (): number => {
        if (!this.callers.length) return 0;
        this.writeArg(this.callers[0]);
        return 1;
      },
      callstack: (): number => {
        const out = new Uint8Array(this.callers.length * 32);
        this.callers.forEach((id, i) => out.set(id, i * 32));
        this.writeArg(out);
        return this.callers.length;
      },
      limit: (): bigint => this.gasLimit,
      spent: (): bigint => this.gasSpent,
      panic: (argLen: number): void => {
        this.fail(utf8.decode(this.readArg(argLen)));
      },
      owner: (idPtr: number): number => {
        const id = idPtr === 0 ? this.selfId : this.read(idPtr, 32);
        const owner = toHex(id) === toHex(this.selfId) ? this.owner : this.session.contractMetadata(id)?.owner;
        if (!owner || !owner.length) return 0;
        this.writeArg(owner);
        return owner.length;
      },
      self_id: (): void => this.writeArg(this.selfId),
      hdebug: (len: number): void => {
        const msg = utf8.decode(this.readArg(len));
        this.debug.push(msg);
        console.log(`CONTRACT DEBUG ${msg}`);
      },
    };
  }

  /** The `pcas_test` imports behind assembly/testing. */
  controlImports(): Record<string, Function> {
    return {
      bind: (a: number) => {
        this.argbuf = a >>> 0;
      },
      set_self: (ptr: number) => {
        this.selfId = this.read(ptr, 32);
      },
      set_callstack: (ptr: number, n: number) => {
        this.callers = Array.from({ length: n }, (_, i) => this.read(ptr + i * 32, 32));
      },
      set_owner: (ptr: number, len: number) => {
        this.owner = this.read(ptr, len);
      },
      set_limit: (limit: bigint) => {
        this.gasLimit = BigInt.asUintN(64, limit);
        this.gasSpent = 0n;
      },
      set_meta: (namePtr: number, nameLen: number, valueLen: number) => {
        const name = utf8.decode(this.read(namePtr, nameLen));
        const value = this.readArg(valueLen);
        this.meta.set(name, value);
        this.session.setMeta(name, value);
      },
      remove_meta: (namePtr: number, nameLen: number) => {
        const name = utf8.decode(this.read(namePtr, nameLen));
        this.meta.delete(name);
        this.session.removeMeta(name);
      },
      event_count: () => this.events.length,
      // part 0: source id, 1: topic, 2: data; returns the length written to A, or for 3 the reverted flag.
      event_get: (i: number, part: number): number => {
        const e = this.events[i];
        if (!e) throw new Error(`no event #${i} (there are ${this.events.length})`);
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
        if (!f) throw new Error(`no feed #${i} (there are ${this.feeds.length})`);
        this.writeArg(f);
        return f.length;
      },
      feeds_clear: () => {
        this.feeds.length = 0;
      },
      deploy: (namePtr: number, nameLen: number, ownerPtr: number, ownerLen: number, initLen: number, idPtr: number): number => {
        const name = utf8.decode(this.read(namePtr, nameLen));
        const file = /[\\/]|\.wasm$/.test(name) ? resolve(name) : resolve(this.opts.buildDir ?? "build", `${name}.wasm`);
        let bytecode: Uint8Array;
        try {
          bytecode = new Uint8Array(readFileSync(file));
        } catch {
          throw new Error(`deployContract: cannot read ${file} (run \`npm run asbuild\` first)`);
        }
        const initArg = initLen >= 0 ? this.readArg(initLen) : undefined;
        try {
          const { contractId } = this.session.deploy(
            bytecode,
            { owner: this.read(ownerPtr, ownerLen), initArg, contractId: idPtr ? this.read(idPtr, 32) : undefined },
            this.gasLimit,
          );
          this.writeArg(contractId);
          return 32;
        } catch (e) {
          throw new Error(`deployContract(${name}): ${e instanceof VMError ? `${e.code}: ${e.message}` : (e as Error).message}`);
        }
      },
      call_entry: (namePtr: number, nameLen: number, argLen: number): number => this.callEntry(utf8.decode(this.read(namePtr, nameLen)), argLen),
      // A top-level call into a deployed contract, outside the tested frame (e.g. a wallet approving
      // the contract under test in a token): returns like `c`, result or error in A.
      call_top: (idPtr: number, namePtr: number, nameLen: number, argLen: number): number => {
        const id = this.read(idPtr, 32);
        const fn = utf8.decode(this.read(namePtr, nameLen));
        try {
          const r = this.session.feederCallRaw(id, fn, this.readArg(argLen), this.gasLimit, (d) => this.feeds.push(new Uint8Array(d)));
          for (const e of r.events) this.events.push(e);
          this.writeArg(r.data);
          return r.data.length;
        } catch (e) {
          if (!(e instanceof VMError)) throw e;
          if (e.code === "Panic") {
            const msg = encoder.encode(String(e.details.message ?? e.message)).subarray(0, ARGBUF_LEN - 4);
            const out = new Uint8Array(4 + msg.length);
            new DataView(out.buffer).setUint32(0, msg.length, true);
            out.set(msg, 4);
            this.writeArg(out);
            return PANIC;
          }
          return e.code === "OutOfGas" ? -2 : e.code === "ContractDoesNotExist" ? DOES_NOT_EXIST : UNKNOWN;
        }
      },
      reset_contract: () => {
        const f = this.exports[RESET_EXPORT];
        if (typeof f === "function") (f as () => void)();
      },
      reset_host: () => {
        this.events.length = 0;
        this.feeds.length = 0;
        this.debug.length = 0;
        this.callers = [];
        this.selfId = DEFAULT_SELF_ID;
        this.owner = DEFAULT_OWNER;
        this.gasLimit = this.opts.gasLimit ?? 1_000_000_000n;
        this.gasSpent = 0n;
        for (const k of this.meta.keys()) this.session.removeMeta(k);
        this.meta.clear();
      },
      reset_session: () => {
        this.session.close();
        this.session = this.newSession();
      },
    };
  }
}
