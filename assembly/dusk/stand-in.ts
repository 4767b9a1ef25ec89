// STAND-IN ONLY, with no dusk-core counterpart: the node's part of host-sim's stand-in transfer
// contract (examples/transfer-stand-in), funding an account and running a public transaction. The
// stand-in takes them and a spec sends them (piecrust-as/assembly/testing: standInFund,
// standInExecute); they are not part of piecrust-as/assembly/dusk's index, and the real transfer
// contract has no such functions.

import { ContractId } from "../types";
import { AccountPublicKey } from "./transfer";

/**
 * STAND-IN ONLY (no dusk-core counterpart): a public (Moonlight-like) transaction, which the real
 * transfer contract gets from the node as a signed `Transaction` in `spend_and_execute`.
 */
@archive
export class StandInTransaction {
  sender: AccountPublicKey;
  deposit: u64;
  contract: ContractId;
  fn_name: string;
  fn_args: Uint8Array;
  constructor(sender: AccountPublicKey, deposit: u64, contract: ContractId, fn_name: string, fn_args: Uint8Array) {
    this.sender = sender;
    this.deposit = deposit;
    this.contract = contract;
    this.fn_name = fn_name;
    this.fn_args = fn_args;
  }
}

/** STAND-IN ONLY: credits a public account out of thin air (the genesis state, in tests). */
@archive
export class StandInFund {
  account: AccountPublicKey;
  value: u64;
  constructor(account: AccountPublicKey, value: u64) {
    this.account = account;
    this.value = value;
  }
}
