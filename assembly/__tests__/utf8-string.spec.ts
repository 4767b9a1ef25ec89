// Utf8String (assembly/utf8-string.ts) against the rkyv vectors of Rust's `String`: it must encode
// to exactly the bytes `string` encodes to, decode them without transcoding, and give the same text
// back; plus its own API (conversions, validation, equality and order).

import * as V from "./codec-vectors.generated";
import { roundTrip, expectRejects, loadHex, IN } from "./codec-helpers";
import { decode, validate, decodeFixed, validateFixed, encode, Option, Tuple2 } from "../codec";
import { Utf8String } from "../utf8-string";

function u(s: string): Utf8String {
  return Utf8String.fromString(s);
}

function bytesOf(list: u8[]): Uint8Array {
  const out = new Uint8Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list[i];
  return out;
}

describe("Utf8String: the String vectors", () => {
  it("inline and out-of-line, ASCII and not", () => {
    expect(roundTrip<Utf8String>(u(""), V.V_string_empty).toString()).toBe("");
    expect(roundTrip<Utf8String>(u("a"), V.V_string_1).toString()).toBe("a");
    expect(roundTrip<Utf8String>(u("abcdefg"), V.V_string_7).toString()).toBe("abcdefg");
    expect(roundTrip<Utf8String>(u("abcdefgh"), V.V_string_8).toString()).toBe("abcdefgh");
    expect(roundTrip<Utf8String>(u("abcdefghi"), V.V_string_9).toString()).toBe("abcdefghi");
    expect(roundTrip<Utf8String>(u("héllo"), V.V_string_non_ascii_inline).toString()).toBe("héllo");
    expect(roundTrip<Utf8String>(u("🦀"), V.V_string_emoji).toString()).toBe("🦀");
    expect(roundTrip<Utf8String>(u("日本語テキスト"), V.V_string_non_ascii_out_of_line).toString()).toBe("日本語テキスト");
    let s = "";
    for (let i = 0; i < 100; i++) s += String.fromCharCode(97 + (i % 26));
    const d = roundTrip<Utf8String>(u(s), V.V_string_100);
    expect(d.byteLength).toBe(100);
    expect(d.toString()).toBe(s);
  });

  it("inside Vec, Option, tuples and [String; 2]", () => {
    const v = roundTrip<Array<Utf8String>>([u("short"), u("a longer string here"), u("x"), u("another long one!")], V.V_vec_string_mixed);
    expect(v.length).toBe(4);
    expect(v[1].toString()).toBe("a longer string here");
    expect(v[3].toString()).toBe("another long one!");
    expect(roundTrip<Utf8String | null>(null, V.V_option_string_none)).toBeNull();
    const some = roundTrip<Utf8String | null>(u("hello world"), V.V_option_string_some_out_of_line);
    expect(some!.toString()).toBe("hello world");
    expect(roundTrip<Option<Utf8String>>(Option.some<Utf8String>(u("hi")), V.V_option_string_some_inline).value.toString()).toBe("hi");
    const t = roundTrip<Tuple2<Utf8String, Utf8String>>(new Tuple2<Utf8String, Utf8String>(u("first long string"), u("second long string")), V.V_tuple_string_string);
    expect(t._1.toString()).toBe("second long string");
    const n = loadHex(V.V_array_string_2);
    expect(validateFixed<Utf8String>(IN, n, 2)).toBeNull();
    expect(decodeFixed<Utf8String>(IN, n, 2)[1].toString()).toBe("a longer string");
  });

  it("rejects the invalid String vectors", () => {
    expect(expectRejects<Utf8String>(V.V_invalid_string_utf8)).toBe(expectRejects<string>(V.V_invalid_string_utf8));
    expect(expectRejects<Utf8String>(V.V_invalid_string_offset_oob)).toBe(expectRejects<string>(V.V_invalid_string_offset_oob));
  });

  it("encodes exactly as string does for every length around the inline limit", () => {
    const OUT2 = memory.data(256, 16);
    for (let n = 0; n <= 20; n++) {
      let s = "";
      for (let i = 0; i < n; i++) s += String.fromCharCode(i % 3 == 2 ? 0xe9 : 0x61 + i);
      const a = encode<string>(s, OUT2, 128);
      const b = encode<Utf8String>(u(s), OUT2 + 128, 128);
      expect(b).toBe(a);
      expect(memory.compare(OUT2, OUT2 + 128, a)).toBe(0);
      expect(validate<Utf8String>(OUT2 + 128, b)).toBeNull();
      expect(decode<Utf8String>(OUT2 + 128, b).toString()).toBe(s);
    }
  });
});

