// Mirrors piecrust/src/store/hasher.rs: BLAKE3 with 32-byte output is the only hash the state uses.
import { blake3, blake3Of } from "./blake3.js";

export const HASH_LEN = 32;
/** The value of an absent subtree and of an empty tree's root. */
export const ZERO_HASH: Uint8Array = new Uint8Array(HASH_LEN);

export function hash(data: Uint8Array): Uint8Array {
  return blake3(data);
}

/** The hash of a tree node: its children's values end to end, an absent child as 32 zero bytes. */
export function hashNode(children: ReadonlyArray<Uint8Array | null>): Uint8Array {
  return blake3Of(children);
}
