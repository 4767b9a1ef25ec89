// host-sim's source-map reader (host-sim/source-map.ts, which lets debug info run in a browser)
// against a hand-decoded map and against Node's own SourceMap on the examples' real side files.
// One difference: a one-field segment at the very end of the mappings maps to no source, as every
// other one-field segment does (the spec); Node's SourceMap reads the end as zero deltas and
// repeats the previous segment's source there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { SourceMapIndex } from "../../host-sim/source-map.js";
import { REPO_ROOT } from "../helpers/paths.js";

test("source map: base64 VLQ segments decode to the positions worked out by hand", () => {
  // "AAAE": col 0 → a.ts 0:2. "gBCCD": col +16 (g = 0 with continuation, B = 1 → 32 → +16),
  // source +1 (C), line +1 (C), column −1 (D). "E": col +2 with no source. Line 2: "IAAE": col 4,
  // source, line unchanged, column +2 (col resets per line; the rest carries over).
  const map = new SourceMapIndex(["a.ts", "b.ts"], "AAAE,gBCCD,E;IAAE");
  assert.deepEqual(map.findEntry(0, 0), { generatedLine: 0, generatedColumn: 0, source: "a.ts", originalLine: 0, originalColumn: 2 });
  assert.deepEqual(map.findEntry(0, 17), { generatedLine: 0, generatedColumn: 16, source: "b.ts", originalLine: 1, originalColumn: 1 });
  assert.deepEqual(map.findEntry(0, 99), { generatedLine: 0, generatedColumn: 18 });
  assert.deepEqual(map.findEntry(1, 4), { generatedLine: 1, generatedColumn: 4, source: "b.ts", originalLine: 1, originalColumn: 3 });
  assert.equal(map.findEntry(1, 3), null);
  assert.throws(() => new SourceMapIndex([], "g"), /mappings end inside a number/);
  assert.throws(() => new SourceMapIndex([], "A!"), /bad base64 digit "!"/);
});

test("source map: every byte offset of the examples' side files maps as Node's SourceMap maps it", () => {
  const dir = join(REPO_ROOT, "build");
  const maps = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".wasm.map")) : [];
  assert.ok(maps.length >= 3, `build/ holds ${maps.length} side files: run \`npm run asbuild\` first`);
  let unmapped = 0;
  for (const f of maps) {
    const json = JSON.parse(readFileSync(join(dir, f), "utf8"));
    const ours = new SourceMapIndex(json.sources, json.mappings);
    const node = new SourceMap({ ...json, sourceRoot: "" });
    // The last segment's column: there Node's quirk (see the header) may show.
    const last = ours.findEntry(0, Number.MAX_SAFE_INTEGER)!.generatedColumn;
    const size = readFileSync(join(dir, f.replace(/\.map$/, ""))).length;
    for (let offset = 0; offset < size; offset++) {
      const n = node.findEntry(0, offset) as Partial<{ generatedColumn: number; originalSource: string; originalLine: number; originalColumn: number }>;
      const o = ours.findEntry(0, offset);
      assert.equal(o?.generatedColumn, n.generatedColumn, `${f} at ${offset}`);
      if (o && o.source === undefined) {
        unmapped++;
        if (o.generatedColumn === last && n.originalSource !== undefined) {
          const before = node.findEntry(0, last - 1) as typeof n;
          assert.deepEqual([n.originalSource, n.originalLine, n.originalColumn], [before.originalSource, before.originalLine, before.originalColumn], `${f} at ${offset}`);
          continue;
        }
      }
      assert.equal(o?.source, n.originalSource, `${f} at ${offset}`);
      assert.equal(o?.originalLine, n.originalLine, `${f} at ${offset}`);
      assert.equal(o?.originalColumn, n.originalColumn, `${f} at ${offset}`);
    }
  }
  assert.ok(unmapped > 0, "no one-field segment was met");
});
