/**
 * rkyv 0.7 (size_32, validation) codec for host-sim: type descriptors, rustc
 * layouts, a byte-exact serializer and a validating deserializer.
 * The JS value mapping is documented in values.ts.
 */
export { CodecError } from "./errors.js";
export {
  CONTRACT_ERROR, INT_BYTES, INT_KINDS, isBytesType, isIntKind,
  type EnumType, type Field, type IntKind, type Kind, type RType, type ScalarKind, type StructType, type TypeDefs, type Variant,
} from "./types.js";
export {
  alignUp, layoutOf, taggedUnion, univariant,
  type FieldShape, type Layout, type Niche, type UnivariantLayout, type UnivariantOptions, type VariantLayout,
} from "./layout.js";
export { encode } from "./encode.js";
export { decode } from "./decode.js";
export { parseDefinitions, parseType } from "./parse.js";
export { fromJson, toJson, toJsonText, type Json, type JsonStyle } from "./json.js";
export { formatType } from "./format.js";
export { serdeFloatText } from "./serde-float.js";
