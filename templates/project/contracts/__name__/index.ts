// The {{name}} contract: one u64 of state, an entry point that changes it and emits an event, and
// a panic path. Public methods of the @contract class become Piecrust entry points; fields are
// state that survives every call.
import { emit } from "piecrust-as/assembly";

@contract
class {{Class}} {
  value: u64 = 0;

  /** The current value. */
  read_value(): u64 {
    return this.value;
  }

  /** Adds `by` (1 to 100) to the value, emits it as "added" and returns it. */
  add(by: u64): u64 {
    assert(by >= 1 && by <= 100, "add takes 1 to 100");
    this.value += by;
    emit<u64>("added", this.value);
    return this.value;
  }
}
