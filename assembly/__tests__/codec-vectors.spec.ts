// Every case of tests/vectors/rkyv-0.7.json against the AssemblyScript
// codec: encode(value) == hex, and hex validates, decodes, and re-encodes to
// itself (plus field spot checks). Hex comes from codec-vectors.generated.ts.
//
// Coverage: all 116 valid and all 10 invalid cases are exercised. Notes:
//  - nonzero_u32_7 is encoded/decoded as a plain u32 (same bytes); NonZero
//    validation exists for @archive fields (`nonZero: true`) only.
//  - char_euro / order_char_u8 use the Char class / a `char: true` field.
//  - generic `order_generic_u64` is a non-generic class (layouts are per type).
//  - isize is 32-bit in AssemblyScript (wasm32), matching size_32.
import * as V from "./codec-vectors.generated";
import * as C from "./codec-classes.generated";
import {
  roundTrip, expectEncodes, expectDecodes, expectRejects, loadHex, toHex, seq, seqStatic, filled,
  IN, OUT, CAP, inLen,
} from "./codec-helpers";
import {
  encode, decode, decodeFixed, validate, validateFixed, check, Option, Tuple2, Tuple3, Tuple4, Char, Unit, Box,
  ContractId, ContractError, ContractErrorCode,
} from "../codec";
import { u128, i128 } from "as-bignum/assembly";

function cid(start: i32): ContractId {
  return ContractId.fromPtr(changetype<usize>(seqStatic(32, start)));
}

function mixed(a: u8, b: u64, c: u16): C.Mixed {
  const m = new C.Mixed();
  m.a = a; m.b = b; m.c = c;
  return m;
}

function named(name: string, data: Array<u8>): C.Named {
  const n = new C.Named();
  n.name = name; n.data = data;
  return n;
}

describe("rkyv vectors: scalars", () => {
  it("unit", () => { roundTrip<Unit>(new Unit(), V.V_unit); });
  it("bool", () => {
    expect(roundTrip<bool>(false, V.V_bool_false)).toBe(false);
    expect(roundTrip<bool>(true, V.V_bool_true)).toBe(true);
  });
  it("u8..u64", () => {
    expect(roundTrip<u8>(127, V.V_u8_0x7f)).toBe(127);
    expect(roundTrip<u8>(255, V.V_u8_max)).toBe(255);
    expect(roundTrip<u16>(0x1234, V.V_u16_0x1234)).toBe(0x1234);
    expect(roundTrip<u32>(0xdeadbeef, V.V_u32_0xdeadbeef)).toBe(0xdeadbeef);
    expect(roundTrip<u64>(0x0102030405060708, V.V_u64_0x0102030405060708)).toBe(0x0102030405060708);
    expect(roundTrip<u64>(u64.MAX_VALUE, V.V_u64_max)).toBe(u64.MAX_VALUE);
  });
  it("i8..i64", () => {
    expect(roundTrip<i8>(-1, V.V_i8_minus1)).toBe(-1);
    expect(roundTrip<i16>(-2, V.V_i16_minus2)).toBe(-2);
    expect(roundTrip<i32>(-3, V.V_i32_minus3)).toBe(-3);
    expect(roundTrip<i32>(i32.MIN_VALUE, V.V_i32_min)).toBe(i32.MIN_VALUE);
    expect(roundTrip<i64>(-4, V.V_i64_minus4)).toBe(-4);
    expect(roundTrip<i64>(i64.MIN_VALUE, V.V_i64_min)).toBe(i64.MIN_VALUE);
  });
  it("u128 / i128", () => {
    const v = roundTrip<u128>(new u128(0x090a0b0c0d0e0f10, 0x0102030405060708), V.V_u128_0x0102__10);
    expect(v.hi).toBe(0x0102030405060708);
    const w = roundTrip<i128>(new i128(u64.MAX_VALUE, -1), V.V_i128_minus1);
    expect(w.hi).toBe(-1);
  });
  it("f32 / f64", () => {
    expect(roundTrip<f32>(1.5, V.V_f32_1_5)).toBe(1.5);
    expect(roundTrip<f64>(-2.5, V.V_f64_minus2_5)).toBe(-2.5);
    expect(roundTrip<f64>(Math.PI, V.V_f64_pi)).toBe(Math.PI);
  });
  it("char", () => { expect(roundTrip<Char>(new Char(0x20ac), V.V_char_euro).code).toBe(0x20ac); });
  it("usize / isize / NonZeroU32", () => {
    expect(roundTrip<usize>(0x01020304, V.V_usize_0x01020304)).toBe(0x01020304);
    expect(roundTrip<isize>(-5, V.V_isize_minus5)).toBe(-5);
    expect(roundTrip<u32>(7, V.V_nonzero_u32_7)).toBe(7);
  });
});

