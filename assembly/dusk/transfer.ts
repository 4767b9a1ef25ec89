// dusk-core's transfer types (core/src/transfer.rs and transfer/moonlight.rs in rusk) and calls into
// the genesis transfer contract, as a contract uses them to take deposits and pay out: the same
// names, field order, rkyv layout and event topics as the Rust structs, so the real transfer
// contract (and host-sim's stand-in, examples/transfer-stand-in) reads them byte for byte.
//   import { deposit, contractToAccount, ContractToAccount, AccountPublicKey } from "piecrust-as/assembly/dusk";

import { ContractId } from "../types";
import { Unit } from "../codec/unit";
import { Result } from "../error";
import { call } from "../call";
import * as rkyv from "../codec/index";
import { BlsPublicKey } from "./keys";

/** dusk-bls12_381's Fp: six Montgomery-form u64 limbs. */
@archive
export class Fp {
  /** The limbs, least significant first. */
  limbs: StaticArray<u64> = new StaticArray<u64>(6);
}

/** dusk-bls12_381's Fp2: c0 + c1·u. */
@archive
export class Fp2 {
  /** The constant part. */
  c0: Fp = new Fp();
  /** The coefficient of u. */
  c1: Fp = new Fp();
}

/** dusk-bls12_381's G2Affine (the infinity flag is its `Choice`: a u8 that 0.14.2, rusk's, does not check). */
@archive
export class G2Affine {
  /** The x coordinate. */
  x: Fp2 = new Fp2();
  /** The y coordinate. */
  y: Fp2 = new Fp2();
  /** The point at infinity when nonzero (any byte is valid). */
  infinity: u8 = 0;
}

/**
 * dusk-core's AccountPublicKey (bls12_381-bls `PublicKey(G2Affine)`), 200 archived bytes: the same
 * bytes as `BlsPublicKey`, but with fields, so that it can be an entry point's argument, an
 * `@archive` field or an event's (the transform maps `@archive` classes only).
 */
@archive
export class AccountPublicKey {
  /** The key's G2 point. */
  point: G2Affine = new G2Affine();

  /** The key of a `BlsPublicKey` (e.g. `publicSender()`'s): the same archived bytes. */
  // @ts-ignore: decorator
  @inline static fromBls(key: BlsPublicKey): AccountPublicKey {
    return rkyv.decode<AccountPublicKey>(changetype<usize>(key.archived), 200);
  }

  /** The archived bytes as hex, a map key that tells keys apart exactly. */
  key(): string {
    const p = this.point;
    let s = "";
    const parts = [p.x.c0, p.x.c1, p.y.c0, p.y.c1];
    for (let i = 0; i < parts.length; i++) {
      for (let j = 0; j < 6; j++) s += parts[i].limbs[j].toString(16) + ".";
    }
    return s + p.infinity.toString();
  }
}

/** `ContractToContract`: a contract sends `value` of its balance to `contract`, calling `fn_name`. */
@archive
export class ContractToContract {
  /** The receiving contract. */
  contract: ContractId;
  /** How much to move, in LUX. */
  value: u64;
  /** The receiver's function called with a `ReceiveFromContract`. */
  fn_name: string;
  /** Bytes passed on to the receiver. */
  data: Uint8Array;
  constructor(contract: ContractId, value: u64, fn_name: string, data: Uint8Array) {
    this.contract = contract;
    this.value = value;
    this.fn_name = fn_name;
    this.data = data;
  }
}

/** `ReceiveFromContract`: what the receiving contract's `fn_name` gets. */
@archive
export class ReceiveFromContract {
  /** The sending contract. */
  contract: ContractId;
  /** How much arrived, in LUX. */
  value: u64;
  /** The sender's bytes. */
  data: Uint8Array;
  constructor(contract: ContractId, value: u64, data: Uint8Array) {
    this.contract = contract;
    this.value = value;
    this.data = data;
  }
}

