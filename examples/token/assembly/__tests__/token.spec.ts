import { u128 } from "as-bignum/assembly";
import { ContractId, Tuple2, Tuple3, Unit } from "../../../../assembly/index";
import {
  callEntryWith, callEntry, deployContract, events, expectPanic, lastEvent, lastReceipt, reset, setCaller, setMeta, setOwner, topLevelCall,
} from "../../../../assembly/testing/index";
import { Approval, Transfer } from "../types";
// The contract under test: the spec imports it, and the host builds and deploys it.
import { Token } from "../index";

function id(fill: u8): ContractId {
  const b = new Uint8Array(32);
  b.fill(fill);
  return ContractId.fromBytes(b);
}

const OWNER = id(0xaa);
const ALICE = id(1);
const BOB = id(2);

function balance(who: ContractId): u128 {
  return callEntryWith<ContractId, u128>("balance_of", who).unwrap();
}

describe("token", () => {
  beforeEach(() => {
    reset();
    setOwner(OWNER.toBytes());
  });

  it("mints the initial supply to the owner at deploy, and transfers, with host-sim's gas", () => {
    // `init` runs the constructor when the first entry call deploys the contract.
    callEntryWith<u128, Unit>("init", u128.from(1000000)).unwrap();
    // The same figures as tests/sim/token.test.ts.
    expect(lastReceipt().gasSpent).toBe(3695);
    const e = lastEvent();
    expect(e.topic).toBe("transfer");
    expect(e.decode<Transfer>().to.equals(OWNER)).toBe(true);
    callEntryWith<Tuple2<ContractId, u128>, Unit>("transfer", new Tuple2(ALICE, u128.from(250))).unwrap();
    expect(lastReceipt().gasSpent).toBe(3729);
    expect(balance(ALICE) == u128.from(250)).toBe(true);
    expect(lastReceipt().gasSpent).toBe(661);
    expect(balance(OWNER) == u128.from(999750)).toBe(true);
    const t = lastEvent().decode<Transfer>();
    expect(t.from.equals(OWNER)).toBe(true);
    expect(t.amount == u128.from(250)).toBe(true);
    expect(callEntry<u128>("total_supply").unwrap() == u128.from(1000000)).toBe(true);
  });

  it("refuses to overdraw, and the error names the reason", () => {
    callEntryWith<u128, Unit>("init", u128.from(1000)).unwrap();
    setMeta<ContractId>("signer", ALICE);
    const r = callEntryWith<Tuple2<ContractId, u128>, Unit>("transfer", new Tuple2(BOB, u128.from(1)));
    expectPanic(r, "insufficient balance");
    expect(balance(BOB) == u128.Zero).toBe(true);
  });

  it("lets an approved contract spend, within its allowance", () => {
    callEntryWith<u128, Unit>("init", u128.from(1000)).unwrap();
    callEntryWith<Tuple2<ContractId, u128>, Unit>("approve", new Tuple2(BOB, u128.from(50))).unwrap();
    expect(lastEvent().decode<Approval>().spender.equals(BOB)).toBe(true);
    // BOB is a contract calling the token: the call comes from a relay deployed at BOB's id.
    setCaller(BOB);
    callEntryWith<Tuple3<ContractId, ContractId, u128>, Unit>("transfer_from", new Tuple3(OWNER, ALICE, u128.from(40))).unwrap();
    expect(balance(ALICE) == u128.from(40)).toBe(true);
    expectPanic(callEntryWith<Tuple3<ContractId, ContractId, u128>, Unit>("transfer_from", new Tuple3(OWNER, ALICE, u128.from(11))), "insufficient allowance");
  });

  it("works as a plain class too (no argbuf, no codec)", () => {
    const t = new Token(u128.from(5));
    expect(t.balance_of(OWNER) == u128.from(5)).toBe(true);
    expect(t.symbol()).toBe("EXT");
  });

  it("mints for the owner only; a refused call's events are gone", () => {
    callEntryWith<u128, Unit>("init", u128.from(1000)).unwrap();
    setMeta<ContractId>("signer", ALICE);
    expectPanic(callEntryWith<Tuple2<ContractId, u128>, Unit>("mint", new Tuple2(ALICE, u128.from(5))), "only the owner");
    setMeta<ContractId>("signer", OWNER);
    callEntryWith<Tuple2<ContractId, u128>, Unit>("mint", new Tuple2(ALICE, u128.from(5))).unwrap();
    expect(callEntry<u128>("total_supply").unwrap() == u128.from(1005)).toBe(true);
    // The init mint and the owner's mint; the refused mint emitted nothing.
    expect(events().length).toBe(2);
  });

  it("pays a WAT contract that speaks a Rust contract's rkyv bytes, which the token calls", () => {
    callEntryWith<u128, Unit>("init", u128.from(1000)).unwrap();
    const peer = deployContract("examples/rust-peer/peer.wat", OWNER.toBytes());
    const n = callEntryWith<Tuple3<ContractId, u128, string>, u32>("transfer_and_call", new Tuple3(peer, u128.from(250), "hi")).unwrap();
    expect(n).toBe(1);
    expect(topLevelCall<Unit, u32>(peer, "deposits", new Unit()).unwrap()).toBe(1);
    expect(balance(peer) == u128.from(250)).toBe(true);
  });

  it("runs init only once, as Piecrust does", () => {
    callEntryWith<u128, Unit>("init", u128.from(1000)).unwrap();
    expect(callEntryWith<u128, Unit>("init", u128.from(1000)).isErr).toBe(true);
  });
});
