// The escrow's wire types (kept out of the entry file, whose exports all become wasm exports).

import { u128 } from "as-bignum/assembly";
import { ContractId } from "../../../assembly/index";

/** Where a deal stands. */
@archive
export enum State {
  Open,
  Funded,
  Released,
  Refunded,
}

@archive
export class Deal {
  seller: ContractId;
  buyer: ContractId;
  price: u128;
  state: State;
  constructor(seller: ContractId, buyer: ContractId, price: u128, state: State) {
    this.seller = seller;
    this.buyer = buyer;
    this.price = price;
    this.state = state;
  }
}

/** Emitted on every state change. */
@event("deal")
@archive
export class DealChanged {
  id: u64;
  state: State;
  constructor(id: u64, state: State) {
    this.id = id;
    this.state = state;
  }
}