describe("Utf8String: buffer bounds", () => {
  it("an archive that fits exactly is written, one byte less is refused", () => {
    const B = memory.data(64, 16);
    // 9 bytes + 3 of padding + the 8-byte object = 20.
    expect(encode<Utf8String>(u("abcdefghi"), B, 20)).toBe(20);
    expect(encode<string>("abcdefghi", B, 20)).toBe(20);
    expect(() => { encode<Utf8String>(u("abcdefghi"), memory.data(64, 16), 19); }).toThrow();
    expect(() => { encode<string>("abcdefghi", memory.data(64, 16), 19); }).toThrow();
    // 12 bytes need no padding: 20 again; inline strings need just the object.
    expect(encode<Utf8String>(u("abcdefghijkl"), B, 20)).toBe(20);
    expect(encode<Utf8String>(u("abc"), B, 8)).toBe(8);
    expect(() => { encode<Utf8String>(u("abc"), memory.data(64, 16), 7); }).toThrow();
  });
});

describe("Utf8String: API", () => {
  it("converts from and to string, counting UTF-8 bytes", () => {
    expect(u("").byteLength).toBe(0);
    expect(u("").isEmpty).toBe(true);
    expect(u("héllo").byteLength).toBe(6);
    expect(u("🦀").byteLength).toBe(4);
    expect(u("日本").toString()).toBe("日本");
    // A lone surrogate has no UTF-8 form: it becomes U+FFFD (EF BF BD), as TextEncoder does
    // (String.UTF8 would write its invalid WTF-8 form).
    const lone = u(String.fromCharCode(0xd800));
    expect(lone.byteLength).toBe(3);
    expect(load<u8>(lone.dataStart)).toBe(0xef);
    expect(load<u8>(lone.dataStart, 1)).toBe(0xbf);
    expect(load<u8>(lone.dataStart, 2)).toBe(0xbd);
    const mixed = u("a" + String.fromCharCode(0xdc00) + "b😀" + String.fromCharCode(0xd83d));
    expect(mixed.byteLength).toBe(1 + 3 + 1 + 4 + 3);
    expect(mixed.toString()).toBe("a\uFFFDb😀\uFFFD");
  });

  it("fromBytes copies valid UTF-8 and toBytes gives it back", () => {
    const b = bytesOf([0x68, 0xc3, 0xa9]);
    const s = Utf8String.fromBytes(b);
    b[0] = 0x41; // a copy: later changes to the source do not show
    expect(s.toString()).toBe("hé");
    const back = s.toBytes();
    expect(back.length).toBe(3);
    expect(back[1]).toBe(0xc3);
  });

  it("fromBytes panics on invalid UTF-8", () => {
    expect(() => { Utf8String.fromBytes(bytesOf([0x61, 0xff])); }).toThrow();
    expect(() => { Utf8String.fromBytes(bytesOf([0xed, 0xa0, 0x80])); }).toThrow(); // a surrogate
    expect(() => { Utf8String.fromBytes(bytesOf([0xc3])); }).toThrow(); // truncated
  });

  it("compares by content, in Rust's byte order", () => {
    expect(u("abc").equals(u("abc"))).toBe(true);
    expect(u("abc").equals(u("abd"))).toBe(false);
    expect(u("abc").equals(u("ab"))).toBe(false);
    expect(u("ab").compare(u("abc")) < 0).toBe(true);
    expect(u("b").compare(u("abc")) > 0).toBe(true);
    expect(u("é").compare(u("z")) > 0).toBe(true); // U+00E9 > U+007A
    expect(u("x").compare(u("x"))).toBe(0);
  });
});
