import { ContractId, ContractErrorCode, Tuple2, Tuple3, Unit, rkyv, selfId } from "../../../../assembly/index";
import { callEntry, callEntryWith, deployContract, expectError, lastReceipt, reset } from "../../../../assembly/testing/index";
import { CallCenter } from "../index";

let counter: ContractId = new ContractId();

describe("callcenter", () => {
  beforeEach(() => {
    reset();
    // The counter is built from its source and runs in the test's host-sim session.
    counter = deployContract("counter", new Uint8Array(32));
  });

  it("queries and increments another contract through c, with the receipt's gas and call tree", () => {
    expect(callEntryWith<ContractId, u64>("query_counter", counter).unwrap()).toBe(0xfc);
    const r = lastReceipt();
    // The same figure as tests/sim/callcenter.test.ts.
    expect(r.gasSpent).toBe(1793);
    // Reverse post-order: the callee first, the contract under test last.
    expect(r.callTree.length).toBe(2);
    expect(r.callTree[0].contract.equals(counter)).toBe(true);
    expect(r.callTree[1].contract.equals(selfId())).toBe(true);
    expect(r.callTree[0].spent + r.callTree[1].spent).toBe(r.gasSpent);
    callEntryWith<ContractId, Unit>("increment_counter", counter).unwrap();
    // A direct call of the contract's method runs in the spec, its `c` in host-sim.
    expect(new CallCenter().query_counter(counter)).toBe(0xfd);
  });

  it("returns callee failures as values", () => {
    const missing = ContractId.fromBytes(new Uint8Array(32));
    expect(callEntryWith<Tuple2<ContractId, string>, string>("try_call", new Tuple2(missing, "read_value")).unwrap()).toBe("Contract does not exist");
    expect(callEntryWith<Tuple2<ContractId, string>, string>("try_call", new Tuple2(counter, "nope")).unwrap()).toBe("Unknown");
    expect(callEntryWith<Tuple3<ContractId, string, u64>, string>("try_call_with_gas", new Tuple3(counter, "increment", 1)).unwrap()).toBe("OutOfGas");
    // unwrap in the contract: the callee's error becomes this call's panic.
    expectError(callEntryWith<ContractId, Unit>("increment_counter", missing), ContractErrorCode.Panic);
  });

  it("is re-entered by its callees", () => {
    expect(callEntryWith<u32, u32>("recurse", 10).unwrap()).toBe(11);
    expect(callEntry<u64>("call_count").unwrap()).toBe(11);
    // Another callcenter calls back into the one under test while its frame is running: the
    // re-entered frame sees the count its caller has just incremented.
    const peer = deployContract("callcenter", new Uint8Array(32));
    const inner = new Tuple3<ContractId, string, Uint8Array>(selfId(), "call_count", new Uint8Array(0));
    const raw = callEntryWith<Tuple3<ContractId, string, Uint8Array>, Uint8Array>(
      "delegate_query",
      new Tuple3(peer, "delegate_query", encodeInner(inner)),
    ).unwrap();
    // The peer's answer is the archive of call_count's raw result (a u64): 11 + this call = 12.
    const answer = rkyv.decode<Uint8Array>(raw.dataStart, <u32>raw.length);
    expect(load<u64>(answer.dataStart)).toBe(12);
    expect(callEntry<bool>("calling_self").unwrap()).toBe(true);
  });

  it("delegates raw queries", () => {
    const raw = callEntryWith<Tuple3<ContractId, string, Uint8Array>, Uint8Array>("delegate_query", new Tuple3(counter, "read_value", new Uint8Array(0))).unwrap();
    expect(raw[0]).toBe(0xfc);
    expect(callEntry<u64>("call_count").unwrap()).toBe(1);
  });
});

function encodeInner(t: Tuple3<ContractId, string, Uint8Array>): Uint8Array {
  const out = new Uint8Array(256);
  const n = rkyv.encode<Tuple3<ContractId, string, Uint8Array>>(t, out.dataStart, 256);
  return out.subarray(0, n);
}
