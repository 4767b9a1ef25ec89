// Mirrors piecrust/src/store.rs's public surface: the state store host-sim's VM builds on.
export { Store, type OpenOptions, type ContractOpenings, type TreeOpening } from "./store.js";
export { PAGE_SIZE, type ContractChange } from "./commit.js";
export type { ContractEntry } from "./element.js";
export { StoreError, type StoreErrorCode } from "./errors.js";
export { positionKey, contractTree, CONTRACT_TREE_HEIGHT, CONTRACT_TREE_ARITY } from "./contract-tree.js";
export { pageTree, pageHash, MAX_PAGES, MAX_MEM_LEN, PAGE_TREE_HEIGHT, PAGE_TREE_ARITY, PAGE64_TREE_HEIGHT, pageTreeRoot, pageTreeOpening } from "./page-tree.js";
export { TreeShape, type TreeNode, type LeafUpdate } from "./tree.js";
export type { FsLayer } from "./fs-layer.js";
export { nodeFs } from "./fs-layer.js";
// Node-only: makes Store.open work (core modules leave it out so they run in browsers).
import "./disk-store.js";
export { toHex, fromHex, bytesEqual, compareBytes } from "../hex.js";
