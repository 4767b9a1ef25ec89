// A fungible token. Balances are u128 (as-bignum), the same type a Rust token would use, so Rust
// contracts and wallets read them unchanged. Accounts are 32-byte ids, and the balances and
// allowances live in PersistentMaps: sorted blocks of linear memory with no object per entry.
//
// Who is acting: a contract calling the token acts for itself (caller()). A top-level call acts for
// the account named by the session metadata "signer" (the embedder sets it after checking a
// signature, as Rusk does for transactions), or for the owner when no signer is set.

import { u128 } from "as-bignum/assembly";
import { ContractId, PersistentMap, Tuple2, callWithLimit, caller, emit, metaData, panicStr, selfOwnerAccount } from "../../../assembly/index";
import { Approval, Deposit, Transfer } from "./types";

/** Minted tokens come from the all-zero account. */
const ZERO = new ContractId();
/** Gas handed to a receiver's `on_receive`: a failed callee costs its whole limit, so bound it. */
const RECEIVE_GAS: u64 = 2_000_000;

function owner(): ContractId {
  return selfOwnerAccount();
}

/** The account this call acts for (see the header). */
function sender(): ContractId {
  const c = caller();
  if (c !== null) return c;
  const signer = metaData<ContractId>("signer");
  return signer !== null ? signer : owner();
}

@contract
class Token {
  private balances: PersistentMap<ContractId, u128> = new PersistentMap<ContractId, u128>();
  private allowances: PersistentMap<Tuple2<ContractId, ContractId>, u128> = new PersistentMap<Tuple2<ContractId, ContractId>, u128>();
  private supply: u128 = u128.Zero;

  /** Deploy-time: mints `initial_supply` to the owner. */
  constructor(initial_supply: u128) {
    this._mint(owner(), initial_supply);
  }

  name(): string {
    return "Example Token";
  }

  symbol(): string {
    return "EXT";
  }

  decimals(): u8 {
    return 18;
  }

  total_supply(): u128 {
    return this.supply;
  }

  balance_of(account: ContractId): u128 {
    return this.balances.getOrZero(account);
  }

  allowance(owner: ContractId, spender: ContractId): u128 {
    return this.allowances.getOrZero(new Tuple2(owner, spender));
  }

  /** Moves `amount` from the sender to `to`. */
  transfer(to: ContractId, amount: u128): void {
    this._move(sender(), to, amount);
  }

  /** Lets `spender` move up to `amount` of the sender's tokens (replacing any earlier allowance). */
  approve(spender: ContractId, amount: u128): void {
    const from = sender();
    this.allowances.set(new Tuple2(from, spender), amount);
    emit<Approval>("approval", new Approval(from, spender, amount));
  }

  /** Moves `amount` from `from` to `to` out of the allowance `from` gave the sender. */
  transfer_from(from: ContractId, to: ContractId, amount: u128): void {
    const spender = sender();
    const allowed = this.allowance(from, spender);
    if (allowed < amount) panicStr("insufficient allowance");
    this.allowances.set(new Tuple2(from, spender), allowed - amount);
    this._move(from, to, amount);
  }

  /** Creates `amount` new tokens for `to`; only the owner may. */
  mint(to: ContractId, amount: u128): void {
    if (!sender().equals(owner())) panicStr("only the owner can mint");
    this._mint(to, amount);
  }

  /**
   * Transfers to a contract and tells it with `on_receive(Deposit)`, which returns how many
   * deposits it has seen. If the receiver fails, the whole call fails and the transfer is undone.
   */
  transfer_and_call(to: ContractId, amount: u128, memo: string): u32 {
    const from = sender();
    this._move(from, to, amount);
    return callWithLimit<Deposit, u32>(to, "on_receive", new Deposit(from, amount, memo), RECEIVE_GAS).unwrap();
  }

  private _mint(to: ContractId, amount: u128): void {
    const supply = this.supply + amount;
    if (supply < amount) panicStr("supply overflow");
    this.supply = supply;
    this.balances.set(to, this.balance_of(to) + amount);
    emit<Transfer>("transfer", new Transfer(ZERO, to, amount));
  }

  private _move(from: ContractId, to: ContractId, amount: u128): void {
    const have = this.balance_of(from);
    if (have < amount) panicStr("insufficient balance");
    this.balances.set(from, have - amount);
    // Total supply bounds every balance, so this cannot overflow.
    this.balances.set(to, this.balance_of(to) + amount);
    emit<Transfer>("transfer", new Transfer(from, to, amount));
  }
}
