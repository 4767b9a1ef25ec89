import { Option, Unit } from "../../../../assembly/index";
import { callEntry, callEntryWith, commit, lastReceipt, reset, startFrom } from "../../../../assembly/testing/index";
import { Stack } from "../index";

describe("stack", () => {
  beforeEach(() => reset());

  it("pushes and pops through the entry points, with host-sim's gas", () => {
    expect(callEntry<Option<u64>>("pop").unwrap().isSome).toBe(false);
    // The same figures as tests/sim/stack.test.ts.
    expect(lastReceipt().gasSpent).toBe(22117);
    callEntryWith<u64, u32>("push", 5).unwrap();
    expect(lastReceipt().gasSpent).toBe(567);
    callEntryWith<u64, u32>("push", 6).unwrap();
    expect(callEntryWith<u64, u32>("push", 7).unwrap()).toBe(3);
    expect(callEntry<Option<u64>>("peek").unwrap().unwrap()).toBe(7);
    expect(callEntry<Option<u64>>("pop").unwrap().unwrap()).toBe(7);
    expect(lastReceipt().gasSpent).toBe(2013);
    expect(callEntry<u32>("len").unwrap()).toBe(2);
  });

  it("starts empty again after reset", () => {
    expect(callEntry<u32>("len").unwrap()).toBe(0);
  });

  it("keeps strings and the box", () => {
    callEntryWith<string, u32>("add_name", "a");
    callEntryWith<string, u32>("add_name", "bcdefghijk");
    const names = callEntry<Array<string>>("names_list").unwrap();
    expect(names.length).toBe(2);
    expect(names[1]).toBe("bcdefghijk");
    callEntryWith<i16, Unit>("set_box", -7).unwrap();
    expect(callEntry<Option<i16>>("get_box").unwrap().unwrap()).toBe(-7);
  });

  it("continues from a commit", () => {
    callEntryWith<u32, u32>("fill", 5000).unwrap();
    expect(lastReceipt().gasSpent).toBe(1340281);
    const root = commit();
    callEntry<Unit>("clear").unwrap();
    expect(callEntry<u32>("len").unwrap()).toBe(0);
    startFrom(root);
    expect(callEntry<u64>("sum").unwrap()).toBe((4999 * 5000) / 2);
    expect(callEntry<Option<u64>>("pop").unwrap().unwrap()).toBe(4999);
  });

  it("sums as a plain class", () => {
    const s = new Stack();
    s.fill(10);
    expect(s.sum()).toBe(45);
  });
});
