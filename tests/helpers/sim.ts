// Small helpers for host-sim tests: a VM with one session and WAT contracts deployed by label.
import { toHex, VM, VMError } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { wat } from "./wat.js";

export const OWNER = new Uint8Array(32).fill(0xa5);

export function idOf(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

/** Wraps function bodies in a module with one exported memory and `A` at 0. */
export function module(funcs: string, extra = "", pages = 1): string {
  return `(module ${extra} (memory (export "memory") ${pages}) (global $A (export "A") i32 (i32.const 0)) ${funcs})`;
}

export async function deployWat(session: Session, source: string, id: Uint8Array, gas = 1_000_000n): Promise<Uint8Array> {
  const { contractId } = session.deploy(await wat(source), { owner: OWNER, contractId: id }, gas);
  return contractId;
}

export async function freshSession(): Promise<{ vm: VM; session: Session }> {
  const vm = await VM.ephemeral();
  return { vm, session: await vm.session({}) };
}

/**
 * One call's observable outcome as a string to compare between two VMs: "ok <gas> <data hex>", or
 * the error's code, message and where in the deployed bytes it failed (a rewrite that moves code
 * must still map a trap back to the instruction itself).
 */
export function outcomeOf(s: Session, id: Uint8Array, fn: string, arg: Uint8Array, gas: bigint): string {
  try {
    const r = s.callRaw(id, fn, arg, gas);
    return `ok ${r.gasSpent} ${toHex(r.data)}`;
  } catch (e) {
    if (!(e instanceof VMError)) throw e;
    const at = e.backtrace?.[0]?.frames[0]?.offset;
    return `${e.code} ${e.message} at ${at === undefined ? "?" : `0x${at.toString(16)}`}`;
  }
}
