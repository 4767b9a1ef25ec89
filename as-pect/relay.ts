// The relay contract (source: as-pect/relay.wat), assembled once with wabt and embedded so the
// preset needs no WAT assembler at test time. tests/sim/aspect-relay.test.ts checks the bytes
// still match the source.
export const RELAY_WASM_BASE64 =
  "AGFzbQEAAAABDwJgBX9/f39+AX9gAX8BfwIJAQNlbnYBYwAAAwIBAQUDAQACBgYBfwBBAAsHFgMGbWVtb3J5AgABQQMABXJlbGF5AAEKfgF8AQV/QSgoAgAhAUEsIAFqIQJBgIAEQQAgAvwKAAAgACACayEDQQAgAiAD/AoAAEGAgARBrIAEIAEgA0GggAQpAwAQACEEIARBAE4EfyAEBSAEQX9GBH9BBEEAKAIAagVBAAsLIQVBBEEAIAX8CgAAQQAgBDYCACAFQQRqCw==";

export function relayWasm(): Uint8Array {
  return new Uint8Array(Buffer.from(RELAY_WASM_BASE64, "base64"));
}

/** Gas the relay itself needs on top of the callee's limit (a handful of operators). */
export const RELAY_OVERHEAD = 10_000n;