/** `ContractToAccount`: a contract sends `value` of its balance to a public account. */
@archive
export class ContractToAccount {
  /** The receiving account. */
  account: AccountPublicKey;
  /** How much to pay, in LUX. */
  value: u64;
  constructor(account: AccountPublicKey, value: u64) {
    this.account = account;
    this.value = value;
  }
}

/** `AccountData` (transfer/moonlight.rs): a public account's nonce and balance. */
@archive
export class AccountData {
  /** The number of the account's last transaction (replay protection). */
  nonce: u64;
  /** The balance, in LUX. */
  balance: u64;
  constructor(nonce: u64, balance: u64) {
    this.nonce = nonce;
    this.balance = balance;
  }
}

/** `DepositEvent`, under dusk-core's DEPOSIT_TOPIC "deposit". */
@event("deposit")
@archive
export class DepositEvent {
  /** The public account that attached the deposit (None for a shielded one). */
  sender: AccountPublicKey | null;
  /** The contract that took it. */
  receiver: ContractId;
  /** How much, in LUX. */
  value: u64;
  constructor(sender: AccountPublicKey | null, receiver: ContractId, value: u64) {
    this.sender = sender;
    this.receiver = receiver;
    this.value = value;
  }
}

/** `ContractToContractEvent`, under CONTRACT_TO_CONTRACT_TOPIC "contract_to_contract". */
@event("contract_to_contract")
@archive
export class ContractToContractEvent {
  /** The sending contract. */
  sender: ContractId;
  /** The receiving contract. */
  receiver: ContractId;
  /** How much, in LUX. */
  value: u64;
  constructor(sender: ContractId, receiver: ContractId, value: u64) {
    this.sender = sender;
    this.receiver = receiver;
    this.value = value;
  }
}

/** `ContractToAccountEvent`, under CONTRACT_TO_ACCOUNT_TOPIC "contract_to_account". */
@event("contract_to_account")
@archive
export class ContractToAccountEvent {
  /** The paying contract. */
  sender: ContractId;
  /** The paid account. */
  receiver: AccountPublicKey;
  /** How much, in LUX. */
  value: u64;
  constructor(sender: ContractId, receiver: AccountPublicKey, value: u64) {
    this.sender = sender;
    this.receiver = receiver;
    this.value = value;
  }
}

/** dusk-core's TRANSFER_CONTRACT: the genesis transfer contract's id, 0x01 followed by 31 zero bytes. */
// @ts-ignore: decorator
@inline
export function transferContract(): ContractId {
  const id = new Uint8Array(32);
  id[0] = 1;
  return ContractId.fromBytes(id);
}

/**
 * The transfer contract's `deposit`: takes the `value` attached to the running transaction into
 * this contract's balance. Fails unless the transaction carries exactly `value` for this contract.
 */
// @ts-ignore: decorator
@inline
export function deposit(value: u64): Result<Unit> {
  return call<u64, Unit>(transferContract(), "deposit", value);
}

/** The transfer contract's `contract_to_account`: pays `value` of this contract's balance to `account`. */
// @ts-ignore: decorator
@inline
export function contractToAccount(account: AccountPublicKey, value: u64): Result<Unit> {
  return call<ContractToAccount, Unit>(transferContract(), "contract_to_account", new ContractToAccount(account, value));
}

/**
 * The transfer contract's `contract_to_contract`: moves `value` of this contract's balance to
 * `contract` and calls its `fnName` with a `ReceiveFromContract` carrying `data`; fails (and moves
 * nothing) when that call fails.
 */
// @ts-ignore: decorator
@inline
export function contractToContract(contract: ContractId, value: u64, fnName: string, data: Uint8Array): Result<Unit> {
  return call<ContractToContract, Unit>(transferContract(), "contract_to_contract", new ContractToContract(contract, value, fnName, data));
}

/** The transfer contract's `contract_balance`: the DUSK (in LUX) that contract `id` holds. */
// @ts-ignore: decorator
@inline
export function contractBalance(id: ContractId): Result<u64> {
  return call<ContractId, u64>(transferContract(), "contract_balance", id);
}
