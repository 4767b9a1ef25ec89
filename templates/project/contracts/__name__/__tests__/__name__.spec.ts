// Unit tests of the {{name}} contract, run by as-pect (`npm test`): each entry point is called
// through the argument buffer as Piecrust calls it, with host imports served by host-sim.
import { callEntry, callEntryWith, expectPanic, lastEvent, reset } from "piecrust-as/assembly/testing/index";
import "../index";

describe("{{name}}", () => {
  beforeEach(() => reset());

  it("starts at zero", () => {
    expect(callEntry<u64>("read_value").unwrap()).toBe(0);
  });

  it("adds and emits the new value", () => {
    expect(callEntryWith<u64, u64>("add", 5).unwrap()).toBe(5);
    expect(callEntryWith<u64, u64>("add", 2).unwrap()).toBe(7);
    expect(lastEvent().decode<u64>()).toBe(7);
  });

  it("refuses a step over 100", () => {
    expectPanic(callEntryWith<u64, u64>("add", 101), "add takes 1 to 100");
  });
});
