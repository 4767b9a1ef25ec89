// AssemblyScript sources of the test contracts. They are written to build/test-fixtures/<name>/
// (so `../../../assembly` is the SDK) and compiled by the tests.

/** A counter without the transform: module-level state, hand-written entry points. */
export const PLAIN_COUNTER = `
export { A } from "../../../assembly/argbuf";
import { A } from "../../../assembly/argbuf";
let value: u64 = 0xfc;
export function read_value(arg_len: i32): i32 { store<u64>(A, value); return 8; }
export function increment(arg_len: i32): i32 { value += 1; return 0; }
`;

/** The same counter as module-level state, for the transform (globals persistence proper). */
export const GLOBAL_COUNTER = PLAIN_COUNTER;

/** Heap state: a module-level Map and Array<string>, plus a heap-held @contract instance. */
export const HEAP = `
const m = new Map<u32, u64>();
const names: Array<string> = [];

@contract
class Heap {
  calls: u32 = 0;
  last: string = "";

  push(): u32 {
    this.calls += 1;
    const k = this.calls;
    m.set(k, <u64>k * 1000003);
    names.push("name-" + k.toString());
    this.last = names[names.length - 1];
    // Garbage: temporary strings and arrays that die before the call returns.
    let junk = "";
    for (let i = 0; i < 200; i++) {
      junk = "x" + i.toString() + junk.substring(0, 64);
      const tmp = new Array<u64>(8);
      tmp[0] = <u64>i;
    }
    return k;
  }

  /** Packs (calls, entries that check out, m.size, names.length) as four u16s. */
  check(): u64 {
    let ok: u32 = 0;
    for (let k: u32 = 1; k <= this.calls; k++) {
      if (m.has(k) && m.get(k) == <u64>k * 1000003 && names[k - 1] == "name-" + k.toString()) ok++;
    }
    if (this.last != "name-" + this.calls.toString()) ok = 0;
    return <u64>this.calls | (<u64>ok << 16) | (<u64>m.size << 32) | (<u64>names.length << 48);
  }
}
`;

/** Re-entrancy through \`c\` into the same contract (as-on-piecrust.md §4). */
export const REENTRANT = `
import { A } from "../../../assembly/argbuf";
import { callRaw, selfId } from "../../../assembly/index";

let counter: u64 = 0;
const log = new Array<u64>();

function ret(): i32 { store<u64>(A, counter); return 8; }

export function increment(arg_len: i32): i32 { counter += 1; log.push(counter); return ret(); }

export function reenter(arg_len: i32): i32 {
  counter += 1; log.push(counter);
  callRaw(selfId(), "increment", new Uint8Array(0), 100000).unwrap();
  counter += 100; log.push(counter);
  return ret();
}

export function reenter_fail(arg_len: i32): i32 {
  counter += 1; log.push(counter);
  const r = callRaw(selfId(), "boom", new Uint8Array(0), 200000);
  assert(!r.isOk && r.error!.isPanic, "boom should have panicked");
  counter += 100; log.push(counter);
  return ret();
}

export function boom(arg_len: i32): i32 {
  counter += 1000;
  for (let i = 0; i < 51; i++) log.push(counter);
  assert(false, "boom");
  return 0;
}

export function read(arg_len: i32): i32 { return ret(); }

/** The log as u64s (count first). */
export function read_log(arg_len: i32): i32 {
  store<u64>(A, <u64>log.length);
  for (let i = 0; i < log.length; i++) store<u64>(A + 8 + 8 * i, log[i]);
  return 8 + 8 * log.length;
}
`;

/** Something that needs a start section and env.abort in a plain build. */
export const PLAIN_HEAP = `
export { A } from "../../../assembly/argbuf";
const m = new Map<u32, u64>();
export function push(arg_len: i32): i32 { assert(arg_len == 4, "want 4"); m.set(<u32>m.size, 1); return 0; }
`;

export const USES_RANDOM = `
export function roll(arg_len: i32): i32 { return <i32>(Math.random() * 6); }
`;

export const USES_DATE = `
export function now(arg_len: i32): i32 { return <i32>Date.now(); }
`;

export const USES_TRACE = `
export function t(arg_len: i32): i32 { trace("hello"); return 0; }
`;

export const BAD_EXPORT = `
export function add(a: i32, b: i32): i32 { return a + b; }
`;

export const BAD_PARAM_TYPE = `
@contract
class C {
  take(s: string): void {}
}
`;

export const TWO_CONTRACTS = `
@contract
class One { a(): void {} }
@contract
class Two { b(): void {} }
`;

export const DEBUG_CALL = `
import { debug } from "../../../assembly/index";
@contract
class D {
  hello(): u32 { debug("hello from AS"); return 7; }
}
`;

export const ARGS = `
@contract
class Args {
  total: u64 = 0;
  add(x: u64): u64 { this.total += x; return this.total; }
  neg(b: bool): bool { return !b; }
  twice(x: i32): i32 { return x * 2; }
}
`;
