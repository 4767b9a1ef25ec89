// The vault's events (kept out of the entry file, whose exports all become wasm exports).

import { AccountPublicKey } from "../../../assembly/dusk/index";

/** Emitted when an account's deposit comes in. */
@event("deposited")
@archive
export class Deposited {
  account: AccountPublicKey;
  value: u64;
  constructor(account: AccountPublicKey, value: u64) {
    this.account = account;
    this.value = value;
  }
}

/** Emitted when an account takes money out. */
@event("withdrawn")
@archive
export class Withdrawn {
  account: AccountPublicKey;
  value: u64;
  constructor(account: AccountPublicKey, value: u64) {
    this.account = account;
    this.value = value;
  }
}
