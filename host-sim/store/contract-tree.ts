// Mirrors piecrust/src/store/tree.rs (`ContractsMerkle`, `position_from_contract`): the state tree.
import { StoreError } from "./errors.js";
import { TreeShape } from "./tree.js";

export const CONTRACT_TREE_HEIGHT = 32;
export const CONTRACT_TREE_ARITY = 2;

export const contractTree = new TreeShape(CONTRACT_TREE_HEIGHT, CONTRACT_TREE_ARITY);

/**
 * `position_from_contract`: the wrapping u32 sum of the id's eight little-endian u32 words.
 * No longer the tree position (since 0.26.0), but the key of the position map and the
 * uniqueness key deploy checks (ContractPositionCollision).
 */
export function positionKey(id: Uint8Array): number {
  if (id.length !== 32) throw new StoreError("InvalidChange", `a contract id is 32 bytes, got ${id.length}`);
  const dv = new DataView(id.buffer, id.byteOffset, 32);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum = (sum + dv.getUint32(i * 4, true)) >>> 0;
  return sum;
}
