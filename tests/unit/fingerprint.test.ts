// Mirrors nothing in Piecrust: the fingerprint that keys host-sim's kept rewrites and the CLI's build
// cache. It follows the code's content, except a final source-map comment (the dev build has one,
// prepack's build none), and BLAKE3 by @noble/hashes of the worked bytes pins exactly what it hashes.
// The memo that spares a cold start the hashing trusts files only by an identity any write changes.
import assert from "node:assert/strict";
import { blake3 } from "@noble/hashes/blake3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { filesFingerprint, rememberedFingerprint } from "../../host-sim/fingerprint.js";
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

const OLD = new Date("2020-01-01T00:00:00Z");

/** A folder of code, its memo path, and a clock well past its files' last change (ms). */
function codeWithMemo(): { code: string; memo: string; later: number; cleanup: () => void } {
  const { dir, cleanup } = tempDir("fingerprint-memo");
  const code = join(dir, "code");
  mkdirSync(code);
  writeFileSync(join(code, "a.js"), "export const x = 1;\n");
  writeFileSync(join(code, "b.js"), "export const y = 2;\n");
  // Modified long ago, so a rewrite in the same clock tick as their creation still changes an identity.
  for (const f of ["a.js", "b.js"]) utimesSync(join(code, f), OLD, OLD);
  const st = statSync(join(code, "b.js"));
  return { code, memo: join(dir, "memo", "rewriter.memo"), later: Math.max(st.ctimeMs, st.mtimeMs) + 60_000, cleanup };
}

test("fingerprint memo: the same fingerprint as hashing; remembered against the files' identities and used while they stand", () => {
  const { code, memo, later, cleanup } = codeWithMemo();
  try {
    const hashed = filesFingerprint(code, []);
    assert.equal(rememberedFingerprint(code, [], memo, later), hashed);
    assert.equal((JSON.parse(readFileSync(memo, "utf8")) as { fingerprint: string }).fingerprint, hashed, "written beside the store");
    // A memo whose identities match is trusted without reading the files: a planted value shows it.
    const m = JSON.parse(readFileSync(memo, "utf8")) as { identity: string; fingerprint: string };
    writeFileSync(memo, JSON.stringify({ ...m, fingerprint: "planted" }));
    assert.equal(rememberedFingerprint(code, [], memo, later), "planted");
  } finally {
    cleanup();
  }
});

test("fingerprint memo: a rewritten file of the same size, a new file, or a torn memo is hashed again", () => {
  const { code, memo, later, cleanup } = codeWithMemo();
  try {
    rememberedFingerprint(code, [], memo, later);
    const m = JSON.parse(readFileSync(memo, "utf8")) as { identity: string; fingerprint: string };
    writeFileSync(memo, JSON.stringify({ ...m, fingerprint: "planted" }));
    // Same length, other bytes: its change time moves, so the planted value is not used.
    writeFileSync(join(code, "a.js"), "export const x = 3;\n");
    const after = statSync(join(code, "a.js"));
    const then = Math.max(after.ctimeMs, after.mtimeMs) + 60_000;
    assert.equal(rememberedFingerprint(code, [], memo, then), filesFingerprint(code, []));
    writeFileSync(join(code, "c.js"), "export const z = 4;\n");
    const withC = filesFingerprint(code, []);
    const cTime = statSync(join(code, "c.js"));
    assert.equal(rememberedFingerprint(code, [], memo, Math.max(cTime.ctimeMs, cTime.mtimeMs) + 60_000), withC);
    writeFileSync(memo, '{"identity": "tor');
    assert.equal(rememberedFingerprint(code, [], memo, then + 60_000), withC);
  } finally {
    cleanup();
  }
});

test("fingerprint memo: files changed within the settling time are hashed and not remembered (git's racily clean files)", () => {
  const { code, memo, later, cleanup } = codeWithMemo();
  try {
    const justAfter = later - 60_000 + 500;
    assert.equal(rememberedFingerprint(code, [], memo, justAfter), filesFingerprint(code, []));
    assert.equal(existsSync(memo), false, "nothing remembered for files that may still change unseen");
  } finally {
    cleanup();
  }
});
