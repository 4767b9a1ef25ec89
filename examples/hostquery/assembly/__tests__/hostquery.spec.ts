import { Tuple2 } from "../../../../assembly/index";
import { callEntry, callEntryWith, expectPanic, lastReceipt, reset } from "../../../../assembly/testing/index";
import { HostQuery } from "../index";

// The preset serves the host queries registered in as-pect.config.js (scripts/host-queries.ts).
describe("hostquery", () => {
  beforeEach(() => reset());

  it("hashes with the host's BLAKE3, priced in gas", () => {
    const data = new Uint8Array(1000);
    data.fill(3);
    const h = callEntryWith<Uint8Array, Uint8Array>("hash", data).unwrap();
    // The same figure as tests/sim/hostquery.test.ts (the query's price, 2000, included).
    expect(lastReceipt().gasSpent).toBe(36594);
    expect(h.length).toBe(32);
    expect(callEntry<Uint8Array>("last_hash").unwrap()[0]).toBe(h[0]);
  });

  it("asks the host for prices", () => {
    expect(callEntryWith<string, u64>("price", "DUSK").unwrap()).toBe(31);
    expect(callEntryWith<Tuple2<string, u64>, u64>("value_of", new Tuple2("ETH", 2)).unwrap()).toBe(684000);
  });

  it("fails when the host query fails", () => {
    expectPanic(callEntryWith<string, u64>("price", "NOPE"), "host query panicked");
  });

  it("serves a direct method call with host-sim's hq import, failures included", () => {
    expect(new HostQuery().price("BTC")).toBe(9_650_000);
    // The query panics for an unknown symbol: host-sim traps, and the spec sees the call fail.
    expect(() => {
      new HostQuery().price("NOPE");
    }).toThrow();
  });
});
