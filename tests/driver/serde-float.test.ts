// The data driver and host-sim's codec print floats alike, as serde_json does in Dusk's drivers
// (host-sim/codec/serde-float.ts, assembly/driver/values.ts): the driver's raw text is compared
// with hand-worked texts and with serdeFloatText over seeded random bit patterns.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTestDriver } from "./build-test-driver.js";
import { codec } from "../../host-sim/index.js";
import { serdeFloatText } from "../../host-sim/codec/index.js";
import { Code, Driver } from "./loader.js";

const schema = {
  name: "Floats",
  functions: [
    { name: "f32", doc: "", input: "f32", output: "f32" },
    { name: "f64", doc: "", input: "f64", output: "f64" },
    { name: "pair", doc: "", input: "Pair", output: "Pair" },
  ],
  events: [],
  types: ["struct Pair { a: f32, b: f64 }"],
};

let built: Promise<Driver> | undefined;
function floatsDriver(): Promise<Driver> {
  return (built ??= buildTestDriver(schema, "floats"));
}

function f32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return b;
}
function f64Bytes(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return b;
}
function text(driver: Driver, fn: string, bytes: Uint8Array): string {
  const a = driver.decodeOutput(fn, bytes);
  assert.equal(a.code, Code.Ok, a.error);
  return new TextDecoder().decode(a.bytes);
}

test("the driver prints f32 as serde_json's Value does: widened to f64", async () => {
  const d = await floatsDriver();
  const cases: [number, string][] = [
    [0.1, "0.10000000149011612"], [1e-45, "1.401298464324817e-45"], [3.4028235e38, "3.4028234663852886e+38"],
    [16777216, "16777216.0"], [-0, "-0.0"], [1, "1.0"], [1.5, "1.5"], [NaN, "null"], [Infinity, "null"], [-Infinity, "null"],
  ];
  for (const [v, want] of cases) assert.equal(text(d, "f32", f32Bytes(v)), want, `f32 ${v}`);
});

test("the driver prints f64 as serde_json does", async () => {
  const d = await floatsDriver();
  const cases: [number, string][] = [
    [0.1, "0.1"], [1, "1.0"], [-0, "-0.0"], [1e15, "1000000000000000.0"], [1e16, "1e+16"], [1e21, "1e+21"],
    [0.00001, "0.00001"], [0.000001, "1e-6"], [Math.PI, "3.141592653589793"], [Number.MAX_VALUE, "1.7976931348623157e+308"],
    [5e-324, "5e-324"], [-2.5, "-2.5"], [NaN, "null"],
  ];
  for (const [v, want] of cases) assert.equal(text(d, "f64", f64Bytes(v)), want, `f64 ${v}`);
  const defs = {};
  const pair = codec.parseType(schema.types[0]!, defs);
  assert.equal(text(d, "pair", codec.encode(pair, { a: Math.fround(0.1), b: 2 }, defs)), `{"a":0.10000000149011612,"b":2.0}`);
});

test("the driver and host-sim's codec print the same text for seeded random floats and every power of two", async () => {
  const d = await floatsDriver();
  let seed = 0x2545f491;
  const next = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
  const diffs: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const b = new Uint8Array(8);
    const view = new DataView(b.buffer);
    view.setUint32(0, next(), true);
    view.setUint32(4, next(), true);
    const v64 = view.getFloat64(0, true);
    const v32 = view.getFloat32(0, true);
    const t64 = text(d, "f64", b), t32 = text(d, "f32", b.subarray(0, 4));
    if (t64 !== (serdeFloatText(v64) ?? "null")) diffs.push(`f64 ${v64}: driver ${t64}, codec ${serdeFloatText(v64)}`);
    if (t32 !== (serdeFloatText(v32) ?? "null")) diffs.push(`f32 ${v32}: driver ${t32}, codec ${serdeFloatText(v32)}`);
  }
  // Powers of two have a narrower gap below them, where the nearest decimal can fall out.
  for (let exp = -1074; exp <= 1023; exp++) {
    const v = 2 ** exp, t = text(d, "f64", f64Bytes(v));
    if (t !== serdeFloatText(v)) diffs.push(`2^${exp}: driver ${t}, codec ${serdeFloatText(v)}`);
  }
  assert.deepEqual(diffs, []);
});

test("the driver reads back what it printed, to the same bytes", async () => {
  const d = await floatsDriver();
  for (const v of [0.1, 1e-45, 3.4028235e38, 16777216, -0, 1]) {
    const bytes = f32Bytes(v);
    const enc = d.encodeInput("f32", text(d, "f32", bytes));
    assert.equal(enc.code, Code.Ok, enc.error);
    assert.deepEqual([...enc.bytes], [...bytes], `f32 ${v}`);
  }
});
