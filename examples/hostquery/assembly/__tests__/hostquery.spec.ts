import { Tuple2 } from "../../../../assembly/index";
import { callEntryWith, expectPanic, reset } from "../../../../assembly/testing/index";
import "../index";

// The preset serves the host queries registered in as-pect.config.js (scripts/host-queries.ts).
describe("hostquery", () => {
  beforeEach(() => reset());

  it("asks the host for prices", () => {
    expect(callEntryWith<string, u64>("price", "DUSK").unwrap()).toBe(31);
    expect(callEntryWith<Tuple2<string, u64>, u64>("value_of", new Tuple2("ETH", 2)).unwrap()).toBe(684000);
  });

  it("hashes with the host's BLAKE3", () => {
    const h = callEntryWith<Uint8Array, Uint8Array>("hash", new Uint8Array(0)).unwrap();
    // BLAKE3 of the empty input starts with af1349b9.
    expect(h.length).toBe(32);
    expect(h[0]).toBe(0xaf);
    expect(h[1]).toBe(0x13);
  });

  it("fails when the host query fails", () => {
    expectPanic(callEntryWith<string, u64>("price", "NOPE"));
  });
});
