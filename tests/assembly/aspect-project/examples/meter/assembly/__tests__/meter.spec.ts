import { callEntry, callEntryWith, reset } from "piecrust-as/assembly/testing";
import "../index";

describe("meter", () => {
  beforeEach(() => reset());

  it("works in three steps", () => {
    expect(callEntryWith<u32, u64>("work", 1).unwrap()).toBe(1);
    expect(callEntryWith<u32, u64>("work", 2).unwrap()).toBe(4);
    expect(callEntryWith<u32, u64>("work", 30).unwrap()).toBe(469);
    expect(callEntry<u64>("read").unwrap()).toBe(469);
  });
});
