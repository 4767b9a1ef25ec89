// Mirrors nothing in Piecrust: the fingerprint that keys host-sim's kept rewrites and the CLI's build
// cache. It follows the code's content, except a final source-map comment (the dev build has one,
// prepack's build none), and BLAKE3 by @noble/hashes of the worked bytes pins exactly what it hashes.
import assert from "node:assert/strict";
import { blake3 } from "@noble/hashes/blake3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { filesFingerprint } from "../../host-sim/fingerprint.js";
import { tempDir } from "./store-fixtures.js";

function fingerprintOf(files: Record<string, string>, extra: Record<string, string> = {}): string {
  const { dir, cleanup } = tempDir("fingerprint");
  try {
    mkdirSync(join(dir, "code"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "code", name), text);
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
    return filesFingerprint(join(dir, "code"), Object.keys(extra).map((n) => join(dir, n)));
  } finally {
    cleanup();
  }
}

const blake3Hex = (text: string) => bytesToHex(blake3(utf8ToBytes(text)));

test("fingerprint: BLAKE3 over name, NUL, text without the source-map comment, NUL, for each file in name order", () => {
  const got = fingerprintOf({ "b.js": "let b;\n//# sourceMappingURL=b.js.map\n", "a.js": "let a;\n", "c.txt": "ignored" }, { "asconfig.json": "{}" });
  const want = blake3Hex("a.js\0let a;\n\0b.js\0let b;\n\0asconfig.json\0{}\0");
  assert.equal(got, want);
});

test("fingerprint: a final source-map comment changes nothing; code, a comment elsewhere, or a name does", () => {
  const plain = fingerprintOf({ "a.js": "export const x = 1;\n" });
  assert.equal(fingerprintOf({ "a.js": "export const x = 1;\n//# sourceMappingURL=a.js.map" }), plain);
  assert.equal(fingerprintOf({ "a.js": "export const x = 1;\n//# sourceMappingURL=a.js.map\n\n" }), plain);
  assert.notEqual(fingerprintOf({ "a.js": "export const x = 2;\n" }), plain);
  assert.notEqual(fingerprintOf({ "a.js": "export const x = 1;\n//# sourceMappingURL=a.js.map\nexport const y = 2;\n" }), plain);
  assert.notEqual(fingerprintOf({ "b.js": "export const x = 1;\n" }), plain);
});

test("fingerprint: a missing extra file hashes as empty, and a missing folder as no files", () => {
  const { dir, cleanup } = tempDir("fingerprint-missing");
  try {
    const got = filesFingerprint(join(dir, "no-such-folder"), [join(dir, "no-such-file.json")]);
    assert.equal(got, blake3Hex("no-such-file.json\0\0"));
  } finally {
    cleanup();
  }
});
