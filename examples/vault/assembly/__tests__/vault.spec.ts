import { ContractId, Unit } from "../../../../assembly/index";
import * as rkyv from "../../../../assembly/codec/index";
import { AccountData, AccountPublicKey, transferContract } from "../../../../assembly/dusk/index";
import { deployContract, expectPanic, lastReceipt, reset, setMetaRaw, topLevelCall } from "../../../../assembly/testing/index";
import { deployTransferStandIn, standInExecuteRaw, standInFund } from "../../../../assembly/testing/transfer";

// The vault and the STAND-IN transfer contract the package ships, both deployed into the spec's
// host-sim session; the spec plays the node: it funds accounts and runs public transactions through
// the stand-in (piecrust-as/assembly/testing's standInFund and standInExecute).

/** The accounts of tests/dusk/vault.test.ts: limb i of coordinate k (1..4) is n·100 + k·10 + i. */
function account(n: u64): AccountPublicKey {
  const a = new AccountPublicKey();
  const p = a.point;
  const coords = [p.x.c0, p.x.c1, p.y.c0, p.y.c1];
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < 6; i++) coords[k].limbs[i] = n * 100 + <u64>(k + 1) * 10 + <u64>i;
  }
  return a;
}

function bytesOf<T>(v: T, cap: i32): Uint8Array {
  const b = new Uint8Array(cap);
  const n = rkyv.encode<T>(v, b.dataStart, <u32>cap);
  return b.subarray(0, <i32>n);
}

let vault: ContractId = new ContractId();

function tx(from: u64, fn: string, args: Uint8Array, deposit: u64): bool {
  return standInExecuteRaw(account(from), deposit, vault, fn, args).isOk;
}

describe("vault through the stand-in transfer contract", () => {
  beforeEach(() => {
    reset();
    const owner = new Uint8Array(96);
    expect(deployTransferStandIn(owner).equals(transferContract())).toBe(true);
    vault = deployContract("vault", owner);
    standInFund(account(1), 1000);
    standInFund(account(2), 50);
  });

  it("takes a deposit and pays it back out", () => {
    expect(tx(1, "deposit", bytesOf<u64>(300, 8), 300)).toBe(true);
    // The same figure as tests/dusk/vault.test.ts.
    expect(lastReceipt().gasSpent).toBe(586199);
    expect(topLevelCall<ContractId, u64>(transferContract(), "contract_balance", vault).unwrap()).toBe(300);
    expect(topLevelCall<AccountPublicKey, u64>(vault, "balance_of", account(1)).unwrap()).toBe(300);
    expect(tx(1, "withdraw", bytesOf<u64>(120, 8), 0)).toBe(true);
    const a = topLevelCall<AccountPublicKey, AccountData>(transferContract(), "account", account(1)).unwrap();
    expect(a.balance).toBe(820);
    expect(a.nonce).toBe(2);
    expect(topLevelCall<Unit, u64>(vault, "total", new Unit()).unwrap()).toBe(180);
  });

  it("refuses an overdraw and a deposit that does not match", () => {
    expect(tx(1, "withdraw", bytesOf<u64>(1, 8), 0)).toBe(false);
    expect(tx(1, "deposit", bytesOf<u64>(60, 8), 50)).toBe(false);
    // A shielded sender (public_sender None): the vault refuses it.
    setMetaRaw("public_sender", new Uint8Array(208));
    expectPanic(topLevelCall<u64, Unit>(vault, "deposit", 5), "public (Moonlight) transactions only");
    expect(topLevelCall<AccountPublicKey, AccountData>(transferContract(), "account", account(1)).unwrap().balance).toBe(1000);
  });
});
