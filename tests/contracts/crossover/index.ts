// Piecrust's contracts/crossover: two instances call each other, and one panics after writing
// both states; the callers check that the failed call's writes (including the write it made
// back into its caller) were reverted.
import { call, caller, debug, DEBUG, panicStr, ContractId, Tuple2, Unit } from "../../../assembly";

const INITIAL_VALUE: i32 = 0;

@contract
class Crossover {
  value: i32 = INITIAL_VALUE;

  /**
   * Calls `set_back_and_panic` on `contract` (another crossover), which sets its own value, sets
   * ours through `set_crossover`, then panics. Both values must be back at INITIAL_VALUE after;
   * then ours is set to `value_to_set`.
   */
  check_consistent_state_on_errors(contract: ContractId, value_to_set: i32, value_to_set_forward: i32, value_to_set_back: i32): void {
    const r = call<Tuple2<i32, i32>, Unit>(contract, "set_back_and_panic", new Tuple2<i32, i32>(value_to_set_forward, value_to_set_back));
    if (r.isOk) panicStr("should give an error on a panic");
    if (this.value != INITIAL_VALUE) panicStr("Our value should not be set due to the panicked call");
    if (DEBUG) debug("querying contract " + contract.toHex() + " for their state");
    const other = call<Unit, i32>(contract, "crossover", new Unit()).unwrap();
    if (other != INITIAL_VALUE) panicStr("The other contract's value should also not be set due to their panic");
    this.set_crossover(value_to_set);
  }

  /** Our own write before a callee panics (and is not propagated) is not rolled back. */
  check_iccs_dont_rollback(contract: ContractId, value_to_set: i32): void {
    this.set_crossover(value_to_set);
    const ANY_VALUE_1: i32 = 5;
    const ANY_VALUE_2: i32 = 6;
    const r = call<Tuple2<i32, i32>, Unit>(contract, "set_back_and_panic", new Tuple2<i32, i32>(ANY_VALUE_1, ANY_VALUE_2));
    if (r.isOk) panicStr("should give an error on a panic");
  }

  /** Sets our value, sets the caller's through its `set_crossover`, then panics. */
  set_back_and_panic(value_to_set: i32, value_to_set_back: i32): void {
    this.set_crossover(value_to_set);
    const c = caller();
    if (c === null) panicStr("Should be called by another contract");
    call<i32, i32>(c!, "set_crossover", value_to_set_back).unwrap();
    panicStr("OH NOES");
  }

  crossover(): i32 {
    return this.value;
  }

  /** Updates the value and returns the old one. */
  set_crossover(to: i32): i32 {
    const old = this.value;
    // Guarded: in a release build the message must not even be built (strings cost gas).
    if (DEBUG) debug("setting crossover from " + old.toString() + " to " + to.toString());
    this.value = to;
    return old;
  }
}
