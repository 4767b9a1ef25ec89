// Piecrust's contracts/spender: reports the gas limit and spent gas seen from inside a contract,
// before and after calling itself, and has an entry point that only panics.
import { call, caller, limit, panicStr, selfId, spent, Unit } from "../../../assembly";

/** Archived like Rust's (u64, u64, u64, u64, u64): five u64s back to back, 40 bytes. */
@archive
class LimitAndSpent {
  limit: u64;
  spent_before: u64;
  spent_after: u64;
  called_limit: u64;
  called_spent: u64;
  constructor(limit: u64, spent_before: u64, spent_after: u64, called_limit: u64, called_spent: u64) {
    this.limit = limit;
    this.spent_before = spent_before;
    this.spent_after = spent_after;
    this.called_limit = called_limit;
    this.called_spent = called_spent;
  }
}

@contract
class Spender {
  get_limit_and_spent(): LimitAndSpent {
    const me = selfId();
    const lim = limit();
    const spentBefore = spent();
    if (caller() === null) {
      // Called from outside: call ourselves and report what the callee saw.
      const inner = call<Unit, LimitAndSpent>(me, "get_limit_and_spent", new Unit()).unwrap();
      const spentAfter = spent();
      return new LimitAndSpent(lim, spentBefore, spentAfter, inner.limit, inner.spent_before);
    }
    return new LimitAndSpent(lim, spentBefore, 0, 0, 0);
  }

  /** Spend all gas that is given to the contract (Piecrust's version just panics). */
  spend(): void {
    panicStr("I like spending");
  }
}
