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

/** Calls the contract whose id is its argument: `boom` (which fails), then `read` and `increment`. */
export const SIBLING_CALLER = `
import { A } from "../../../assembly/argbuf";
import { callRaw, ContractId } from "../../../assembly/index";

export function run(arg_len: i32): i32 {
  const id = ContractId.fromPtr(A);
  const r = callRaw(id, "boom", new Uint8Array(0), 200000);
  assert(!r.isOk && r.error!.isPanic, "boom should have panicked");
  const read = callRaw(id, "read", new Uint8Array(0), 100000).unwrap();
  const incremented = callRaw(id, "increment", new Uint8Array(0), 100000).unwrap();
  store<u64>(A, load<u64>(read.dataStart));
  store<u64>(A + 8, load<u64>(incremented.dataStart));
  return 16;
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
  take(s: Date): void {}
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

/**
 * Every archivable type as an echo entry point, plus @archive structs/enums and an event: the
 * round-trip and cross-language agreement tests call it with values encoded in TypeScript.
 */
export const TYPED = `
import { ContractId, Option, Unit, Char, Box, Tuple2, Tuple3, Utf8String, emit } from "../../../assembly/index";
import { u128, i128, u256 } from "as-bignum/assembly";

/** Text kept as UTF-8 (Utf8String) beside text kept as UTF-16 (string): both are Rust's String. */
@archive
class Profile {
  handle: Utf8String = Utf8String.fromString("");
  bio: string = "";
  tags: Array<Utf8String> = [];
  alias: Utf8String | null = null;
}

@archive
enum Color { Red, Green, Blue }

/** rustc reorders it: b@0, c@8, a@10 (rkyv-format.md §7, struct_mixed). */
@event("mixed")
@archive
class Mixed { a: u8 = 0; b: u64 = 0; c: u16 = 0; }

@archive
class Named {
  name: string = "";
  data: Array<u64> = [];
  flag: bool = false;
  id: StaticArray<u8> = new StaticArray<u8>(4);
  color: Color = Color.Red;
  inner: Mixed | null = null;
}

@archive
@variants("Circle", "Rect", "Tagged", "Empty")
class Shape {
  tag: u8 = 0;
  @variant("Circle") r: f32 = 0;
  @variant("Rect") w: u16 = 0;
  @variant("Rect") h: u64 = 0;
  @variant("Tagged") t: u8 = 0;
  @variant("Tagged") label: string = "";
}

@contract
class Echo {
  echo_bool(x: bool): bool { return x; }
  echo_u8(x: u8): u8 { return x; }
  echo_i8(x: i8): i8 { return x; }
  echo_u16(x: u16): u16 { return x; }
  echo_i16(x: i16): i16 { return x; }
  echo_u32(x: u32): u32 { return x; }
  echo_i32(x: i32): i32 { return x; }
  echo_u64(x: u64): u64 { return x; }
  echo_i64(x: i64): i64 { return x; }
  echo_f32(x: f32): f32 { return x; }
  echo_f64(x: f64): f64 { return x; }
  echo_u128(x: u128): u128 { return x; }
  echo_i128(x: i128): i128 { return x; }
  echo_u256(x: u256): u256 { return x; }
  echo_string(x: string): string { return x; }
  echo_vec_u32(x: Array<u32>): Array<u32> { return x; }
  echo_vec_string(x: Array<string>): Array<string> { return x; }
  echo_bytes(x: Uint8Array): Uint8Array { return x; }
  echo_opt_string(x: string | null): string | null { return x; }
  echo_opt_u64(x: Option<u64>): Option<u64> { return x; }
  echo_map(x: Map<u64, string>): Map<u64, string> { return x; }
  echo_set(x: Set<u32>): Set<u32> { return x; }
  echo_id(x: ContractId): ContractId { return x; }
  echo_char(x: Char): Char { return x; }
  echo_box(x: Box<u32>): Box<u32> { return x; }
  echo_unit(x: Unit): Unit { return x; }
  echo_mixed(x: Mixed): Mixed { return x; }
  echo_named(x: Named): Named { return x; }
  echo_vec_named(x: Array<Named>): Array<Named> { return x; }
  echo_shape(x: Shape): Shape { return x; }
  echo_color(x: Color): Color { return x; }
  echo_tuple(x: Tuple3<u8, string, u64>): Tuple3<u8, string, u64> { return x; }
  echo_utf8(x: Utf8String): Utf8String { return x; }
  echo_vec_utf8(x: Array<Utf8String>): Array<Utf8String> { return x; }
  echo_opt_utf8(x: Utf8String | null): Utf8String | null { return x; }
  echo_profile(x: Profile): Profile { return x; }
  /** Utf8String and string interconvert without loss for valid text. */
  utf8_via_string(x: Utf8String): Utf8String { return Utf8String.fromString(x.toString()); }
  /** Several parameters arrive as one rkyv tuple. */
  swap(a: u64, b: string): Tuple2<string, u64> { return new Tuple2<string, u64>(b, a); }
  four(a: u8, b: Color, c: Named, d: bool): Named { c.flag = d; c.color = b; c.id[0] = a; return c; }
  emit_mixed(x: Mixed): void { emit<Mixed>("mixed", x); }
}
`;

/** The typed SDK API against the TYPED contract: calls, errors, metadata, owners, caller. */
export const CALLER = `
import {
  ContractId, Tuple2, Unit, call, callWithLimit, callRaw, metaData, metaDataOr, owner, selfOwner, caller, callstack, selfId, limit, spent,
  hostQuery, feed,
} from "../../../assembly/index";