describe("rkyv vectors: arrays and strings", () => {
  it("[u8; 32], [u64; 4], [u8; 0]", () => {
    expectEncodes<StaticArray<u8>>(seqStatic(32), V.V_array_u8_32);
    const n = loadHex(V.V_array_u8_32);
    expect(validateFixed<u8>(IN, n, 32)).toBeNull();
    expect(decodeFixed<u8>(IN, n, 32)[31]).toBe(31);
    const a: StaticArray<u64> = [1, 2, 0x0102030405060708, u64.MAX_VALUE];
    expectEncodes<StaticArray<u64>>(a, V.V_array_u64_4);
    expect(decodeFixed<u64>(IN, loadHex(V.V_array_u64_4), 4)[3]).toBe(u64.MAX_VALUE);
    expectEncodes<StaticArray<u8>>(new StaticArray<u8>(0), V.V_array_u8_0);
    expect(decodeFixed<u8>(IN, loadHex(V.V_array_u8_0), 0).length).toBe(0);
  });
  it("[String; 2]", () => {
    const a: StaticArray<string> = ["short", "a longer string"];
    expectEncodes<StaticArray<string>>(a, V.V_array_string_2);
    const n = loadHex(V.V_array_string_2);
    expect(validateFixed<string>(IN, n, 2)).toBeNull();
    const d = decodeFixed<string>(IN, n, 2);
    expect(d[0]).toBe("short");
    expect(d[1]).toBe("a longer string");
  });
  it("strings", () => {
    expect(roundTrip<string>("", V.V_string_empty)).toBe("");
    expect(roundTrip<string>("a", V.V_string_1)).toBe("a");
    expect(roundTrip<string>("abcdefg", V.V_string_7)).toBe("abcdefg");
    expect(roundTrip<string>("abcdefgh", V.V_string_8)).toBe("abcdefgh");
    expect(roundTrip<string>("abcdefghi", V.V_string_9)).toBe("abcdefghi");
    expect(roundTrip<string>("héllo", V.V_string_non_ascii_inline)).toBe("héllo");
    expect(roundTrip<string>("🦀", V.V_string_emoji)).toBe("🦀");
    expect(roundTrip<string>("日本語テキスト", V.V_string_non_ascii_out_of_line)).toBe("日本語テキスト");
    let s = "";
    for (let i = 0; i < 100; i++) s += String.fromCharCode(97 + (i % 26));
    expect(roundTrip<string>(s, V.V_string_100)).toBe(s);
  });
});

describe("rkyv vectors: Vec and Box", () => {
  it("Vec<u8> (Array and Uint8Array)", () => {
    expect(roundTrip<Array<u8>>([], V.V_vec_u8_empty).length).toBe(0);
    expect(roundTrip<Array<u8>>([1, 2, 3], V.V_vec_u8_3)[2]).toBe(3);
    const big = new Array<u8>(1000);
    for (let i = 0; i < 1000; i++) big[i] = <u8>i;
    expect(roundTrip<Array<u8>>(big, V.V_vec_u8_1000)[999]).toBe(<u8>999);
    const u = new Uint8Array(3);
    u[0] = 1; u[1] = 2; u[2] = 3;
    expect(roundTrip<Uint8Array>(u, V.V_vec_u8_3)[1]).toBe(2);
    const b = new Uint8Array(3);
    b[0] = 9; b[1] = 8; b[2] = 7;
    roundTrip<Uint8Array>(b, V.V_box_slice_u8);
  });
  it("Vec<u16>, Vec<u64>", () => {
    expect(roundTrip<Array<u16>>([1, 2, 3], V.V_vec_u16_3)[1]).toBe(2);
    expect(roundTrip<Array<u64>>([], V.V_vec_u64_empty).length).toBe(0);
    expect(roundTrip<Array<u64>>([1, 2, 3], V.V_vec_u64_3)[2]).toBe(3);
    const t = roundTrip<Tuple2<u8, Array<u64>>>(new Tuple2<u8, Array<u64>>(7, [9]), V.V_vec_u64_after_u8);
    expect(t._0).toBe(7);
    expect(t._1[0]).toBe(9);
  });
  it("Vec<String>", () => {
    expect(roundTrip<Array<string>>([], V.V_vec_string_empty).length).toBe(0);
    expect(roundTrip<Array<string>>(["a", "bb"], V.V_vec_string_inline)[1]).toBe("bb");
    const v = roundTrip<Array<string>>(["short", "a longer string here", "x", "another long one!"], V.V_vec_string_mixed);
    expect(v[3]).toBe("another long one!");
  });
  it("Vec<Vec<u8>>", () => {
    const v = roundTrip<Array<Array<u8>>>([[1], [], [2, 3]], V.V_vec_vec_u8);
    expect(v[2][1]).toBe(3);
  });
  it("Box<u32>", () => {
    expect(roundTrip<Box<u32>>(new Box<u32>(0x11223344), V.V_box_u32).value).toBe(0x11223344);
  });
});

