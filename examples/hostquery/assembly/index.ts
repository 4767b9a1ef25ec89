// Host queries run native code in the embedder (Rusk uses them for hashing and signature checks).
// The embedder registers each query with a price; the contract pays that price in gas and gets the
// answer in the argbuf. The queries used here are registered by scripts/host-queries.ts.

import { hostQuery, hostQueryRaw, rkyv } from "../../../assembly/index";

@contract
class HostQuery {
  private last: StaticArray<u8> = new StaticArray<u8>(32);

  /** BLAKE3 of `data`, computed by the host query "hash" ([u8; 32] on the wire). */
  hash(data: Uint8Array): Uint8Array {
    // A Vec<u8> archive: the bytes, padding to 4, then the 8-byte (offset, length) root.
    const bytes = new Uint8Array(data.length + 16);
    const n = rkyv.encode<Uint8Array>(data, bytes.dataStart, <u32>bytes.length);
    const out = hostQueryRaw("hash", bytes.subarray(0, <i32>n));
    for (let i = 0; i < 32; i++) this.last[i] = out[i];
    return out;
  }

  /** The price of `symbol` in cents from the host query "oracle_price". */
  price(symbol: string): u64 {
    return hostQuery<string, u64>("oracle_price", symbol);
  }

  /** The value of `amount` units of `symbol` in cents. */
  value_of(symbol: string, amount: u64): u64 {
    return this.price(symbol) * amount;
  }

  /** The last hash computed (persisted state). */
  last_hash(): Uint8Array {
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = this.last[i];
    return out;
  }
}
