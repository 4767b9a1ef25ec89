// The build's debug side file never reaches the deployed bytes: `piecrust-as build` gives exactly
// the bytes asc gives without a source map (so contract ids stay as they were), and its
// build/<name>.wasm.map names the functions the wasm's own export section points at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as asc from "assemblyscript/asc";
import { buildOne } from "../../cli/build.js";
import { debugFileOf } from "../../host-sim/index.js";
import { debugInfoForWasmFile } from "../../host-sim/debug-file.js";
import { parseModule, ExternKind } from "../../host-sim/wasm/module.js";
import { REPO_ROOT } from "../helpers/paths.js";

test("build: the wasm is asc's bytes without a source map; the side file names the exported functions", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pcas-debug-build-"));
  try {
    const entry = "examples/counter/assembly/index.ts";
    const r = await buildOne(entry, { entries: [entry], cwd: REPO_ROOT, outDir: join(dir, "a"), runtime: "incremental", target: "release", name: "counter" });
    assert.ok(r.ok, r.problems.join("; "));
    // asc on its own, as before the build kept debug info
    const plain = join(dir, "plain.wasm");
    const { error } = await asc.main([entry, "--outFile", plain, "--config", join(REPO_ROOT, "asconfig.json"), "--target", "release", "--baseDir", REPO_ROOT], {
      stdout: asc.createMemoryStream(),
      stderr: asc.createMemoryStream(),
    });
    assert.equal(error, null);
    const built = new Uint8Array(readFileSync(resolve(REPO_ROOT, r.outFile)));
    assert.deepEqual(built, new Uint8Array(readFileSync(plain)));
    assert.ok(existsSync(debugFileOf(resolve(REPO_ROOT, r.outFile))));

    const info = debugInfoForWasmFile(resolve(REPO_ROOT, r.outFile))!;
    assert.equal(info.name, "counter");
    const m = parseModule(built);
    const exported = m.exports.filter((e) => e.kind === ExternKind.Func);
    assert.ok(exported.length >= 2);
    for (const e of exported) assert.equal(info.functionName(e.index), `__pcas_entry:${e.name}`, e.name);
    // the counter's increment body maps into examples/counter (its `this.value += 1` line)
    const inc = exported.find((e) => e.name === "increment")!;
    const imported = m.imports.filter((i) => i.kind === ExternKind.Func).length;
    const body = m.bodies[inc.index - imported];
    const files = new Set<string>();
    for (let o = body.codeOffset; o < body.codeOffset + body.code.length; o++) {
      const at = info.locate(o, body.codeOffset);
      if (at) files.add(`${at.file}:${at.line}`);
    }
    const line = readFileSync(join(REPO_ROOT, entry), "utf8").split("\n").findIndex((l) => l.includes("this.value += 1")) + 1;
    assert.ok(files.has(`${entry}:${line}`), [...files].join(", "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
