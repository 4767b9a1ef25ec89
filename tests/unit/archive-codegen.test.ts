// Mirrors nothing in Piecrust: the @archive member generator refuses layouts it cannot generate with an
// ArchiveCodegenError naming the class or field (transform/archive.ts reports it as PCAS009), never a
// bare Error.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ArchiveCodegenError, generateArchiveMembers, type ArchiveEnum, type ArchiveStruct } from "../../transform/archive-codegen.js";

function refused(f: () => unknown, mention: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof ArchiveCodegenError, `expected an ArchiveCodegenError, got ${String(e)}`);
    assert.match(e.message, mention);
    return true;
  });
}

const struct = (over: Partial<ArchiveStruct>): ArchiveStruct => ({ name: "Pair", fields: [], size: 8, align: 4, ...over });
const enumOf = (n: number): ArchiveEnum => ({
  name: "Kind", kind: "enum", size: 1, align: 1,
  variants: Array.from({ length: n }, (_, i) => ({ name: `V${i}`, fields: [] })),
});

test("archive codegen: a StaticArray field without its length is refused naming the field", () => {
  refused(() => generateArchiveMembers(struct({ fields: [{ name: "bytes", asType: "StaticArray<u8>", offset: 0 }] })), /field bytes: .*length/);
});

test("archive codegen: a NonZero field of a non-integer type is refused", () => {
  refused(() => generateArchiveMembers(struct({ fields: [{ name: "x", asType: "f64", offset: 0, nonZero: true }] })), /field x: .*integer type, not f64/);
});

test("archive codegen: impossible sizes and alignments are refused naming the class", () => {
  refused(() => generateArchiveMembers(struct({ align: 3 })), /Pair: alignment 3/);
  refused(() => generateArchiveMembers(struct({ size: -1 })), /Pair: archived size -1/);
});

test("archive codegen: enums have 1 to 256 variants; both ends generate, beyond them is refused", () => {
  assert.match(generateArchiveMembers(enumOf(1)), /__archiveNiche\(\): u32 \{ return 255; \}/);
  assert.match(generateArchiveMembers(enumOf(256)), /__archiveNiche\(\): u32 \{ return 0; \}/);
  refused(() => generateArchiveMembers(enumOf(0)), /Kind: 0 variants/);
  refused(() => generateArchiveMembers(enumOf(257)), /Kind: 257 variants/);
});
