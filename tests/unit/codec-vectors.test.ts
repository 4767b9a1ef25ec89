import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CodecError, decode, encode, fromJson, layoutOf, parseType, toJson, type RType, type TypeDefs } from "../../host-sim/codec/index.js";
import { vectorJson } from "../helpers/paths.js";

interface ValidCase {
  name: string;
  rust_type: string;
  value: string;
  len: number;
  root_pos: number;
  archived_size: number;
  archived_align: number;
  field_offsets?: Record<string, number>;
  hex: string;
}
interface InvalidCase {
  name: string;
  rust_type: string;
  why: string;
  hex: string;
}
interface Vectors {
  cases: ValidCase[];
  invalid: InvalidCase[];
}

// JS values for every valid case, written by hand from each case's prose `value`
// field (see host-sim/codec/values.ts for the mapping).
const bytes = (n: number, f: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => f(i));
const a0bf = (): Uint8Array => bytes(32, (i) => 0xa0 + i);
const U64_MAX = (1n << 64n) - 1n;

const VALUES: Record<string, unknown> = {
  unit: null,
  bool_false: false,
  bool_true: true,
  u8_0x7f: 127,
  u8_max: 255,
  u16_0x1234: 0x1234,
  u32_0xdeadbeef: 0xdeadbeef,
  u64_0x0102030405060708: 0x0102030405060708n,
  u64_max: U64_MAX,
  i8_minus1: -1,
  i16_minus2: -2,
  i32_minus3: -3,
  i32_min: -2147483648,
  i64_minus4: -4n,
  i64_min: -9223372036854775808n,
  "u128_0x0102..10": 0x0102030405060708090a0b0c0d0e0f10n,
  i128_minus1: -1n,
  "f32_1.5": 1.5,
  "f64_minus2.5": -2.5,
  f64_pi: 3.141592653589793,
  char_euro: "\u20ac",
  usize_0x01020304: 0x01020304,
  isize_minus5: -5,
  nonzero_u32_7: 7,
  array_u8_32: bytes(32, (i) => i),
  array_u64_4: [1n, 2n, 0x0102030405060708n, U64_MAX],
  array_u8_0: new Uint8Array(0),
  array_string_2: ["short", "a longer string"],
  string_empty: "",
  string_1: "a",
  string_7: "abcdefg",
  string_8: "abcdefgh",
  string_9: "abcdefghi",
  string_non_ascii_inline: "h\u00e9llo",
  string_emoji: "\u{1f980}",
  string_non_ascii_out_of_line: "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8",
  string_100: Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(""),
  vec_u8_empty: new Uint8Array(0),
  vec_u8_3: Uint8Array.of(1, 2, 3),
  vec_u8_1000: bytes(1000, (i) => i % 256),
  vec_u16_3: [1, 2, 3],
  vec_u64_empty: [],
  vec_u64_3: [1n, 2n, 3n],
  vec_u64_after_u8: [7, [9n]],
  vec_string_empty: [],
  vec_string_inline: ["a", "bb"],
  vec_string_mixed: ["short", "a longer string here", "x", "another long one!"],
  vec_vec_u8: [Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)],
  box_u32: 0x11223344,
  box_slice_u8: Uint8Array.of(9, 8, 7),
  option_u64_none: null,
  option_u64_some: 42n,
  option_u8_none: null,
  option_u8_some: 200,
  option_u32_some: 0x01020304,
  option_bool_some_true: true,
  option_string_none: null,
  option_string_some_inline: "hi",
  option_string_some_out_of_line: "hello world",
  option_vec_u8_some: Uint8Array.of(1, 2),
  option_option_u8: { some: null },
  option_box_u32_none: null,
  result_ok_u64: { ok: 7n },
  result_err_string: { err: "bad" },
  tuple_u64_u32: [1n, 2],
  tuple_u8_u64: [0xab, 0x0102030405060708n],
  tuple_u8_u16_u32_u64: [1, 2, 3, 4n],
  tuple_string_string: ["first long string", "second long string"],
  tuple_contractid_string_vec: [bytes(32, () => 0x11), "transfer", Uint8Array.of(1, 2, 3)],
  struct_mixed: { a: 0x11, b: 0x2222222222222222n, c: 0x3333 },
  struct_mixed_repr_c: { a: 0x11, b: 0x2222222222222222n, c: 0x3333 },
  struct_nested: { id: 7, inner: { a: 1, b: 2n, c: 3 }, flag: true },
  struct_named_inline: { name: "abc", data: Uint8Array.of(1, 2, 3, 4, 5) },
  struct_named_out_of_line: { name: "a long name here", data: Uint8Array.of(1, 2, 3) },
  struct_unit: null,
  struct_tuple_pair: [0x01020304, 5],
  struct_bool_mix: { a: 1, flag: true, b: 2, c: 3 },
  struct_array_mix: { n: 1n, id: bytes(32, () => 0xee), small: 2, six: bytes(6, () => 6), h: 3 },
  contract_id: a0bf(),
  id_wrapper: [a0bf()],
  option_contract_id_some: a0bf(),
  event_like: { source: a0bf(), topic: "transfer_event", data: Uint8Array.of(1, 2, 3, 4), reverted: false },
  struct_with_options: { a: 5n, b: "optional text", c: 9 },
  struct_two_vecs: { first: Uint8Array.of(1, 1), second: Uint8Array.of(2, 2, 2) },
  vec_struct_mixed: [
    { a: 1, b: 2n, c: 3 },
    { a: 4, b: 5n, c: 6 },
  ],
  vec_struct_named: [
    { name: "first element", data: Uint8Array.of(1) },
    { name: "b", data: new Uint8Array(0) },
  ],
  struct_string_then_empty_vec_u64: { name: "abcdefghi", v: [] },
  order_bool_u64: { flag: true, amount: 0x0102030405060708n },
  order_u8_bool: { a: 0x55, b: true },
  order_u16_u8_bool: { x: 0x1122, a: 0x33, b: true },
  order_u8_array16: { a: 0x55, id: bytes(16, () => 0xee) },
  order_bool_array16: { flag: true, id: bytes(16, () => 0xee) },
  order_enum_field: { extra: 0x55, value: 0x01020304, color: "Blue" },
  order_option_fields: { small: 7, n: 0x01020304, big: 9n },
  order_char_u8: { b: 0x55, c: "A" },
  order_generic_u64: { tag: 1, inner: 2n },
  enum_color_red: "Red",
  enum_color_blue: "Blue",
  enum_explicit_b: "B",
  contract_error_panic_inline: { variant: "Panic", fields: ["oops"] },
  contract_error_panic_out_of_line: { variant: "Panic", fields: ["something went wrong"] },
  contract_error_out_of_gas: "OutOfGas",
  contract_error_does_not_exist: "DoesNotExist",
  contract_error_unknown: "Unknown",
  enum_shape_circle: { variant: "Circle", fields: { r: 0x01020304 } },
  enum_shape_rect: { variant: "Rect", fields: { w: 0x0506, h: 0x0708090a0b0c0d0en } },
  enum_shape_empty: "Empty",
  enum_shape_tagged: { variant: "Tagged", fields: [0xff, "tagged payload"] },
  vec_contract_error: ["OutOfGas", { variant: "Panic", fields: ["a longer panic message"] }, "Unknown"],
  box_list: { variant: "Cons", fields: [1, { variant: "Cons", fields: [2, "Nil"] }] },
  btreemap_u64_u64_empty: new Map(),
  btreemap_u64_u64_3: new Map([
    [1n, 10n],
    [2n, 20n],
    [3n, 30n],
  ]),
  btreemap_string_u32_2: new Map([
    ["a much longer key", 2],
    ["alpha", 1],
  ]),
  btreemap_u64_u64_600: new Map(Array.from({ length: 600 }, (_, i) => [BigInt(i), BigInt(i * 1000)])),
  struct_with_empty_btreemap: { label: "a long label", map: new Map() },
  btreeset_u32_3: new Set([1, 3, 5]),
};

