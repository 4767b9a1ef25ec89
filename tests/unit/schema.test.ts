// host-sim's one contract-schema check (host-sim/schema.ts): each wrong shape is a SchemaError
// naming the part, dusk-forge's variants are accepted and filled in, and `types` read as definitions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkSchema, codec, SCHEMA_SHAPE, SchemaError, schemaTypeDefs } from "../../host-sim/index.js";

const F = { name: "f", doc: "", input: "()", output: "()" };
const schema = (over: Record<string, unknown>) => ({ name: "X", functions: [F], events: [], types: [], ...over });

test("schema check: each wrong shape is a SchemaError naming the wrong part", () => {
  // [value, part, the message's reason]
  const cases: [unknown, string, string][] = [
    [5, "", "it holds a number"],
    [null, "", "it holds null"],
    [[F], "", "it holds an array"],
    [{ functions: [F] }, "name", `"name" is not a string (it is missing)`],
    [schema({ name: 7 }), "name", `"name" is not a string (it is a number)`],
    [{ name: "X" }, "functions", `no "functions" list`],
    [schema({ functions: { f: F } }), "functions", `no "functions" list`],
    [schema({ functions: [5] }), "functions[0]", "functions[0] is a number, not an object"],
    [schema({ functions: [F, [F]] }), "functions[1]", "functions[1] is an array, not an object"],
    [schema({ functions: [{ input: "()", output: "()" }] }), "functions[0].name", `functions[0] lacks a string name, input or output (its "name" is missing)`],
    [schema({ functions: [{ name: "f", output: "()" }] }), "functions[0].input", `functions[0] lacks a string name, input or output (its "input" is missing)`],
    [schema({ functions: [F, { name: "g", input: "()", output: null }] }), "functions[1].output", `functions[1] lacks a string name, input or output (its "output" is null)`],
    [schema({ functions: [{ ...F, doc: 1 }] }), "functions[0].doc", "functions[0].doc is not a string"],
    [schema({ events: "transfer" }), "events", `"events" is not a list (it is a string)`],
    [schema({ events: [null] }), "events[0]", "events[0] is null, not an object"],
    [schema({ events: [{ data: "u8" }] }), "events[0].topic", `events[0] lacks a string topic or data (its "topic" is missing)`],
    [schema({ events: [{ topic: "t", data: "u8" }, { topic: "u", data: { a: 1 } }] }), "events[1].data", `events[1] lacks a string topic or data (its "data" is an object)`],
    [schema({ types: "struct A;" }), "types", `"types" is neither a list nor an object (it is a string)`],
    [schema({ types: ["struct A;", 7] }), "types[1]", "types[1] is a number, not a Rust definition (a string)"],
    [schema({ types: { A: "struct A;", B: ["struct B;"] } }), "types.B", "types.B is an array, not a Rust definition (a string)"],
  ];
  for (const [value, part, reason] of cases) {
    assert.throws(
      () => checkSchema(value),
      (e) => {
        assert.ok(e instanceof SchemaError, `${JSON.stringify(value)}: ${e}`);
        assert.equal(e.part, part, JSON.stringify(value));
        assert.equal(e.reason, reason);
        assert.equal(e.message, `not a contract schema: ${reason} (expected ${SCHEMA_SHAPE})`);
        return true;
      },
    );
  }
});

test("schema check: a build's schema passes as it is; dusk-forge's variants get events and types as lists", () => {
  const built = schema({ events: [{ topic: "moved", data: "Point" }], types: ["struct Point { x: i32 }"] });
  assert.deepEqual(checkSchema(built), built);
  // dusk-forge writes `custom` and no `types`; a schema may also have no events, no doc, or
  // `types` as an object of name → definition.
  const forge = { name: "Y", functions: [{ name: "g", doc: "d", input: "u8", output: "u8", custom: false }], events: [{ topic: "t", data: "u8" }] };
  assert.deepEqual(checkSchema(forge), { ...forge, types: [] });
  const bare = { name: "Z", functions: [{ name: "h", input: "P", output: "Q" }], types: { Q: "struct Q(u8);", P: "enum P { A, B }" } };
  const checked = checkSchema(bare);
  assert.deepEqual(checked, { name: "Z", functions: [{ name: "h", input: "P", output: "Q" }], events: [], types: ["struct Q(u8);", "enum P { A, B }"] });
  const defs = schemaTypeDefs(checked);
  assert.deepEqual(Object.keys(defs).sort(), ["P", "Q"]);
  assert.deepEqual(codec.encode(codec.parseType("(P, Q)", defs), ["B", [9]]), Uint8Array.of(1, 9));
});

test("schema types: a definition that cannot be read is codec's CodecError", () => {
  assert.throws(() => schemaTypeDefs({ types: ["struct A { x: }"] }), (e) => e instanceof codec.CodecError);
  assert.throws(() => schemaTypeDefs({ types: ["u8"] }), /expected only struct\/enum definitions/);
});