describe("rkyv vectors: Option and Result", () => {
  it("Option<u64>, Option<u8>, Option<u32>, Option<bool>", () => {
    expect(roundTrip<Option<u64>>(Option.none<u64>(), V.V_option_u64_none).isSome).toBe(false);
    expect(roundTrip<Option<u64>>(Option.some<u64>(42), V.V_option_u64_some).value).toBe(42);
    roundTrip<Option<u8>>(Option.none<u8>(), V.V_option_u8_none);
    expect(roundTrip<Option<u8>>(Option.some<u8>(200), V.V_option_u8_some).value).toBe(200);
    expect(roundTrip<Option<u32>>(Option.some<u32>(0x01020304), V.V_option_u32_some).value).toBe(0x01020304);
    expect(roundTrip<Option<bool>>(Option.some<bool>(true), V.V_option_bool_some_true).value).toBe(true);
  });
  it("Option<String> as string | null", () => {
    expect(roundTrip<string | null>(null, V.V_option_string_none)).toBeNull();
    expect(roundTrip<string | null>("hi", V.V_option_string_some_inline)).toBe("hi");
    expect(roundTrip<string | null>("hello world", V.V_option_string_some_out_of_line)).toBe("hello world");
    expect(roundTrip<Option<string>>(Option.some<string>("hello world"), V.V_option_string_some_out_of_line).value).toBe("hello world");
  });
  it("Option<Vec<u8>>, Option<Option<u8>>, Option<Box<u32>>, Option<ContractId>", () => {
    const v = roundTrip<Array<u8> | null>([1, 2], V.V_option_vec_u8_some);
    expect(v).not.toBeNull();
    const oo = roundTrip<Option<Option<u8>>>(Option.some<Option<u8>>(Option.none<u8>()), V.V_option_option_u8);
    expect(oo.isSome).toBe(true);
    expect(oo.value.isSome).toBe(false);
    expect(roundTrip<Box<u32> | null>(null, V.V_option_box_u32_none)).toBeNull();
    const id = roundTrip<ContractId | null>(cid(0xa0), V.V_option_contract_id_some);
    expect(id!.bytes[31]).toBe(0xbf);
  });
  it("Result<u64, String> as an enum class", () => {
    const ok = new C.ResultU64String();
    ok.tag = 0; ok.ok = 7;
    expect(roundTrip<C.ResultU64String>(ok, V.V_result_ok_u64).ok).toBe(7);
    const err = new C.ResultU64String();
    err.tag = 1; err.err = "bad";
    expect(roundTrip<C.ResultU64String>(err, V.V_result_err_string).err).toBe("bad");
  });
});

