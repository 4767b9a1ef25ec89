// Mirrors nothing in Piecrust (which uses the `hex` crate): byte and hex helpers for ids, roots and the
// store's file names (piecrust-uplink's ContractId serialises as 64 lowercase hex).
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
/** The bytes as lower-case hex, without a prefix (a 32-byte id or root gives 64 characters). */
export function toHex(bytes: Uint8Array): string {
  return bytesToHex(bytes);
}

/**
 * Parses hex (an optional 0x prefix allowed) into bytes; throws a TypeError naming `what` when it is not
 * hex or not `expectedLen` bytes.
 */
export function fromHex(hex: string, expectedLen?: number, what = "hex string"): Uint8Array {
  const clean = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new TypeError(`${what} is not valid hex: ${JSON.stringify(hex.slice(0, 80))}`);
  }
  const out = hexToBytes(clean);
  if (expectedLen !== undefined && out.length !== expectedLen) {
    throw new TypeError(`${what} must be ${expectedLen} bytes, got ${out.length}`);
  }
  return out;
}

/** Whether `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks that `id` is a 32-byte Uint8Array, naming the argument when it is not. */
export function checkId(id: unknown, name: string): Uint8Array {
  if (!(id instanceof Uint8Array) || id.length !== 32) {
    throw new TypeError(`${name} must be a 32-byte Uint8Array`);
  }
  return id;
}

/** A compact map key for a 32-byte id (one char per byte); much cheaper than hex on hot paths. */
export function idKey(id: Uint8Array): string {
  return String.fromCharCode.apply(null, id as unknown as number[]);
}

/** True for a lowercase 64-digit hex string (the name of every content-addressed store file). */
export function isHash32Hex(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

/** Lexicographic byte order (what Rust's `Ord` for `[u8; 32]` gives). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
