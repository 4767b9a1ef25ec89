// The runtime choice (docs/runtime.md): over 1,000 calls of a contract with heap churn, stub grows
// without bound while minimal (collect at exit) and incremental stay bounded. The gas figures behind
// the choice are printed by `npm run bench`, not here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { measureRuntime } from "./runtime-figures.js";

test("runtime: stub never frees, minimal and incremental keep memory bounded over 1,000 calls", async () => {
  const stub = await measureRuntime("stub", false);
  assert.ok(stub.pagesAt[3]! > stub.pagesAt[0]!, `stub never frees: pages ${stub.pagesAt.join("/")}`);
  for (const rt of ["minimal", "incremental"] as const) {
    const f = await measureRuntime(rt, false);
    assert.equal(f.pagesAt[3], f.pagesAt[1], `${rt} stays bounded: pages ${f.pagesAt.join("/")}`);
  }
});
