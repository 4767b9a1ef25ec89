// Seeded randomized round trips for every supported type, and a mutation
// fuzz of valid archives: validation must never trap (no out-of-bounds read,
// no endless loop) whatever the bytes are, and must accept every encoding.
import * as C from "./codec-classes.generated";
import * as V from "./codec-vectors.generated";
import { OUT, CAP, IN, loadHex } from "./codec-helpers";
import {
  encode, decode, check, validate, Option, Tuple3, Tuple4, Char, ContractId, ContractError, ContractErrorCode,
} from "../codec";
import { u128 } from "as-bignum/assembly";

const OUT2: usize = memory.data(16384, 16);

// xorshift64*: deterministic, no host import (no Math.random).
let state: u64 = 0x9E3779B97F4A7C15;
function next(): u64 {
  let x = state;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  state = x;
  return x * 0x2545F4914F6CDD1D;
}
function below(n: u32): u32 { return <u32>(next() % <u64>n); }

const ALPHABET = "abcXYZ09 _-é日本語🦀\u0000ü€";
function randString(maxLen: u32): string {
  const n = below(maxLen + 1);
  let s = "";
  for (let i: u32 = 0; i < n; i++) {
    const k = below(<u32>ALPHABET.length);
    let c = ALPHABET.charCodeAt(k);
    if (c >= 0xD800 && c <= 0xDBFF) { s += ALPHABET.substr(k, 2); continue; }
    if (c >= 0xDC00 && c <= 0xDFFF) c = 0x61;
    s += String.fromCharCode(c);
  }
  return s;
}
function randBytes(maxLen: u32): Array<u8> {
  const n = below(maxLen + 1);
  const a = new Array<u8>(n);
  for (let i: u32 = 0; i < n; i++) a[i] = <u8>next();
  return a;
}

/** encode -> validate -> decode -> encode gives identical bytes; returns the decoded value. */
function trip<T>(v: T): T {
  const n = encode<T>(v, OUT, CAP);
  const err = validate<T>(OUT, n);
  if (err !== null) expect(err).toBe("");
  const d = decode<T>(OUT, n);
  const m = encode<T>(d, OUT2, CAP);
  expect(m).toBe(n);
  expect(memory.compare(OUT, OUT2, n)).toBe(0);
  return d;
}

const ROUNDS = 200;

