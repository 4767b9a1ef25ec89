// A ledger: constructor parameters become `init`, several parameters a tuple, @archive types and an
// @event appear in the schema.
import { ContractId, emit, Option } from "../../../assembly/index";
import { u128 } from "as-bignum/assembly";

@archive
enum Kind { Mint, Burn }

/** Emitted on every transfer. */
@event("transfer")
@archive
class Transfer {
  from: ContractId | null = null;
  to: ContractId = new ContractId();
  amount: u128 = u128.Zero;
  kind: Kind = Kind.Mint;
}

@contract
class Ledger {
  balances: Map<string, u128> = new Map<string, u128>();
  owner: ContractId;

  /** Deploy-time setup. */
  constructor(owner: ContractId) {
    this.owner = owner;
  }

  /** The balance of `who`. */
  balance(who: string): u128 {
    return this.balances.has(who) ? this.balances.get(who) : u128.Zero;
  }

  transfer(from: string, to: string, amount: u128): bool {
    return true;
  }

  kind_of(k: Kind): Kind { return k; }

  last(n: Option<u32>): Array<Transfer> { return []; }

  private helper(): void {}
  _hidden(): void {}
}
