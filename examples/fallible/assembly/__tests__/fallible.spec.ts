import { Tuple2, Unit } from "../../../../assembly/index";
import { callEntry, callEntryWith, events, expectError, expectPanic, feeds, lastReceipt, reset, setGasLimit } from "../../../../assembly/testing/index";
import { ContractErrorCode } from "../../../../assembly/index";
import "../index";

describe("fallible", () => {
  beforeEach(() => reset());

  it("sets and reads, with host-sim's gas", () => {
    callEntryWith<u64, Unit>("set", 4).unwrap();
    // The same figures as tests/sim/fallible.test.ts.
    expect(lastReceipt().gasSpent).toBe(17862);
    expect(callEntry<u64>("get_value").unwrap()).toBe(4);
    expect(lastReceipt().gasSpent).toBe(229);
  });

  it("reports a failed assert with the contract's source line", () => {
    const msg = expectPanic(callEntryWith<u64, Unit>("set_even", 3), "value must be even");
    expect(msg.includes("examples/fallible/assembly/index.ts:")).toBe(true);
  });

  it("leaves memory, events and feeds as they were when an entry call fails", () => {
    callEntryWith<u64, Unit>("set", 4).unwrap();
    const eventsBefore = events().length;
    const feedsBefore = feeds().length;
    expectPanic(callEntryWith<u64, Unit>("set_then_panic", 9), "changed my mind");
    expectPanic(callEntryWith<u32, u64>("log_at", 99), "Index out of range");
    expectError(callEntryWith<Tuple2<u64, u64>, u64>("divide", new Tuple2<u64, u64>(1, 0)), ContractErrorCode.Unknown);
    setGasLimit(2_000_000);
    expectError(callEntry<Unit>("spin"), ContractErrorCode.OutOfGas);
    // A failed call costs its whole limit, as a calling contract is charged.
    expect(lastReceipt().ok).toBe(false);
    expect(lastReceipt().gasSpent).toBe(2_000_000);
    expect(callEntry<u64>("get_value").unwrap()).toBe(4);
    expect(callEntry<u32>("log_len").unwrap()).toBe(1);
    expect(events().length).toBe(eventsBefore);
    expect(feeds().length).toBe(feedsBefore);
  });

  it("recovers from a callee's panic in the contract, the callee's change undone", () => {
    callEntryWith<u64, Unit>("set", 1).unwrap();
    expect(callEntryWith<u64, string>("try_set_then_panic", 99).unwrap()).toBe("Panic: changed my mind");
    expect(callEntry<u64>("get_value").unwrap()).toBe(1);
  });

  it("divides", () => {
    expect(callEntryWith<Tuple2<u64, u64>, u64>("divide", new Tuple2<u64, u64>(9, 3)).unwrap()).toBe(3);
  });
});
