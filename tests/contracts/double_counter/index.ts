// Piecrust's contracts/double_counter: two i64 counters (0xfc and 0xcf); one entry point writes
// and then calls another contract, returning that call's result.
//
// `increment_left_and_call` returns Result<(), ContractError>, which the SDK's typed entry points
// cannot return yet, so it is a raw entry point; the counters are module globals (persisted by the
// transform like fields) so that both kinds of entry point share them.
import { callRaw, ContractId, Tuple2, Unit } from "../../../assembly";
import { arg, ret } from "../_lib/io";
import { Res } from "../_lib/result";

let left: i64 = 0xfc;
let right: i64 = 0xcf;

@contract
class DoubleCounter {
  read_values(): Tuple2<i64, i64> {
    return new Tuple2<i64, i64>(left, right);
  }

  increment_left(): void {
    left += 1;
  }

  increment_right(): void {
    right += 1;
  }
}

export function increment_left_and_call(len: u32): u32 {
  const id = arg<ContractId>(len);
  left += 1;
  const r = callRaw(id, "hello", new Uint8Array(0));
  return ret<Res<Unit>>(r.isOk ? Res.ok<Unit>(new Unit()) : Res.err<Unit>(r.error!));
}
