// Piecrust-style test harness over host-sim: typed calls (rkyv via host-sim/codec, like
// `session.call::<A, R>`), deploys of the ported test contracts, and Piecrust's test constants.

import { VM, VMError } from "../../../host-sim/index.js";
import type { CallReceipt, Session, SessionOptions } from "../../../host-sim/index.js";
import { decode, encode, parseType } from "../../../host-sim/codec/index.js";
import type { RType } from "../../../host-sim/codec/index.js";
import { contract } from "./contracts.js";

/** Piecrust's tests deploy with owner [0; 32] and call with 1_000_000 gas unless stated. */
export const OWNER = new Uint8Array(32);
export const LIMIT = 1_000_000n;

const types = new Map<string, RType>();
export function ty(src: string): RType {
  let t = types.get(src);
  if (!t) types.set(src, (t = parseType(src)));
  return t;
}

/** rkyv bytes of `value` as Rust type `type` (e.g. "(ContractId, u64)"). */
export function ser(type: string, value: unknown): Uint8Array {
  return encode(ty(type), value);
}

/** Validates and decodes `bytes` as Rust type `type`. */
export function de<T = unknown>(type: string, bytes: Uint8Array): T {
  return decode(ty(type), bytes) as T;
}

/** `session.call::<A, R>(id, name, &arg, limit)`; `argType` "()" sends no bytes. */
export function call<R = unknown>(
  session: Session,
  id: Uint8Array,
  name: string,
  argType: string,
  arg: unknown,
  retType: string,
  limit: bigint = LIMIT,
): CallReceipt<R> {
  const receipt = session.callRaw(id, name, ser(argType, arg), limit);
  return { ...receipt, data: de<R>(retType, receipt.data) };
}

export interface DeployOpts {
  owner?: Uint8Array;
  contractId?: Uint8Array;
  initArg?: Uint8Array;
  gas?: bigint;
  debug?: boolean;
}

/** `session.deploy(contract_bytecode!(name), ContractData::builder().owner(OWNER)…, LIMIT)`. */
export async function deploy(session: Session, name: string, opts: DeployOpts = {}): Promise<{ id: Uint8Array; receipt?: CallReceipt }> {
  const bytecode = await contract(name, { debug: opts.debug });
  const { contractId, receipt } = session.deploy(
    bytecode,
    { owner: opts.owner ?? OWNER, contractId: opts.contractId, initArg: opts.initArg },
    opts.gas ?? LIMIT,
  );
  return { id: contractId, receipt };
}

export async function newSession(opts: SessionOptions = {}): Promise<{ vm: VM; session: Session }> {
  const vm = await VM.ephemeral();
  return { vm, session: await vm.session(opts) };
}

export function idFrom(bytes: number[] | number): Uint8Array {
  return typeof bytes === "number" ? new Uint8Array(32).fill(bytes) : Uint8Array.from({ length: 32 }, (_, i) => bytes[i] ?? 0);
}

/** The two ids Piecrust's collision tests use: word sums 0 and 1 + u32::MAX (wrapping to 0). */
export const COLLIDING_A = new Uint8Array(32);
export const COLLIDING_B = idFrom([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);

/** A predicate for assert.throws: a VMError with this code (and a message matching `msg`). */
export function vmError(code: VMError["code"], msg?: RegExp | string): (e: unknown) => boolean {
  return (e) => {
    if (!(e instanceof VMError) || e.code !== code) return false;
    if (msg === undefined) return true;
    return typeof msg === "string" ? e.message === msg || e.message.endsWith(msg) : msg.test(e.message);
  };
}
