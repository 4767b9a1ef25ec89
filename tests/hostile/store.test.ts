// Store faults seen through the VM (the store's own crash and ENOSPC tests live in tests/crash and
// tests/unit/store-disk.test.ts): every file of a VM store directory truncated, bit-flipped or
// deleted makes VM.open (or, for a page's bytes, the first call that reads it) fail with a VMError
// naming that file; a store open in another process is
// refused with a clear "in use" error; a lock left by a killed process is taken over.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { toHex, VM, VMError } from "../../host-sim/index.js";
import { idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract } from "./support.js";

const CHILD = fileURLToPath(new URL("./open-store-child.js", import.meta.url));
const AREAS = ["pages", "bytecode", "elements", "commits"];
const SOURCE = contract(`
  (data (i32.const 0x10000) "persisted")
  (func (export "put") (param i32) (result i32)
    (i32.store (i32.load (i32.const 0)) (i32.load (i32.const 4))) (i32.const 0))
  (func (export "get") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.load (i32.load (i32.const 0)))) (i32.const 4))
`);

function temp(tag: string): string {
  return mkdtempSync(join(tmpdir(), `piecrust-as-hostile-${tag}-`));
}

function words(...xs: number[]): Uint8Array {
  return new Uint8Array(new Uint32Array(xs).buffer);
}