/**
 * Two vectors describe their Rust type in prose rather than syntax; these are
 * the equivalent parseable sources (the rest are parsed verbatim).
 */
const RUST_TYPE_OVERRIDES: Record<string, string> = {
  contract_id: "ContractId",
  id_wrapper: "struct IdWrapper([u8; 32])",
};

const vectors = vectorJson<Vectors>("rkyv-0.7.json");
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const fromHex = (h: string): Uint8Array => {
  // A 16-aligned copy, as check_archived_root was run on one.
  const buf = new Uint8Array(new ArrayBuffer(h.length / 2 + 16), 16, h.length / 2);
  buf.set(Buffer.from(h, "hex"));
  return buf;
};

// Cases name types defined by other cases (Vec<Mixed>, Color used before its
// own case), so definitions are registered first, repeating until all resolve.
const defs: TypeDefs = {};
function sourceOf(c: { name: string; rust_type: string }): string {
  return RUST_TYPE_OVERRIDES[c.name] ?? c.rust_type;
}
{
  const pending = [...vectors.cases, ...vectors.invalid].filter((c) => /^(#|struct|enum)/.test(sourceOf(c).trim()));
  for (let round = 0; round < 5 && pending.length; round++) {
    for (let i = pending.length - 1; i >= 0; i--) {
      try {
        parseType(sourceOf(pending[i]!), defs);
        pending.splice(i, 1);
      } catch {
        // retried next round, once its dependencies are registered
      }
    }
  }
}
const typeOf = (c: { name: string; rust_type: string }): RType => parseType(sourceOf(c), defs);

describe("rkyv 0.7 vectors: valid cases", () => {
  it("has 116 valid and 10 invalid cases", () => {
    assert.equal(vectors.cases.length, 116);
    assert.equal(vectors.invalid.length, 10);
  });

  for (const c of vectors.cases) {
    it(c.name, () => {
      assert.ok(Object.hasOwn(VALUES, c.name), `no JS value written for case ${c.name} (${c.value})`);
      const t = typeOf(c);
      const value = VALUES[c.name];

      const layout = layoutOf(t);
      assert.equal(layout.size, c.archived_size, "archived_size");
      assert.equal(layout.align, c.archived_align, "archived_align");
      if (c.field_offsets) {
        const got = layout.fieldOffsets ?? variantOffsets(layout, value);
        assert.deepEqual(got, c.field_offsets, "field_offsets");
      }

      const bytes = encode(t, value);
      assert.equal(toHex(bytes), c.hex, "encoded bytes");
      assert.equal(bytes.length, c.len);
      assert.equal(c.root_pos, c.len - layout.size);

      assert.deepEqual(decode(t, fromHex(c.hex)), value, "decoded value");

      // The CLI path: JSON text in, the same archive out.
      const text = JSON.stringify(toJson(t, value));
      assert.equal(toHex(encode(t, fromJson(t, JSON.parse(text)))), c.hex, `via JSON ${text.slice(0, 80)}`);
    });
  }
});

/** For enum cases, field_offsets describe the variant the value uses. */
function variantOffsets(layout: ReturnType<typeof layoutOf>, value: unknown): Record<string, number> | undefined {
  const name = typeof value === "string" ? value : (value as { variant: string }).variant;
  return layout.variants?.find((v) => v.name === name)?.fieldOffsets;
}

describe("rkyv 0.7 vectors: invalid cases", () => {
  for (const c of vectors.invalid) {
    it(`${c.name} is rejected (${c.why})`, () => {
      const t = typeOf(c);
      assert.throws(() => decode(t, fromHex(c.hex)), (e: unknown) => {
        assert.ok(e instanceof CodecError, `expected CodecError, got ${String(e)}`);
        return true;
      });
    });
  }
});
