// Mirrors piecrust/src/store/module.rs's reuse of the compiled module on open: a store directory keeps each
// contract's rewritten module, a reopened VM runs from it, and a damaged or foreign cache file is never
// trusted (the contract is rewritten again and the file replaced).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../../host-sim/index.js";
import { call, deploy, example, hex, idOf, type Deployed } from "./example.js";

const OWNER = idOf(0xaa);
const ALICE = idOf(1);

/** The one rewriter version's directory of a store; beside it only the memo of its fingerprint (fingerprint.ts). */
function rewriterDir(store: string): string {
  const fps = readdirSync(join(store, "prepared")).filter((n) => !n.endsWith(".memo"));
  assert.equal(fps.length, 1, "one rewriter version's directory");
  return join(store, "prepared", fps[0]);
}

/** A store with the token deployed and committed; the cache files it left, by name. */
async function tokenStore(): Promise<{ dir: string; base: Uint8Array; token: Deployed; files: () => Map<string, Buffer>; fpDir: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), "pcas-prepared-"));
  const vm = await VM.open(dir);
  const s = await vm.session({});
  const token = deploy(s, example("token"), { owner: OWNER, init: "1000000" });
  const base = s.commit();
  vm.close();
  const fpDir = () => rewriterDir(dir);
  const files = () => new Map(readdirSync(fpDir()).map((n) => [n, readFileSync(join(fpDir(), n))]));
  return { dir, base, token, files, fpDir };
}

/** A transfer on a reopened VM: its value and gas must be the figures a fresh rewrite gives. */
async function transferOn(dir: string, base: Uint8Array, token: Deployed): Promise<{ gas: bigint; balance: unknown }> {
  const vm = await VM.open(dir);
  try {
    const s = await vm.session({ base });
    const t = call(s, token, "transfer", ["0x" + hex(ALICE), "250"]);
    const balance = call(s, token, "balance_of", "0x" + hex(ALICE)).value;
    s.close();
    return { gas: t.receipt.gasSpent, balance };
  } finally {
    vm.close();
  }
}

test("prepared cache: deploy stores the rewrite, a reopened VM runs from it with the same gas", async () => {
  const { dir, base, token, files } = await tokenStore();
  try {
    const before = files();
    assert.equal(before.size, 1, "one rewritten module for the one contract");
    // 3,729: the transfer gas tests/sim/token.test.ts and the as-pect spec assert.
    assert.deepEqual(await transferOn(dir, base, token), { gas: 3729n, balance: "250" });
    assert.deepEqual(files(), before, "a good cache file is read, not rewritten");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("prepared cache: a corrupt, truncated or foreign file is not trusted; the contract is rewritten", async () => {
  const { dir, base, token, files, fpDir } = await tokenStore();
  try {
    const [name, good] = [...files()][0];
    const path = join(fpDir(), name);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 0x40; // inside the rewritten module
    const damaged: [string, Buffer][] = [
      ["one flipped byte", flipped],
      ["truncated", good.subarray(0, good.length - 100)],
      ["empty", Buffer.alloc(0)],
      ["not a cache file", Buffer.from("PCASRW01 hello")],
    ];
    for (const [what, bytes] of damaged) {
      writeFileSync(path, bytes);
      assert.deepEqual(await transferOn(dir, base, token), { gas: 3729n, balance: "250" }, what);
      assert.ok(readFileSync(path).equals(good), `${what}: the file is written again from a fresh rewrite`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("prepared cache: a well-formed file written for another contract is not used for this one", async () => {
  const { dir, base, token, files, fpDir } = await tokenStore();
  const other = mkdtempSync(join(tmpdir(), "pcas-prepared-"));
  try {
    const vm = await VM.open(other);
    const s = await vm.session({});
    deploy(s, example("counter"), { owner: OWNER });
    s.commit();
    vm.close();
    const otherFp = rewriterDir(other);
    const [counterFile] = readdirSync(otherFp);
    const [name, good] = [...files()][0];
    // The counter's valid, checksummed rewrite under the token's name.
    writeFileSync(join(fpDir(), name), readFileSync(join(otherFp, counterFile)));
    assert.deepEqual(await transferOn(dir, base, token), { gas: 3729n, balance: "250" });
    assert.ok(readFileSync(join(fpDir(), name)).equals(good));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  }
});

test("prepared cache: other rewrite options get their own file; of other rewriter versions only the one written last stays", async () => {
  const { dir, base, token, fpDir } = await tokenStore();
  try {
    const mine = fpDir();
    // two other versions: one written an hour ago, one a day ago
    const [recent, stale] = ["1", "0"].map((d) => join(dir, "prepared", d.repeat(32)));
    for (const [d, age] of [[recent, 3600], [stale, 86400]] as const) {
      mkdirSync(d);
      writeFileSync(join(d, "x"), "old");
      const t = Date.now() / 1000 - age;
      utimesSync(d, t, t);
    }
    const vm = await VM.open(dir, { threadFuel: false });
    const s = await vm.session({ base });
    const t = call(s, token, "transfer", ["0x" + hex(ALICE), "250"]);
    // Threading the fuel is observably identical: same gas as the threaded rewrite.
    assert.equal(t.receipt.gasSpent, 3729n);
    s.close();
    vm.close();
    assert.equal(existsSync(stale), false, "the older version's directory is gone");
    assert.equal(existsSync(recent), true, "the version written last stays");
    assert.equal(readdirSync(join(dir, "prepared")).filter((n) => !n.endsWith(".memo")).length, 2, "this version and the one written last");
    assert.equal(readdirSync(mine).length, 2, "one file per set of rewrite options");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
