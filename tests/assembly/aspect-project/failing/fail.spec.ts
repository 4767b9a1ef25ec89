import { Unit } from "piecrust-as/assembly";
import { callEntry, callEntryWith, reset } from "piecrust-as/assembly/testing";
import { Meter } from "../examples/meter/assembly/index";

describe("failing", () => {
  beforeEach(() => reset());

  it("first wrong value", () => {
    expect(callEntryWith<u32, u64>("work", 2).unwrap()).toBe(111);
  });

  it("second wrong value", () => {
    expect(callEntryWith<u32, u64>("work", 3).unwrap()).toBe(222);
  });

  it("calls an entry that does not exist", () => {
    callEntry<Unit>("nope").unwrap();
  });

  it("unwraps an entry call's panic", () => {
    callEntryWith<u64, u64>("halve", 3).unwrap();
  });

  it("panics in a direct call", () => {
    new Meter().halve(5);
  });
});
