// How contracts fail. A panic, a failed assert (whose message names the source line), a trap
// (e.g. an out-of-range index) or running out of gas all end the call with every state change of
// the call undone. From another contract the failure is a value (ContractError); at the top level
// the embedder gets the error and the state root is unchanged.

import { Unit, callWithLimit, panicStr, selfId } from "../../../assembly/index";

@contract
class Fallible {
  private value: u64 = 0;
  private log: Array<u64> = new Array<u64>();

  get_value(): u64 {
    return this.value;
  }

  set(value: u64): void {
    this.value = value;
    this.log.push(value);
  }

  /** Sets, then panics: the set is undone. */
  set_then_panic(value: u64): void {
    this.set(value);
    panicStr("changed my mind");
  }

  /** Fails unless `value` is even; the message says where (file:line:column). */
  set_even(value: u64): void {
    assert(value % 2 == 0, "value must be even");
    this.set(value);
  }

  /** Reads log[index]: an index past the end aborts with a range error. */
  log_at(index: u32): u64 {
    return this.log[index];
  }

  /** Integer division: dividing by zero traps (wasm trap, reported as an Unknown error to callers). */
  divide(a: u64, b: u64): u64 {
    return a / b;
  }

  /** Never returns: runs until the gas limit is reached. */
  spin(): void {
    let x: u64 = 0;
    while (true) x++;
  }

  /**
   * Calls its own set_then_panic and recovers: returns the error text, and the value is what it
   * was before, because the failed frame's changes were undone.
   */
  try_set_then_panic(value: u64): string {
    const r = callWithLimit<u64, Unit>(selfId(), "set_then_panic", value, 1_000_000);
    assert(!r.isOk, "set_then_panic must fail");
    return r.error!.toString();
  }

  log_len(): u32 {
    return <u32>this.log.length;
  }
}
