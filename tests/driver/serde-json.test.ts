// The JSON Dusk's drivers and wallets use (serde_json's forms of the Rust types, docs/dusk.md),
// checked against the shared rkyv vectors: each JSON below is written by hand as serde_json prints
// the vector's Rust value, encodes to the vector's bytes, and the bytes decode back to it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeStrict, decodeStrictText, SchemaCodec } from "../../cli/commands/schema.js";
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

test("decode's text writes floats as Dusk's drivers print them (1.0, not 1; an f32 as the f64 it widens to)", () => {
  const floats = new SchemaCodec(
    {
      name: "Floats",
      functions: [
        { name: "f32", input: "f32", output: "f32" },
        { name: "f64", input: "f64", output: "f64" },
        { name: "mixed", input: "Mixed", output: "Mixed" },
      ],
      events: [],
      types: ["struct Mixed { whole: f64, tenth: f32, n: u32, list: Vec<f64>, maybe: Option<f64> }"],
    },
    "serde",
  );
  const text = (fn: string, hex: string) => decodeStrictText(floats, "output", fn, Buffer.from(hex, "hex"));
  // The shared vectors' bytes: 1.5f32, -2.5f64, pi.
  assert.equal(text("f32", cases.get("f32_1.5")!.hex), "1.5");
  assert.equal(text("f64", cases.get("f64_minus2.5")!.hex), "-2.5");
  assert.equal(text("f64", cases.get("f64_pi")!.hex), "3.141592653589793");
  // 1.0f64 is 0x3ff0000000000000; 0.1f32 is 0x3dcccccd, whose f64 is 0.100000001490116119384765625.
  assert.equal(text("f64", "000000000000f03f"), "1.0");
  assert.equal(text("f32", "cdcccc3d"), "0.10000000149011612");
  // Floats nested in a struct, a vector and an option, beside an integer that stays "3".
  const mixed = floats.encodeInput("mixed", { whole: -0, tenth: 0.1, n: 3, list: [2, 1e16], maybe: 3 });
  assert.equal(decodeStrictText(floats, "output", "mixed", mixed), '{"whole":-0.0,"tenth":0.10000000149011612,"n":3,"list":[2.0,1e+16],"maybe":3.0}');
  assert.deepEqual(decodeStrict(floats, "output", "mixed", mixed), { whole: -0, tenth: 0.10000000149011612, n: 3, list: [2, 1e16], maybe: 3 });
});
