// piecrust-as: the one import a contract writes.
//   import { callRaw, selfId, debug, ContractId } from "piecrust-as/assembly";
// `@contract class X { … }` is handled by the piecrust-as transform, which also exports the argbuf
// global `A` from the entry file and installs the panicking `abort`.

export * from "./abi";
export { ARGBUF_LEN, argbufBytes, argbufSetBytes, argbufRead, argbufWrite, argbufLoadU64, argbufStoreU64, argbufLoadU32, argbufStoreU32, checkArgbuf } from "./argbuf";
export { ContractId, CONTRACT_ID_BYTES } from "./types";
export { ContractError, ContractErrorCode, Result } from "./error";
export { debug, DEBUG } from "./debug";
export { panicStr } from "./panic";
