// Piecrust's contracts/eventer: emits events (rkyv-serialized and raw) and measures the gas of
// one emit from inside the contract.
import { emit, emitRaw, spent, Tuple2 } from "../../../assembly";

function u32Bytes(v: u32): Uint8Array {
  const out = new Uint8Array(4);
  store<u32>(out.dataStart, v);
  return out;
}

@contract
class Eventer {
  value: u32 = 0;

  emit_events(num: u32): void {
    for (let i: u32 = 0; i < num; i++) emit<u32>("number", i);
  }

  emit_events_raw(num: u32): void {
    for (let i: u32 = 0; i < num; i++) emitRaw("number", u32Bytes(i));
  }

  /** Gas spent before and after one emit of `input` (serialized, like uplink::emit). */
  emit_input(input: Uint8Array): Tuple2<u64, u64> {
    const before = spent();
    emit<Uint8Array>("input", input);
    const after = spent();
    return new Tuple2<u64, u64>(before, after);
  }

  emit_and_mutate(value: u32): void {
    emit<u32>("number", value);
    this.value = value;
  }

  read_value(): u32 {
    return this.value;
  }
}