describe("random round trips", () => {
  it("integers, floats, bool, u128", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const x = next();
      expect(trip<u8>(<u8>x)).toBe(<u8>x);
      expect(trip<i16>(<i16>x)).toBe(<i16>x);
      expect(trip<u32>(<u32>x)).toBe(<u32>x);
      expect(trip<i64>(<i64>x)).toBe(<i64>x);
      expect(trip<u64>(x)).toBe(x);
      expect(reinterpret<u64>(trip<f64>(reinterpret<f64>(x)))).toBe(x);
      expect(trip<bool>((x & 1) != 0)).toBe((x & 1) != 0);
      const y = next();
      const u = trip<u128>(new u128(x, y));
      expect(u.lo).toBe(x);
      expect(u.hi).toBe(y);
      const c = <u32>(x % 0x10F800);
      const code = c >= 0xD800 ? c + 0x800 : c;
      expect(trip<Char>(new Char(code)).code).toBe(code);
    }
  });
  it("strings and Option<String>", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const s = randString(30);
      expect(trip<string>(s)).toBe(s);
      const o: string | null = (i & 1) ? s : null;
      const d = trip<string | null>(o);
      if (o === null) expect(d).toBeNull(); else expect(d!).toBe(s);
    }
  });
  it("Vec<u64>, Vec<String>, Vec<Vec<u8>>, Option<u32>", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const n = below(20);
      const a = new Array<u64>(n);
      for (let j: u32 = 0; j < n; j++) a[j] = next();
      const da = trip<Array<u64>>(a);
      expect(da.length).toBe(<i32>n);
      if (n > 0) expect(da[n - 1]).toBe(a[n - 1]);
      const ss = new Array<string>(below(10));
      for (let j = 0; j < ss.length; j++) ss[j] = randString(12);
      const ds = trip<Array<string>>(ss);
      for (let j = 0; j < ss.length; j++) expect(ds[j]).toBe(ss[j]);
      const vv = new Array<Array<u8>>(below(6));
      for (let j = 0; j < vv.length; j++) vv[j] = randBytes(9);
      trip<Array<Array<u8>>>(vv);
      const o = (i & 1) ? Option.some<u32>(<u32>next()) : Option.none<u32>();
      expect(trip<Option<u32>>(o).isSome).toBe(o.isSome);
    }
  });
  it("tuples", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const s = randString(20);
      const t = trip<Tuple3<u8, string, Array<u16>>>(new Tuple3<u8, string, Array<u16>>(<u8>i, s, [<u16>i, 7]));
      expect(t._1).toBe(s);
      const q = trip<Tuple4<bool, u64, string, u8>>(new Tuple4<bool, u64, string, u8>(true, next(), s, 3));
      expect(q._2).toBe(s);
    }
  });
  it("structs and enums", () => {
    for (let i = 0; i < ROUNDS; i++) {
      const nm = new C.Named();
      nm.name = randString(20); nm.data = randBytes(20);
      expect(trip<C.Named>(nm).name).toBe(nm.name);
      const e = new C.EventLike();
      e.source = ContractId.fromPtr(OUT2); e.topic = randString(20); e.data = randBytes(10); e.reverted = (i & 1) != 0;
      expect(trip<C.EventLike>(e).reverted).toBe(e.reverted);
      const sh = new C.Shape();
      sh.tag = <u8>below(4);
      sh.r = <u32>next(); sh.w = <u16>next(); sh.h = next(); sh.t0 = <u8>next(); sh.t1 = randString(20);
      expect(trip<C.Shape>(sh).tag).toBe(sh.tag);
      const ce = new ContractError((i & 1) ? ContractErrorCode.Panic : ContractErrorCode.OutOfGas, (i & 1) ? randString(20) : "");
      expect(trip<ContractError>(ce).message).toBe(ce.message);
      const w = new C.WithOptions();
      w.a = (i & 1) ? Option.some<u64>(next()) : Option.none<u64>();
      w.b = (i & 2) ? randString(15) : null; w.c = <u8>i;
      trip<C.WithOptions>(w);
    }
  });
  it("BTreeMap / BTreeSet of random sizes (multi-leaf included)", () => {
    for (let i = 0; i < 12; i++) {
      const m = new Map<u64, u64>();
      const n = i < 6 ? below(40) : 250 + below(600);
      for (let j: u32 = 0; j < n; j++) m.set(next() % 5000, next());
      const d = trip<Map<u64, u64>>(m);
      expect(d.size).toBe(m.size);
      const s = new Map<string, u32>();
      for (let j: u32 = 0; j < below(30); j++) s.set(randString(14), j);
      expect(trip<Map<string, u32>>(s).size).toBe(s.size);
      const set = new Set<u32>();
      for (let j: u32 = 0; j < below(100); j++) set.add(<u32>next());
      expect(trip<Set<u32>>(set).size).toBe(set.size);
    }
  });
});

/** Mutates each byte of the archive in turn (and truncates it); checks must return, never trap. */
function fuzz<T>(hex: string): i32 {
  const n = loadHex(hex);
  let rejected = 0;
  for (let i: u32 = 0; i < n; i++) {
    const orig = load<u8>(IN + i);
    for (let k = 0; k < 3; k++) {
      store<u8>(IN + i, k == 0 ? orig ^ 0x80 : k == 1 ? orig ^ 0x01 : <u8>next());
      if (check<T>(IN, n) != 0) rejected++;
    }
    store<u8>(IN + i, orig);
    check<T>(IN + i, n - i); // suffixes keep the root but lose data
    check<T>(IN, i); // prefixes lose the root
  }
  expect(check<T>(IN, n)).toBe(0);
  return rejected;
}

describe("mutation fuzz of the validator", () => {
  it("never traps and rejects most corruptions", () => {
    expect(fuzz<Array<string>>(V.V_vec_string_mixed)).toBeGreaterThan(0);
    expect(fuzz<C.TwoVecs>(V.V_struct_two_vecs)).toBeGreaterThan(0);
    expect(fuzz<C.EventLike>(V.V_event_like)).toBeGreaterThan(0);
    expect(fuzz<C.Shape>(V.V_enum_shape_tagged)).toBeGreaterThan(0);
    expect(fuzz<Tuple3<ContractId, string, Array<u8>>>(V.V_tuple_contractid_string_vec)).toBeGreaterThan(0);
    expect(fuzz<Map<u64, u64>>(V.V_btreemap_u64_u64_3)).toBeGreaterThan(0);
    expect(fuzz<Map<string, u32>>(V.V_btreemap_string_u32_2)).toBeGreaterThan(0);
    expect(fuzz<Set<u32>>(V.V_btreeset_u32_3)).toBeGreaterThan(0);
    expect(fuzz<Array<ContractError>>(V.V_vec_contract_error)).toBeGreaterThan(0);
    expect(fuzz<C.List>(V.V_box_list)).toBeGreaterThan(0);
    expect(fuzz<C.WithOptions>(V.V_struct_with_options)).toBeGreaterThan(0);
  });
});
