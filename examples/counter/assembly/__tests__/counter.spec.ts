import { Unit } from "../../../../assembly/index";
import { callEntry, lastReceipt, reset } from "../../../../assembly/testing/index";
import "../index";

describe("counter", () => {
  beforeEach(() => reset());

  it("reads and increments with Piecrust's gas", () => {
    expect(callEntry<u64>("read_value").unwrap()).toBe(0xfc);
    // The first call touches the contract's pages for the first time (host-sim's figure).
    expect(lastReceipt().gasSpent).toBe(93);
    callEntry<Unit>("increment").unwrap();
    // Piecrust's recorded figures for its counter: increment 43, read_value 41 after the first call.
    expect(lastReceipt().gasSpent).toBe(43);
    expect(callEntry<u64>("read_value").unwrap()).toBe(0xfd);
    expect(lastReceipt().gasSpent).toBe(41);
  });

  it("starts from its deployment in every test", () => {
    expect(callEntry<u64>("read_value").unwrap()).toBe(0xfc);
  });
});
