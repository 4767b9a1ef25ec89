// rkyv 0.7 codec (piecrust-uplink flavour: size_32, validation) for AssemblyScript.
// See api.ts for the entry points and transform/archive-codegen.ts for the @archive member contract.

export * from "./api";
export { ArchiveWriter, sharedWriter } from "./writer";
export { ArchiveReader, sharedReader } from "./reader";
export {
  archivedSize, archivedAlign, archivedNiche, archivedNicheOffset, hasDeps, isPlain, isFixed,
  optionSize, serializeDeps, resolveAt, checkAt, readAt, bignum128,
} from "./dispatch";
export { fixedDeps, fixedResolve, fixedResolveN, fixedCheck, fixedRead } from "./fixed";
export { checkChar, checkTag, checkNonZero } from "./scalars";
export { pushResolver, takeResolver, resolverMark, beginTake, rewindResolvers } from "./resolvers";
export { alignUp } from "./layout";
export * from "./errors";
export { utf8Invalid } from "./utf8";
export { Option } from "./option";
export { Tuple2, Tuple3, Tuple4, tupleLayout } from "./tuple";
export { Char } from "./char";
export { Unit } from "./unit";
export { ContractId, CONTRACT_ID_BYTES } from "./contract-id";
export { ContractError, ContractErrorCode, contractErrorTag } from "./contract-error";
export { compareKeys, pairLayout } from "./map";
export { Box } from "./box";
export { archivedBytesLayout, sized } from "./bytes";
