import { ContractId, Tuple3, Unit } from "../../../../assembly/index";
import { deployContract, reset, resetSession, topLevelCall } from "../../../../assembly/testing/index";
import "../index";

// The spec module itself is not metered, so the contract is deployed from its built wasm
// (build/spender.wasm) and called at the top level: host-sim meters it as Piecrust would.
let spender: ContractId = new ContractId();

describe("spender", () => {
  beforeEach(() => {
    reset();
    resetSession();
    spender = deployContract("spender", new Uint8Array(32));
  });

  it("spends more the longer it burns, and reports a growing spent()", () => {
    const short = topLevelCall<u32, u64>(spender, "burn", 100).unwrap();
    const long = topLevelCall<u32, u64>(spender, "burn", 1100).unwrap();
    // Each extra loop turn costs the same: 1000 more turns cost 1000 times one turn's gas (> 1).
    expect(long).toBeGreaterThan(short + 1000);
    const r = topLevelCall<Unit, Tuple3<u64, u64, u64>>(spender, "limit_and_spent", new Unit()).unwrap();
    expect(r._1).toBeGreaterThan(0);
    expect(r._2).toBeGreaterThan(r._1);
    expect(r._0).toBeGreaterThan(r._2);
  });

  it("gives a callee exactly the explicit limit it asks for, and pays what the callee spent", () => {
    const r = topLevelCall<u64, Tuple3<u64, u64, u64>>(spender, "nested", 50000).unwrap();
    expect(r._0).toBe(50000);
    expect(r._1).toBeGreaterThan(0);
    expect(r._1).toBeLessThan(50000);
    expect(r._2).toBeGreaterThan(r._1);
  });

  it("pays a failed callee's whole limit: 3000 gas more limit costs exactly 3000 more", () => {
    // The first call of an AssemblyScript contract also runs its start code; compare warm calls.
    topLevelCall<u64, u64>(spender, "failed_callee_cost", 5000).unwrap();
    const a = topLevelCall<u64, u64>(spender, "failed_callee_cost", 5000).unwrap();
    const b = topLevelCall<u64, u64>(spender, "failed_callee_cost", 8000).unwrap();
    expect(a).toBeGreaterThanOrEqual(5000);
    expect(b - a).toBe(3000);
  });
});
