// The ABI check on built contracts, on plain asc builds and on must-fail transform inputs.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkAbi } from "../../transform/abi-check.js";
import { buildOne } from "../../cli/main.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { compileFixture, FIXTURE_DIR } from "./support.js";
import * as F from "./fixtures.js";

const COUNTER = join("examples", "counter", "assembly", "index.ts");

for (const runtime of ["incremental", "minimal", "stub"] as const) {
  for (const target of ["release", "debug"] as const) {
    test(`counter (${runtime}, ${target}) builds and passes the ABI check`, async () => {
      const r = await buildOne(COUNTER, { entries: [COUNTER], target, runtime, outDir: join(FIXTURE_DIR, "out"), cwd: REPO_ROOT, name: `counter-${runtime}-${target}` });
      assert.deepEqual(r.problems, [], r.stderr);
      const res = checkAbi(new Uint8Array(readFileSync(join(REPO_ROOT, r.outFile))));
      assert.ok(res.ok, res.problems.join("\n"));
      assert.deepEqual(res.info.exports.map((e) => e.name).sort(), ["A", "increment", "memory", "read_value"]);
      // Nothing can fail: no-argument methods take any bytes (as rkyv's check of `()` does). Under
      // minimal the collector run at exit brings the allocator, whose failures panic.
      assert.deepEqual(res.info.imports, runtime === "minimal" ? ["env.panic"] : []);
      assert.equal(res.info.hasStart, false);
      // No 66 KB zero segment, even at -O0 (minimal carries its collector: ~10 KB unoptimised).
      assert.ok(r.bytes < 12000, `${r.bytes} bytes`);
    });
  }
}

test("a plain asc build fails the check: start section and env.abort", async () => {
  const r = await compileFixture("plain-heap", F.PLAIN_HEAP, { transform: false });
  assert.ok(r.wasm, r.stderr);
  const res = checkAbi(r.wasm!);
  assert.equal(res.ok, false);
  assert.ok(res.problems.some((p) => /start section/.test(p)), res.problems.join("\n"));
  assert.ok(res.problems.some((p) => /import env\.abort is not allowed/.test(p)), res.problems.join("\n"));
});

for (const [name, src, re] of [
  ["random", F.USES_RANDOM, /Math\.random is not available in contracts/],
  ["date", F.USES_DATE, /Date\.now is not available in contracts/],
  ["trace", F.USES_TRACE, /trace\(\) is not available in contracts/],
] as const) {
  test(`${name}: plain build is rejected by the checker, transform build fails with PCAS008 at the line`, async () => {
    const plain = await compileFixture(`plain-${name}`, `export { A } from "../../../assembly/argbuf";\n${src}`, { transform: false });
    assert.ok(plain.wasm, plain.stderr);
    const res = checkAbi(plain.wasm!);
    assert.ok(res.problems.some((p) => re.test(p)), res.problems.join("\n"));
    const built = await compileFixture(`pcas-${name}`, src);
    assert.equal(built.wasm, null);
    assert.match(built.stderr, /ERROR PCAS008/);
    assert.match(built.stderr, re);
    assert.match(built.stderr, new RegExp(`build/test-fixtures/pcas-${name}/index\\.ts\\(2,\\d+\\)`));
  });
}

test("an exported function that is not (i32)->i32 fails the build", async () => {
  const r = await compileFixture("bad-export", F.BAD_EXPORT);
  assert.equal(r.wasm, null);
  assert.match(r.stderr, /PCAS201: export add has type \(i32, i32\) -> \(i32\); every exported function must be \(i32\) -> \(i32\)/);
});

test("an unsupported parameter type is a PCAS003 at the user's source position", async () => {
  const r = await compileFixture("bad-param", F.BAD_PARAM_TYPE);
  assert.equal(r.wasm, null);
  assert.match(r.stderr, /ERROR PCAS003: parameter 's' of 'take': type 'Date' has no rkyv form/);
  assert.match(r.stderr, /build\/test-fixtures\/bad-param\/index\.ts\(4,11\)/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace");
});

test("two @contract classes are a PCAS001", async () => {
  const r = await compileFixture("two-contracts", F.TWO_CONTRACTS);
  assert.equal(r.wasm, null);
  assert.match(r.stderr, /ERROR PCAS001: only one @contract class per contract/);
});

test("debug() imports hdebug only in debug builds", async () => {
  const rel = await compileFixture("debug-rel", F.DEBUG_CALL, { target: "release" });
  assert.ok(rel.wasm, rel.stderr);
  const relRes = checkAbi(rel.wasm!);
  assert.ok(relRes.ok, relRes.problems.join("\n"));
  assert.ok(!relRes.info.imports.includes("env.hdebug"));
  const dbg = await compileFixture("debug-dbg", F.DEBUG_CALL, { target: "debug" });
  assert.ok(dbg.wasm, dbg.stderr);
  const dbgRes = checkAbi(dbg.wasm!, { allowDebug: true });
  assert.ok(dbgRes.ok, dbgRes.problems.join("\n"));
  assert.ok(dbgRes.info.imports.includes("env.hdebug"));
  // The release checker rejects the debug build.
  assert.ok(checkAbi(dbg.wasm!).problems.some((p) => /hdebug exists only in debug-enabled Piecrust/.test(p)));
});

test("the checker reports malformed input instead of throwing", () => {
  assert.deepEqual(checkAbi(new Uint8Array([1, 2, 3])).ok, false);
  const truncated = checkAbi(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 7, 20, 1]));
  assert.equal(truncated.ok, false);
  assert.match(truncated.problems[0], /malformed module/);
});
