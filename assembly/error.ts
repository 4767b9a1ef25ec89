// Errors of inter-contract calls, as Piecrust encodes them for the caller (piecrust-vm.md §6.2):
// a negative return value from `c`, plus a length-prefixed message in the argbuf for panics.

import { A, ARGBUF_LEN } from "./argbuf";
import { panicStr } from "./panic";

/** The wire codes of `ContractError` (piecrust-uplink's `ContractError::from_parts`). */
export namespace ContractErrorCode {
  /** The callee panicked; its message is in the argbuf (uplink `ContractError::Panic`). */
  export const Panic: i32 = -1;
  /** The callee ran out of gas (uplink `ContractError::OutOfGas`). */
  export const OutOfGas: i32 = -2;
  /** No contract is deployed at the called id (uplink `ContractError::DoesNotExist`). */
  export const DoesNotExist: i32 = -3;
  /** Any other failure of the callee (uplink `ContractError::Unknown`). */
  export const Unknown: i32 = i32.MIN_VALUE;
}

/**
 * Why an inter-contract call failed, decoded from the negative return value of Piecrust's `c` import;
 * mirrors piecrust-uplink's `ContractError`.
 */
export class ContractError {
  constructor(
    /** One of `ContractErrorCode`. */
    readonly code: i32,
    /** The callee's panic message (empty for the other codes). */
    readonly message: string = "",
  ) {}

  /** True when the callee panicked (`message` holds its panic text). */
  get isPanic(): bool { return this.code == ContractErrorCode.Panic; }
  /** True when the callee ran out of gas. */
  get isOutOfGas(): bool { return this.code == ContractErrorCode.OutOfGas; }
  /** True when no contract exists at the called id. */
  get isDoesNotExist(): bool { return this.code == ContractErrorCode.DoesNotExist; }
  /** True for any other failure (`ContractErrorCode.Unknown`). */
  get isUnknown(): bool { return this.code == ContractErrorCode.Unknown; }

  /**
   * Decodes a negative `c` return value; for −1 the argbuf holds a u32 LE length and UTF-8 bytes.
   * Any other negative code is not something Piecrust produces, so (like uplink) it is fatal.
   */
  static fromCode(code: i32): ContractError {
    if (code == ContractErrorCode.Panic) {
      let len = load<u32>(A);
      if (len > <u32>(ARGBUF_LEN - 4)) len = <u32>(ARGBUF_LEN - 4);
      return new ContractError(code, String.UTF8.decodeUnsafe(A + 4, len));
    }
    if (code == ContractErrorCode.OutOfGas || code == ContractErrorCode.DoesNotExist || code == ContractErrorCode.Unknown) {
      return new ContractError(code);
    }
    panicStr("ContractError: invalid error code");
    return new ContractError(ContractErrorCode.Unknown);
  }

  /** uplink's Display text: "Panic: <message>", "OutOfGas", "Contract does not exist" or "Unknown". */
  toString(): string {
    if (this.code == ContractErrorCode.Panic) return "Panic: " + this.message;
    if (this.code == ContractErrorCode.OutOfGas) return "OutOfGas";
    // uplink's Display text.
    if (this.code == ContractErrorCode.DoesNotExist) return "Contract does not exist";
    return "Unknown";
  }
}

/**
 * The outcome of a fallible host operation: a value, or a `ContractError`.
 * AssemblyScript has no exceptions and no sum types, so this is the error channel of `callRaw`
 * and of the typed calls that build on it.
 */
export class Result<T> {
  /**
   * Use `Result.ok` or `Result.err`.
   * @param error The error, or null when this result holds a value.
   */
  private constructor(private _value: T, readonly error: ContractError | null) {}

  /** A successful result holding `value`. */
  static ok<T>(value: T): Result<T> {
    return new Result<T>(value, null);
  }

  /** A failed result holding `error` (its value is the zero value / null). */
  static err<T>(error: ContractError): Result<T> {
    return new Result<T>(zeroOf<T>(), error);
  }

  /** True when this result holds a value (`error` is null). */
  get isOk(): bool {
    return changetype<usize>(this.error) == 0;
  }

  /** True when this result holds a `ContractError`. */
  get isErr(): bool {
    return changetype<usize>(this.error) != 0;
  }

  /** The value (the zero value / null when this is an error: check `isOk` first, or use `unwrap`). */
  get value(): T {
    return this._value;
  }

  /**
   * The value; panics when this is an error: a callee's panic goes on with its own message, any
   * other error with its text ("OutOfGas", "Contract does not exist", "Unknown").
   */
  unwrap(): T {
    const e = this.error;
    if (e !== null) panicStr(panicText(e));
    return this._value;
  }

  /** The value; panics with "<msg>: <the callee's panic message or the error's text>" when this is an error. */
  expect(msg: string): T {
    const e = this.error;
    if (e !== null) panicStr(msg + ": " + panicText(e));
    return this._value;
  }
}

// What a failed call's error says under the caller's own panic. Piecrust displays a panic as
// "Panic: <message>", so a callee's panic passed on in its Display text ("Panic: …") would read
// "Panic: Panic: …" one level up; its message alone keeps the prefix once at every depth.
function panicText(e: ContractError): string {
  return e.code == ContractErrorCode.Panic ? e.message : e.toString();
}

// The zero value of T (null for references); only stored in error results, never handed out.
@inline
function zeroOf<T>(): T {
  if (isReference<T>()) return changetype<T>(<usize>0);
  // @ts-ignore: T is a value type here
  return <T>0;
}
