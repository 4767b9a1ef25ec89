// A data driver generated for the types of the shared rkyv 0.7 vectors (tests/vectors): its bytes
// are the vectors' bytes, and it decodes them to the serde JSON host-sim's codec writes. The
// examples use few kinds of types; this covers structs, enums with data, tuple structs, maps, sets,
// options of options, chars, 128-bit integers, recursion, and the field paths of JSON errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { codec } from "../../host-sim/index.js";
import type { TypeDefs } from "../../host-sim/codec/index.js";
import { buildTestDriver } from "./build-test-driver.js";
import { vectorJson } from "../helpers/paths.js";
import { Code, Driver, json } from "./loader.js";

interface Case { name: string; rust_type: string; hex: string }
const cases = vectorJson<{ cases: Case[] }>("rkyv-0.7.json").cases;

const TYPES = [
  "struct Mixed { a: u8, b: u64, c: u16 }",
  "struct Nested { id: u32, inner: Mixed, flag: bool }",
  "struct Named { name: String, data: Vec<u8> }",
  "struct UnitStruct;",
  "struct Pair(u32, u8)",
  "struct BoolMix { a: u8, flag: bool, b: u16, c: u32 }",
  "struct ArrayMix { n: u64, id: [u8; 32], small: u8, six: [u8; 6], h: u16 }",
  "struct IdWrapper([u8; 32])",
  "struct EventLike { source: ContractId, topic: String, data: Vec<u8>, reverted: bool }",
  "struct WithOptions { a: Option<u64>, b: Option<String>, c: u8 }",
  "struct TwoVecs { first: Vec<u8>, second: Vec<u8> }",
  "struct StringThenEmptyVec { name: String, v: Vec<u64> }",
  "struct BoolU64 { flag: bool, amount: u64 }",
  "struct U8Bool { a: u8, b: bool }",
  "struct U16U8Bool { x: u16, a: u8, b: bool }",
  "struct U8Array16 { a: u8, id: [u8; 16] }",
  "struct BoolArray16 { flag: bool, id: [u8; 16] }",
  "enum Color { Red, Green, Blue }",
  "struct EnumField { extra: u8, value: u32, color: Color }",
  "struct OptionFields { small: Option<u8>, n: u32, big: Option<u64> }",
  "struct CharU8 { b: u8, c: char }",
  "enum ContractError { Panic(String), OutOfGas, DoesNotExist, Unknown }",
  "enum Shape { Circle { r: u32 }, Rect { w: u16, h: u64 }, Empty, Tagged(u8, String) }",
  "enum List { Nil, Cons(u32, Box<List>) }",
  "struct WithMap { label: String, map: BTreeMap<u64, u64> }",
];

/** The schema's spelling of a vector's type: a definition stands for its name. */
function schemaType(rust: string): string {
  const def = /^(?:struct|enum) (\w+)/.exec(rust.replace(/\s*\(plain derive\)$/, ""));
  if (def) return def[1]!;
  return rust.startsWith("ContractId(") ? "ContractId" : rust;
}

// No JSON conversion in a generated driver (AssemblyScript contracts cannot have these types).
const UNSUPPORTED = new Set(["nonzero_u32_7", "array_u8_32", "array_u64_4", "array_u8_0", "array_string_2", "box_slice_u8", "result_ok_u64", "result_err_string"]);
// Forms the schema parser has no spelling for (repr(C), explicit discriminants, generics).
const UNSPELLED = new Set(["struct_mixed_repr_c", "enum_explicit_b", "order_generic_u64"]);

const used = cases.filter((c) => !UNSPELLED.has(c.name));
const schema = {
  name: "Vectors",
  functions: used.map((c) => ({ name: c.name, doc: "", input: schemaType(c.rust_type), output: schemaType(c.rust_type) })),
  events: [{ topic: "shape", data: "Shape" }],
  types: TYPES,
};

let built: Promise<Driver> | undefined;
/** The driver, compiled once for both tests. */
function vectorsDriver(): Promise<Driver> {
  return (built ??= compileDriver());
}

function compileDriver(): Promise<Driver> {
  return buildTestDriver(schema, "vectors");
}

const defs: TypeDefs = {};
for (const d of TYPES) codec.parseType(d, defs);

