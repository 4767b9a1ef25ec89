// Mirrors piecrust/src/imports.rs, imports/wasm32.rs and imports/wasm64.rs: the 13 host functions under Piecrust's
// names, with check_ptr / check_arg bounds, UTF-8 checks, gas charges and argbuf effects.
import { CallTreeElem } from "./call-stack.js";
import { oob, outOfGas, panicError, VMError } from "./error.js";
import { EmbedderPanic, HostTrap } from "./instance.js";
import { WASM64_RESERVATION } from "./memory64.js";
import { ARGBUF_LEN } from "./module.js";

/** Size of Piecrust's reserved mapping for a wasm32 memory: check_ptr's bound. */
export const WASM32_RESERVATION = 2 ** 32;
/** Gas per byte of an event, the same as per stored byte (piecrust/src/config.rs). */
export const BYTE_STORE_COST = 4n;

/**
 * A host query a contract can call by name through the `hq` import (Piecrust's `HostQuery`): priced first,
 * then executed on the argument buffer.
 */
export interface HostQuery {
  /**
   * The gas (u64, bigint) the query charges for `arg`, taken before `execute`; a query that cannot pay
   * traps OutOfGas.
   */
  price(arg: Uint8Array): bigint;
  /**
   * Runs the query on `arg`, writing its answer at the start of `argbuf` (the contract's 64 KiB argument
   * buffer); returns the answer's length in bytes.
   */
  execute(arg: Uint8Array, argbuf: Uint8Array): number;
}

/**
 * What the imports need of the running frame's instance: a ContractInstance, or an embedder's own
 * module playing a contract frame (as-pect's spec module calling contract functions directly).
 */
export interface FrameInstance {
  /** Address of the frame's 64 KiB argument buffer in its linear memory. */
  readonly argbuf: number;
  /** The frame's linear memory. */
  readonly memory: {
    /** A view of the whole linear memory (invalid after the memory grows). */
    bytes(): Uint8Array;
  };
  /** A copy of the first `len` bytes of the argument buffer. */
  readArgument(len: number): Uint8Array;
  /** Writes `data` at the start of the argument buffer. */
  writeArgument(data: Uint8Array): void;
  /** The gas (u64, bigint) the frame has left. */
  remainingGas(): bigint;
  /** Sets the gas (u64, bigint) the frame has left, after a host function charges it. */
  setRemainingGas(gas: bigint): void;
  /** The modelled stack its innermost running frame uses (depth.ts): where a callee's frames start. */
  stackUsed(): number;
}

