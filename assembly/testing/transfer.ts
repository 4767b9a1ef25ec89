// A spec plays Dusk's node around host-sim's STAND-IN transfer contract (the one the package ships,
// dist/dusk/transfer-stand-in.wasm): deploys it at the transfer contract's id, funds public
// accounts and runs public transactions with a deposit attached, as dusk-forge's test harness and
// Foundry's vm.deal do for their chains.

import { ContractId } from "../types";
import { Result } from "../error";
import { Unit } from "../codec/unit";
import { encode } from "../codec/api";
import { AccountPublicKey, transferContract } from "../dusk/transfer";
import { StandInFund, StandInTransaction } from "../dusk/stand-in";
import { deployContract, setMetaRaw, topLevelCall } from "./index";

/**
 * The name the test host resolves to the shipped stand-in (as-pect/contracts.ts,
 * SHIPPED_TRANSFER_STAND_IN): not a file name, so no project file can shadow it.
 */
const SHIPPED = "piecrust-as:transfer-stand-in";

/**
 * Deploys the STAND-IN transfer contract the package ships at dusk-core's TRANSFER_CONTRACT id
 * (0x01 followed by 31 zero bytes), owned by `owner` (default 96 zero bytes, a BLS key's size), and
 * returns that id. The project need not build it.
 */
export function deployTransferStandIn(owner: Uint8Array = new Uint8Array(96)): ContractId {
  return deployContract(SHIPPED, owner, null, transferContract());
}

/** STAND-IN ONLY: credits `value` to `account` out of thin air (a test's genesis balance). */
export function standInFund(account: AccountPublicKey, value: u64): void {
  topLevelCall<StandInFund, Unit>(transferContract(), "stand_in_fund", new StandInFund(account, value)).unwrap();
}

/** dusk-core's `public_sender` metadata, `Option<BlsPublicKey>`: the tag, padding to 8, the 200 archived bytes. */
function publicSenderMeta(sender: AccountPublicKey | null): Uint8Array {
  const m = new Uint8Array(208);
  if (sender === null) return m;
  m[0] = 1;
  encode<AccountPublicKey>(sender, m.dataStart + 8, 200);
  return m;
}

/**
 * STAND-IN ONLY: a public transaction from `sender` calling `fnName` on `contract` with `args` (the
 * raw argument bytes) and `deposit` attached, as the node runs one: `public_sender` is the sender
 * during the call (and None after), the deposit leaves the sender's balance and comes back if the
 * contract does not take it, the nonce goes up. Returns the call's result bytes, or the failure.
 */
export function standInExecuteRaw(sender: AccountPublicKey, deposit: u64, contract: ContractId, fnName: string, args: Uint8Array): Result<Uint8Array> {
  setMetaRaw("public_sender", publicSenderMeta(sender));
  const r = topLevelCall<StandInTransaction, Uint8Array>(transferContract(), "stand_in_execute", new StandInTransaction(sender, deposit, contract, fnName, args));
  setMetaRaw("public_sender", publicSenderMeta(null));
  return r;
}

/** standInExecuteRaw with the argument `arg` rkyv-encoded as T. */
export function standInExecute<T>(sender: AccountPublicKey, deposit: u64, contract: ContractId, fnName: string, arg: T): Result<Uint8Array> {
  const buf = new Uint8Array(64 * 1024);
  const n = encode<T>(arg, buf.dataStart, <u32>buf.length);
  return standInExecuteRaw(sender, deposit, contract, fnName, buf.subarray(0, <i32>n));
}