@contract
class Caller {
  swap_via(target: ContractId, a: u64, b: string): Tuple2<string, u64> {
    return callWithLimit<Tuple2<u64, string>, Tuple2<string, u64>>(target, "swap", new Tuple2<u64, string>(a, b), 5_000_000).unwrap();
  }
  /** echo_u8's one-byte result is not a valid String archive. */
  bad_result(target: ContractId): string {
    const r = callWithLimit<u8, string>(target, "echo_u8", 7, 1_000_000);
    return r.isOk ? "ok" : r.error!.toString();
  }
  /** A failing callee: an unknown function (Unknown) and a panic (Panic with its message). */
  failures(target: ContractId): Array<string> {
    const out = new Array<string>();
    out.push(callWithLimit<Unit, Unit>(target, "nope", new Unit(), 100_000).error!.toString());
    out.push(call<u32, Unit>(target, "echo_char", 0xd800).error!.toString());
    const raw = callRaw(target, "echo_u32", Uint8Array.wrap(String.UTF8.encode("abcd")), 100_000);
    out.push(raw.isOk ? raw.value.length.toString() : "err");
    return out;
  }
  meta_u64(name: string): u64 { return metaDataOr<u64>(name, 99); }
  meta_str(name: string): string | null { return metaData<string>(name); }
  owner_of(id: ContractId): Uint8Array | null { return owner(id); }
  my_owner(): Uint8Array { return selfOwner(); }
  wrong_owner_len(): Uint8Array { return selfOwner(96); }
  who(): ContractId | null { return caller(); }
  stack_len(): u32 { return <u32>callstack().length; }
  me(): ContractId { return selfId(); }
  gas(): Tuple2<u64, bool> { return new Tuple2<u64, bool>(limit(), spent() > 0); }
  /** The "sum" host query adds up a Vec<u64>. */
  sum_via_host(xs: Array<u64>): u64 { return hostQuery<Array<u64>, u64>("sum", xs); }
  feed_pairs(n: u32): void {
    for (let i: u32 = 0; i < n; i++) feed<Tuple2<u32, string>>(new Tuple2<u32, string>(i, "item " + i.toString()));
  }
}
`;

/**
 * State that must survive Piecrust's instance model: module globals (a number, a string, an array),
 * a @contract class with a Map, an Array<string>, a string and u128 balances. `snapshot` reads all
 * of it; `outer` runs A → B → A where the inner A deposits and then B fails.
 */
export const BANK = `
import { u128 } from "as-bignum/assembly";
import { ContractId, Tuple2, Unit, callWithLimit, selfId, rkyv } from "../../../assembly/index";

let calls: u64 = 0;
let lastName: string = "";
const history = new Array<u64>();

@archive
class Snapshot {
  calls: u64 = 0;
  lastName: string = "";
  history: Array<u64> = [];
  names: Array<string> = [];
  balances: Map<string, u128> = new Map<string, u128>();
  total: u128 = u128.Zero;
  note: string = "";
}

@contract
class Bank {
  balances: Map<string, u128> = new Map<string, u128>();
  names: Array<string> = [];
  total: u128 = u128.Zero;
  note: string = "";

