// Deep recursion has one outcome: the same call on the same state succeeds or overflows the same way
// (same data, gas, root, error) whether V8 runs it in Liftoff or TurboFan, cold or warmed up (by this
// VM or another VM compiling the same bytecode), and from a shallow or a deep embedder JS stack.
// The limits are host-sim's deterministic frame budget (host-sim/depth.ts), worked out by hand for
// the simple recursions in stack-depth-contract.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { HostStackExhausted, toHex, VM } from "../../host-sim/index.js";
import { GO_BIG_MAX, GO_MAX, SELF } from "./stack-depth-contract.js";
import { words } from "./support.js";
import { deployed, outcome, runCalls, type Call, type Outcome } from "./stack-depth-run.js";

const CHILD = fileURLToPath(new URL("./stack-depth-child.js", import.meta.url));
const OVERFLOW = "RuntimeError call stack exhausted"; // wasmtime's Display for Trap::StackOverflow

/** Runs `f` under `depth` extra JS frames. */
function padded<T>(depth: number, f: () => T): T {
  if (depth === 0) return f();
  const r = padded(depth - 1, f);
  return r;
}

/**
 * Whether `e` is V8's overflow raised before host-sim ran any code: no frame of host-sim in its
 * trace, or only the method being entered (its own stack check, before its guard is in place).
 */
function beforeHostSim(e: unknown): boolean {
  return e instanceof RangeError && String(e.stack).split("\n").filter((l) => l.includes("/host-sim/")).length <= 1;
}

