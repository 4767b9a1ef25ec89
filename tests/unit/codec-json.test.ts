import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CodecError, fromJson, parseType, toJson, type TypeDefs } from "../../host-sim/codec/index.js";

describe("codec JSON helpers", () => {
  it("maps JSON shapes as documented", () => {
    const u64 = parseType("u64");
    assert.equal(fromJson(u64, "18446744073709551615"), (1n << 64n) - 1n);
    assert.equal(fromJson(u64, 5), 5n);
    assert.equal(fromJson(u64, "0xff"), 255n);
    assert.equal(toJson(u64, 7n), "7");
    assert.equal(fromJson(parseType("i32"), "-12"), -12);
    const id = parseType("ContractId");
    const bytes = new Uint8Array(32).fill(0xab);
    assert.deepEqual(fromJson(id, "ab".repeat(32)), bytes);
    assert.deepEqual(fromJson(id, "0x" + "ab".repeat(32)), bytes);
    assert.equal(toJson(id, bytes), "0x" + "ab".repeat(32));
    const m = parseType("BTreeMap<String, u64>");
    assert.deepEqual(toJson(m, new Map([["a", 1n]])), { a: "1" });
    assert.deepEqual(fromJson(m, { a: "1" }), new Map([["a", 1n]]));
    const n = parseType("BTreeMap<u64, bool>");
    assert.deepEqual(fromJson(n, { "5": true }), new Map([[5n, true]]));
    assert.deepEqual(toJson(n, new Map([[5n, true]])), [["5", true]]);
    assert.deepEqual(toJson(parseType("f64"), NaN), "NaN");
    assert.deepEqual(fromJson(parseType("Result<(), ContractError>"), { err: { variant: "Panic", fields: ["x"] } }), {
      err: { variant: "Panic", fields: ["x"] },
    });
  });

  it("names the path and the expected type in errors", () => {
    const defs: TypeDefs = {};
    parseType("struct Transfer { to: ContractId, amounts: Vec<u64>, memo: Option<String> }", defs);
    const t = parseType("Vec<Transfer>", defs);
    const good = { to: "00".repeat(32), amounts: ["1"], memo: null };
    const check = (json: unknown, path: string, re: RegExp): void =>
      assert.throws(() => fromJson(t, json), (e: unknown) => e instanceof CodecError && e.path === path && re.test(e.message));
    check([good, { ...good, amounts: ["1", "x"] }], "root[1].amounts[1]", /decimal or 0x-hex integer for u64/);
    check([{ ...good, to: "0x1234" }], "root[0].to", /expected 32 bytes for ContractId/);
    check([{ ...good, memo: 5 }], "root[0].memo", /expected String/);
    check([{ to: good.to, amounts: [] }], "root[0]", /missing field memo/);
    check([{ ...good, extra: 1 }], "root[0]", /unknown field extra/);
    check("nope", "root", /expected Vec<Transfer>/);
    assert.throws(() => fromJson(parseType("u8"), 300), /out of range for u8/);
    assert.throws(() => fromJson(parseType("ContractError"), "Oops"), /no variant Oops \(expected one of Panic, OutOfGas/);
  });
});
