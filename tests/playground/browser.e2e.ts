// The playground in a real browser (Debian's chromium, driven by playwright-core): load the page
// from a local server, edit the counter, build, deploy, call increment twice and read 0xfe, see a
// call's gas flame graph with the build's function names, a panic and a divide by zero at their
// lines, check that nothing was requested outside localhost, and save a screenshot: into the OS's
// temporary folder, or where PLAYGROUND_SCREENSHOT says (`npm run playground:screenshot` refreshes
// docs/playground.png with it), so that a run leaves the repository as it was.
// The in-page builds of the counter and the token are compared byte for byte with `piecrust-as
// build` in Node. Run by .ci/run after the other suites (it needs /usr/bin/chromium).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AddressInfo, Server } from "node:net";
import { chromium, type Page } from "playwright-core";
import { blake3 } from "@noble/hashes/blake3.js";
import { buildOne } from "../../cli/build.js";
import { toHex, VM } from "../../host-sim/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOT = resolve(ROOT, process.env.PLAYGROUND_SCREENSHOT ?? join(tmpdir(), "piecrust-as-playground.png"));
// Inserted before increment(): a panic on its second line, a division (by zero when asked) on its sixth.
const ADDED_METHODS =
  `  check_zero(): void {\n    assert(this.value == 0, "the counter is not zero");\n  }\n\n` +
  `  divide_by(d: u64): u64 {\n    return this.value / d;\n  }\n\n`;

interface PlaygroundScript {
  buildPlayground(o?: { minify?: boolean }): Promise<unknown>;
  servePlayground(port: number): Promise<Server>;
}

async function pageAsk(page: Page, op: "build" | "deploy", entry: string): Promise<any> {
  return page.evaluate(([o, e]) => {
    const pg = (globalThis as any).playground;
    return pg.ask({ op: o, name: "probe", entry: e, source: pg.source(e) });
  }, [op, entry] as const);
}

async function lastReceipt(page: Page): Promise<string> {
  return (await page.locator("#log .receipt").first().textContent()) ?? "";
}

async function call(page: Page, fn: string, arg = ""): Promise<string> {
  const before = await page.locator("#log .receipt").count();
  await page.selectOption("#fn", fn);
  await page.fill("#arg", arg);
  await page.click("#call");
  await page.waitForFunction((n) => document.querySelectorAll("#log .receipt").length > n, before);
  return lastReceipt(page);
}

