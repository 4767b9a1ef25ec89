// Calls every Dusk host query and reads the Dusk metadata through piecrust-as/assembly/dusk, for
// tests/dusk/sdk.test.ts (host-sim's Dusk profile). Mirrors what rusk's contracts/host_fn does.
import { ContractId, Tuple2, Tuple3 } from "../../../assembly";
import * as dusk from "../../../assembly/dusk";
import { BlsPublicKey, BlsScalar, BlsSignature, MultisigSignature, SchnorrPublicKey, SchnorrSignature } from "../../../assembly/dusk";

// Entry points take and return Vec<u8> (Uint8Array): a StaticArray cannot be an entry point type.
function sa(b: Uint8Array): StaticArray<u8> {
  const out = new StaticArray<u8>(b.length);
  memory.copy(changetype<usize>(out), b.dataStart, <usize>b.length);
  return out;
}

function u8a(s: StaticArray<u8>): Uint8Array {
  const out = new Uint8Array(s.length);
  memory.copy(out.dataStart, changetype<usize>(s), <usize>s.length);
  return out;
}

@contract
class DuskHost {
  hash(bytes: Uint8Array): Uint8Array {
    return u8a(dusk.hash(bytes).archived);
  }

  hash_canonical(bytes: Uint8Array): Uint8Array {
    return u8a(dusk.hash(bytes).toCanonical());
  }

  /** A scalar from canonical bytes and back, or an empty array when they are not below r. */
  scalar_round_trip(canonical: Uint8Array): Uint8Array {
    const s = BlsScalar.fromCanonical(sa(canonical));
    return s === null ? new Uint8Array(0) : u8a(s.archived);
  }

  scalar_to_canonical(archived: Uint8Array): Uint8Array {
    return u8a(new BlsScalar(sa(archived)).toCanonical());
  }

  scalar_from_u64(v: u64): Uint8Array {
    return u8a(BlsScalar.fromU64(v).archived);
  }

  sha256(bytes: Uint8Array): Uint8Array {
    return u8a(dusk.sha256(bytes));
  }

  keccak256(bytes: Uint8Array): Uint8Array {
    return u8a(dusk.keccak256(bytes));
  }

  secp256k1_recover(a: Tuple2<Uint8Array, Uint8Array>): Uint8Array | null {
    const k = dusk.secp256k1Recover(sa(a._0), sa(a._1));
    return k === null ? null : u8a(k);
  }

  poseidon_hash(scalars: Array<Uint8Array>): Uint8Array {
    const s = new Array<BlsScalar>(scalars.length);
    for (let i = 0; i < scalars.length; i++) s[i] = new BlsScalar(sa(scalars[i]));
    return u8a(dusk.poseidonHash(s).archived);
  }

  verify_plonk(a: Tuple3<Uint8Array, Uint8Array, Array<Uint8Array>>): bool {
    const pis = new Array<BlsScalar>(a._2.length);
    for (let i = 0; i < a._2.length; i++) pis[i] = new BlsScalar(sa(a._2[i]));
    return dusk.verifyPlonk(a._0, a._1, pis);
  }

  verify_groth16_bn254(a: Tuple3<Uint8Array, Uint8Array, Uint8Array>): bool {
    return dusk.verifyGroth16Bn254(a._0, a._1, a._2);
  }

  /** (message scalar, public key, signature), each as its archived bytes. */
  verify_schnorr(a: Tuple3<Uint8Array, Uint8Array, Uint8Array>): bool {
    return dusk.verifySchnorr(new BlsScalar(sa(a._0)), new SchnorrPublicKey(sa(a._1)), new SchnorrSignature(sa(a._2)));
  }

  verify_bls(a: Tuple3<Uint8Array, Uint8Array, Uint8Array>): bool {
    return dusk.verifyBls(a._0, new BlsPublicKey(sa(a._1)), new BlsSignature(sa(a._2)));
  }

  verify_bls_multisig(a: Tuple3<Uint8Array, Array<Uint8Array>, Uint8Array>): bool {
    const keys = new Array<BlsPublicKey>(a._1.length);
    for (let i = 0; i < a._1.length; i++) keys[i] = new BlsPublicKey(sa(a._1[i]));
    return dusk.verifyBlsMultisig(a._0, keys, new MultisigSignature(sa(a._2)));
  }

  verify_kzg_proof(a: Tuple2<Tuple2<Uint8Array, Uint8Array>, Tuple2<Uint8Array, Uint8Array>>): bool {
    return dusk.verifyKzgProof(sa(a._0._0), sa(a._0._1), sa(a._1._0), sa(a._1._1));
  }

  chain_id(): u8 {
    return dusk.chainId();
  }

  block_height(): u64 {
    return dusk.blockHeight();
  }

  self_owner(): Uint8Array {
    return u8a(dusk.selfOwner());
  }

  owner_of(id: ContractId): Uint8Array | null {
    const o = dusk.owner(id);
    return o === null ? null : u8a(o);
  }
}
