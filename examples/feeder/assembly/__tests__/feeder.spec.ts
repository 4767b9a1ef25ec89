import { rkyv, Tuple2, Unit } from "../../../../assembly/index";
import { callEntryWith, expectPanic, feeds, lastReceipt, reset } from "../../../../assembly/testing/index";
import "../index";

describe("feeder", () => {
  beforeEach(() => reset());

  it("feeds each number as an rkyv u32, with host-sim's gas", () => {
    expect(callEntryWith<u32, u32>("feed_num", 1000).unwrap()).toBe(1000);
    // The same figure as tests/sim/feeder.test.ts.
    expect(lastReceipt().gasSpent).toBe(29129);
    const f = feeds();
    expect(f.length).toBe(1000);
    expect(rkyv.decode<u32>(f[999].dataStart, <u32>f[999].length)).toBe(999);
  });

  it("feeds chunks of text", () => {
    expect(callEntryWith<Tuple2<string, u32>, u32>("feed_chunks", new Tuple2("abcdefg", 3)).unwrap()).toBe(3);
    expect(String.UTF8.decode(feeds()[2].buffer)).toBe("g");
  });

  it("keeps what was fed when the call then fails, as Piecrust's feed channel does", () => {
    expectPanic(callEntryWith<u64, Unit>("feed_then_panic", 9), "failed after feeding");
    expect(feeds().length).toBe(1);
  });
});