test("the playground builds, deploys and calls the counter in chromium", async (t) => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const script = (await import(pathToFileURL(join(ROOT, "scripts", "playground.mjs")).href)) as PlaygroundScript;
  await script.buildPlayground();
  const server = await script.servePlayground(0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const outDir = mkdtempSync(join(tmpdir(), "pcas-playground-"));
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(origin + "/");
    await page.waitForSelector("body[data-ready='1']", { timeout: 60_000 });

    // Byte-identical to the Node build, and the same contract id when deployed the same way.
    const vm = await VM.ephemeral();
    const session = await vm.session();
    for (const name of ["counter", "token"]) {
      const entry = `examples/${name}/assembly/index.ts`;
      // Each side builds twice and the second build is timed: both then have the compiler loaded.
      await pageAsk(page, "build", entry);
      const inPage = await pageAsk(page, "build", entry);
      assert.ok(inPage.ok, `in-page build of ${name} failed:\n${inPage.text}`);
      const opts = { entries: [entry], target: "release" as const, runtime: "incremental" as const, outDir, cwd: ROOT, name };
      await buildOne(entry, opts);
      const started = performance.now();
      const node = await buildOne(entry, opts);
      const nodeBuildMs = performance.now() - started;
      assert.ok(node.ok, node.problems.join("\n"));
      const bytes = new Uint8Array(readFileSync(join(outDir, `${name}.wasm`)));
      assert.equal(inPage.wasmHex, toHex(bytes), `${name}: the page's wasm differs from piecrust-as build's`);
      t.diagnostic(`${name}: ${bytes.length} bytes; build in page ${inPage.ms.toFixed(0)} ms, in Node ${nodeBuildMs.toFixed(0)} ms`);
      if (name !== "counter") continue;
      // Deployed the same way (owner 32 zero bytes), it gets the same id; then a call's time, both sides.
      const id = session.deploy(bytes, { owner: new Uint8Array(32) }, 1_000_000_000n).contractId;
      const deployed = await pageAsk(page, "deploy", entry);
      assert.equal(deployed.id, toHex(id));
      assert.deepEqual(id, blake3(bytes));
      // A call's time, averaged over 2,000 after 200 to warm up: JSON in and out in the page, as
      // the page calls; raw bytes through host-sim in Node.
      const pageMs: number = await page.evaluate(async (cid) => {
        const ask = (globalThis as any).playground.ask;
        await ask({ op: "time", id: cid, fn: "read_value", times: 200 });
        return (await ask({ op: "time", id: cid, fn: "read_value", times: 2000 })).msPerCall;
      }, deployed.id);
      const nodeCall = () => session.callRaw(id, "read_value", new Uint8Array(0), 1_000_000_000n);
      for (let i = 0; i < 200; i++) nodeCall();
      const t0 = performance.now();
      for (let i = 0; i < 2000; i++) nodeCall();
      const nodeMs = (performance.now() - t0) / 2000;
      t.diagnostic(`counter.read_value: ${(pageMs * 1000).toFixed(1)} µs a call in the page (JSON in and out), ${(nodeMs * 1000).toFixed(1)} µs in Node (raw bytes)`);
      await page.evaluate(() => (globalThis as any).playground.ask({ op: "reset" }));
    }

    // A diagnostic is marked at its line: Date.now() is refused (PCAS), then the edit is undone.
    const dateLine = await page.evaluate(() => {
      const { editor } = (globalThis as any).playground;
      const doc = editor.state.doc;
      for (let i = 1; i <= doc.lines; i++) {
        if (doc.line(i).text.trim() === "return this.value;") {
          editor.dispatch({ changes: { from: doc.line(i).from, insert: "    const now = Date.now();\n" } });
          return i;
        }
      }
      throw new Error("no read_value body in the counter");
    });
    await page.click("#build");
    await page.waitForFunction(() => /built|failed/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 120_000 });
    assert.equal(await page.textContent("#status"), "build failed");
    assert.match((await page.textContent("#diag")) ?? "", new RegExp(`ERROR PCAS\\d+: Date.now is not available[^]*\\((${dateLine}),\\d+\\)`));
    assert.match((await page.locator(".cm-lintRange-error").first().textContent()) ?? "", /Date\.now\(\)/);
    await page.evaluate((l) => {
      const { editor } = (globalThis as any).playground;
      const line = editor.state.doc.line(l);
      editor.dispatch({ changes: { from: line.from, to: line.to + 1 } });
    }, dateLine);

    // Edit the counter: a method that panics while the value is not zero.
    const line = await page.evaluate(() => {
      const { editor } = (globalThis as any).playground;
      const doc = editor.state.doc;
      for (let i = 1; i <= doc.lines; i++) {
        if (doc.line(i).text.trim().startsWith("increment()")) {
          editor.dispatch({ selection: { anchor: doc.line(i).from } });
          editor.focus();
          return i;
        }
      }
      throw new Error("no increment() in the counter");
    });
    await page.keyboard.insertText(ADDED_METHODS);
    const assertLine = line + 1;
    const divideLine = line + 5;
    await page.click("#build");
    await page.waitForFunction(() => /built|failed/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 120_000 });
    assert.match((await page.textContent("#status")) ?? "", /built in/, (await page.textContent("#diag")) ?? "");

    await page.click("#deploy");
    await page.waitForFunction(() => /deployed|failed/.test(document.getElementById("status")!.textContent ?? ""), undefined, { timeout: 120_000 });
    assert.equal(await page.textContent("#status"), "deployed");
    assert.match(await call(page, "increment"), /gas\s+\d+ of 1000000000/);
    const second = await call(page, "increment");
    assert.match(second, /call\s+counter spent \d+/);
    // The call's flame graph: the contract frame takes the receipt's gas, 100 %, and the functions
    // under it have the names of the page's build (its debug side file), not wasm-function[i].
    const gas = /gas\s+(\d+) of/.exec(second)![1];
    await page.locator("#log .receipt").first().locator("button.flame").click();
    const frames = await page.locator("#flame svg g title").allTextContents();
    assert.ok(frames.some((f) => f.startsWith(`counter.increment\ngas ${gas} (100.00%), self `)), frames.join("\n"));
    assert.ok(frames.some((f) => f.startsWith("__pcas_entry:increment [counter]\n")), frames.join("\n"));
    assert.ok(!frames.some((f) => f.includes("wasm-function[")), frames.join("\n"));
    assert.ok((await page.locator("#flame svg g rect").count()) >= 2);
    assert.match((await page.locator("#flame svg > text").first().textContent()) ?? "", /^gas of counter\.increment\(\)$/);
    const read = await call(page, "read_value");
    assert.match(read, /result {2}"254"\n/, read);
    const panic = await call(page, "check_zero");
    assert.match(panic, /failed .*the counter is not zero/, panic);
    assert.match(panic, new RegExp(`line {4}${assertLine}\\n`), panic);
    // A trap that is no panic (integer divide by zero) is placed by its backtrace, and marked.
    const trap = await call(page, "divide_by", '"0"');
    assert.match(trap, /failed .*divide by zero/, trap);
    assert.match(trap, new RegExp(`at __pcas_entry:divide_by \\(examples/counter/assembly/index\\.ts:${divideLine}:\\d+\\)`), trap);
    assert.match(trap, new RegExp(`line {4}${divideLine}\\n`), trap);
    assert.match((await page.locator(".cm-lintRange-error").first().textContent()) ?? "", /this\.value \/ d/);
    // The failed call changed nothing.
    assert.match(await call(page, "read_value"), /result {2}"254"\n/);
    await page.click("#commit");
    await page.waitForFunction(() => /^[0-9a-f]{64}$/.test(document.getElementById("committed")!.textContent ?? ""));

    // The screenshot shows the last call's flame graph and the divide by zero marked in the editor.
    await page.locator("#log .receipt").first().locator("button.flame").click();
    await page.screenshot({ path: SCREENSHOT });
    t.diagnostic(`screenshot: ${SCREENSHOT}`);

    // Kept in IndexedDB, the committed state comes back after a reload.
    const root = await page.textContent("#committed");
    await page.selectOption("#storage", "indexeddb");
    await page.waitForFunction(() => localStorage.getItem("piecrust-as-playground.storage") === "indexeddb");
    await page.reload();
    await page.waitForSelector("body[data-ready='1']", { timeout: 120_000 });
    assert.equal(await page.textContent("#committed"), root);
    assert.match(await call(page, "read_value"), /result {2}"254"\n/);
    assert.deepEqual(errors, []);
    const outside = requests.filter((u) => new URL(u).origin !== origin);
    assert.deepEqual(outside, [], "the page requested something outside localhost");
    t.diagnostic(`page requests: ${requests.length}, all to ${origin}`);
  } finally {
    await browser.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
});
