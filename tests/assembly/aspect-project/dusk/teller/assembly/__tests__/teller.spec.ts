import { callEntry, callEntryWith, reset } from "piecrust-as/assembly/testing";
import "../index";

describe("teller on the Dusk profile", () => {
  beforeEach(() => reset());

  it("reads the block height and chain id the config sets", () => {
    expect(callEntry<u64>("height").unwrap()).toBe(42);
    expect(callEntry<u8>("chain").unwrap()).toBe(7);
  });

  it("hashes with Dusk's sha256 query", () => {
    // FIPS 180-2: SHA-256("abc") = ba7816bf…
    const d = callEntryWith<Array<u8>, Array<u8>>("digest", [0x61, 0x62, 0x63]).unwrap();
    expect(d.length).toBe(32);
    expect(d[0]).toBe(0xba);
    expect(d[1]).toBe(0x78);
    expect(d[31]).toBe(0xad);
  });
});
