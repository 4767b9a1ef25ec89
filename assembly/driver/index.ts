// The data driver's runtime (docs/dusk.md, "The data driver"): what a generated driver source
// (transform/driver-source.ts) uses.

export { Json, JsonKind, JsonWriter, JsonParser } from "./json";
export * from "./values";
export { encodeRoot, decodeRoot, unknownName } from "./root";
export { encodeInputFn, decodeFn, textFn, setError } from "./ffi";
