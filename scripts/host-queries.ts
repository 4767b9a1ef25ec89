// The host queries an embedder registers for the `hostquery` example (shared by npm start, the
// host-sim tests and the as-pect preset config). A host query is native code priced in gas: Rusk
// uses them for signature checks and hashing that would be slow in wasm.
import { blake3 } from "@noble/hashes/blake3.js";
import { codec, type HostQuery } from "../host-sim/index.js";

const VEC_U8 = codec.parseType("Vec<u8>");
const STRING = codec.parseType("String");
const U64 = codec.parseType("u64");
const BYTES32 = codec.parseType("[u8; 32]");

/** Fixed oracle prices (in cents) for the example. */
export const PRICES: Record<string, bigint> = { DUSK: 31n, BTC: 9_650_000n, ETH: 342_000n };

function answer(buf: Uint8Array, bytes: Uint8Array): number {
  buf.set(bytes, 0);
  return bytes.length;
}

export function exampleHostQueries(): Record<string, HostQuery> {
  return {
    // BLAKE3 of a Vec<u8>: 1000 gas plus 1 per input byte, returns [u8; 32].
    hash: {
      price: (arg) => 1000n + BigInt(arg.length),
      execute: (arg, buf) => {
        const data = codec.decode(VEC_U8, arg) as Uint8Array;
        return answer(buf, codec.encode(BYTES32, blake3(data)));
      },
    },
    // The price of a symbol (String) as a u64; an unknown symbol makes the query panic, which the
    // calling contract sees as Panic("host query panicked").
    oracle_price: {
      price: () => 500n,
      execute: (arg, buf) => {
        const symbol = codec.decode(STRING, arg) as string;
        const price = PRICES[symbol];
        if (price === undefined) throw new Error(`no price for ${symbol}`);
        return answer(buf, codec.encode(U64, price));
      },
    },
  };
}