/** A store with two commits over two contracts; returns its roots. */
async function build(dir: string): Promise<string[]> {
  const vm = await VM.open(dir);
  const code = await wat(SOURCE);
  const s1 = await vm.session();
  s1.deploy(code, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  s1.deploy(code, { owner: OWNER, contractId: idOf(2) }, 1_000_000n);
  s1.callRaw(idOf(1), "put", words(0x20000 - 4, 11), 1_000_000n);
  const r1 = s1.commit();
  const s2 = await vm.session({ base: r1 });
  s2.callRaw(idOf(2), "put", words(0x10010, 22), 1_000_000n);
  const r2 = s2.commit();
  vm.close();
  return [toHex(r1), toHex(r2)];
}

function files(dir: string): Array<[string, string]> {
  return AREAS.flatMap((a) => readdirSync(join(dir, a)).map((n) => [a, n] as [string, string]));
}

type Damage = "truncate" | "empty" | "flip" | "delete";
function damage(path: string, how: Damage): void {
  const bytes = readFileSync(path);
  if (how === "truncate") truncateSync(path, Math.floor(bytes.length / 2));
  else if (how === "empty") truncateSync(path, 0);
  else if (how === "delete") unlinkSync(path);
  else {
    bytes[Math.floor(bytes.length / 3)] ^= 0x10;
    writeFileSync(path, bytes);
  }
}

/** Calls `get` of both contracts on every root; returns what the calls threw. */
async function callEverything(vm: VM, roots: string[]): Promise<unknown[]> {
  const failures: unknown[] = [];
  for (const root of roots) {
    const s = await vm.session({ base: Buffer.from(root, "hex") });
    for (const id of [idOf(1), idOf(2)]) {
      try {
        s.callRaw(id, "get", words(0x10000), 1_000_000n);
      } catch (e) {
        failures.push(e);
      }
    }
    s.close();
  }
  return failures;
}

test("every file of a VM store truncated, emptied, bit-flipped or deleted: VM.open, or the first call reading a damaged page, fails with a VMError naming it", async () => {
  const base = temp("damage");
  try {
    const orig = join(base, "orig");
    const roots = await build(orig);
    const all = files(orig);
    assert.ok(all.length >= 8, `expected a few files, got ${all.length}`);
    let n = 0;
    for (const [area, name] of all) {
      for (const how of ["truncate", "empty", "flip", "delete"] as Damage[]) {
        const copy = join(base, `c${n++}`);
        cpSync(orig, copy, { recursive: true });
        damage(join(copy, area, name), how);
        let vm: VM | undefined;
        try {
          vm = await VM.open(copy);
        } catch (e) {
          rmSync(copy, { recursive: true, force: true });
          assert.ok(e instanceof VMError, `${how} ${area}/${name}: not a VMError: ${String(e)}`);
          assert.equal(e.code, "PersistenceError", `${how} ${area}/${name}`);
          assert.ok(e.message.includes(name), `${how} ${area}/${name}: message does not name the file: ${e.message}`);
          continue;
        }
        if (area === "pages" && how !== "delete") {
          // A page's bytes are checked when it is first read: the first call that loads a contract
          // holding it fails with the same error, and every other call works.
          const failures = await callEverything(vm, roots);
          vm.close();
          rmSync(copy, { recursive: true, force: true });
          assert.ok(failures.length > 0, `${how} ${area}/${name}: no call read the damaged page`);
          for (const e of failures) {
            assert.ok(e instanceof VMError, `${how} ${area}/${name}: not a VMError: ${String(e)}`);
            assert.equal(e.code, "PersistenceError", `${how} ${area}/${name}`);
            assert.ok(e.message.includes(name), `${how} ${area}/${name}: message does not name the file: ${e.message}`);
          }
          continue;
        }
        // Only a deleted commit manifest can go unnoticed: the commit is simply gone, the rest intact.
        const held = vm.commits().map(toHex);
        vm.close();
        rmSync(copy, { recursive: true, force: true });
        assert.ok(area === "commits" && how === "delete", `${how} ${area}/${name}: VM.open succeeded`);
        assert.deepEqual(held, roots.filter((r) => r !== name), `${how} ${area}/${name}`);
      }
    }
    // The original is untouched by all this and still reads back.
    const vm = await VM.open(orig);
    const s = await vm.session({ base: Buffer.from(roots[1], "hex") });
    assert.equal(new DataView(s.callRaw(idOf(1), "get", words(0x20000 - 4), 1_000_000n).data.buffer).getUint32(0, true), 11);
    s.close();
    vm.close();
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("VM.open on something that is not a store directory is a VMError, not an fs exception", async () => {
  const base = temp("notdir");
  try {
    const file = join(base, "file");
    writeFileSync(file, "x");
    await assert.rejects(VM.open(file), (e) => e instanceof VMError && e.code === "PersistenceError");
    mkdtempSync(join(base, "d"));
    const areaIsFile = join(base, "store");
    await build(areaIsFile);
    rmSync(join(areaIsFile, "pages"), { recursive: true });
    writeFileSync(join(areaIsFile, "pages"), "not a directory");
    await assert.rejects(VM.open(areaIsFile), (e) => e instanceof VMError && e.code === "PersistenceError");
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("a page or bytecode file removed under a live VM: the call fails with a VMError, not an fs exception", async () => {
  const dir = temp("live");
  try {
    const roots = await build(dir);
    for (const area of ["pages", "bytecode"]) {
      const vm = await VM.open(dir);
      for (const name of readdirSync(join(dir, area))) unlinkSync(join(dir, area, name));
      const s = await vm.session({ base: Buffer.from(roots[1], "hex") });
      assert.throws(
        () => s.callRaw(idOf(1), "get", words(0x10000), 1_000_000n),
        (e) => e instanceof VMError && e.code === "PersistenceError",
        area,
      );
      s.close();
      vm.close();
      rmSync(dir, { recursive: true, force: true });
      await build(dir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function openInChild(dir: string): { ok: boolean; vmError?: boolean; code?: string; message?: string } {
  const r = spawnSync(process.execPath, [CHILD, dir], { encoding: "utf8", timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim());
}

test("two processes on one store: the second gets a clear 'in use' VMError; a killed holder's lock is taken over", async () => {
  const dir = temp("lock");
  try {
    await build(dir);
    const vm = await VM.open(dir);
    const second = openInChild(dir);
    assert.deepEqual([second.ok, second.vmError, second.code], [false, true, "PersistenceError"]);
    assert.match(second.message!, /in use/);
    assert.match(second.message!, new RegExp(String(process.pid)));
    // The same process opening it twice is refused too.
    await assert.rejects(VM.open(dir), (e) => e instanceof VMError && /in use/.test(e.message));
    vm.close();
    assert.deepEqual(openInChild(dir).ok, true);

    // A holder killed with SIGKILL leaves its LOCK behind; the next open takes it over.
    const holder = spawn(process.execPath, [CHILD, dir, "hold"], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve) => holder.stdout.once("data", () => resolve()));
    await assert.rejects(VM.open(dir), (e) => e instanceof VMError && /in use/.test(e.message));
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const again = await VM.open(dir);
    assert.equal(again.commits().length, 2);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
