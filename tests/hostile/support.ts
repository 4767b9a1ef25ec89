// Shared pieces of the hostile-contract suite: WAT import declarations, a one-contract fixture,
// and `fails`, which asserts the exact VMError code *and* that the failed call left the state
// root (and the contract's memory length) exactly as it was.
import assert from "node:assert/strict";
import { HostSimBug, toHex, VM, VMError } from "../../host-sim/index.js";
import type { CallReceipt, Session, VMErrorCode } from "../../host-sim/index.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";

/** Every Piecrust import with its wasm32 signature, under `$name`. */
export const IMPORTS = `
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "hq" (func $hq (param i32 i32 i32) (result i32)))
  (import "env" "hd" (func $hd (param i32 i32) (result i32)))
  (import "env" "emit" (func $emit (param i32 i32 i32)))
  (import "env" "feed" (func $feed (param i32)))
  (import "env" "caller" (func $caller (result i32)))
  (import "env" "callstack" (func $callstack (result i32)))
  (import "env" "limit" (func $limit (result i64)))
  (import "env" "spent" (func $spent (result i64)))
  (import "env" "panic" (func $panic (param i32)))
  (import "env" "owner" (func $owner (param i32) (result i32)))
  (import "env" "self_id" (func $self_id))`;

export const I32_MIN = -2147483648;

/** A contract module: all imports, a memory of `pages` ("min max" allowed), `A` at 0, then `body`. */
export function contract(body: string, pages: number | string = 2, extraImports = ""): string {
  return `(module ${IMPORTS} ${extraImports}
  (memory (export "memory") ${pages})
  (global $A (export "A") i32 (i32.const 0))
  ${body})`;
}

export interface Fixture {
  vm: VM;
  session: Session;
  id: Uint8Array;
}

export async function deployOne(source: string, opts: { id?: Uint8Array; debug?: boolean; vm?: VM } = {}): Promise<Fixture> {
  const vm = opts.vm ?? (await VM.ephemeral());
  const session = await vm.session({ debug: opts.debug ?? false });
  const id = opts.id ?? idOf(1);
  session.deploy(await wat(source), { owner: OWNER, contractId: id }, 10_000_000n);
  return { vm, session, id };
}

/** Little-endian u32 words, the way the hostile contracts read their parameters from the argbuf. */
export function words(...xs: number[]): Uint8Array {
  const out = new Uint8Array(4 * xs.length);
  const dv = new DataView(out.buffer);
  xs.forEach((x, i) => dv.setUint32(4 * i, x >>> 0, true));
  return out;
}

export function i32At(data: Uint8Array, at = 0): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getInt32(at, true);
}

/**
 * Runs `fn` (a top-level call on `session`), expecting it to throw a VMError with `code`; asserts
 * the root and every listed contract's memory length are unchanged. Returns the error.
 */
export function fails(session: Session, code: VMErrorCode, fn: () => unknown, ids: Uint8Array[] = [], what = ""): VMError {
  const root = toHex(session.root());
  const lens = ids.map((id) => session.memoryLen(id));
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `${what}: expected VMError ${code}, but the call succeeded`);
  assert.ok(!(thrown instanceof HostSimBug), `${what}: a host-sim bug, where VMError ${code} was expected:\n${(thrown as Error)?.stack}`);
  assert.ok(thrown instanceof VMError, `${what}: expected VMError ${code}, got ${String(thrown)}\n${(thrown as Error)?.stack}`);
  assert.equal(thrown.code, code, `${what}: ${thrown.message}`);
  assert.equal(toHex(session.root()), root, `${what}: the root changed after a failed call`);
  assert.deepEqual(
    ids.map((id) => session.memoryLen(id)),
    lens,
    `${what}: a memory length changed after a failed call`,
  );
  return thrown;
}

/** A call that must succeed; returns its receipt. */
export function ok(session: Session, id: Uint8Array, fn: string, arg: Uint8Array, gas = 10_000_000n): CallReceipt {
  return session.callRaw(id, fn, arg, gas);
}
