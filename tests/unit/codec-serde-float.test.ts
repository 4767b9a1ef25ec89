// serde_json's text of floats as Dusk's data drivers print them (host-sim/codec/serde-float.ts):
// the drivers go through serde_json::to_value, which widens an f32 to f64, and print the shortest
// round-trip digits laid out as ryu/zmij do. Expected texts are worked out by hand from the
// values' exact binary expansions, and the exponent cases are zmij's own test values.
import assert from "node:assert/strict";
import { test } from "node:test";
import { serdeFloatText, toJson, parseType } from "../../host-sim/codec/index.js";

const f32 = (x: number) => Math.fround(x);

test("f32 values print as the f64 they widen to", () => {
  assert.equal(serdeFloatText(f32(0.1)), "0.10000000149011612"); // 0.100000001490116119384765625
  assert.equal(serdeFloatText(f32(1e-45)), "1.401298464324817e-45"); // 2^-149, the least denormal
  assert.equal(serdeFloatText(f32(3.4028235e38)), "3.4028234663852886e+38"); // (2 - 2^-23) * 2^127
  assert.equal(serdeFloatText(f32(16777216)), "16777216.0"); // 2^24
  assert.equal(serdeFloatText(f32(1.5)), "1.5");
});

test("whole numbers, zeros and the plain/exponent thresholds", () => {
  assert.equal(serdeFloatText(1), "1.0");
  assert.equal(serdeFloatText(-0), "-0.0");
  assert.equal(serdeFloatText(0), "0.0");
  assert.equal(serdeFloatText(-2.5), "-2.5");
  assert.equal(serdeFloatText(0.1), "0.1");
  assert.equal(serdeFloatText(1e15), "1000000000000000.0"); // 16 digits before the point: plain
  assert.equal(serdeFloatText(1e16), "1e+16"); // 17: exponent, with zmij's "+"
  assert.equal(serdeFloatText(1234567890123456), "1234567890123456.0"); // kk = 16: still plain
  assert.equal(serdeFloatText(12345.678), "12345.678");
  assert.equal(serdeFloatText(0.00001), "0.00001"); // kk = -4: plain
  assert.equal(serdeFloatText(0.000001), "1e-6"); // kk = -5: exponent
  assert.equal(serdeFloatText(0.000123), "0.000123");
  assert.equal(serdeFloatText(Math.PI), "3.141592653589793");
  assert.equal(serdeFloatText(Number.MAX_VALUE), "1.7976931348623157e+308");
  assert.equal(serdeFloatText(5e-324), "5e-324");
  assert.equal(serdeFloatText(6.62607015e-34), "6.62607015e-34");
  assert.equal(serdeFloatText(3.439070283483335e35), "3.439070283483335e+35");
  assert.equal(serdeFloatText(-4.932096661796888e-226), "-4.932096661796888e-226");
});

test("non-finite floats are null, in serde's style only", () => {
  for (const v of [NaN, Infinity, -Infinity]) assert.equal(serdeFloatText(v), null);
  assert.equal(toJson(parseType("f32"), NaN, {}, "serde"), null);
  assert.equal(toJson(parseType("f64"), -Infinity, {}, "serde"), null);
  assert.equal(toJson(parseType("f64"), -Infinity, {}), "-Infinity");
});

test("every printed text reads back as the same float", () => {
  for (const v of [f32(0.1), f32(1e-45), f32(3.4028235e38), 1e16, 0.000001, Math.PI, 5e-324, -1234.5]) {
    assert.equal(Number(serdeFloatText(v)), v);
  }
});
