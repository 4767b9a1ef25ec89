// Piecrust's contracts/callstack: returns the host's call stack (ancestors, nearest first).
import { callstack, ContractId } from "../../../assembly";

@contract
class CallStack {
  return_callstack(): Array<ContractId> {
    return callstack();
  }
}
