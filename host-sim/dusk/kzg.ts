// Mirrors `verify_kzg_proof` in c-kzg-4844 v2.0.0 (src/eip4844/eip4844.c, src/common/bytes.c), as
// rusk's verify_kzg_proof calls it through the c-kzg 2.0.0 crate with Ethereum's mainnet trusted
// setup (dusk-core's `BlobData::eth_kzg_settings`): EIP-4844's point-evaluation check.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { fromHex } from "../hex.js";
import { BLS_SCALAR_MODULUS } from "./scalar.js";

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;

/**
 * [τ]G2 of Ethereum's KZG ceremony, the only point of the trusted setup this check reads
 * (c-kzg's `g2_values_monomial[1]`): bytes 96..191 of c-kzg-4844 v2.0.0's
 * bindings/rust/src/ethereum_kzg_settings/g2_monomial_bytes.bin, line 4100 of its src/trusted_setup.txt.
 * Shipping this one point instead of the 399,456 bytes of setup c-kzg embeds keeps the browser bundle small.
 */
const TAU_G2_HEX =
  "b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72" +
  "185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2";
/** [τ]G2 of Ethereum's KZG setup, compressed (96 bytes): the one setup point verify_kzg_proof needs. */
export const KZG_SETUP_TAU_G2 = fromHex(TAU_G2_HEX, 96, "KZG_SETUP_TAU_G2");

/** Parsed on first use, from the text (an embedder writing into the exported bytes changes nothing). */
let tauG2: G2Point | undefined;

/**
 * A commitment or proof as c-kzg's `validate_kzg_g1` takes it: the 48-byte compressed form
 * (the compression flag set, x below p, on the curve), in the prime-order subgroup, the point at
 * infinity (0xc0 then zeros) allowed. undefined where c-kzg answers C_KZG_BADARGS.
 */
function g1(bytes: Uint8Array): G1Point | undefined {
  try {
    // noble refuses what blst_p1_uncompress refuses (a clear compression flag asks for 96 bytes;
    // infinity with the sort flag or a non-zero payload; x ≥ p; no square root), then checks the subgroup.
    return G1.fromBytes(bytes);
  } catch {
    return undefined;
  }
}

/** z or y as c-kzg's `bytes_to_bls_field` takes it: big-endian, below r, else undefined. */
function field(bytes: Uint8Array): bigint | undefined {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n < BLS_SCALAR_MODULUS ? n : undefined;
}

/**
 * Whether `proof` shows that the polynomial committed to by `commitment` takes the value `y` at
 * `z`: e(C − [y]G1, G2) = e(π, [τ]G2 − [z]G2). Any input c-kzg refuses gives false, as rusk maps
 * c-kzg's error to false.
 */
export function verifyKzgProof(commitment: Uint8Array, z: Uint8Array, y: Uint8Array, proof: Uint8Array): boolean {
  const c = g1(commitment);
  const zf = field(z);
  const yf = field(y);
  const pi = g1(proof);
  if (c === undefined || zf === undefined || yf === undefined || pi === undefined) return false;
  tauG2 ??= G2.fromBytes(fromHex(TAU_G2_HEX));
  const pMinusY = c.subtract(G1.BASE.multiplyUnsafe(yf));
  const xMinusZ = tauG2.subtract(G2.BASE.multiplyUnsafe(zf));
  // e(P − y, −G2)·e(π, X − z) = 1. A term with the point at infinity is 1 (blst's Miller loop
  // skips it; noble refuses it, so it is left out).
  const terms = [
    { g1: pMinusY, g2: G2.BASE.negate() },
    { g1: pi, g2: xMinusZ },
  ].filter((t) => !t.g1.is0() && !t.g2.is0());
  const { Fp12 } = bls12_381.fields;
  return Fp12.eql(bls12_381.pairingBatch(terms), Fp12.ONE);
}
