// Small helpers for host-sim tests: a VM with one session and WAT contracts deployed by label.
import { VM } from "../../host-sim/index.js";
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
