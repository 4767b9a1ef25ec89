import { u128 } from "as-bignum/assembly";
import { ContractId, Tuple2, Unit, selfId } from "../../../../assembly/index";
import {
  callEntry, callEntryWith, deployContractWith, expectPanic, lastEvent, reset, resetSession, setMeta, topLevelCall,
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
    resetSession();
    // The token wasm runs in host-sim; the escrow under test reaches it with real calls.
    token = deployContractWith<u128>("token", OWNER.toBytes(), u128.from(10000));
    setMeta<ContractId>("signer", OWNER);
    topLevelCall<Tuple2<ContractId, u128>, Unit>(token, "transfer", new Tuple2(BUYER, u128.from(1000))).unwrap();
    callEntryWith<ContractId, Unit>("init", token).unwrap();
  });

  it("runs a deal from open to release", () => {
    setMeta<ContractId>("signer", SELLER);
    const deal = callEntryWith<Tuple2<ContractId, u128>, u64>("open", new Tuple2(BUYER, u128.from(300))).unwrap();
    expect(lastEvent().decode<DealChanged>().state).toBe(State.Open);
    setMeta<ContractId>("signer", BUYER);
    // The buyer approves the escrow (the contract under test has the test's self id) in the token.
    topLevelCall<Tuple2<ContractId, u128>, Unit>(token, "approve", new Tuple2(selfId(), u128.from(300))).unwrap();
    callEntryWith<u64, Unit>("fund", deal).unwrap();
    callEntryWith<u64, Unit>("release", deal).unwrap();
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
