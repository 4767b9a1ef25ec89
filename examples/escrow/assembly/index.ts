// An escrow for the token example: a seller opens a deal for a buyer and a price; the buyer, having
// approved the escrow in the token, funds it (the escrow pulls the price with transfer_from); then
// the buyer releases the funds to the seller, or the seller refunds the buyer. Every step is one
// top-level call that also runs the token: if the token refuses, the whole step is undone.
//
// Who is acting follows the token's rule: the calling contract, else the session's "signer", else
// the owner.

import { u128 } from "as-bignum/assembly";
import { ContractId, Tuple2, Tuple3, Unit, callWithLimit, caller, emit, metaData, panicStr, selfId, selfOwnerAccount } from "../../../assembly/index";
import { Deal, DealChanged, State } from "./types";

const TOKEN_GAS: u64 = 5_000_000;

function sender(): ContractId {
  const c = caller();
  if (c !== null) return c;
  const signer = metaData<ContractId>("signer");
  return signer !== null ? signer : selfOwnerAccount();
}

@contract
class Escrow {
  private tokenId: ContractId;
  private deals: Map<u64, Deal> = new Map<u64, Deal>();
  private next: u64 = 1;

  /** Deploy-time: the token this escrow holds. */
  constructor(token: ContractId) {
    this.tokenId = token;
  }

  token(): ContractId {
    return this.tokenId;
  }

  /** The seller (the sender) offers a deal to `buyer` for `price`; returns the deal id. */
  open(buyer: ContractId, price: u128): u64 {
    const id = this.next++;
    this.deals.set(id, new Deal(sender(), buyer, price, State.Open));
    emit<DealChanged>("deal", new DealChanged(id, State.Open));
    return id;
  }

  /** The buyer pays the price into the escrow (needs a token allowance for the escrow). */
  fund(id: u64): void {
    const d = this._deal(id, State.Open);
    if (!sender().equals(d.buyer)) panicStr("only the buyer can fund");
    const args = new Tuple3<ContractId, ContractId, u128>(d.buyer, selfId(), d.price);
    callWithLimit<Tuple3<ContractId, ContractId, u128>, Unit>(this.tokenId, "transfer_from", args, TOKEN_GAS).unwrap();
    this._set(id, d, State.Funded);
  }

  /** The buyer releases the funds to the seller. */
  release(id: u64): void {
    const d = this._deal(id, State.Funded);
    if (!sender().equals(d.buyer)) panicStr("only the buyer can release");
    this._pay(d.seller, d.price);
    this._set(id, d, State.Released);
  }

  /** The seller gives the funds back to the buyer. */
  refund(id: u64): void {
    const d = this._deal(id, State.Funded);
    if (!sender().equals(d.seller)) panicStr("only the seller can refund");
    this._pay(d.buyer, d.price);
    this._set(id, d, State.Refunded);
  }

  deal(id: u64): Deal {
    if (!this.deals.has(id)) panicStr("no such deal");
    return this.deals.get(id);
  }

  /** How many deals were opened. */
  count(): u64 {
    return this.next - 1;
  }

  private _deal(id: u64, want: State): Deal {
    if (!this.deals.has(id)) panicStr("no such deal");
    const d = this.deals.get(id);
    if (d.state != want) panicStr("the deal is not in the right state for this");
    return d;
  }

  private _set(id: u64, d: Deal, s: State): void {
    d.state = s;
    emit<DealChanged>("deal", new DealChanged(id, s));
  }

  private _pay(to: ContractId, amount: u128): void {
    const args = new Tuple2<ContractId, u128>(to, amount);
    callWithLimit<Tuple2<ContractId, u128>, Unit>(this.tokenId, "transfer", args, TOKEN_GAS).unwrap();
  }
}
