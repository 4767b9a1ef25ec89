// Mirrors piecrust/src/error.rs: the VM's error variants, as a `code` on one error class.
import type { ContractTrace } from "./backtrace.js";
/** The variants of Piecrust's `Error` enum (piecrust/src/error.rs), as `VMError.code`. */
export type VMErrorCode =
  | "ArgumentBufferOverflow"
  | "CommitError"
  | "CompositeSerializerError"
  | "ContractCacheError"
  | "ContractDoesNotExist"
  | "ContractPositionCollision"
  | "FeedPulled"
  | "InitalizationError"
  | "InvalidArgumentBuffer"
  | "InvalidFunction"
  | "InvalidMemory"
  | "MemoryAccessOutOfBounds"
  | "MemorySnapshotFailure"
  | "MissingFeed"
  | "MissingHostData"
  | "MissingHostQuery"
  | "OutOfGas"
  | "Panic"
  | "PersistenceError"
  | "RestoreError"
  | "RuntimeError"
  | "SessionError"
  | "TooManyMemories"
  | "Utf8"
  | "ValidationError";

/**
 * Every failure of a call, deploy or store operation, as Piecrust reports it: the variant is `code`,
 * `message` reads as Piecrust's Display text plus host-sim's detail.
 */
export class VMError extends Error {
  /**
   * Where the failure happened, contract by contract, innermost first (backtrace.ts): set by the
   * session for a failure inside contract code; absent for failures outside it (bad arguments, a
   * missing contract at the top level).
   */
  backtrace?: ContractTrace[];

  /**
   * @param code Which Piecrust error variant this is.
   * @param message The error text.
   * @param details Structured facts about the failure (e.g. `{ message }` for a panic, `{ limit, max,
   * count }` for an engine limit).
   */
  constructor(
    readonly code: VMErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "VMError";
  }

  /**
   * Piecrust's Display text for the variant, e.g. "Panic: boom", "OutOfGas" or "ValidationError":
   * `message` without the detail host-sim appends to a few fixed texts (docs/host-sim.md).
   */
  override toString(): string {
    switch (this.code) {
      case "ValidationError":
        return "ValidationError";
      case "InvalidArgumentBuffer":
        return "Invalid global";
      default:
        return this.message;
    }
  }
}

/**
 * An exception that is not the contract's fault, from host-sim's own code while it ran a call or a
 * deploy (a TypeError in the host, a failed invariant). It is never turned into a contract failure:
 * it reaches the embedder with the original error as `cause` and its stack, so tests and fuzzers
 * see it as the finding it is. State is reverted as for a failed call.
 */
export class HostSimBug extends Error {
  /**
   * Use `HostSimBug.wrap`.
   * @param cause The exception host-sim's own code threw.
   */
  private constructor(override readonly cause: unknown) {
    const inner = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`host-sim bug (please report it with this stack): ${inner}`);
    this.name = "HostSimBug";
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\nCaused by ${cause.stack}`;
  }

  /** `e` as a HostSimBug (unchanged when it already is one). */
  static wrap(e: unknown): HostSimBug {
    return e instanceof HostSimBug ? e : new HostSimBug(e);
  }

  /** A HostSimBug for one of host-sim's own invariants found broken, described by `what`. */
  static because(what: string): HostSimBug {
    const broken = new Error(what);
    broken.name = "BrokenInvariant";
    return new HostSimBug(broken);
  }
}

/**
 * Not a contract outcome: V8 ran out of JS stack before the contract reached host-sim's own stack
 * limit (depth.ts), which happens only when host-sim is called from an unusually deep JS stack or a
 * frame is huge. The whole call is undone; no VMError is made up for it.
 */
export class HostStackExhausted extends Error {
  /** Always "HostStackExhausted", so it can be told apart like a VMError code. */
  readonly code = "HostStackExhausted";
  constructor() {
    super(
      "host-sim ran out of JavaScript stack before the contract reached its stack limit; the call was undone. " +
        "Call host-sim from a shallower JS stack, or give node more (--stack-size); see docs/host-sim.md",
    );
    this.name = "HostStackExhausted";
  }
}

/**
 * Not a contract outcome: the process could not reserve the address space of one more 4 GiB contract
 * memory (too many memories alive at once, or an address-space limit such as `ulimit -v`). Piecrust
 * maps each memory too, and fails the same way when the system refuses. The whole call or deploy is
 * undone, as for HostStackExhausted.
 */
export class HostMemoryExhausted extends Error {
  /** Always "HostMemoryExhausted", so it can be told apart like a VMError code. */
  readonly code = "HostMemoryExhausted";
  /** @param cause V8's refusal. */
  constructor(override readonly cause: unknown) {
    super(
      `host-sim could not reserve one more 4 GiB contract memory (${cause instanceof Error ? cause.message : String(cause)}); the call was undone. ` +
        "Close the sessions and VMs you no longer use, or raise the process's address-space limit (ulimit -v)",
    );
    this.name = "HostMemoryExhausted";
  }
}

/** Wire codes a caller sees for a failed inter-contract call (piecrust-uplink/src/error.rs). */
export const CONTRACT_ERROR_PANIC = -1;
/** The callee ran out of gas. */
export const CONTRACT_ERROR_OUT_OF_GAS = -2;
/** No contract is deployed at the called id. */
export const CONTRACT_ERROR_DOES_NOT_EXIST = -3;
/** Any other failure (i32::MIN). */
export const CONTRACT_ERROR_UNKNOWN = -2147483648;

/**
 * The wire code (one of the `CONTRACT_ERROR_*` constants) a caller's `c` import returns for a callee that
 * failed with `err` (piecrust-uplink's `ContractError::to_parts`).
 */
export function contractErrorCode(err: VMError): number {
  switch (err.code) {
    case "OutOfGas":
      return CONTRACT_ERROR_OUT_OF_GAS;
    case "Panic":
      return CONTRACT_ERROR_PANIC;
    case "ContractDoesNotExist":
      return CONTRACT_ERROR_DOES_NOT_EXIST;
    default:
      return CONTRACT_ERROR_UNKNOWN;
  }
}

/** Piecrust's `Panic(msg)`: the message reads as its Display ("Panic: msg"); `details.message` is msg. */
export function panicError(message: string): VMError {
  return new VMError("Panic", `Panic: ${message}`, { message });
}

export function outOfGas(): VMError {
  return new VMError("OutOfGas", "OutOfGas");
}

export function oob(offset: number, len: number, memLen: number): VMError {
  return new VMError(
    "MemoryAccessOutOfBounds",
    `Memory access out of bounds: offset ${offset}, length ${len}, memory length ${memLen}`,
    { offset, len, memLen },
  );
}