describe("rkyv vectors: tuples", () => {
  it("(u64, u32), (u8, u64)", () => {
    expect(roundTrip<Tuple2<u64, u32>>(new Tuple2<u64, u32>(1, 2), V.V_tuple_u64_u32)._1).toBe(2);
    expect(roundTrip<Tuple2<u8, u64>>(new Tuple2<u8, u64>(0xab, 0x0102030405060708), V.V_tuple_u8_u64)._0).toBe(0xab);
  });
  it("(u8, u16, u32, u64) is reordered except the last element", () => {
    const t = roundTrip<Tuple4<u8, u16, u32, u64>>(new Tuple4<u8, u16, u32, u64>(1, 2, 3, 4), V.V_tuple_u8_u16_u32_u64);
    expect(t._0).toBe(1);
    expect(t._3).toBe(4);
  });
  it("(String, String): children last to first", () => {
    const t = roundTrip<Tuple2<string, string>>(
      new Tuple2<string, string>("first long string", "second long string"), V.V_tuple_string_string);
    expect(t._0).toBe("first long string");
  });
  it("(ContractId, String, Vec<u8>)", () => {
    const t = roundTrip<Tuple3<ContractId, string, Array<u8>>>(
      new Tuple3<ContractId, string, Array<u8>>(ContractId.fromPtr(changetype<usize>(filled(32, 0x11))), "transfer", [1, 2, 3]),
      V.V_tuple_contractid_string_vec);
    expect(t._1).toBe("transfer");
    expect(t._2.length).toBe(3);
  });
});

describe("rkyv vectors: structs", () => {
  it("struct_mixed / repr(C) / nested", () => {
    expect(roundTrip<C.Mixed>(mixed(0x11, 0x2222222222222222, 0x3333), V.V_struct_mixed).c).toBe(0x3333);
    const r = new C.MixedReprC();
    r.a = 0x11; r.b = 0x2222222222222222; r.c = 0x3333;
    roundTrip<C.MixedReprC>(r, V.V_struct_mixed_repr_c);
    const n = new C.Nested();
    n.id = 7; n.inner = mixed(1, 2, 3); n.flag = true;
    expect(roundTrip<C.Nested>(n, V.V_struct_nested).inner.b).toBe(2);
  });
  it("Named inline / out of line", () => {
    roundTrip<C.Named>(named("abc", [1, 2, 3, 4, 5]), V.V_struct_named_inline);
    expect(roundTrip<C.Named>(named("a long name here", [1, 2, 3]), V.V_struct_named_out_of_line).name).toBe("a long name here");
  });
  it("unit struct, tuple struct", () => {
    roundTrip<C.UnitStruct>(new C.UnitStruct(), V.V_struct_unit);
    const p = new C.Pair();
    p._0 = 0x01020304; p._1 = 5;
    roundTrip<C.Pair>(p, V.V_struct_tuple_pair);
  });
  it("BoolMix, ArrayMix", () => {
    const b = new C.BoolMix();
    b.a = 1; b.flag = true; b.b = 2; b.c = 3;
    roundTrip<C.BoolMix>(b, V.V_struct_bool_mix);
    const a = new C.ArrayMix();
    a.n = 1; a.id = filled(32, 0xee); a.small = 2; a.six = filled(6, 6); a.h = 3;
    expect(roundTrip<C.ArrayMix>(a, V.V_struct_array_mix).six[5]).toBe(6);
  });
  it("ContractId, IdWrapper, EventLike", () => {
    expect(roundTrip<ContractId>(cid(0xa0), V.V_contract_id).bytes[0]).toBe(0xa0);
    const w = new C.IdWrapper();
    w._0 = seqStatic(32, 0xa0);
    roundTrip<C.IdWrapper>(w, V.V_id_wrapper);
    const e = new C.EventLike();
    e.source = cid(0xa0); e.topic = "transfer_event"; e.data = [1, 2, 3, 4]; e.reverted = false;
    expect(roundTrip<C.EventLike>(e, V.V_event_like).topic).toBe("transfer_event");
  });
  it("WithOptions, TwoVecs, StringThenEmptyVec", () => {
    const o = new C.WithOptions();
    o.a = Option.some<u64>(5); o.b = "optional text"; o.c = 9;
    expect(roundTrip<C.WithOptions>(o, V.V_struct_with_options).b).toBe("optional text");
    const t = new C.TwoVecs();
    t.first = [1, 1]; t.second = [2, 2, 2];
    roundTrip<C.TwoVecs>(t, V.V_struct_two_vecs);
    const s = new C.StringThenEmptyVec();
    s.name = "abcdefghi"; s.v = [];
    roundTrip<C.StringThenEmptyVec>(s, V.V_struct_string_then_empty_vec_u64);
  });
  it("Vec<Mixed>, Vec<Named>", () => {
    roundTrip<Array<C.Mixed>>([mixed(1, 2, 3), mixed(4, 5, 6)], V.V_vec_struct_mixed);
    const v = roundTrip<Array<C.Named>>([named("first element", [1]), named("b", [])], V.V_vec_struct_named);
    expect(v[1].name).toBe("b");
  });
  it("rustc field order cases", () => {
    const a = new C.BoolU64(); a.flag = true; a.amount = 0x0102030405060708;
    roundTrip<C.BoolU64>(a, V.V_order_bool_u64);
    const b = new C.U8Bool(); b.a = 0x55; b.b = true;
    roundTrip<C.U8Bool>(b, V.V_order_u8_bool);
    const c = new C.U16U8Bool(); c.x = 0x1122; c.a = 0x33; c.b = true;
    roundTrip<C.U16U8Bool>(c, V.V_order_u16_u8_bool);
    const d = new C.U8Array16(); d.a = 0x55; d.id = filled(16, 0xee);
    roundTrip<C.U8Array16>(d, V.V_order_u8_array16);
    const e = new C.BoolArray16(); e.flag = true; e.id = filled(16, 0xee);
    roundTrip<C.BoolArray16>(e, V.V_order_bool_array16);
    const f = new C.EnumField(); f.extra = 0x55; f.value = 0x01020304; f.color = 2;
    roundTrip<C.EnumField>(f, V.V_order_enum_field);
    const g = new C.OptionFields(); g.small = Option.some<u8>(7); g.n = 0x01020304; g.big = Option.some<u64>(9);
    roundTrip<C.OptionFields>(g, V.V_order_option_fields);
    const h = new C.CharU8(); h.b = 0x55; h.c = 0x41;
    roundTrip<C.CharU8>(h, V.V_order_char_u8);
    const i = new C.GenericU64(); i.tag = 1; i.inner = 2;
    roundTrip<C.GenericU64>(i, V.V_order_generic_u64);
  });
});

