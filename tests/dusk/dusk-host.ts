// Where the tests/dusk SDK tests start: a fresh VM on the Dusk profile with the Dusk test contract
// (tests/contracts/dusk_host, which calls every binding of piecrust-as/assembly/dusk) deployed.
import { dusk, VM, type Session } from "../../host-sim/index.js";
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
