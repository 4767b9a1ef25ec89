// piecrust-as: the one import a contract writes.
//   import { call, emit, selfId, debug, ContractId, Unit } from "piecrust-as/assembly";
// `@contract class X { … }` is handled by the piecrust-as transform, which generates the typed entry
// points, exports the argbuf global `A` from the entry file and installs the panicking `abort`.

export * from "./abi";
export * from "./call";
export * from "./event";
export * from "./meta";
export { ARGBUF_LEN, argbufBytes, argbufSetBytes, argbufRead, argbufWrite, argbufLoadU64, argbufStoreU64, argbufLoadU32, argbufStoreU32, checkArgbuf } from "./argbuf";
export { ContractId, CONTRACT_ID_BYTES } from "./types";
export { PersistentMap } from "./persistent-map";
export { Utf8String } from "./utf8-string";
export { ContractError, ContractErrorCode, Result } from "./error";
export { debug, DEBUG } from "./debug";
export { panicStr } from "./panic";
// rkyv value types with no AssemblyScript equivalent: Option<T> for value types, tuples, (), char, Box<T>.
export { Option, Tuple2, Tuple3, Tuple4, Unit, Char, Box } from "./codec/index";
// The codec itself, for hand-made archives: rkyv.encode / rkyv.decode / rkyv.validate.
import * as rkyv from "./codec/index";
export { rkyv };
