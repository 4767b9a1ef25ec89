import { ContractId, ContractErrorCode, Tuple2, Tuple3, Unit } from "../../../../assembly/index";
import { callEntry, callEntryWith, deployContract, expectError, reset, resetSession } from "../../../../assembly/testing/index";
import { CallCenter } from "../index";

let counter: ContractId = new ContractId();

describe("callcenter", () => {
  beforeEach(() => {
    reset();
    resetSession();
    // The real counter wasm (npm run asbuild builds it) runs in host-sim; calls to it are real.
    counter = deployContract("counter", new Uint8Array(32));
  });

  it("queries and increments another contract through c", () => {
    expect(callEntryWith<ContractId, u64>("query_counter", counter).unwrap()).toBe(0xfc);
    callEntryWith<ContractId, Unit>("increment_counter", counter).unwrap();
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

  it("delegates raw queries", () => {
    const raw = callEntryWith<Tuple3<ContractId, string, Uint8Array>, Uint8Array>("delegate_query", new Tuple3(counter, "read_value", new Uint8Array(0))).unwrap();
    expect(raw[0]).toBe(0xfc);
    expect(callEntry<u64>("call_count").unwrap()).toBe(1);
  });
});
