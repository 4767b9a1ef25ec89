import { Tuple2, Unit } from "../../../../assembly/index";
import { callEntry, callEntryWith, expectPanic, reset } from "../../../../assembly/testing/index";
import "../index";

describe("fallible", () => {
  beforeEach(() => reset());

  it("sets and reads", () => {
    callEntryWith<u64, Unit>("set", 4).unwrap();
    expect(callEntry<u64>("get_value").unwrap()).toBe(4);
  });

  it("reports a failed assert with the contract's source line", () => {
    const msg = expectPanic(callEntryWith<u64, Unit>("set_even", 3), "value must be even");
    expect(msg.includes("examples/fallible/assembly/index.ts:")).toBe(true);
  });

  it("reports panics and range errors", () => {
    expectPanic(callEntryWith<u64, Unit>("set_then_panic", 1), "changed my mind");
    expectPanic(callEntryWith<u32, u64>("log_at", 99), "Index out of range");
  });

  it("divides", () => {
    expect(callEntryWith<Tuple2<u64, u64>, u64>("divide", new Tuple2<u64, u64>(9, 3)).unwrap()).toBe(3);
  });
});
