// The STAND-IN's own types, test-only, with no dusk-core counterpart: the node's part (funding an
// account, running a public transaction). dusk-core's transfer types are the SDK's
// (piecrust-as/assembly/dusk, assembly/dusk/transfer.ts).

import { ContractId } from "../../../assembly/index";
import { AccountPublicKey } from "../../../assembly/dusk/transfer";

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
