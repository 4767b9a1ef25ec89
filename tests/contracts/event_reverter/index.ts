// Piecrust's contracts/event_reverter: makes the eventer emit and mutate, then panics, so the
// eventer's event must come back marked reverted and its state reverted.
import { call, panicStr, ContractId, Unit } from "../../../assembly";

const EVENT_VALUE: u32 = 42;

@contract
class EventReverter {
  emit_then_panic(eventer: ContractId): void {
    if (!call<u32, Unit>(eventer, "emit_and_mutate", EVENT_VALUE).isOk) panicStr("eventer call should succeed");
    panicStr("event reverter panic");
  }
}
