import { Tuple3 } from "../../../../assembly/index";
import { callEntry, callEntryWith, lastReceipt, reset, setGasLimit } from "../../../../assembly/testing/index";
import "../index";

// Entry calls are metered as in Piecrust: spent() inside the contract is its real consumption.
describe("spender", () => {
  beforeEach(() => reset());

  it("sees its limit and what it spent so far, then burns gas with host-sim's figure", () => {
    setGasLimit(1_000_000);
    const r = callEntry<Tuple3<u64, u64, u64>>("limit_and_spent").unwrap();
    expect(r._0).toBe(1_000_000);
    expect(r._1).toBeGreaterThan(0);
    expect(r._2).toBeGreaterThan(r._1);
    expect(lastReceipt().gasSpent).toBeGreaterThanOrEqual(r._2);
    setGasLimit(1_000_000_000);
    expect(callEntryWith<u32, u64>("burn", 1000).unwrap()).toBeGreaterThan(1000);
    // The same figure as tests/sim/spender.test.ts.
    expect(lastReceipt().gasSpent).toBe(15088);
  });

  it("gives callees an explicit limit or 93 % of what remains", () => {
    setGasLimit(1_000_000);
    expect(callEntryWith<u64, Tuple3<u64, u64, u64>>("nested", 50000).unwrap()._0).toBe(50000);
    const inner = callEntryWith<u64, Tuple3<u64, u64, u64>>("nested", 0).unwrap()._0;
    expect(inner).toBeLessThan(930_000);
    expect(inner).toBeGreaterThan(920_000);
  });
});
