// Not a Piecrust contract: a call chain for the gas tests. `descend(depth, oog_at, end)` bumps this
// contract's counter, then calls itself one level deeper; at depth == oog_at it burns gas until it
// runs out, at depth == end it returns. A caller that sees its callee run out of gas burns too, so
// the top-level call fails with OutOfGas wherever in the chain the gas ran out.
import { call, selfId, Tuple3, Unit } from "../../../assembly";

@contract
class Chain {
  count: u64 = 0;

  descend(depth: u32, oog_at: u32, end: u32): void {
    this.count += 1;
    if (depth == oog_at) this.burn();
    if (depth >= end) return;
    const r = call<Tuple3<u32, u32, u32>, Unit>(selfId(), "descend", new Tuple3<u32, u32, u32>(depth + 1, oog_at, end));
    if (!r.isOk) this.burn();
  }

  read_count(): u64 {
    return this.count;
  }

  private burn(): void {
    // A loop the optimiser cannot remove: every iteration stores to memory.
    while (true) this.count += 1;
  }
}
