// What a contract can learn about itself and its session: the owner set at deploy, its own id,
// who called it, and metadata the embedder puts into the session (Rusk puts the chain id and the
// block height there). Metadata is free to read and is not part of the state.

import { ContractId, caller, callstack, metaDataOr, metaDataRaw, ownerBytes, selfId, selfOwnerBytes } from "../../../assembly/index";

@contract
class Metadata {
  /** The owner bytes given at deploy (32 bytes by default, the deployer's 96-byte key on Dusk). */
  read_owner(): Uint8Array {
    return selfOwnerBytes();
  }

  /** The owner of another contract, or an empty vector if it does not exist. */
  owner_of(id: ContractId): Uint8Array {
    const o = ownerBytes(id);
    return o === null ? new Uint8Array(0) : o;
  }

  /** This contract's id. */
  read_id(): ContractId {
    return selfId();
  }

  /** The direct caller, or null at the top level (an Option<ContractId> on the wire). */
  read_caller(): ContractId | null {
    return caller();
  }

  /** How many frames are above this one. */
  depth(): u32 {
    return <u32>callstack().length;
  }

  /** Session metadata `chain_id` (a u8 in Rusk), 0 when the embedder did not set it. */
  chain_id(): u8 {
    return metaDataOr<u8>("chain_id", 0);
  }

  /** Session metadata `block_height` (a u64), 0 when absent. */
  block_height(): u64 {
    return metaDataOr<u64>("block_height", 0);
  }

  /** Any metadata entry as raw bytes (empty when absent). */
  meta_raw(name: string): Uint8Array {
    const v = metaDataRaw(name);
    return v === null ? new Uint8Array(0) : v;
  }
}
