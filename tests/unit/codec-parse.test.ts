import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CONTRACT_ERROR, CodecError, encode, formatType, parseDefinitions, parseType, type TypeDefs } from "../../host-sim/codec/index.js";

describe("codec parseType", () => {
  it("parses the standard shapes", () => {
    assert.deepEqual(parseType("u64"), { kind: "u64" });
    assert.deepEqual(parseType("String"), { kind: "string" });
    assert.deepEqual(parseType("Vec<u8>"), { kind: "vec", of: { kind: "u8" } });
    assert.deepEqual(parseType("Option<(ContractId, u64)>"), {
      kind: "option",
      of: { kind: "tuple", items: [{ kind: "contractId" }, { kind: "u64" }] },
    });
    assert.deepEqual(parseType("[u8; 32]"), { kind: "array", of: { kind: "u8" }, len: 32 });
    assert.deepEqual(parseType("BTreeMap<String, u32>"), { kind: "map", key: { kind: "string" }, value: { kind: "u32" } });
    assert.deepEqual(parseType("Result<u64, ContractError>"), { kind: "result", ok: { kind: "u64" }, err: CONTRACT_ERROR });
    assert.deepEqual(parseType("Box<[u16]>"), { kind: "boxslice", of: { kind: "u16" } });
    assert.deepEqual(parseType("core::num::NonZeroU64"), { kind: "nonzero", of: { kind: "u64" } });
    assert.deepEqual(parseType("()"), { kind: "unit" });
    assert.deepEqual(parseType("(u8,)"), { kind: "tuple", items: [{ kind: "u8" }] });
    assert.deepEqual(parseType("BTreeSet<char>"), { kind: "set", of: { kind: "char" } });
  });

  it("registers definitions and resolves them later", () => {
    const defs: TypeDefs = {};
    const mixed = parseType("struct Mixed { a: u8, b: u64, c: u16 }", defs);
    assert.equal(defs.Mixed, mixed);
    assert.deepEqual(parseType("Vec<Mixed>", defs), { kind: "vec", of: mixed });
    parseDefinitions("pub enum Color { Red, Green = 3, Blue } #[archive_attr(repr(C))] pub struct P(pub u8, Color);", defs);
    const p = defs.P!;
    assert.equal(p.kind === "struct" && p.reprC && p.tuple, true);
    assert.throws(() => parseType("Vec<Nope>", defs), (e: unknown) => e instanceof CodecError && /unknown type Nope/.test(e.message));
  });

  it("keeps self-references as refs, so descriptors stay JSON", () => {
    const list = parseType("enum List { Nil, Cons(u32, Box<List>) }");
    const copy = JSON.parse(JSON.stringify(list));
    assert.deepEqual(copy, list);
    const v = { variant: "Cons", fields: [1, { variant: "Cons", fields: [2, "Nil"] }] };
    assert.deepEqual(encode(copy, v), encode(list, v));
  });

  it("instantiates generic structs", () => {
    const defs: TypeDefs = {};
    const direct = parseType("struct Generic<T> { tag: u8, inner: T } with T = u64", defs);
    assert.deepEqual(parseType("Generic<u64>", defs), direct);
    assert.deepEqual(direct, { kind: "struct", name: "Generic", fields: [{ name: "tag", type: { kind: "u8" } }, { name: "inner", type: { kind: "u64" } }] });
    assert.throws(() => parseType("Generic", defs), /type arguments/);
  });

  it("reports bad input clearly", () => {
    assert.throws(() => parseType("Vec<u8"), /expected ">"/);
    assert.throws(() => parseType("u8 u8"), /trailing/);
    assert.throws(() => parseType("HashMap<u8, u8>"), /not supported/);
    assert.throws(() => parseType("Option<u8, u8>"), /takes 1 type argument/);
    assert.throws(() => parseType("[u8]"), /Box<\[T\]>/);
    assert.throws(() => parseType("&str"), /references/);
  });

  it("formats descriptors back to Rust syntax", () => {
    for (const src of ["Vec<u8>", "Option<(ContractId, u64)>", "[u8; 32]", "BTreeMap<String, u32>", "Box<[u8]>", "NonZeroU32", "(u8,)"]) {
      assert.equal(formatType(parseType(src)), src);
    }
  });
});
