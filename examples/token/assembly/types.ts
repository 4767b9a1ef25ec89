// The token's wire types: its events and the deposit notice of transfer_and_call. They live apart
// from the contract so specs and other contracts (escrow) can import them: everything exported
// from a contract's entry file becomes a wasm export, which Piecrust allows for functions only.

import { u128 } from "as-bignum/assembly";
import { ContractId } from "../../../assembly/index";

@event("transfer")
@archive
export class Transfer {
  from: ContractId;
  to: ContractId;
  amount: u128;
  constructor(from: ContractId, to: ContractId, amount: u128) {
    this.from = from;
    this.to = to;
    this.amount = amount;
  }
}

@event("approval")
@archive
export class Approval {
  owner: ContractId;
  spender: ContractId;
  amount: u128;
  constructor(owner: ContractId, spender: ContractId, amount: u128) {
    this.owner = owner;
    this.spender = spender;
    this.amount = amount;
  }
}

/** What `transfer_and_call` hands to the receiving contract's `on_receive`. */
@archive
export class Deposit {
  from: ContractId;
  amount: u128;
  memo: string;
  constructor(from: ContractId, amount: u128, memo: string) {
    this.from = from;
    this.amount = amount;
    this.memo = memo;
  }
}