describe("rkyv vectors: enums", () => {
  it("fieldless enums: tag = variant index", () => {
    const red = new C.Color(); red.tag = 0;
    roundTrip<C.Color>(red, V.V_enum_color_red);
    const blue = new C.Color(); blue.tag = 2;
    expect(roundTrip<C.Color>(blue, V.V_enum_color_blue).tag).toBe(2);
    const b = new C.Explicit(); b.tag = 1;
    roundTrip<C.Explicit>(b, V.V_enum_explicit_b);
  });
  it("ContractError", () => {
    expect(roundTrip<ContractError>(new ContractError(ContractErrorCode.Panic, "oops"), V.V_contract_error_panic_inline).message).toBe("oops");
    roundTrip<ContractError>(new ContractError(ContractErrorCode.Panic, "something went wrong"), V.V_contract_error_panic_out_of_line);
    expect(roundTrip<ContractError>(new ContractError(ContractErrorCode.OutOfGas), V.V_contract_error_out_of_gas).code).toBe(ContractErrorCode.OutOfGas);
    roundTrip<ContractError>(new ContractError(ContractErrorCode.DoesNotExist), V.V_contract_error_does_not_exist);
    expect(roundTrip<ContractError>(new ContractError(ContractErrorCode.Unknown), V.V_contract_error_unknown).code).toBe(ContractErrorCode.Unknown);
    const v = roundTrip<Array<ContractError>>([
      new ContractError(ContractErrorCode.OutOfGas),
      new ContractError(ContractErrorCode.Panic, "a longer panic message"),
      new ContractError(ContractErrorCode.Unknown),
    ], V.V_vec_contract_error);
    expect(v[1].message).toBe("a longer panic message");
  });
  it("enums with data (Shape)", () => {
    const c = new C.Shape(); c.tag = 0; c.r = 0x01020304;
    roundTrip<C.Shape>(c, V.V_enum_shape_circle);
    const r = new C.Shape(); r.tag = 1; r.w = 0x0506; r.h = 0x0708090a0b0c0d0e;
    expect(roundTrip<C.Shape>(r, V.V_enum_shape_rect).h).toBe(0x0708090a0b0c0d0e);
    const e = new C.Shape(); e.tag = 2;
    roundTrip<C.Shape>(e, V.V_enum_shape_empty);
    const t = new C.Shape(); t.tag = 3; t.t0 = 0xff; t.t1 = "tagged payload";
    expect(roundTrip<C.Shape>(t, V.V_enum_shape_tagged).t1).toBe("tagged payload");
  });
  it("recursive enum through Box (List)", () => {
    const nil = new C.List(); nil.tag = 0;
    const two = new C.List(); two.tag = 1; two.head = 2; two.tail = new Box<C.List>(nil);
    const one = new C.List(); one.tag = 1; one.head = 1; one.tail = new Box<C.List>(two);
    const d = roundTrip<C.List>(one, V.V_box_list);
    expect(d.tail.value.head).toBe(2);
    expect(d.tail.value.tail.value.tag).toBe(0);
  });
});