test("a driver for the vectors' types: encode gives the vector's bytes, decode the serde JSON, for every supported case", async () => {
  const driver = await vectorsDriver();
  let checked = 0;
  for (const c of used) {
    const bytes = Buffer.from(c.hex, "hex");
    if (UNSUPPORTED.has(c.name)) {
      const a = driver.decodeOutput(c.name, bytes);
      assert.equal(a.code, Code.OperationError, c.name);
      assert.match(a.error, new RegExp(`^Unsupported\\("decode_output ${c.name}: .* has no JSON conversion in piecrust-as drivers"\\)$`));
      continue;
    }
    const t = codec.parseType(schemaType(c.rust_type), defs);
    const serde = codec.toJson(t, codec.decode(t, bytes, defs), defs, "serde");
    assert.deepEqual(json(driver.decodeOutput(c.name, bytes)), serde, `${c.name} decodes to ${JSON.stringify(serde)}`);
    const enc = driver.encodeInput(c.name, JSON.stringify(serde), 1 << 20);
    assert.equal(enc.code, Code.Ok, `${c.name}: ${enc.error}`);
    // serde writes Some(None) as null, which reads back as None (docs/dusk.md): the one lossy vector.
    const want = c.name === "option_option_u8" ? "000000" : c.hex;
    assert.equal(Buffer.from(enc.bytes).toString("hex"), want, `${c.name} encodes to the vector`);
    checked++;
  }
  assert.ok(checked >= 80, `${checked} vectors checked`);
  // serde's forms, written by hand for a few of them.
  assert.deepEqual(json(driver.decodeOutput("enum_shape_tagged", Buffer.from(cases.find((c) => c.name === "enum_shape_tagged")!.hex, "hex"))), { Tagged: [255, "tagged payload"] });
  assert.deepEqual(json(driver.decodeOutput("struct_tuple_pair", Buffer.from("0403020105000000", "hex"))), [0x01020304, 5]);
  assert.deepEqual(json(driver.decodeOutput("i128_minus1", Buffer.from("ff".repeat(16), "hex"))), "-1");
  assert.deepEqual(json(driver.decodeOutput("enum_color_blue", Uint8Array.of(2))), "Blue");
  assert.deepEqual(json(driver.decodeOutput("char_euro", Buffer.from("ac200000", "hex"))), "€");
  assert.deepEqual(json(driver.decodeEvent("shape", Buffer.from(cases.find((c) => c.name === "enum_shape_circle")!.hex, "hex"))), { Circle: { r: 0x01020304 } });
});

test("a driver for the vectors' types: JSON errors name the field, rkyv errors the check that failed", async () => {
  const driver = await vectorsDriver();
  const bad: [string, string, RegExp][] = [
    ["struct_mixed", `{"a": 1, "b": "2"}`, /^Json\("encode_input struct_mixed: missing field `c` for struct Mixed"\)$/],
    ["struct_mixed", `{"a": 1, "b": "2", "c": 3, "d": 4}`, /^Json\("encode_input struct_mixed: unknown field `d` for struct Mixed, expected one of a, b, c"\)$/],
    ["struct_mixed", `{"a": 1, "a": 1, "b": "2", "c": 3}`, /^Json\("encode_input struct_mixed: duplicate field `a` for struct Mixed"\)$/],
    ["struct_nested", `{"id": 1, "inner": {"a": 256, "b": 0, "c": 0}, "flag": true}`, /^Json\("encode_input struct_nested: at inner.a: integer 256 is out of range for u8"\)$/],
    ["enum_shape_rect", `{"Rect": {"w": 1, "h": true}}`, /^Json\("encode_input enum_shape_rect: at Rect.h: expected u64 as an integer/],
    ["enum_shape_rect", `{"Square": 1}`, /^Json\("encode_input enum_shape_rect: unknown variant `Square` of Shape, expected one of Circle, Rect, Empty, Tagged"\)$/],
    ["enum_shape_rect", `"Rect"`, /^Json\("encode_input enum_shape_rect: variant `Rect` has fields: expected \{\\"Rect\\": …\}"\)$/],
    ["vec_struct_named", `[{"name": "x", "data": [1, 2, 300]}]`, /^Json\("encode_input vec_struct_named: at \[0\].data\[2\]: integer 300 is out of range for u8"\)$/],
    ["btreemap_string_u32_2", `{"k": -1}`, /^Json\("encode_input btreemap_string_u32_2: at k: integer -1 is out of range for u32"\)$/],
    ["char_euro", `"ab"`, /^Json\("encode_input char_euro: expected a string of one character for char, got string \\"ab\\""\)$/],
    ["option_option_u8", `[1]`, /^Json\("encode_input option_option_u8: expected u8 as an integer/],
  ];
  for (const [fn, input, message] of bad) {
    const a = driver.encodeInput(fn, input);
    assert.equal(a.code, Code.OperationError, `${fn} ${input}`);
    assert.match(a.error, message);
  }
  // The vectors' own invalid cases are refused (none of them traps the driver).
  const invalid = (vectorJson<{ invalid: { name: string; rust_type: string; hex: string }[] }>("rkyv-0.7.json").invalid ?? []);
  let refused = 0;
  for (const c of invalid) {
    const fn = used.find((u) => u.rust_type === c.rust_type && !UNSUPPORTED.has(u.name));
    if (!fn) continue;
    const a = driver.decodeOutput(fn.name, Buffer.from(c.hex, "hex"));
    assert.equal(a.code, Code.OperationError, `${c.name} is refused`);
    assert.match(a.error, new RegExp(`^Rkyv\\("decode_output ${fn.name}: cannot check_archived_root: `), c.name);
    refused++;
  }
  assert.ok(refused >= 5, `${refused} invalid vectors refused`);
});