/** What the imports need from the session (Env in piecrust/src/instance.rs). */
export interface HostEnv {
  /** Whether the session runs in debug mode, where the `hdebug` import's debug messages are recorded. */
  readonly debug: boolean;
  /**
   * Piecrust's `contain_hq_panics`: a host query that throws fails the contract with a panic instead of
   * reaching the embedder.
   */
  readonly containHostQueryPanics: boolean;
  /** The call-tree element of the running frame (its contract id and gas limit). */
  self(): CallTreeElem;
  /** The running instance of contract `id` in the current call. */
  instance(id: Uint8Array): FrameInstance;
  /**
   * The call-tree element `n` frames up from the running one (0: itself, 1: its caller), or undefined past
   * the top.
   */
  nthFromTop(n: number): CallTreeElem | undefined;
  /** The ids of the contracts on the call stack (the `callstack` import). */
  callIds(): Uint8Array[];
  /** Records an event from contract `source` (the `emit` import). */
  emit(source: Uint8Array, topic: string, data: Uint8Array): void;
  /** Passes `data` to the embedder's feeder (the `feed` import); traps when the call has none. */
  feed(data: Uint8Array): void;
  /** Session metadata `name` (read by the `hd` import), or undefined when unset. */
  meta(name: string): Uint8Array | undefined;
  /** The host query registered under `name`, or undefined (the `hq` import then traps MissingHostQuery). */
  hostQuery(name: string): HostQuery | undefined;
  /** The owner bytes of contract `id`, or undefined when it is not deployed (the `owner` import). */
  ownerOf(id: Uint8Array): Uint8Array | undefined;
  /** Records a debug message from the running contract (the `hdebug` import). */
  registerDebug(message: string): void;
  /**
   * Makes an inter-contract call from `caller` (the `c` import; gas limit u64, bigint): returns the callee's result length, or a
   * negative `ContractError` code with the error in the caller's argbuf.
   */
  interCall(caller: FrameInstance, callee: Uint8Array, name: string, arg: Uint8Array, gasLimit: bigint): number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function trap(error: VMError): never {
  throw new HostTrap(error);
}

/** A pointer argument: an i32 (number, read unsigned) or, from a memory64 contract, an i64 (bigint). */
type Ptr = number | bigint;

/** The pointer as a number: exact below 2^53, and any i64 above that is past every reservation anyway. */
function ptr(p: Ptr): number {
  return typeof p === "bigint" ? Number(BigInt.asUintN(64, p)) : p >>> 0;
}

function checkPtr(offset: number, len: number, reservation: number): void {
  if (offset + len > reservation) trap(oob(offset, len, reservation));
}

function checkArg(inst: FrameInstance, len: number, reservation: number): void {
  if (len > ARGBUF_LEN || inst.argbuf + len > reservation) trap(oob(inst.argbuf, len, reservation));
}

/** Reads memory like Piecrust's host: past the wasm-visible length (but inside 4 GiB) reads zeros. */
function readMemory(inst: FrameInstance, offset: number, len: number): Uint8Array {
  const view = inst.memory.bytes();
  const out = new Uint8Array(len);
  if (offset < view.length) out.set(view.subarray(offset, Math.min(view.length, offset + len)));
  return out;
}

/**
 * Longer names are checked in chunks and never decoded whole: V8 cannot hold a string of the
 * ~4 GiB a name may span, and no host query or export has such a name.
 */
const NAME_DECODE_MAX = 1 << 20;
const lossy = new TextDecoder("utf-8");

function readName(inst: FrameInstance, offset: number, len: number): string {
  const bytes = readMemory(inst, offset, len);
  try {
    if (len <= NAME_DECODE_MAX) return utf8.decode(bytes);
    const stream = new TextDecoder("utf-8", { fatal: true });
    for (let at = 0; at < len; at += NAME_DECODE_MAX) stream.decode(bytes.subarray(at, at + NAME_DECODE_MAX), { stream: true });
    stream.decode();
  } catch {
    trap(new VMError("Utf8", "invalid utf-8 sequence in a name", { offset, len }));
  }
  return `${lossy.decode(bytes.subarray(0, 64))}… (${len} bytes)`;
}

/** check_arg, then the first `len` argbuf bytes as UTF-8 (trap Utf8 otherwise). */
function readArgText(inst: FrameInstance, len: number, what: string, reservation: number): string {
  checkArg(inst, len, reservation);
  try {
    return utf8.decode(inst.readArgument(len));
  } catch {
    trap(new VMError("Utf8", `invalid utf-8 sequence in a ${what}`));
  }
}

/**
 * A query's price for `arg`. A price must be a u64 (Rust's type): wrapping would make 2^64 free and
 * -1 ruinous, so anything else is the query misbehaving, contained like a panic.
 */
function queryPrice(query: HostQuery, arg: Uint8Array, contain: boolean): bigint {
  try {
    const price = BigInt(query.price(arg.slice()));
    if (price < 0n || price >= 1n << 64n) throw new RangeError("host query price is not a u64");
    return price;
  } catch (e) {
    // A query may refuse to run at all (the Dusk profile without an implementation): that is
    // the embedder's to hear, not the contract's.
    if (e instanceof EmbedderPanic) throw e;
    if (!contain) throw new EmbedderPanic(e);
    trap(panicError("host query panicked"));
  }
}

/** Runs a query on its argument and the argbuf it writes its answer into; returns what it returned. */
function runQuery(query: HostQuery, arg: Uint8Array, buf: Uint8Array, contain: boolean): number {
  try {
    const ret = Number(query.execute(arg, buf)) >>> 0;
    // A query that detached (transferred) the buffer it was lent broke its contract as surely
    // as one that threw; Rust's borrow rules make this impossible in Piecrust.
    if (buf.byteLength !== ARGBUF_LEN) throw new TypeError("the host query detached the argument buffer it was given");
    return ret;
  } catch (e) {
    // As at pricing: a query may refuse this argument (Dusk's BLS on limbs it cannot reproduce).
    if (e instanceof EmbedderPanic) throw e;
    if (!contain) throw new EmbedderPanic(e);
    trap(panicError("host query panicked"));
  }
}

/**
 * How much of the argbuf to write back after a query: the query writes its answer at the start,
 * so at least its returned length, and up to the last byte it changed.
 */
function writtenLength(buf: Uint8Array, before: Uint8Array, ret: number): number {
  for (let i = ARGBUF_LEN - 1; i >= ret; i--) if (buf[i] !== before[i]) return i + 1;
  return Math.min(ret, ARGBUF_LEN);
}

/**
 * The `env` imports a contract module is instantiated with: Piecrust's host functions (`c`, `hq`, `hd`,
 * `emit`, `feed`, …) with its bounds checks, UTF-8 checks, gas charges and argbuf effects, served by
 * `env`.
 */
export function makeImports(env: HostEnv, memory64 = false): Record<string, Function> {
  const self = () => env.instance(env.self().contractId);
  // imports/wasm64.rs: the same functions with i64 pointers, checked against the wasm64 reservation
  const reservation = memory64 ? WASM64_RESERVATION : WASM32_RESERVATION;
  return {
    c(calleePtr: Ptr, namePtr: Ptr, nameLen: number, argLen: number, gasLimit: bigint): number {
      const inst = self();
      const calleeOfs = ptr(calleePtr);
      const nameOfs = ptr(namePtr);
      nameLen >>>= 0;
      argLen >>>= 0;
      checkPtr(calleeOfs, 32, reservation);
      checkPtr(nameOfs, nameLen, reservation);
      checkArg(inst, argLen, reservation);
      const callee = readMemory(inst, calleeOfs, 32);
      const name = readName(inst, nameOfs, nameLen);
      const arg = inst.readArgument(argLen);
      return env.interCall(inst, callee, name, arg, BigInt.asUintN(64, gasLimit));
    },

    hq(namePtr: Ptr, nameLen: number, argLen: number): number {
      const inst = self();
      const nameOfs = ptr(namePtr);
      nameLen >>>= 0;
      argLen >>>= 0;
      checkPtr(nameOfs, nameLen, reservation);
      checkArg(inst, argLen, reservation);
      const name = readName(inst, nameOfs, nameLen);
      const remaining = inst.remainingGas();
      const query = env.hostQuery(name);
      if (!query) trap(new VMError("MissingHostQuery", `Missing host query: ${name}`, { name }));
      const arg = inst.readArgument(argLen);
      const contain = env.containHostQueryPanics;
      const price = queryPrice(query, arg, contain);
      if (remaining < price) {
        inst.setRemainingGas(0n);
        trap(outOfGas());
      }
      inst.setRemainingGas(remaining - price);
      const buf = inst.readArgument(ARGBUF_LEN);
      const before = buf.slice();
      const ret = runQuery(query, arg, buf, contain);
      const written = writtenLength(buf, before, ret);
      inst.writeArgument(buf.subarray(0, written));
      return ret | 0;
    },

    hd(namePtr: Ptr, nameLen: number): number {
      const inst = self();
      const nameOfs = ptr(namePtr);
      nameLen >>>= 0;
      checkPtr(nameOfs, nameLen, reservation);
      const name = readName(inst, nameOfs, nameLen);
      const data = env.meta(name) ?? new Uint8Array(0);
      inst.writeArgument(data);
      return data.length;
    },

    emit(topicPtr: Ptr, topicLen: number, argLen: number): void {
      const inst = self();
      const topicOfs = ptr(topicPtr);
      topicLen >>>= 0;
      argLen >>>= 0;
      checkPtr(topicOfs, topicLen, reservation);
      checkArg(inst, argLen, reservation);
      const remaining = inst.remainingGas();
      const cost = BYTE_STORE_COST * (BigInt(topicLen) + BigInt(argLen));
      if (cost > remaining) {
        inst.setRemainingGas(0n);
        trap(outOfGas());
      }
      inst.setRemainingGas(remaining - cost);
      const data = inst.readArgument(argLen);
      const topic = readName(inst, topicOfs, topicLen);
      env.emit(env.self().contractId, topic, data);
    },

    caller(): number {
      const parent = env.nthFromTop(1);
      if (!parent) return 0;
      self().writeArgument(parent.contractId);
      return 1;
    },

    callstack(): number {
      const ids = env.callIds().slice(1);
      const inst = self();
      const n = Math.min(ids.length, ARGBUF_LEN / 32);
      const out = new Uint8Array(n * 32);
      for (let i = 0; i < n; i++) out.set(ids[i], i * 32);
      inst.writeArgument(out);
      return n;
    },

    feed(argLen: number): void {
      const inst = self();
      argLen >>>= 0;
      checkArg(inst, argLen, reservation);
      env.feed(inst.readArgument(argLen));
    },

    limit(): bigint {
      return env.self().limit;
    },

    spent(): bigint {
      const limit = env.self().limit;
      const remaining = self().remainingGas();
      return BigInt.asIntN(64, limit - remaining);
    },

    panic(argLen: number): void {
      trap(panicError(readArgText(self(), argLen >>> 0, "panic message", reservation)));
    },

    owner(idPtr: Ptr): number {
      const inst = self();
      const idOfs = ptr(idPtr);
      checkPtr(idOfs, 32, reservation);
      const id = idOfs === 0 ? env.self().contractId : readMemory(inst, idOfs, 32);
      const owner = env.ownerOf(id);
      if (!owner) return 0;
      inst.writeArgument(owner);
      return owner.length;
    },

    self_id(): void {
      self().writeArgument(env.self().contractId);
    },

    hdebug(msgLen: number): void {
      env.registerDebug(readArgText(self(), msgLen >>> 0, "debug message", reservation));
    },
  };
}
