// Contract identifiers: 32 opaque bytes, as piecrust-uplink's `ContractId`.

import { panicStr } from "./panic";

/** Length of a contract id in bytes. */
export const CONTRACT_ID_BYTES: i32 = 32;

/** A Piecrust contract id: 32 opaque bytes, as piecrust-uplink's `ContractId`. */
export class ContractId {
  /** The 32 id bytes. */
  readonly bytes: StaticArray<u8> = new StaticArray<u8>(CONTRACT_ID_BYTES);

  /** An id copied from 32 bytes at `ptr` (e.g. the argbuf after `self_id`). */
  static fromPtr(ptr: usize): ContractId {
    const id = new ContractId();
    memory.copy(changetype<usize>(id.bytes), ptr, CONTRACT_ID_BYTES);
    return id;
  }

  /** An id from exactly 32 bytes; panics on any other length. */
  static fromBytes(bytes: Uint8Array): ContractId {
    if (bytes.length != CONTRACT_ID_BYTES) panicStr("ContractId: expected 32 bytes");
    return ContractId.fromPtr(bytes.dataStart);
  }

  /** Address of the 32 bytes (valid while this object is alive). */
  @inline get ptr(): usize {
    return changetype<usize>(this.bytes);
  }

  /** Whether `other` has the same 32 bytes (`==` compares references). */
  equals(other: ContractId): bool {
    return memory.compare(this.ptr, other.ptr, CONTRACT_ID_BYTES) == 0;
  }

  /** A new 32-byte `Uint8Array` copy of the id. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(CONTRACT_ID_BYTES);
    memory.copy(out.dataStart, this.ptr, CONTRACT_ID_BYTES);
    return out;
  }

  /** Lower-case hex, 64 characters. */
  toHex(): string {
    const digits = "0123456789abcdef";
    let s = "";
    for (let i = 0; i < CONTRACT_ID_BYTES; i++) {
      const b = <i32>unchecked(this.bytes[i]);
      s += digits.charAt(b >> 4) + digits.charAt(b & 15);
    }
    return s;
  }

  /** The id as 64 lower-case hex characters (same as `toHex`). */
  toString(): string {
    return this.toHex();
  }
}
