// Gas, seen from the contract. limit() is the current frame's budget, spent() what it has used so
// far (its callees included). A callee gets the limit the caller passes, or 93 % of the caller's
// remaining gas when it passes 0. A callee that fails costs the caller its whole limit, which is
// why callers should always pass an explicit, sufficient limit.

import { Tuple3, Unit, callWithLimit, limit, selfId, spent } from "../../../assembly/index";

@contract
class Spender {
  /** (limit, spent at entry, spent now) of this frame. */
  limit_and_spent(): Tuple3<u64, u64, u64> {
    const first = spent();
    let x: u64 = 0;
    for (let i = 0; i < 100; i++) x += <u64>i;
    return new Tuple3<u64, u64, u64>(limit(), first, spent() + (x & 0));
  }

  /** Burns about `iterations` loop turns of gas; returns spent() afterwards. */
  burn(iterations: u32): u64 {
    let x: u64 = 1;
    for (let i: u32 = 0; i < iterations; i++) x = x * 6364136223846793005 + 1442695040888963407;
    return spent() + (x & 0);
  }

  /**
   * Calls itself with `gas` (0 = the default share) and returns (the callee's limit, what the
   * callee spent, what this frame spent in total).
   */
  nested(gas: u64): Tuple3<u64, u64, u64> {
    const before = spent();
    const inner = callWithLimit<Unit, Tuple3<u64, u64, u64>>(selfId(), "limit_and_spent", new Unit(), gas).unwrap();
    const after = spent();
    return new Tuple3<u64, u64, u64>(inner._0, after - before, after);
  }

  /** Calls burn with too little gas and reports what the failure cost this frame. */
  failed_callee_cost(gas: u64): u64 {
    const before = spent();
    const r = callWithLimit<u32, u64>(selfId(), "burn", 1_000_000, gas);
    assert(!r.isOk && r.error!.isOutOfGas, "burn should run out of gas");
    return spent() - before;
  }
}
