// Has a meter contract work twice in one call, so that the gas report counts nested calls.
import { ContractId, call } from "piecrust-as/assembly";

@contract
class Boss {
  /** meter.work(n), then meter.work(n + 1); returns the meter's total. */
  delegate(meter: ContractId, n: u32): u64 {
    call<u32, u64>(meter, "work", n).unwrap();
    return call<u32, u64>(meter, "work", n + 1).unwrap();
  }
}
