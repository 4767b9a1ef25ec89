// Runaway contracts: infinite loops (OutOfGas at any limit), unbounded recursion (host-sim's stack
// budget, host-sim/depth.ts, traps the recursing frame — at top level, 47 frames down, and while the
// recursion is inside a host import), with the root unchanged after each. A recursion through `c`
// ends in OutOfGas instead: once a callee's frame no longer fits, each callee overflows and costs the
// recursing caller its whole limit (93% of what remains), which runs out before the caller's own
// frames reach the budget.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex } from "../../host-sim/index.js";
import { wat } from "../helpers/wat.js";
import { OTHER, SELF, SOURCE } from "./runaway-contract.js";
import { deployOne, fails, I32_MIN, i32At, words } from "./support.js";

async function fixture() {
  const f = await deployOne(SOURCE, { id: SELF });
  f.session.deploy(await wat(SOURCE), { owner: new Uint8Array(1), contractId: OTHER }, 10_000_000n);
  return f;
}

const LIMITS = [0n, 1n, 2n, 3n, 10n, 100n, 1_000n, 65_537n, 1_000_000n, 10_000_000n];

test("an infinite loop runs out of gas at every limit, leaving the root unchanged", async () => {
  const { session } = await fixture();
  for (const limit of LIMITS) {
    fails(session, "OutOfGas", () => session.callRaw(SELF, "spin", new Uint8Array(0), limit), [SELF], `spin @ ${limit}`);
    fails(session, "OutOfGas", () => session.callRaw(SELF, "dirty_spin", new Uint8Array(0), limit), [SELF], `dirty_spin @ ${limit}`);
  }
});

test("an infinite loop one frame down costs the caller the callee's whole limit and gives -2", async () => {
  const { session } = await fixture();
  for (const limit of [10_000n, 1_000_000n]) {
    const r = session.callRaw(SELF, "chain", words(1, 1), limit);
    assert.deepEqual([i32At(r.data), i32At(r.data, 4)], [-2, 1]);
  }
});

/** What unbounded recursion ends in: a stack overflow, or for `rec_c` the gas its failed callees took. */
const ENDS = { rec: "RuntimeError", rec_big: "RuntimeError", rec_c: "OutOfGas", rec_imports: "RuntimeError" } as const;

for (const fn of ["rec", "rec_big", "rec_c", "rec_imports"] as const) {
  test(`unbounded recursion (${fn}) at top level: ${ENDS[fn]}, root unchanged`, async () => {
    const { session } = await fixture();
    const err = fails(session, ENDS[fn], () => session.callRaw(SELF, fn, new Uint8Array(0), 1n << 40n), [SELF, OTHER], fn);
    if (ENDS[fn] === "RuntimeError") assert.equal(err.details.trap, "call stack exhausted");
    // With little gas the same recursion runs out of gas first.
    fails(session, "OutOfGas", () => session.callRaw(SELF, fn, new Uint8Array(0), 5_000n), [SELF, OTHER], `${fn} @ 5000`);
    // The session is intact: an ordinary call still works and behaves like on a fresh session.
    session.callRaw(SELF, "nop", new Uint8Array(0), 1_000_000n);
    const fresh = await fixture();
    fresh.session.callRaw(SELF, "nop", new Uint8Array(0), 1_000_000n);
    assert.equal(toHex(session.root()), toHex(fresh.session.root()));
  });
}

for (const [depth, leaf] of [[47, 0], [48, 0], [47, 2], [20, 2], [2, 0]] as const) {
  const code = leaf ? -2 : I32_MIN;
  test(`unbounded recursion ${depth} frames deep (leaf ${leaf ? "recursing through c" : "plain"}): the caller sees ${code}`, async () => {
    const { session } = await fixture();
    // chain(n) runs n + 1 frames; the leaf frame recurses until the stack budget gives out.
    const r = session.callRaw(SELF, "chain", words(depth - 1, leaf), 1n << 50n);
    assert.deepEqual([i32At(r.data), i32At(r.data, 4)], [code, 1]);
    assert.equal(r.callTree.length, depth - 1, "the failed leaf is pruned from the call tree");
  });
}

/** Runs `fn` under `depth` extra JS frames: the outcome must not depend on them (depth.ts). */
function padded(depth: number, fn: () => void): void {
  if (depth === 0) return fn();
  padded(depth - 1, fn);
}

test("recursion through host imports from embedder stacks of many depths: the same outcome, the session sound", async () => {
  const { session } = await fixture();
  const fresh = await fixture();
  // The reference session makes the same successful calls, in the same order, without overflows.
  fresh.session.callRaw(SELF, "chain", words(2, 2), 1n << 40n);
  const expected = i32At(fresh.session.callRaw(SELF, "chain", words(3, 1), 1_000_000n).data);
  const STEPS = Number(process.env.HOSTILE_STACK_STEPS ?? 15);
  for (let pad = 0; pad < STEPS; pad++) {
    for (const fn of ["rec_c", "rec_imports"] as const) {
      padded(pad * 3, () => {
        fails(session, ENDS[fn], () => session.callRaw(SELF, fn, new Uint8Array(0), 1n << 40n), [SELF, OTHER], `${fn} pad ${pad}`);
      });
    }
    padded(pad * 3, () => {
      const r = session.callRaw(SELF, "chain", words(2, 2), 1n << 40n);
      assert.deepEqual([i32At(r.data), i32At(r.data, 4)], [-2, 1], `nested pad ${pad}`);
    });
  }
  // Still consistent: same answer and same root as a session that never overflowed.
  assert.equal(i32At(session.callRaw(SELF, "chain", words(3, 1), 1_000_000n).data), expected);
  assert.equal(toHex(session.root()), toHex(fresh.session.root()));
});
