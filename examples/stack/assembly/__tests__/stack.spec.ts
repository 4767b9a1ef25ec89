import { Option, Unit } from "../../../../assembly/index";
import { callEntry, callEntryWith, reset } from "../../../../assembly/testing/index";
import { Stack } from "../index";

describe("stack", () => {
  beforeEach(() => reset());

  it("pushes and pops through the entry points", () => {
    expect(callEntry<Option<u64>>("pop").unwrap().isSome).toBe(false);
    callEntryWith<u64, u32>("push", 10).unwrap();
    expect(callEntryWith<u64, u32>("push", 20).unwrap()).toBe(2);
    expect(callEntry<Option<u64>>("peek").unwrap().unwrap()).toBe(20);
    expect(callEntry<Option<u64>>("pop").unwrap().unwrap()).toBe(20);
    expect(callEntry<u32>("len").unwrap()).toBe(1);
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

  it("sums as a plain class", () => {
    const s = new Stack();
    s.fill(10);
    expect(s.sum()).toBe(45);
  });
});
