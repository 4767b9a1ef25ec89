import { ContractId, Tuple3, rkyv } from "../../../../assembly/index";
import { callEntry, callEntryWith, deployContract, lastReceipt, reset, topLevelCall, topLevelCallRaw } from "../../../../assembly/testing/index";
// The contract under test: importing it gives the spec its entry points.
import { CallCenter } from "../index";

// A contract built by rustc (bench/reference/rust-string.wasm, from rust-string.rs beside it),
// deployed from the spec into the same host-sim session as the callcenter under test. The gas
// figures are those of tests/sim/rust-string.test.ts, which are docs/contracts.md's Rust row.
const RUST = "bench/reference/rust-string.wasm";
let rust: ContractId = new ContractId();

/** The gas of a raw call with no argument (noop answers with no bytes, which nothing decodes). */
function gasOf(fn: string): u64 {
  expect(topLevelCallRaw(rust, fn).unwrap().length).toBe(0);
  return lastReceipt().gasSpent;
}

describe("a Rust-built contract deployed from a spec", () => {
  beforeEach(() => {
    reset();
    rust = deployContract(RUST, new Uint8Array(32));
  });

  it("echoes strings with host-sim's gas for them", () => {
    const ascii = "x".repeat(100);
    // Before the Rust allocator's first use, as in the node test.
    expect(topLevelCall<string, string>(rust, "echo_string", ascii).unwrap()).toBe(ascii);
    expect(lastReceipt().gasSpent).toBe(2322);
    expect(lastReceipt().callTree.length).toBe(1);
    expect(lastReceipt().callTree[0].contract.equals(rust)).toBe(true);
    // After it: the figures above a no-op call that docs/contracts.md records.
    topLevelCall<string, string>(rust, "echo_string", ascii).unwrap();
    const echo = lastReceipt().gasSpent;
    const noop = gasOf("noop");
    expect(noop).toBe(2);
    expect(echo - noop).toBe(892);
    const accents = "é".repeat(50);
    expect(topLevelCall<string, string>(rust, "echo_string", accents).unwrap()).toBe(accents);
    expect(lastReceipt().gasSpent - noop).toBe(3115);
  });

  it("is called by the AssemblyScript contract under test", () => {
    const arg = new Uint8Array(64);
    const n = rkyv.encode<string>("from AssemblyScript to Rust", arg.dataStart, 64);
    const raw = callEntryWith<Tuple3<ContractId, string, Uint8Array>, Uint8Array>(
      "delegate_query",
      new Tuple3(rust, "echo_string", arg.subarray(0, n)),
    ).unwrap();
    expect(rkyv.decode<string>(raw.dataStart, <u32>raw.length)).toBe("from AssemblyScript to Rust");
    const r = lastReceipt();
    expect(r.gasSpent).toBe(5405);
    // Reverse post-order: the Rust callee first, the callcenter last.
    expect(r.callTree.length).toBe(2);
    expect(r.callTree[0].contract.equals(rust)).toBe(true);
    expect(callEntry<u64>("call_count").unwrap()).toBe(1);
    // A direct method call runs in the spec's own instance, which the entry calls did not touch.
    expect(new CallCenter().call_count()).toBe(0);
  });
});