describe("rkyv vectors: BTreeMap / BTreeSet", () => {
  it("empty and small maps", () => {
    expect(roundTrip<Map<u64, u64>>(new Map<u64, u64>(), V.V_btreemap_u64_u64_empty).size).toBe(0);
    const m = new Map<u64, u64>();
    m.set(3, 30); m.set(1, 10); m.set(2, 20);
    expect(roundTrip<Map<u64, u64>>(m, V.V_btreemap_u64_u64_3).get(2)).toBe(20);
    const s = new Map<string, u32>();
    s.set("alpha", 1); s.set("a much longer key", 2);
    expect(roundTrip<Map<string, u32>>(s, V.V_btreemap_string_u32_2).get("alpha")).toBe(1);
    const set = new Set<u32>();
    set.add(5); set.add(1); set.add(3);
    expect(roundTrip<Set<u32>>(set, V.V_btreeset_u32_3).has(3)).toBe(true);
  });
  it("600 entries: three leaves and an inner root", () => {
    const m = new Map<u64, u64>();
    for (let i: u64 = 0; i < 600; i++) m.set(i, i * 1000);
    const d = roundTrip<Map<u64, u64>>(m, V.V_btreemap_u64_u64_600);
    expect(d.size).toBe(600);
    expect(d.get(599)).toBe(599000);
  });
  it("struct with an empty map", () => {
    const w = new C.WithMap();
    w.label = "a long label"; w.map = new Map<u64, u64>();
    roundTrip<C.WithMap>(w, V.V_struct_with_empty_btreemap);
  });
});

describe("rkyv vectors: invalid archives are rejected", () => {
  it("each invalid case", () => {
    expectRejects<bool>(V.V_invalid_bool_2);
    expectRejects<Char>(V.V_invalid_char_surrogate);
    expectRejects<Option<u64>>(V.V_invalid_option_tag_2);
    expectRejects<ContractError>(V.V_invalid_enum_tag_4);
    expectRejects<string>(V.V_invalid_string_utf8);
    expectRejects<string>(V.V_invalid_string_offset_oob);
    expectRejects<Array<u64>>(V.V_invalid_vec_len_overrun);
    expectRejects<Array<u64>>(V.V_invalid_vec_unaligned);
    expectRejects<C.TwoVecs>(V.V_invalid_overlapping_children);
    expectRejects<C.TwoVecs>(V.V_invalid_children_out_of_order);
  });
  it("error messages name the problem (rkyv's wording)", () => {
    expect(expectRejects<bool>(V.V_invalid_bool_2).startsWith("check failed for bool")).toBe(true);
    expect(expectRejects<string>(V.V_invalid_string_offset_oob).startsWith("pointer out of bounds")).toBe(true);
    expect(expectRejects<Array<u64>>(V.V_invalid_vec_len_overrun).startsWith("pointer overran buffer")).toBe(true);
    expect(expectRejects<Array<u64>>(V.V_invalid_vec_unaligned).startsWith("unaligned pointer")).toBe(true);
    expect(expectRejects<C.TwoVecs>(V.V_invalid_overlapping_children).startsWith("subtree pointer")).toBe(true);
    expect(expectRejects<Option<u64>>(V.V_invalid_option_tag_2).startsWith("invalid tag for enum")).toBe(true);
    expect(expectRejects<string>(V.V_invalid_string_utf8).startsWith("utf8 error")).toBe(true);
  });
  it("decode aborts on an invalid archive", () => {
    loadHex(V.V_invalid_bool_2);
    expect(() => { decode<bool>(IN, inLen); }).toThrow();
    loadHex(V.V_invalid_children_out_of_order);
    expect(() => { decode<C.TwoVecs>(IN, inLen); }).toThrow();
  });
});
