// Piecrust's contracts/host: host queries (a hash, an unaffordable one) and a nested call to one.
// (host_verify, the PLONK proof query, is not ported: see tests/ports/host.test.ts.)
// host_hash returns [u8; 32] and delegate_host_very_expensive a Result: both are raw entry points,
// which the SDK's typed entry points cannot express yet.
import { callRaw, hostQuery, hostQueryRaw, rkyv, ContractId, Unit } from "../../../assembly";
import { A, arg, ret } from "../_lib/io";
import { Res } from "../_lib/result";

@contract
class Hoster {
  host_very_expensive(): void {
    hostQuery<Unit, Unit>("very_expensive", new Unit());
  }
}

export function host_hash(len: u32): u32 {
  const bytes = arg<Uint8Array>(len);
  // uplink::host_query(name, arg) sends the rkyv archive of the argument.
  const buf = new Uint8Array(bytes.length + 16);
  const n = rkyv.encode<Uint8Array>(bytes, buf.dataStart, <u32>buf.length);
  const hash = hostQueryRaw("hash", buf.subarray(0, <i32>n));
  // [u8; 32] is archived as the 32 bytes themselves.
  memory.copy(A, hash.dataStart, 32);
  return 32;
}

export function delegate_host_very_expensive(len: u32): u32 {
  const r = callRaw(arg<ContractId>(len), "host_very_expensive", new Uint8Array(0));
  return ret<Res<Unit>>(r.isOk ? Res.ok<Unit>(new Unit()) : Res.err<Unit>(r.error!));
}
