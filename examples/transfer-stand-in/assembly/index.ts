// A STAND-IN for Dusk's genesis transfer contract (id 0x01 followed by 31 zero bytes), for testing
// contracts on host-sim's Dusk profile. It has the functions and events that contracts call and
// observe, with dusk-core's types and topics: deposits picked up with `deposit`,
// `contract_to_contract`, `contract_to_account`, `contract_balance` and `account`. It is NOT the
// real contract: no Phoenix notes, no proofs, no fees or gas payment, no signatures or nonce checks
// on transactions (docs/dusk-profile.md lists what it lacks). Its `stand_in_*` functions play the
// node's part: funding accounts and running a public transaction with a deposit.

import { ContractId, callRaw, caller, emit, panicStr } from "../../../assembly/index";
import {
  AccountData, AccountPublicKey, ContractToAccount, ContractToAccountEvent, ContractToContract, ContractToContractEvent,
  DepositEvent, ReceiveFromContract,
} from "../../../assembly/dusk/transfer";
import { StandInFund, StandInTransaction } from "../../../assembly/dusk/stand-in";
import * as rkyv from "../../../assembly/codec/index";

function callingContract(what: string): ContractId {
  const c = caller();
  if (c === null) panicStr(what + " can only be called by a contract");
  return c!;
}

@contract
class TransferStandIn {
  /** Contract balances by id in hex (an AssemblyScript Map compares class keys by reference). */
  private contracts: Map<string, u64> = new Map<string, u64>();
  private accounts: Map<string, AccountData> = new Map<string, AccountData>();
  /** The deposit of the running transaction: its contract, value and sender, until taken. */
  private depositContract: ContractId | null = null;
  private depositValue: u64 = 0;
  private depositSender: AccountPublicKey | null = null;

  /** `deposit`: the calling contract takes the deposit attached to the transaction. */
  deposit(value: u64): void {
    const c = caller();
    if (c === null) panicStr("A deposit must happen in the context of a transaction");
    const dc = this.depositContract;
    if (dc === null) panicStr("There is no deposit in the transaction");
    if (this.depositValue != value) panicStr("The value to deposit doesn't match the value in the transaction");
    if (!dc!.equals(c!)) panicStr("The calling contract doesn't match the contract in the transaction");
    this._credit(c!, value);
    emit<DepositEvent>("deposit", new DepositEvent(this.depositSender, c!, value));
    this.depositContract = null;
    this.depositValue = 0;
  }

  /** `contract_to_contract`: moves value from the calling contract to another and calls it. */
  contract_to_contract(t: ContractToContract): void {
    const from = callingContract("contract_to_contract");
    this._debit(from, t.value);
    this._credit(t.contract, t.value);
    emit<ContractToContractEvent>("contract_to_contract", new ContractToContractEvent(from, t.contract, t.value));
    const arg = new Uint8Array(t.data.length + 64);
    const n = rkyv.encode<ReceiveFromContract>(new ReceiveFromContract(from, t.value, t.data), arg.dataStart, <u32>arg.length);
    const r = callRaw(t.contract, t.fn_name, arg.subarray(0, <i32>n));
    if (!r.isOk) panicStr("the receiving contract's " + t.fn_name + " failed");
  }

  /** `contract_to_account`: moves value from the calling contract to a public account. */
  contract_to_account(t: ContractToAccount): void {
    const from = callingContract("contract_to_account");
    this._debit(from, t.value);
    const k = t.account.key();
    const a = this.accounts.has(k) ? this.accounts.get(k) : new AccountData(0, 0);
    a.balance += t.value;
    this.accounts.set(k, a);
    emit<ContractToAccountEvent>("contract_to_account", new ContractToAccountEvent(from, t.account, t.value));
  }

  /** `contract_balance`: a contract's balance. */
  contract_balance(id: ContractId): u64 {
    const k = id.toHex();
    return this.contracts.has(k) ? this.contracts.get(k) : 0;
  }

  /** `account`: a public account's nonce and balance. */
  account(key: AccountPublicKey): AccountData {
    const k = key.key();
    return this.accounts.has(k) ? this.accounts.get(k) : new AccountData(0, 0);
  }

  /** STAND-IN ONLY: credits `value` to a public account (a test's genesis). Top level only. */
  stand_in_fund(f: StandInFund): void {
    if (caller() !== null) panicStr("stand_in_fund is the node's, not a contract's");
    const k = f.account.key();
    const a = this.accounts.has(k) ? this.accounts.get(k) : new AccountData(0, 0);
    a.balance += f.value;
    this.accounts.set(k, a);
  }

  /**
   * STAND-IN ONLY: a public transaction from `sender` calling `fn_name` on `contract` with
   * `deposit` attached (taken from the sender's balance; given back if the contract does not take
   * it). Returns the call's raw result. Top level only, like the node's `spend_and_execute`.
   */
  stand_in_execute(tx: StandInTransaction): Uint8Array {
    if (caller() !== null) panicStr("stand_in_execute is the node's, not a contract's");
    const k = tx.sender.key();
    const a = this.accounts.has(k) ? this.accounts.get(k) : new AccountData(0, 0);
    if (a.balance < tx.deposit) panicStr("the sender's balance is below the deposit");
    a.balance -= tx.deposit;
    a.nonce += 1;
    this.accounts.set(k, a);
    if (tx.deposit > 0) {
      this.depositContract = tx.contract;
      this.depositValue = tx.deposit;
      this.depositSender = tx.sender;
    }
    const r = callRaw(tx.contract, tx.fn_name, tx.fn_args);
    if (!r.isOk) panicStr("the transaction's call to " + tx.fn_name + " failed");
    if (this.depositContract !== null) {
      // Not taken: back to the sender.
      const b = this.accounts.get(k);
      b.balance += this.depositValue;
      this.accounts.set(k, b);
    }
    this.depositContract = null;
    this.depositValue = 0;
    this.depositSender = null;
    return r.unwrap();
  }

  private _credit(id: ContractId, value: u64): void {
    const k = id.toHex();
    const b = this.contracts.has(k) ? this.contracts.get(k) : 0;
    this.contracts.set(k, b + value);
  }

  private _debit(id: ContractId, value: u64): void {
    const k = id.toHex();
    const b = this.contracts.has(k) ? this.contracts.get(k) : 0;
    if (b < value) panicStr("The contract doesn't have enough balance");
    this.contracts.set(k, b - value);
  }
}

