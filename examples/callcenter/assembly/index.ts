// Calls between contracts. A callee's failure never unwinds the caller: `call` returns a Result
// whose error is the callee's ContractError (Panic with its message, OutOfGas, DoesNotExist or
// Unknown), and the callee's state changes and events are undone. The caller decides whether to
// recover or to fail in turn (unwrap).

import { ContractError, ContractId, Result, Unit, call, callRaw, callWithLimit, caller, callstack, selfId } from "../../../assembly/index";

/** Gas for callees in the examples below: a failed callee costs its whole limit. */
const CALLEE_GAS: u64 = 1_000_000;

function describe<T>(r: Result<T>): string {
  const e = r.error;
  return e === null ? "ok" : changetype<ContractError>(e).toString();
}

@contract
class CallCenter {
  private calls: u64 = 0;

  /** Reads a counter contract (Piecrust's counter ABI). */
  query_counter(counter: ContractId): u64 {
    this.calls++;
    return callWithLimit<Unit, u64>(counter, "read_value", new Unit(), CALLEE_GAS).unwrap();
  }

  /** Increments a counter contract; a failure propagates as this call's panic. */
  increment_counter(counter: ContractId): void {
    this.calls++;
    callWithLimit<Unit, Unit>(counter, "increment", new Unit(), CALLEE_GAS).unwrap();
  }

  /** Calls `fn_name` on `target` with no argument and reports the outcome instead of failing. */
  try_call(target: ContractId, fn_name: string): string {
    this.calls++;
    return describe<Uint8Array>(callRaw(target, fn_name, new Uint8Array(0), CALLEE_GAS));
  }

  /** Calls `fn_name` with only `gas` to spend: shows OutOfGas coming back as a value. */
  try_call_with_gas(target: ContractId, fn_name: string, gas: u64): string {
    return describe<Uint8Array>(callRaw(target, fn_name, new Uint8Array(0), gas));
  }

  /** Forwards raw bytes to any contract and returns its raw answer (a delegated query). */
  delegate_query(target: ContractId, fn_name: string, arg: Uint8Array): Uint8Array {
    this.calls++;
    return callRaw(target, fn_name, arg, CALLEE_GAS).unwrap();
  }

  /** Re-enters itself `depth` times; each frame counts one call. Returns the number of frames. */
  recurse(depth: u32): u32 {
    this.calls++;
    if (depth == 0) return 1;
    return 1 + call<u32, u32>(selfId(), "recurse", depth - 1).unwrap();
  }

  /** Calls itself and checks that, inside, the caller is itself and the stack has grown by one. */
  calling_self(): bool {
    return call<Unit, bool>(selfId(), "caller_is_self", new Unit()).unwrap();
  }

  caller_is_self(): bool {
    const c = caller();
    return c !== null && c.equals(selfId());
  }

  /** The direct caller (None at the top level). */
  return_caller(): ContractId | null {
    return caller();
  }

  /** The ids of every frame above this one, nearest first. */
  return_callstack(): Array<ContractId> {
    return callstack();
  }

  /** Counts calls made to this contract (re-entrant frames included). */
  call_count(): u64 {
    return this.calls;
  }

  /** Increments, then panics: the increment is undone with the frame. */
  count_then_panic(): void {
    this.calls += 1000;
    assert(false, "callcenter gave up");
  }

  /** Calls its own count_then_panic, recovers, and returns the (unchanged) count. */
  recover_from_self(): u64 {
    const before = this.calls;
    const outcome = callRaw(selfId(), "count_then_panic", new Uint8Array(0), CALLEE_GAS);
    assert(!outcome.isOk, "count_then_panic should fail");
    assert(this.calls == before, "the failed frame's change must be undone");
    return this.calls;
  }
}
