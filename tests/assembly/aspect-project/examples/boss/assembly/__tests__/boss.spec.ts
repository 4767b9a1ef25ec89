import { ContractId, Tuple2 } from "piecrust-as/assembly";
import { callEntryWith, deployContract, reset } from "piecrust-as/assembly/testing";
import "../index";

describe("boss", () => {
  beforeEach(() => reset());

  it("has the meter work twice in one call", () => {
    // A .wasm file, the way a Rust-built contract is deployed: tests/sim/aspect-cli.test.ts builds
    // out/meter.wasm before it runs this spec.
    const meter = deployContract("out/meter.wasm", new Uint8Array(32));
    // work(1) then work(2): 1, then 1 + 1 + 2.
    expect(callEntryWith<Tuple2<ContractId, u32>, u64>("delegate", new Tuple2(meter, 1)).unwrap()).toBe(4);
  });
});
