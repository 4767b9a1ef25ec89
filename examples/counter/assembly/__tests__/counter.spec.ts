import { Unit } from "../../../../assembly/index";
import { callEntry, lastReceipt, reset } from "../../../../assembly/testing/index";
import "../index";

describe("counter", () => {
  beforeEach(() => reset());

  it("reads and increments with Piecrust's gas", () => {
    expect(callEntry<u64>("read_value").unwrap()).toBe(0xfc);
    log(lastReceipt().gasSpent);
    callEntry<Unit>("increment").unwrap();
    log(lastReceipt().gasSpent);
    expect(callEntry<u64>("read_value").unwrap()).toBe(0xfd);
    log(lastReceipt().gasSpent);
  });
});
