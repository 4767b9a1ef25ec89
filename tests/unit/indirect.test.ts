// Calls through table 0 reach the fuel-threaded copies of its functions through a twin table
// (host-sim/module.ts tableZeroSegments, wasm/elements.ts), which must change nothing observable:
// every shape is swept over every limit against a VM that keeps the fuel and the stack count in the
// instance's globals across every call, as wasmtime does. Which modules get the twin is worked out
// by hand from the rule: table 0 is the module's own, not exported, never written, and filled only
// by lists of defined functions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VM } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { V8_LIMITS } from "../../host-sim/engine-limits.js";
import { prepareContract } from "../../host-sim/module.js";
import { parseModule } from "../../host-sim/wasm/module.js";
import { wat } from "../helpers/wat.js";
import { idOf, outcomeOf, OWNER } from "../helpers/sim.js";

const TYPES = `(type $ii (func (param i32) (result i32))) (type $v (func))`;
const FUNCS = `
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $spend (type $ii) (local $k i32) (loop $l (local.set $k (i32.add (local.get $k) (i32.const 1))) (br_if $l (i32.lt_u (local.get $k) (local.get 0)))) (local.get $k))
  (func $noop (type $v))
  (func $deep (type $ii) (if (result i32) (local.get 0) (then (call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 1)) (i32.const 3))) (else (i32.const 7))))`;

/** `f` reads (selector, n) and calls through table 0: fine, out of bounds, null, wrong type, deep. */
const CALLER = `(func (export "f") (param i32) (result i32) (local $sel i32) (local $n i32) (local $acc i32)
  (local.set $sel (i32.load (i32.const 0)))
  (local.set $n (i32.load (i32.const 4)))
  (local.set $acc (call_indirect (type $ii) (local.get $n) (local.get $sel)))
  (i64.store (i32.const 16) (call $spent))
  (i32.store (i32.const 0) (local.get $acc)) (i32.const 24))`;

const table = (extra = "") => `(table 8 funcref) (elem (i32.const 0) $double $spend) (elem (i32.const 3) $deep) (elem (i32.const 5) $noop) ${extra}`;

const source = (tableDecl: string, more = "") => `(module (import "env" "spent" (func $spent (result i64))) ${TYPES}
  (memory (export "memory") 2) (global (export "A") i32 (i32.const 0)) ${tableDecl} ${FUNCS} ${CALLER} ${more})`;

/** How many tables the rewrite has beyond the module's and its helper table: 1 with a twin. */
async function twins(src: string): Promise<number> {
  const bytes = await wat(src);
  const p = prepareContract(bytes, { debug: false });
  return parseModule(p.wasm).tables.length - parseModule(bytes).tables.length - 1;
}

test("twin table: given exactly when table 0 is the module's own, unexported, never written and filled with defined functions", async () => {
  assert.equal(await twins(source(table())), 1);
  assert.equal(await twins(source(table(), `(export "t" (table 0))`)), 0);
  assert.equal(await twins(source(table(), `(func (export "w") (param i32) (result i32) (table.set (i32.const 6) (ref.func $double)) (i32.const 0))`)), 0);
  // a segment of expressions, and one naming an import
  assert.equal(await twins(source(`(table 8 funcref) (elem (i32.const 0) funcref (ref.func $double) (ref.null func))`)), 0);
  assert.equal(await twins(source(`(table 8 funcref) (elem (i32.const 0) $spent $double)`)), 0);
  // passive and declarative segments leave the table alone
  assert.equal(await twins(source(table(`(elem func $noop) (elem declare func $double)`))), 1);
  assert.equal(prepareContract(await wat(source(table())), { debug: false, threadFuel: false }).threadedFunctions, 0);
});

test("twin table: when one of table 0's functions cannot have a threaded copy, none gets one for the table", async () => {
  // with the fuel and the count, $wide's copy would take 5 parameters, one more than these limits allow
  const wide = table(`(elem (i32.const 6) $wide) (func $wide (param i32 i32 i32) (result i32) (local.get 0))`);
  const limits = { ...V8_LIMITS, functionParams: 4 };
  const p = prepareContract(await wat(source(wide)), { debug: false, limits });
  assert.equal(parseModule(p.wasm).tables.length, 2, "the module's table and the helper table, no twin");
  // nothing is called directly: without a twin, a copy would only add a wrapper to every indirect call
  assert.equal(p.threadedFunctions, 0);
  assert.equal(prepareContract(await wat(source(table())), { debug: false, limits }).threadedFunctions, 4);
});

const argOf = (sel: number, n: number) => new Uint8Array(new Uint32Array([sel, n]).buffer);

const outcome = (s: Session, sel: number, n: number, gas: bigint) => outcomeOf(s, idOf(1), "f", argOf(sel, n), gas);

test("twin table: the same data, gas, error and root as calls through the globals, at every limit", async () => {
  const bytes = await wat(source(table()));
  const a = await (await VM.ephemeral()).session({});
  const b = await (await VM.ephemeral({ threadFuel: false })).session({});
  for (const s of [a, b]) s.deploy(bytes, { owner: OWNER, contractId: idOf(1) }, 1_000_000n);
  // double; spend 40; out of bounds; null; wrong type ($noop); deep 30; deep past the stack budget
  const cases: Array<[number, number]> = [[0, 21], [1, 40], [9, 1], [2, 1], [5, 1], [3, 30], [3, 1_000_000]];
  for (const [sel, n] of cases) {
    const full = outcome(a, sel, n, 100_000_000n);
    assert.equal(outcome(b, sel, n, 100_000_000n), full, `selector ${sel}, n ${n}`);
    const total = full.startsWith("ok ") ? Number(full.split(" ")[1]) : 400;
    for (let limit = 0; limit <= Math.min(total + 2, 1_500); limit++) {
      const x = outcome(a, sel, n, BigInt(limit));
      const y = outcome(b, sel, n, BigInt(limit));
      if (x !== y) assert.fail(`selector ${sel}, n ${n}, limit ${limit}: twin "${x}", globals "${y}"`);
    }
    assert.equal(toHex(a.root()), toHex(b.root()));
  }
  a.close();
  b.close();
});
