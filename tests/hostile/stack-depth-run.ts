// Runs recursion calls of stack-depth-contract.ts and reduces each to what must not vary: success,
// returned data, gas, root, or the error's code and trap.
import { toHex, VM, VMError, type Session } from "../../host-sim/index.js";
import { OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { SELF, SOURCE } from "./stack-depth-contract.js";
import { words } from "./support.js";

export type Call = [fn: string, ...args: number[]];
export interface Outcome {
  call: Call;
  ok: boolean;
  data?: string;
  gas?: string;
  root: string;
  error?: string;
}

let bytecode: Uint8Array | undefined;

/** A VM holding the contract in a commit; a new one, or `vm` if given. */
export async function deployed(vm?: VM): Promise<{ vm: VM; base: Uint8Array }> {
  bytecode ??= await wat(SOURCE);
  const v = vm ?? (await VM.ephemeral());
  const s = await v.session();
  s.deploy(bytecode, { owner: OWNER, contractId: SELF }, 10_000_000n);
  return { vm: v, base: s.commit() };
}

export function outcome(session: Session, call: Call): Outcome {
  const [fn, ...args] = call;
  try {
    const r = session.callRaw(SELF, fn, words(...args), 1n << 40n);
    return { call, ok: true, data: toHex(r.data), gas: String(r.gasSpent), root: toHex(session.root()) };
  } catch (e) {
    if (!(e instanceof VMError)) throw e;
    return { call, ok: false, error: `${e.code} ${String(e.details.trap ?? e.message)}`, root: toHex(session.root()) };
  }
}

/** Each call in a fresh session on the deployed state of one fresh VM. */
export async function runCalls(calls: Call[], vm?: VM, wrap: (f: () => Outcome) => Outcome = (f) => f()): Promise<Outcome[]> {
  const { vm: v, base } = await deployed(vm);
  const out: Outcome[] = [];
  for (const call of calls) {
    const s = await v.session({ base });
    out.push(wrap(() => outcome(s, call)));
    s.close();
  }
  return out;
}