/** The largest n for which `call(n)` succeeds on a fresh VM (outcomes are monotone in n). */
async function limit(call: (n: number) => Call, hi: number): Promise<number> {
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const [o] = await runCalls([call(mid)]);
    if (o.ok && (o.call[0] !== "hop" || o.data === "00000000")) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

let calls: Call[] | undefined;
/** Every call at and one past its limit, the limits behind 1, 3 and 47 self-calls found once. */
async function boundaryCalls(): Promise<Call[]> {
  if (calls) return calls;
  const out: Call[] = [
    ["go", GO_MAX],
    ["go", GO_MAX + 1],
    ["go_big", GO_BIG_MAX],
    ["go_big", GO_BIG_MAX + 1],
  ];
  for (const k of [1, 3, 47]) {
    const n = await limit((n) => ["hop", k, n, 0], GO_MAX);
    const m = await limit((m) => ["hop", k, 0, m], GO_MAX);
    out.push(["hop", k, n, 0], ["hop", k, n + 1, 0], ["hop", k, 0, m], ["hop", k, 0, m + 1]);
    // the inner frames fail, the outer ones still recurse to their own limit
    out.push(["hop", k, GO_MAX, m]);
  }
  return (calls = out);
}

test("hand-worked limits: go(3,508) and go_big(2,232) succeed, one frame more overflows and changes nothing", async () => {
  const { vm, base } = await deployed();
  const rows = await runCalls([["go", GO_MAX], ["go", GO_MAX + 1], ["go_big", GO_BIG_MAX], ["go_big", GO_BIG_MAX + 1]], vm);
  assert.deepEqual(rows.map((r) => r.ok), [true, false, true, false]);
  assert.deepEqual([rows[1].error, rows[3].error], [OVERFLOW, OVERFLOW]);
  assert.deepEqual([rows[1].root, rows[3].root], [toHex(base), toHex(base)], "a failed call leaves the state as it was");
  assert.notEqual(rows[0].root, toHex(base));
  assert.notEqual(rows[2].root, rows[0].root);
});

test("behind self-calls: the callee's frames count on top of the caller's, and an overflowed callee gives its caller i32::MIN", async () => {
  const rows = await runCalls(await boundaryCalls());
  for (let i = 4; i < rows.length; i += 5) {
    const [atN, pastN, atM, pastM, innerFails] = rows.slice(i, i + 5);
    // hop returns 0 when everything succeeded, else the first failure code (i32::MIN: a trap)
    assert.deepEqual([atN.ok, atN.data, atM.ok, atM.data], [true, "00000000", true, "00000000"], JSON.stringify(atN.call));
    assert.ok(pastN.ok && pastN.data === "00000080", `${JSON.stringify(pastN.call)}: the innermost frame overflowed: ${JSON.stringify(pastN)}`);
    assert.ok(!pastM.ok || pastM.data === "00000080", JSON.stringify(pastM));
    assert.ok(innerFails.ok && innerFails.data === "00000080", `${JSON.stringify(innerFails)}: the outer frames still reach their limit`);
  }
  // Deeper callers leave their callees less: the limits shrink with the number of self-calls.
  const n = (k: number) => rows.find((r) => r.call[0] === "hop" && r.call[1] === k && r.call[3] === 0)!.call[2];
  assert.ok(GO_MAX > n(1) && n(1) > n(3) && n(3) > n(47), `${GO_MAX} ${n(1)} ${n(3)} ${n(47)}`);
});

test("the same outcomes with the fuel and the stack count threaded through direct calls as kept in the instance's globals", async () => {
  const list = await boundaryCalls();
  const globals = await runCalls(list, await VM.ephemeral({ threadFuel: false }));
  assert.deepEqual(await runCalls(list), globals);
});

test("the same outcomes cold, warmed up by this VM or by another VM, and from 1,000 or 3,000 JS frames deep", async () => {
  const list = await boundaryCalls();
  const cold = await runCalls(list);
  const warm = await deployed();
  const s = await warm.vm.session({ base: warm.base });
  for (let i = 0; i < 60; i++) {
    outcome(s, ["go", GO_MAX - (i % 7)]);
    outcome(s, ["go_big", GO_BIG_MAX - (i % 5)]);
    outcome(s, ["hop", 3, 1000, 1000]);
  }
  s.close();
  assert.deepEqual(await runCalls(list, warm.vm), cold, "warm, same VM");
  assert.deepEqual(await runCalls(list), cold, "a fresh VM after another one warmed the same bytecode");
  for (const depth of [1000, 3000]) {
    assert.deepEqual(await runCalls(list, undefined, (f) => padded(depth, f)), cold, `from ${depth} JS frames`);
  }
});

test("the same outcomes in Liftoff only, in TurboFan only and with V8's default tiering (child processes)", async () => {
  const list = await boundaryCalls();
  const cold = await runCalls(list);
  for (const flags of [["--liftoff-only"], ["--no-liftoff"], []]) {
    const r = spawnSync(process.execPath, [...flags, CHILD, JSON.stringify(list)], { encoding: "utf8", timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout) as Outcome[], cold, `node ${flags.join(" ")}`);
  }
});

test("an embedder stack too deep for V8 to hold the budget: HostStackExhausted wherever V8 runs out, the state as before, and no VMError", async () => {
  const { vm, base } = await deployed();
  const s = await vm.session({ base });
  const expected = outcome(s, ["go", GO_MAX]);
  s.close();
  // How deep this JS can go at all (padded's frames are warm by the end of the search).
  const probe = (d: number): boolean => {
    try {
      return padded(d, () => true);
    } catch {
      return false;
    }
  };
  let room = 0;
  let hi = 1 << 20;
  while (room < hi) {
    const mid = (room + hi + 1) >> 1;
    if (probe(mid)) room = mid;
    else hi = mid - 1;
  }
  // Every start that enters host-sim either gives the expected outcome or HostStackExhausted with
  // nothing of the call kept, never a raw RangeError.
  const arg = words(GO_MAX);
  const attempt = async (depth: number): Promise<"not entered" | "exhausted" | "ok"> => {
    const session = await vm.session({ base });
    let entered = false;
    try {
      // nothing but the call itself under the padding: the embedder's own frames end at its call site
      const r = padded(depth, () => {
        entered = true;
        return session.callRaw(SELF, "go", arg, 1n << 40n);
      });
      const got: Outcome = { call: ["go", GO_MAX], ok: true, data: toHex(r.data), gas: String(r.gasSpent), root: toHex(session.root()) };
      assert.deepEqual(got, expected, `from ${depth} of ${room} JS frames`);
      return "ok";
    } catch (e) {
      if (!entered || beforeHostSim(e)) return "not entered"; // the embedder ran out before calling host-sim
      assert.ok(e instanceof HostStackExhausted && /shallower JS stack/.test(e.message), `from ${depth} of ${room} JS frames: ${String((e as Error).stack)}`);
      assert.equal(toHex(session.root()), toHex(base), "nothing of the call stayed");
      assert.deepEqual(outcome(session, ["go", GO_MAX]), expected, "the session works as before");
      return "exhausted";
    } finally {
      session.close();
    }
  };
  // The probe's frames are not the frames of later runs (V8 tiers `padded` up), so first go deeper
  // until the padding alone runs out...
  let depth = room;
  for (let tries = 0; (await attempt(depth)) !== "not entered"; tries++) {
    assert.ok(tries < 32, "the padding never ran out");
    depth += room >> 2;
  }
  // ...then step up 4 frames at a time until host-sim is entered: it starts with almost no room and
  // must run out, in its own JS or in the contract. Then faster, until the call succeeds.
  let exhausted = 0;
  for (let step = 4; ; ) {
    depth -= step;
    assert.ok(depth > 0, "the call never succeeded, not even from a shallow stack");
    const got = await attempt(depth);
    if (got === "ok") break;
    if (got === "exhausted") {
      exhausted++;
      step *= 2;
    }
  }
  assert.ok(exhausted > 0, "the first start that entered host-sim had room for the whole call");
});
