// Piecrust's contracts/badreturn: one well-formed bool result, and one entry point that writes 16
// garbage bytes into the argbuf as its result, bypassing serialization.
import { A } from "../../../assembly/argbuf";

@contract
class BadReturn {
  valid_bool(): bool {
    return true;
  }
}

export function garbage_value(len: u32): u32 {
  const garbage = memory.data<u8>([0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe, 0xba, 0xd0, 0xff, 0xff, 0xff, 0xff, 0x99, 0x99, 0x99, 0x99]);
  memory.copy(A, garbage, 16);
  return 16;
}
