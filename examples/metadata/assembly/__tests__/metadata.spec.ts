import { ContractId, Unit } from "../../../../assembly/index";
import { deployContract, reset, resetSession, setMeta, setMetaRaw, topLevelCall } from "../../../../assembly/testing/index";
import "../index";

// The contract runs from its built wasm (build/metadata.wasm) in host-sim, so what it reports comes
// from Piecrust's host functions, not from values the spec set on itself.
function ownerBytes(seed: u8): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[i] = <u8>(seed + i * 7);
  return b;
}

function sameBytes(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
  return true;
}

let first: ContractId = new ContractId();
let second: ContractId = new ContractId();

describe("metadata", () => {
  beforeEach(() => {
    reset();
    resetSession();
    // Without an id host-sim names a contract by its bytecode hash: two instances need their own.
    first = deployContract("metadata", ownerBytes(3), null, ContractId.fromBytes(ownerBytes(200)));
    second = deployContract("metadata", ownerBytes(100), null, ContractId.fromBytes(ownerBytes(201)));
  });

  it("reads its own 32-byte owner and id, and another contract's owner", () => {
    expect(sameBytes(topLevelCall<Unit, Uint8Array>(first, "read_owner", new Unit()).unwrap(), ownerBytes(3))).toBe(true);
    expect(sameBytes(topLevelCall<Unit, Uint8Array>(second, "read_owner", new Unit()).unwrap(), ownerBytes(100))).toBe(true);
    expect(topLevelCall<Unit, ContractId>(first, "read_id", new Unit()).unwrap().equals(first)).toBe(true);
    expect(sameBytes(topLevelCall<ContractId, Uint8Array>(first, "owner_of", second).unwrap(), ownerBytes(100))).toBe(true);
    const missing = ContractId.fromBytes(ownerBytes(55));
    expect(topLevelCall<ContractId, Uint8Array>(first, "owner_of", missing).unwrap().length).toBe(0);
  });

  it("has no caller and no frame above it when called at the top level", () => {
    expect(topLevelCall<Unit, ContractId | null>(first, "read_caller", new Unit()).unwrap()).toBeNull();
    expect(topLevelCall<Unit, u32>(first, "depth", new Unit()).unwrap()).toBe(0);
  });

  it("reads session metadata as rkyv values, with its fallbacks when absent", () => {
    expect(topLevelCall<Unit, u8>(first, "chain_id", new Unit()).unwrap()).toBe(0);
    expect(topLevelCall<Unit, u64>(first, "block_height", new Unit()).unwrap()).toBe(0);
    setMeta<u8>("chain_id", 2);
    setMeta<u64>("block_height", 123456);
    expect(topLevelCall<Unit, u8>(first, "chain_id", new Unit()).unwrap()).toBe(2);
    expect(topLevelCall<Unit, u64>(first, "block_height", new Unit()).unwrap()).toBe(123456);
    const raw = new Uint8Array(3);
    raw[0] = 1;
    raw[2] = 9;
    setMetaRaw("x", raw);
    expect(sameBytes(topLevelCall<string, Uint8Array>(first, "meta_raw", "x").unwrap(), raw)).toBe(true);
    expect(topLevelCall<string, Uint8Array>(first, "meta_raw", "absent").unwrap().length).toBe(0);
  });
});
