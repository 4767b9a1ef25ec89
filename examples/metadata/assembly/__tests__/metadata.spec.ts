import { ContractId } from "../../../../assembly/index";
import {
  callEntry, callEntryWith, lastReceipt, reset, setCaller, setCallstack, setMeta, setMetaRaw, setOwner, setSelfId,
} from "../../../../assembly/testing/index";
import { Metadata } from "../index";

function id(fill: u8): ContractId {
  const b = new Uint8Array(32);
  b.fill(fill);
  return ContractId.fromBytes(b);
}

describe("metadata", () => {
  beforeEach(() => reset());

  it("reports the owner and id the test sets, with host-sim's gas", () => {
    const owner = new Uint8Array(32);
    for (let i = 0; i < 32; i++) owner[i] = <u8>(0x40 + i);
    setOwner(owner);
    setSelfId(id(0x42));
    const o = callEntry<Uint8Array>("read_owner").unwrap();
    // The same figures as tests/sim/metadata.test.ts.
    expect(lastReceipt().gasSpent).toBe(708);
    expect(o.length).toBe(32);
    for (let i = 0; i < 32; i++) expect(o[i]).toBe(<u8>(0x40 + i));
    expect(callEntry<ContractId>("read_id").unwrap().equals(id(0x42))).toBe(true);
    expect(lastReceipt().gasSpent).toBe(349);
  });

  it("sees no caller at the top level, and the callers the test sets", () => {
    // A direct method call and the entry point agree.
    expect(new Metadata().read_caller()).toBeNull();
    expect(callEntry<ContractId | null>("read_caller").unwrap()).toBeNull();
    setCaller(id(9));
    const c = new Metadata().read_caller();
    expect(c).not.toBeNull();
    expect(c!.equals(id(9))).toBe(true);
    const viaEntry = callEntry<ContractId | null>("read_caller").unwrap();
    expect(viaEntry!.equals(id(9))).toBe(true);
    setCallstack([id(1), id(2), id(3)]);
    expect(callEntry<u32>("depth").unwrap()).toBe(3);
    expect(new Metadata().depth()).toBe(3);
  });

  it("reads session metadata, with fallbacks when absent", () => {
    expect(callEntry<u8>("chain_id").unwrap()).toBe(0);
    setMeta<u8>("chain_id", 2);
    setMeta<u64>("block_height", 123456);
    expect(callEntry<u8>("chain_id").unwrap()).toBe(2);
    expect(callEntry<u64>("block_height").unwrap()).toBe(123456);
    const raw = new Uint8Array(3);
    raw[0] = 1;
    setMetaRaw("x", raw);
    expect(callEntryWith<string, Uint8Array>("meta_raw", "x").unwrap().length).toBe(3);
  });
});