  deposit(name: string, amount: u128): u64 {
    calls++;
    lastName = name;
    history.push(calls);
    if (!this.balances.has(name)) this.names.push(name);
    const prev = this.balances.has(name) ? this.balances.get(name) : u128.Zero;
    this.balances.set(name, prev + amount);
    this.total = this.total + amount;
    this.note = "deposit #" + calls.toString() + " by " + name;
    return calls;
  }

  /** Garbage only: n rounds of temporary strings and arrays that die before the call returns. */
  churn(n: u32): u32 {
    let junk = "";
    for (let i: u32 = 0; i < n; i++) {
      junk = "x" + i.toString() + junk.substring(0, 48);
      const tmp = new Array<u64>(16);
      tmp[0] = <u64>i;
    }
    return <u32>junk.length;
  }

  snapshot(): Snapshot {
    const s = new Snapshot();
    s.calls = calls;
    s.lastName = lastName;
    s.history = history;
    s.names = this.names;
    s.balances = this.balances;
    s.total = this.total;
    s.note = this.note;
    return s;
  }

  /**
   * A → B → A: B calls our deposit, then fails. Returns the snapshot archives taken before and
   * after (bytes, not objects: the objects are the live state the inner frame changed).
   */
  outer(b: ContractId): Tuple2<Uint8Array, Uint8Array> {
    const before = this.archive();
    const r = callWithLimit<ContractId, Unit>(b, "bounce", selfId(), 20_000_000);
    assert(r.isErr, "bounce must fail");
    return new Tuple2<Uint8Array, Uint8Array>(before, this.archive());
  }

  private archive(): Uint8Array {
    const buf = new Uint8Array(32768);
    const n = rkyv.encode<Snapshot>(this.snapshot(), buf.dataStart, 32768);
    return buf.slice(0, <i32>n);
  }
}
`;

/** B of the re-entrancy test: calls back into A, then fails. */
export const BOUNCER = `
import { u128 } from "as-bignum/assembly";
import { ContractId, Tuple2, callWithLimit } from "../../../assembly/index";

@contract
class Bouncer {
  bounce(a: ContractId): void {
    callWithLimit<Tuple2<string, u128>, u64>(a, "deposit", new Tuple2<string, u128>("inner", u128.from(5)), 10_000_000).unwrap();
    assert(false, "the bouncer fails after the inner deposit");
  }
}
`;

/** Gas of the codec at the ABI: each method isolates one decode or encode. */
export const GAS_BENCH = `
import { Utf8String } from "../../../assembly/index";
let stored: string = "";
let storedUtf8: Utf8String = Utf8String.fromString("");

@contract
class Bench {
  noop(): void {}
  take_u64(x: u64): void {}
  give_u64(): u64 { return 0x0102030405060708; }
  echo_u64(x: u64): u64 { return x; }
  take_string(s: string): void {}
  keep_string(s: string): void { stored = s; }
  give_string(): string { return stored; }
  echo_string(s: string): string { return s; }
  take_utf8(s: Utf8String): void {}
  keep_utf8(s: Utf8String): void { storedUtf8 = s; }
  give_utf8(): Utf8String { return storedUtf8; }
  echo_utf8(s: Utf8String): Utf8String { return s; }
}
`;

/** The smallest contracts: the SDK's fixed contribution. */
export const MINIMAL_TYPED = `
@contract
class M { noop(): void {} }
`;
export const MINIMAL_U64 = `
@contract
class M { id(x: u64): u64 { return x; } }
`;
export const MINIMAL_STRING = `
@contract
class M { id(x: string): string { return x; } }
`;
export const MINIMAL_RAW = `
export { A } from "../../../assembly/argbuf";
export function noop(arg_len: i32): i32 { return 0; }
`;

/** `init` from a constructor with parameters (the instance is created at deploy). */
export const INIT_CTOR = `
import { ContractId } from "../../../assembly/index";
@contract
class Owned {
  owner: ContractId;
  supply: u64;
  constructor(owner: ContractId, supply: u64) { this.owner = owner; this.supply = supply; }
  get_supply(): u64 { return this.supply; }
  get_owner(): ContractId { return this.owner; }
}
`;

/** `init` from an @init method (fields have defaults; init sets them once). */
export const INIT_METHOD = `
@contract
class Configured {
  label: string = "unset";
  @init
  setup(label: string): void { this.label = label; }
  get_label(): string { return this.label; }
}
`;
