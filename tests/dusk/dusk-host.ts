// Where the tests/dusk SDK tests start: a fresh VM on the Dusk profile with the Dusk test contract
// (tests/contracts/dusk_host, which calls every binding of piecrust-as/assembly/dusk) deployed.
import { codec, VM, type Session } from "../../host-sim/index.js";
import * as dusk from "../../host-sim/dusk/index.js";
import { deploy } from "../ports/support/piecrust.js";

export const GAS = 1_000_000_000n;

/** A 96-byte owner (a BLS public key's length, as on Dusk). */
export const OWNER96 = new Uint8Array(96).fill(1);

export async function duskHost(opts: dusk.DuskOptions = {}, owner: Uint8Array = OWNER96): Promise<{ vm: VM; session: Session; id: Uint8Array }> {
  const vm = await VM.ephemeral({ profile: "dusk", dusk: opts });
  const session = await vm.session();
  const { id } = await deploy(session, "dusk_host", { owner, gas: GAS });
  return { vm, session, id };
}

const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;
const G2_GENERATOR =
  "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e" +
  "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8";
const G1_GENERATOR = "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";

/**
 * The one kind of BLS argument host-sim leaves to the embedder: a key in limbs ≥ p that
 * dusk-bls12_381 still finds on its curve (G2's generator with p added to y.c0; tests/dusk/bls.test.ts
 * says why), with G1's generator as the signature. Archived bytes and decoded values.
 */
export function unreducedBlsKey(): { pk: Uint8Array; pkValue: unknown; sig: Uint8Array; sigValue: unknown } {
  type Limbs = [bigint[]];
  const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
  const [gen] = codec.decode(dusk.duskType("BlsPublicKey"), dusk.blsPublicKeyToArchived(hex(G2_GENERATOR)), dusk.DUSK_DEFS) as [{ y: { c0: Limbs } }];
  const c0 = gen.y.c0[0].reduceRight((v, limb) => (v << 64n) | limb, 0n) + P;
  const pkValue = [{ ...gen, y: { ...gen.y, c0: [Array.from({ length: 6 }, (_, i) => (c0 >> BigInt(64 * i)) & 0xffff_ffff_ffff_ffffn)] } }];
  const sigValue = codec.decode(dusk.duskType("BlsSignature"), dusk.blsSignatureToArchived(hex(G1_GENERATOR)), dusk.DUSK_DEFS);
  const enc = (t: string, v: unknown) => codec.encode(dusk.duskType(t), v, dusk.DUSK_DEFS);
  return { pk: enc("BlsPublicKey", pkValue), pkValue, sig: enc("BlsSignature", sigValue), sigValue };
}
