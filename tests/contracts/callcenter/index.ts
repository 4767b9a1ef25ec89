// Piecrust's contracts/callcenter, re-derived: calls other contracts (and itself) and reports
// what the host tells it (self id, caller, call stack).
//
// The entry points returning Result<_, ContractError> are raw (the SDK's typed entry points cannot
// return a Result yet): they decode their argument and encode their result with the SDK codec.
import {
  call, callRaw, caller, callstack, emitRaw, selfId, debug, DEBUG, panicStr,
  ContractId, Result, Tuple2, Tuple3, Tuple4, Unit, rkyv,
} from "../../../assembly";
import { arg, ret } from "../_lib/io";
import { Res } from "../_lib/result";

const NONE = new Uint8Array(0);

function toRes(r: Result<Uint8Array>): Res<Uint8Array> {
  return r.isOk ? Res.ok<Uint8Array>(r.unwrap()) : Res.err<Uint8Array>(r.error!);
}

@contract
class Callcenter {
  /** Read the value of the counter. */
  query_counter(counter_id: ContractId): i64 {
    return call<Unit, i64>(counter_id, "read_value", new Unit()).unwrap();
  }

  /** Increment the counter. */
  increment_counter(counter_id: ContractId): void {
    call<Unit, Unit>(counter_id, "increment", new Unit()).unwrap();
  }

  /** Call the contract's init method with an empty argument (the host refuses). */
  call_init(contract_id: ContractId): void {
    call<Unit, Unit>(contract_id, "init", new Unit()).unwrap();
  }

  query_passthrough(fn_name: string, fn_arg: Uint8Array): Tuple2<string, Uint8Array> {
    if (DEBUG) debug("q passthrough " + fn_name);
    return new Tuple2<string, Uint8Array>(fn_name, fn_arg);
  }

  delegate_transaction(contract_id: ContractId, fn_name: string, fn_arg: Uint8Array): Uint8Array {
    return callRaw(contract_id, fn_name, fn_arg).unwrap();
  }

  /** Whether `id` is this contract. */
  calling_self(id: ContractId): bool {
    return selfId().equals(id);
  }

  return_self_id(): ContractId {
    return selfId();
  }

  return_caller(): ContractId | null {
    return caller();
  }

  return_callstack(): Array<ContractId> {
    return callstack();
  }

  /** The call stack after calling itself n times. */
  call_self_n_times(n: u32): Array<ContractId> {
    if (n == 0) return callstack();
    return call<u32, Array<ContractId>>(selfId(), "call_self_n_times", n - 1).unwrap();
  }

  panik(): void {
    panicStr("panik");
  }
}

export function delegate_query(len: u32): u32 {
  const a = arg<Tuple3<ContractId, string, Uint8Array>>(len);
  if (DEBUG) debug("raw query " + a._1 + " at " + a._0.toHex());
  return ret<Res<Uint8Array>>(toRes(callRaw(a._0, a._1, a._2)));
}

export function delegate_query_with_event(len: u32): u32 {
  const a = arg<Tuple3<ContractId, string, Uint8Array>>(len);
  // emit(topic, ()) serializes the unit value: zero data bytes.
  emitRaw("callcenter-before", NONE);
  const r = toRes(callRaw(a._0, a._1, a._2));
  emitRaw("callcenter-after", NONE);
  return ret<Res<Uint8Array>>(r);
}

/** Make sure that the caller of this contract is the contract itself. */
export function call_self(len: u32): u32 {
  const me = selfId();
  const c = caller();
  if (c === null) {
    // Relay the inner call's Result<bool, ContractError>.
    const out = callRaw(me, "call_self", NONE).unwrap();
    return ret<Res<bool>>(rkyv.decode<Res<bool>>(out.dataStart, <u32>out.length));
  }
  return ret<Res<bool>>(Res.ok<bool>(c.equals(me)));
}

/** Calls `spend` on the contract with an explicit gas limit and returns the call's result. */
export function call_spend_with_limit(len: u32): u32 {
  const a = arg<Tuple2<ContractId, u64>>(len);
  const r = callRaw(a._0, "spend", NONE, a._1);
  return ret<Res<Unit>>(r.isOk ? Res.ok<Unit>(new Unit()) : Res.err<Unit>(r.error!));
}

/**
 * Calls a function expected to return a bool and propagates the result; bytes that are not a valid
 * bool come back as Panic("Callee return value failed validation: …") from the SDK's typed call.
 */
export function try_query_bool(len: u32): u32 {
  const a = arg<Tuple2<ContractId, string>>(len);
  const r = call<Unit, bool>(a._0, a._1, new Unit());
  return ret<Res<bool>>(r.isOk ? Res.ok<bool>(r.unwrap()) : Res.err<bool>(r.error!));
}

// Not in Piecrust's callcenter: delegate_query with an explicit gas limit (call_raw_with_limit),
// so the gas tests can see the limit a callee receives.
export function delegate_query_with_limit(len: u32): u32 {
  const a = arg<Tuple4<ContractId, string, Uint8Array, u64>>(len);
  return ret<Res<Uint8Array>>(toRes(callRaw(a._0, a._1, a._2, a._3)));
}
