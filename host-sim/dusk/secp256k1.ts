// Mirrors `secp256k1_recover` in rusk's vm/src/host_queries/mod.rs: an uncompressed public key
// from a 32-byte message hash and r‖s‖v, or None for any v outside {0, 1, 27, 28}, any r or s that
// does not parse (zero or not below n) and any signature from which no key can be recovered.
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** The 65-byte uncompressed key (0x04‖x‖y), or null where rusk returns None. */
export function secp256k1Recover(msgHash: Uint8Array, sig: Uint8Array): Uint8Array | null {
  const v = sig[64];
  const recovery = v === 0 || v === 1 ? v : v === 27 || v === 28 ? v - 27 : -1;
  if (recovery < 0) return null;
  try {
    const point = secp256k1.Signature.fromBytes(sig.subarray(0, 64), "compact").addRecoveryBit(recovery).recoverPublicKey(msgHash);
    return point.toBytes(false);
  } catch {
    // noble throws for exactly the inputs libsecp256k1 refuses: r or s out of range, R not on
    // the curve, or the point at infinity as result.
    return null;
  }
}
