// The public API of host-sim: a Piecrust VM in TypeScript (mirrors piecrust/src/lib.rs).
export { VM, type VMOptions } from "./vm.js";
export {
  Session,
  type CallReceipt,
  type ContractData,
  type ContractMetadata,
  type Event,
  type SessionOptions,
  MAX_CALL_DEPTH,
  INIT_METHOD,
} from "./session.js";
export { positionKey as positionFromContract } from "./store/index.js";
export { type CallTreeElem } from "./call-stack.js";
export { VMError, type VMErrorCode } from "./error.js";
export { type HostQuery } from "./imports.js";
export { ARGBUF_LEN } from "./module.js";
export { PAGE_SIZE } from "./memory.js";
export { toHex, fromHex, bytesEqual } from "./hex.js";
export { duskContractId } from "./dusk-id.js";
export { typed, type Typed, type TypeSpec } from "./typed.js";
export * as codec from "./codec/index.js";
export { ContractClient, type ContractSchema, type DecodedEvent } from "./client.js";
export { PageOpening } from "./proof.js";
