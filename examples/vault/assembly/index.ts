// A vault on Dusk: public accounts deposit DUSK into it and withdraw their own share, the money
// moving through the transfer contract with the SDK's helpers (piecrust-as/assembly/dusk; under
// host-sim the contract at the transfer id is the STAND-IN, examples/transfer-stand-in).
// Who is acting is the transaction's public sender (dusk-core's `public_sender` metadata), so it
// runs on host-sim's Dusk profile: VM.ephemeral({ profile: "dusk" }).

import { ContractId, Tuple2, caller, emit, panicStr, selfId } from "../../../assembly/index";
import { AccountPublicKey, ReceiveFromContract, publicSender } from "../../../assembly/dusk/index";
// A namespace: the contract's own entry points (deposit among them) are functions of this file.
import * as transfer from "../../../assembly/dusk/transfer";
import * as rkyv from "../../../assembly/codec/index";
import { Deposited, Withdrawn } from "./types";

/** The sending account, as the transfer contract's AccountPublicKey. */
function sender(): AccountPublicKey {
  const key = publicSender();
  if (key === null) panicStr("the vault takes public (Moonlight) transactions only");
  return AccountPublicKey.fromBls(key!);
}

@contract
class Vault {
  private balances: Map<string, u64> = new Map<string, u64>();

  /** Takes the transaction's deposit of `value` and credits it to the sender. */
  deposit(value: u64): void {
    const who = sender();
    transfer.deposit(value).unwrap();
    const k = who.key();
    this.balances.set(k, this._balance(k) + value);
    emit<Deposited>("deposited", new Deposited(who, value));
  }

  /** Pays `value` of the sender's share back to the sender's account. */
  withdraw(value: u64): void {
    const who = sender();
    const k = who.key();
    const b = this._balance(k);
    if (b < value) panicStr("the vault holds less than that for this account");
    this.balances.set(k, b - value);
    transfer.contractToAccount(who, value).unwrap();
    emit<Withdrawn>("withdrawn", new Withdrawn(who, value));
  }

  /**
   * Moves `value` of the sender's share to the same account's share in another vault (`to`),
   * through the transfer contract's contract_to_contract.
   */
  send_to(a: Tuple2<ContractId, u64>): void {
    const who = sender();
    const k = who.key();
    const b = this._balance(k);
    if (b < a._1) panicStr("the vault holds less than that for this account");
    this.balances.set(k, b - a._1);
    const data = new Uint8Array(200);
    rkyv.encode<AccountPublicKey>(who, data.dataStart, 200);
    transfer.contractToContract(a._0, a._1, "receive_from_contract", data).unwrap();
  }

  /** The transfer contract's call after another vault sent value here: credits the account in `data`. */
  receive_from_contract(r: ReceiveFromContract): void {
    const c = caller();
    if (c === null || !c.equals(transfer.transferContract())) panicStr("only the transfer contract sends value");
    if (rkyv.validate<AccountPublicKey>(r.data.dataStart, <u32>r.data.length) !== null) panicStr("the data is not an account key");
    const who = rkyv.decode<AccountPublicKey>(r.data.dataStart, <u32>r.data.length);
    const k = who.key();
    this.balances.set(k, this._balance(k) + r.value);
    emit<Deposited>("deposited", new Deposited(who, r.value));
  }

  /** What the vault holds for `account`. */
  balance_of(account: AccountPublicKey): u64 {
    return this._balance(account.key());
  }

  /** Everything the vault holds, as the transfer contract counts it. */
  total(): u64 {
    return transfer.contractBalance(selfId()).unwrap();
  }

  private _balance(k: string): u64 {
    return this.balances.has(k) ? this.balances.get(k) : 0;
  }
}
