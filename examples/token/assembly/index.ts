// A fungible token. Balances are u128 (as-bignum), the same type a Rust token would use, so Rust
// contracts and wallets read them unchanged. Accounts are 32-byte ids.
//
// Who is acting: a contract calling the token acts for itself (caller()). A top-level call acts for
// the account named by the session metadata "signer" (the embedder sets it after checking a
// signature, as Rusk does for transactions), or for the owner when no signer is set.

import { u128 } from "as-bignum/assembly";
import { ContractId, callWithLimit, caller, emit, metaData, panicStr, selfOwnerAccount } from "../../../assembly/index";
import { Approval, Deposit, Transfer } from "./types";

/** Minted tokens come from the all-zero account. */
const ZERO = new ContractId();
/** Gas handed to a receiver's `on_receive`: a failed callee costs its whole limit, so bound it. */
const RECEIVE_GAS: u64 = 2_000_000;

// Map keys: the id's 32 bytes viewed as 16 UTF-16 units. Hashing and comparing them is cheap;
// hex would cost a string concatenation per byte on every call.
function key(id: ContractId): string {
  return String.UTF16.decodeUnsafe(id.ptr, 32);
}

function pairKey(a: ContractId, b: ContractId): string {
  return key(a) + key(b);
}

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
  private balances: Map<string, u128> = new Map<string, u128>();
  private allowances: Map<string, u128> = new Map<string, u128>();
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
    const k = key(account);
    return this.balances.has(k) ? this.balances.get(k) : u128.Zero;
  }

  allowance(owner: ContractId, spender: ContractId): u128 {
    const k = pairKey(owner, spender);
    return this.allowances.has(k) ? this.allowances.get(k) : u128.Zero;
  }

  /** Moves `amount` from the sender to `to`. */
  transfer(to: ContractId, amount: u128): void {
    this._move(sender(), to, amount);
  }

  /** Lets `spender` move up to `amount` of the sender's tokens (replacing any earlier allowance). */
  approve(spender: ContractId, amount: u128): void {
    const from = sender();
    this.allowances.set(pairKey(from, spender), amount);
    emit<Approval>("approval", new Approval(from, spender, amount));
  }

  /** Moves `amount` from `from` to `to` out of the allowance `from` gave the sender. */
  transfer_from(from: ContractId, to: ContractId, amount: u128): void {
    const spender = sender();
    const allowed = this.allowance(from, spender);
    if (allowed < amount) panicStr("insufficient allowance");
    this.allowances.set(pairKey(from, spender), allowed - amount);
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
    this.balances.set(key(to), this.balance_of(to) + amount);
    emit<Transfer>("transfer", new Transfer(ZERO, to, amount));
  }

  private _move(from: ContractId, to: ContractId, amount: u128): void {
    const have = this.balance_of(from);
    if (have < amount) panicStr("insufficient balance");
    this.balances.set(key(from), have - amount);
    // Total supply bounds every balance, so this cannot overflow.
    this.balances.set(key(to), this.balance_of(to) + amount);
    emit<Transfer>("transfer", new Transfer(from, to, amount));
  }
}
