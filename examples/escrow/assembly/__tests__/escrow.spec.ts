import { u128 } from "as-bignum/assembly";
import { ContractId, Tuple2, Unit, selfId } from "../../../../assembly/index";
import {
  callEntry, callEntryWith, deployContractWith, expectPanic, lastEvent, lastReceipt, reset, setMeta, setOwner, setSelfId, topLevelCall,
} from "../../../../assembly/testing/index";
import { Deal, DealChanged, State } from "../types";
import "../index";

function id(fill: u8): ContractId {
  const b = new Uint8Array(32);
  b.fill(fill);
  return ContractId.fromBytes(b);
}

const OWNER = id(0xaa);
const SELLER = id(0x5e);
const BUYER = id(0xb0);
let token: ContractId = new ContractId();

describe("escrow with the real token", () => {
  beforeEach(() => {
    reset();
    setOwner(OWNER.toBytes());
    // The id tests/sim/escrow.test.ts gives the escrow: the token keys allowances by it.
    setSelfId(id(0xe5));
    // The token, built from its source, runs in the same host-sim session as the escrow.
    token = deployContractWith<u128>("token", OWNER.toBytes(), u128.from(10000));
    callEntryWith<ContractId, Unit>("init", token).unwrap();
    topLevelCall<Tuple2<ContractId, u128>, Unit>(token, "transfer", new Tuple2(BUYER, u128.from(1000))).unwrap();
  });

  it("runs a deal from open to release, with host-sim's gas", () => {
    setMeta<ContractId>("signer", SELLER);
    const deal = callEntryWith<Tuple2<ContractId, u128>, u64>("open", new Tuple2(BUYER, u128.from(300))).unwrap();
    expect(lastEvent().decode<DealChanged>().state).toBe(State.Open);
    setMeta<ContractId>("signer", BUYER);
    topLevelCall<Tuple2<ContractId, u128>, Unit>(token, "approve", new Tuple2(selfId(), u128.from(300))).unwrap();
    callEntryWith<u64, Unit>("fund", deal).unwrap();
    // The same figures as tests/sim/escrow.test.ts; fund's tree: the token's transfer_from, then the escrow.
    const funded = lastReceipt();
    expect(funded.gasSpent).toBe(18579);
    expect(funded.callTree.length).toBe(2);
    expect(funded.callTree[0].contract.equals(token)).toBe(true);
    callEntryWith<u64, Unit>("release", deal).unwrap();
    expect(lastReceipt().gasSpent).toBe(15070);
    const d = callEntryWith<u64, Deal>("deal", deal).unwrap();
    expect(d.state).toBe(State.Released);
    expect(topLevelCall<ContractId, u128>(token, "balance_of", SELLER).unwrap() == u128.from(300)).toBe(true);
  });

  it("cannot fund without an allowance", () => {
    setMeta<ContractId>("signer", SELLER);
    const deal = callEntryWith<Tuple2<ContractId, u128>, u64>("open", new Tuple2(BUYER, u128.from(300))).unwrap();
    setMeta<ContractId>("signer", BUYER);
    expectPanic(callEntryWith<u64, Unit>("fund", deal), "insufficient allowance");
    expect(callEntry<u64>("count").unwrap()).toBe(1);
  });
});
