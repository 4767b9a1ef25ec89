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
  contractErrorBytes,
} from "./session.js";
export { positionKey as positionFromContract } from "./store/contract-tree.js";
export { type CallTreeElem } from "./call-stack.js";
export {
  HostSimBug,
  HostStackExhausted,
  HostMemoryExhausted,
  VMError,
  type VMErrorCode,
  contractErrorCode,
  CONTRACT_ERROR_PANIC,
  CONTRACT_ERROR_OUT_OF_GAS,
  CONTRACT_ERROR_DOES_NOT_EXIST,
  CONTRACT_ERROR_UNKNOWN,
} from "./error.js";
export { EngineLimitError, V8_LIMITS, type EngineLimit } from "./engine-limits.js";
export { makeImports, type FrameInstance, type HostEnv, type HostQuery } from "./imports.js";
export { HostTrap } from "./instance.js";
export { ARGBUF_LEN } from "./module.js";
export { PAGE_SIZE } from "./memory.js";
export { toHex, fromHex, bytesEqual } from "./hex.js";
export { duskContractId } from "./dusk-id.js";
// The Dusk profile's functions are `piecrust-as/host-sim/dusk`: importing them builds curves, which a
// bare-Piecrust process should not wait for.
export { DuskProfileError, DuskQueryUnsupported } from "./dusk/errors.js";
export type { DuskProfile, DuskOptions } from "./dusk/profile.js";
export { typed, type Typed, type TypeSpec } from "./typed.js";
export * as codec from "./codec/index.js";
export { ContractClient, type DecodedEvent } from "./client.js";
export { checkSchema, schemaTypeDefs, SchemaError, SCHEMA_SHAPE, type ContractSchema, type SchemaEvent, type SchemaFunction } from "./schema.js";
export { PageOpening } from "./proof.js";
export { DebugInfo, DebugInfoError, debugFileOf, type SourceLocation } from "./debug-info.js";
export { formatBacktrace, type ContractTrace, type SourceFrame } from "./backtrace.js";
