// Piecrust's contracts/fallible_counter: a counter whose increment can be told to panic after
// writing, so the write must be reverted.
import { panicStr } from "../../../assembly";

@contract
class FallibleCounter {
  value: i64 = 0xfc;

  read_value(): i64 {
    return this.value;
  }

  increment(panic: bool): void {
    this.value += 1;
    if (panic) panicStr("Incremental panic");
  }
}
