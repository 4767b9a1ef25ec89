// The JSON Dusk's drivers and wallets use (serde_json's forms of the Rust types, docs/dusk.md),
// checked against the shared rkyv vectors: each JSON below is written by hand as serde_json prints
// the vector's Rust value, encodes to the vector's bytes, and the bytes decode back to it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeStrict, SchemaCodec } from "../../cli/commands/schema.js";
import { vectorJson } from "../helpers/paths.js";

interface Case { name: string; rust_type: string; hex: string }
const cases = new Map(vectorJson<{ cases: Case[] }>("rkyv-0.7.json").cases.map((c) => [c.name, c]));
const ids = Array.from({ length: 32 }, (_, i) => 0xa0 + i);

// [vector, type as the schema writes it, serde JSON of the vector's value]
const SERDE: Array<[string, string, unknown]> = [
  ["u64_max", "u64", "18446744073709551615"],
  ["i64_min", "i64", "-9223372036854775808"],
  ["u128_0x0102..10", "u128", "1339673755198158349044581307228491536"],
  ["u32_0xdeadbeef", "u32", 0xdeadbeef],
  ["unit", "()", null],
  ["option_u64_none", "Option<u64>", null],
  ["option_u64_some", "Option<u64>", "42"],
  ["option_string_some_inline", "Option<String>", "hi"],
  ["result_ok_u64", "Result<u64, String>", { Ok: "7" }],
  ["result_err_string", "Result<u64, String>", { Err: "bad" }],
  ["enum_color_blue", "Color", "Blue"],
  ["enum_shape_circle", "Shape", { Circle: { r: 0x01020304 } }],
  ["enum_shape_tagged", "Shape", { Tagged: [255, "tagged payload"] }],
  ["enum_shape_empty", "Shape", "Empty"],
  ["contract_error_panic_inline", "ContractError", { Panic: "oops" }],
  ["struct_tuple_pair", "Pair", [0x01020304, 5]],
  ["id_wrapper", "IdWrapper", ids],
  ["contract_id", "ContractId", Buffer.from(ids).toString("hex")],
  ["vec_u8_3", "Vec<u8>", [1, 2, 3]],
  ["tuple_contractid_string_vec", "(ContractId, String, Vec<u8>)", ["11".repeat(32), "transfer", [1, 2, 3]]],
  ["struct_with_options", "WithOptions", { a: "5", b: "optional text", c: 9 }],
  ["btreemap_string_u32_2", "BTreeMap<String, u32>", { "a much longer key": 2, alpha: 1 }],
];

const TYPES = [
  "enum Color { Red, Green, Blue }",
  "enum Shape { Circle { r: u32 }, Rect { w: u16, h: u64 }, Empty, Tagged(u8, String) }",
  "enum ContractError { Panic(String), OutOfGas, DoesNotExist, Unknown }",
  "struct Pair(u32, u8)",
  "struct IdWrapper([u8; 32])",
  "struct WithOptions { a: Option<u64>, b: Option<String>, c: u8 }",
];

const codec = new SchemaCodec(
  { name: "Vectors", functions: SERDE.map(([name, type]) => ({ name, input: type, output: type })), events: [{ topic: "shape", data: "Shape" }], types: TYPES },
  "serde",
);

for (const [name, , json] of SERDE) {
  test(`serde JSON of ${name} encodes to the vector and decodes back`, () => {
    const c = cases.get(name);
    assert.ok(c, `vector ${name} exists`);
    assert.equal(Buffer.from(codec.encodeInput(name, json)).toString("hex"), c.hex);
    assert.deepEqual(decodeStrict(codec, "output", name, Buffer.from(c.hex, "hex")), json);
  });
}

test("input takes 64-bit integers as numbers too", () => {
  assert.equal(Buffer.from(codec.encodeInput("option_u64_some", 42)).toString("hex"), cases.get("option_u64_some")!.hex);
});

test("Some(None) is null in serde's JSON, so it decodes to null (serde cannot tell it from None)", () => {
  const c = new SchemaCodec({ name: "X", functions: [{ name: "f", input: "Option<Option<u8>>", output: "Option<Option<u8>>" }], events: [], types: [] }, "serde");
  assert.equal(cases.get("option_option_u8")!.hex, "010000");
  assert.equal(decodeStrict(c, "output", "f", Buffer.from("010000", "hex")), null);
});

test("an event decodes by topic; bad bytes and unknown names are errors naming them", () => {
  assert.deepEqual(decodeStrict(codec, "event", "shape", Buffer.from(cases.get("enum_shape_empty")!.hex, "hex")), "Empty");
  assert.throws(() => decodeStrict(codec, "event", "nope", new Uint8Array(0)), /has no event 'nope'/);
  assert.throws(() => decodeStrict(codec, "output", "enum_color_blue", Uint8Array.of(7)), /not a valid Color \(output of enum_color_blue\)/);
  assert.throws(() => codec.encodeInput("enum_shape_circle", { Circle: { r: "x" } }), /argument of enum_shape_circle .*root\.Circle\.r/);
  assert.throws(() => codec.encodeInput("u32_0xdeadbeef", 2 ** 32), /argument of u32_0xdeadbeef/);
  assert.throws(() => codec.encodeInput("no_such", null), /has no function 'no_such'/);
});
