// The spec module as one contract frame (Env of a frame in piecrust/src/instance.rs, played by the
// embedder): when a spec calls a contract's functions directly, their host imports are host-sim's
// own (makeImports) over this frame, so they make the same checks, charges and errors. Calls to
// other contracts run in the test's host-sim session as children of this frame.
import {
  makeImports,
  type CallTreeElem,
  type Event,
  type FrameInstance,
  type HostEnv,
  type HostQuery,
  type Session,
} from "#host-sim";

/** What the frame needs from the test host: the module, the session and the test's settings. */
export interface FrameContext {
  memory(): WebAssembly.Memory;
  argbuf(): number;
  session(): Session;
  selfId(): Uint8Array;
  /** The callers the test set, nearest first. */
  callers(): Uint8Array[];
  owner(): Uint8Array;
  gasLimit(): bigint;
  emitted(event: Event): void;
  fed(data: Uint8Array): void;
  debugged(message: string): void;
  /** A call the spec's code made succeeded: its call tree, as a receipt gives it. */
  called(callTree: CallTreeElem[]): void;
}

export class SpecFrame implements HostEnv, FrameInstance {
  readonly debug = true;
  readonly containHostQueryPanics = true;
  readonly memory = { bytes: (): Uint8Array => new Uint8Array(this.ctx.memory().buffer) };
  /** The frame's fuel: the module is not instrumented, so only host charges and callees use it. */
  private fuel: bigint;

  constructor(private readonly ctx: FrameContext) {
    this.fuel = ctx.gasLimit();
  }

  /** Host-sim's imports for this frame. */
  imports(): Record<string, Function> {
    return makeImports(this);
  }

  /** A fresh frame budget (the test changed the limit, or a test starts). */
  refuel(): void {
    this.fuel = this.ctx.gasLimit();
  }

  // ---- FrameInstance ----

  get argbuf(): number {
    return this.ctx.argbuf();
  }

  readArgument(len: number): Uint8Array {
    const out = new Uint8Array(len);
    const view = this.memory.bytes();
    out.set(view.subarray(this.argbuf, Math.min(view.length, this.argbuf + len)));
    return out;
  }

  writeArgument(data: Uint8Array): void {
    this.memory.bytes().set(data, this.argbuf);
  }

  remainingGas(): bigint {
    return this.fuel;
  }

  setRemainingGas(gas: bigint): void {
    this.fuel = gas;
  }

  /** The spec module is not a contract frame: callees start at the bottom of the stack budget. */
  stackUsed(): number {
    return 0;
  }

  // ---- HostEnv ----

  private elem(id: Uint8Array, limit: bigint, depth: number): CallTreeElem {
    // The spec module runs no entry function of the contract: the frame has no function name.
    return { contractId: id, fnName: "", limit, spent: 0n, memLen: 0, depth };
  }

  self(): CallTreeElem {
    return this.elem(this.ctx.selfId(), this.ctx.gasLimit(), this.ctx.callers().length);
  }

  instance(): FrameInstance {
    return this;
  }

  nthFromTop(n: number): CallTreeElem | undefined {
    if (n === 0) return this.self();
    const callers = this.ctx.callers();
    return n <= callers.length ? this.elem(callers[n - 1], 0n, callers.length - n) : undefined;
  }

  callIds(): Uint8Array[] {
    return [this.ctx.selfId(), ...this.ctx.callers()];
  }

  emit(source: Uint8Array, topic: string, data: Uint8Array): void {
    this.ctx.emitted({ source: new Uint8Array(source), topic, data, reverted: false });
  }

  feed(data: Uint8Array): void {
    this.ctx.fed(new Uint8Array(data));
  }

  meta(name: string): Uint8Array | undefined {
    return this.ctx.session().meta(name);
  }

  hostQuery(name: string): HostQuery | undefined {
    return this.ctx.session().hostQuery(name);
  }

  ownerOf(id: Uint8Array): Uint8Array | undefined {
    if (Buffer.compare(id, this.ctx.selfId()) === 0) return this.ctx.owner().length ? this.ctx.owner() : undefined;
    return this.ctx.session().ownerOf(id);
  }

  registerDebug(message: string): void {
    this.ctx.debugged(message);
  }

  interCall(caller: FrameInstance, callee: Uint8Array, name: string, arg: Uint8Array, gasLimit: bigint): number {
    const frame = { id: this.ctx.selfId(), ancestors: this.ctx.callers(), limit: this.ctx.gasLimit(), instance: caller };
    const { code, events, callTree } = this.ctx.session().hostedInterCall(frame, callee, name, arg, gasLimit, (d) => this.ctx.fed(new Uint8Array(d)));
    for (const e of events) this.ctx.emitted(e);
    if (callTree.length) this.ctx.called(callTree);
    return code;
  }
}
