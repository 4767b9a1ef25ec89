// dusk-core's transfer types (core/src/transfer.rs in rusk), as the STAND-IN transfer contract and
// the contracts that call it exchange them: the same fields, order and rkyv layout as the Rust
// structs, so a Rust contract reads them byte for byte.

import { ContractId } from "../../../assembly/index";

/** dusk-bls12_381's Fp: six Montgomery-form u64 limbs. */
@archive
export class Fp {
  limbs: StaticArray<u64> = new StaticArray<u64>(6);
}

/** dusk-bls12_381's Fp2: c0 + c1·u. */
@archive
export class Fp2 {
  c0: Fp = new Fp();
  c1: Fp = new Fp();
}

/** dusk-bls12_381's G2Affine (the infinity flag is its `Choice`: a u8 that 0.14.2 does not check). */
@archive
export class G2Affine {
  x: Fp2 = new Fp2();
  y: Fp2 = new Fp2();
  infinity: u8 = 0;
}

/** dusk-core's AccountPublicKey: a BLS public key, `PublicKey(G2Affine)`, 200 archived bytes. */
@archive
export class AccountPublicKey {
  point: G2Affine = new G2Affine();

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
  contract: ContractId;
  value: u64;
  fn_name: string;
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
  contract: ContractId;
  value: u64;
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
  account: AccountPublicKey;
  value: u64;
  constructor(account: AccountPublicKey, value: u64) {
    this.account = account;
    this.value = value;
  }
}

/** `AccountData`: a public account's nonce and balance. */
@archive
export class AccountData {
  nonce: u64;
  balance: u64;
  constructor(nonce: u64, balance: u64) {
    this.nonce = nonce;
    this.balance = balance;
  }
}

/** `DepositEvent` (topic "deposit"). */
@event("deposit")
@archive
export class DepositEvent {
  sender: AccountPublicKey | null;
  receiver: ContractId;
  value: u64;
  constructor(sender: AccountPublicKey | null, receiver: ContractId, value: u64) {
    this.sender = sender;
    this.receiver = receiver;
    this.value = value;
  }
}

/** `ContractToContractEvent` (topic "contract_to_contract"). */
@event("contract_to_contract")
@archive
export class ContractToContractEvent {
  sender: ContractId;
  receiver: ContractId;
  value: u64;
  constructor(sender: ContractId, receiver: ContractId, value: u64) {
    this.sender = sender;
    this.receiver = receiver;
    this.value = value;
  }
}

/** `ContractToAccountEvent` (topic "contract_to_account"). */
@event("contract_to_account")
@archive
export class ContractToAccountEvent {
  sender: ContractId;
  receiver: AccountPublicKey;
  value: u64;
  constructor(sender: ContractId, receiver: AccountPublicKey, value: u64) {
    this.sender = sender;
    this.receiver = receiver;
    this.value = value;
  }
}

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
