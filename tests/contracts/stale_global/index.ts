// Not a Piecrust contract: the smallest reproduction of a transform bug found while porting
// crossover.rs (see tests/ports/transform-findings.test.ts). State in a module global, raw entry
// points; `probe(other)` makes `other` fail on its very first entry after deploy, then reads it.
import { callRaw, ContractId } from "../../../assembly";
import { arg, ret } from "../_lib/io";

let value: i32 = 0;

export function set_and_fail(len: u32): u32 {
  value = 314;
  unreachable();
  return 0;
}

export function read(len: u32): u32 {
  return ret<i32>(value);
}

export function probe(len: u32): u32 {
  const other = arg<ContractId>(len);
  callRaw(other, "set_and_fail", new Uint8Array(0));
  const out = callRaw(other, "read", new Uint8Array(0)).unwrap();
  return ret<i32>(load<i32>(out.dataStart));
}
