import { rkyv, Tuple2, Unit } from "../../../../assembly/index";
import { callEntryWith, expectPanic, feeds, reset } from "../../../../assembly/testing/index";
import "../index";

describe("feeder", () => {
  beforeEach(() => reset());

  it("feeds each number as an rkyv u32", () => {
    expect(callEntryWith<u32, u32>("feed_num", 5).unwrap()).toBe(5);
    const f = feeds();
    expect(f.length).toBe(5);
    expect(rkyv.decode<u32>(f[4].dataStart, <u32>f[4].length)).toBe(4);
  });

  it("feeds chunks of text", () => {
    expect(callEntryWith<Tuple2<string, u32>, u32>("feed_chunks", new Tuple2("abcdefg", 3)).unwrap()).toBe(3);
    expect(String.UTF8.decode(feeds()[2].buffer)).toBe("g");
  });

  it("keeps what was fed when the call then fails", () => {
    expectPanic(callEntryWith<u64, Unit>("feed_then_panic", 9), "failed after feeding");
    expect(feeds().length).toBe(1);
  });
});
