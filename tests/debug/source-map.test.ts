// The build's source maps as DebugInfo reads them (@jridgewell/trace-mapping, which also runs in a
// browser): against a hand-decoded map, and against Node's own SourceMap on every byte offset of the
// examples' real side files. One difference from Node: a one-field segment maps to no source (the
// spec); Node's SourceMap reads the end of the mappings as zero deltas and repeats the previous
// segment's source there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { DebugInfo } from "../../host-sim/debug-info.js";
import { REPO_ROOT } from "../helpers/paths.js";

const sideFile = (mappings: string) => JSON.stringify({ version: 3, sources: ["a.ts", "b.ts"], names: [], mappings, x_functionNames: [] });

test("source map: base64 VLQ segments decode to the positions worked out by hand", () => {
  // "AAAE": col 0 → a.ts 0:2. "gBCCD": col +16 (g = 0 with continuation, B = 1 → 32 → +16),
  // source +1 (C), line +1 (C), column −1 (D). "E": col +2 with no source.
  const info = DebugInfo.parse(sideFile("AAAE,gBCCD,E"), "x");
  assert.deepEqual(info.locate(0, 0), { file: "a.ts", line: 1, column: 3 });
  assert.deepEqual(info.locate(15, 0), { file: "a.ts", line: 1, column: 3 });
  assert.deepEqual(info.locate(17, 0), { file: "b.ts", line: 2, column: 2 });
  assert.equal(info.locate(17, 17), undefined, "the segment at 16 starts before `from`");
  assert.equal(info.locate(99, 0), undefined, "the one-field segment at 18 maps to no source");
  // an end marker and a new mapping at the same offset: the instruction there is the new mapping's
  assert.deepEqual(DebugInfo.parse(sideFile("AAAE,I,AAEE"), "x").locate(4, 0), { file: "a.ts", line: 3, column: 5 });
  assert.throws(() => DebugInfo.parse(JSON.stringify({ version: 2, sources: [], mappings: "" }), "x"), /not a version 3 source map/);
});

test("source map: every byte offset of the examples' side files maps as Node's SourceMap maps it", () => {
  const dir = join(REPO_ROOT, "build");
  const maps = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".wasm.map")) : [];
  assert.ok(maps.length >= 3, `build/ holds ${maps.length} side files: run \`npm run asbuild\` first`);
  let unmapped = 0;
  for (const f of maps) {
    const text = readFileSync(join(dir, f), "utf8");
    const json = JSON.parse(text);
    const ours = DebugInfo.parse(text, f);
    const node = new SourceMap({ ...json, sourceRoot: "" });
    const size = readFileSync(join(dir, f.replace(/\.map$/, ""))).length;
    /** Segments Node gives a source and we do not: only the map's last one may be such (see the header). */
    const differing = new Set<number>();
    for (let offset = 0; offset < size; offset++) {
      const n = node.findEntry(0, offset) as Partial<{ generatedColumn: number; originalSource: string; originalLine: number; originalColumn: number }>;
      const o = ours.locate(offset, 0);
      if (o === undefined) {
        unmapped++;
        if (n.originalSource !== undefined) differing.add(n.generatedColumn!);
        continue;
      }
      assert.deepEqual(o, { file: n.originalSource, line: n.originalLine! + 1, column: n.originalColumn! + 1 }, `${f} at ${offset}`);
    }
    assert.ok(differing.size <= 1, `${f}: segments at ${[...differing]} map to no source here but to one in Node's reader`);
    if (differing.size === 1) assert.equal((node.findEntry(0, size + 1e6) as { generatedColumn?: number }).generatedColumn, [...differing][0], `${f}: only the last segment may differ`);
  }
  assert.ok(unmapped > 0, "no one-field segment was met");
});
