import { Tuple3 } from "../../../../assembly/index";
import { callEntry, reset, setGasLimit } from "../../../../assembly/testing/index";
import "../index";

// The as-pect module is not metered: spent() counts host charges and callees only (real figures
// come from the host-sim tests). limit() is whatever the test sets.
describe("spender", () => {
  beforeEach(() => reset());

  it("reports the limit the test sets", () => {
    setGasLimit(12345);
    const r = callEntry<Tuple3<u64, u64, u64>>("limit_and_spent").unwrap();
    expect(r._0).toBe(12345);
    expect(r._1).toBe(0);
  });
});
