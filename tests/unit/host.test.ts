// Host behaviour of piecrust-vm.md §5, §6 and §10 that the recorded vectors do not cover:
// host queries, feeds, metadata, the depth limit, re-entrant reverts, failed growth, migrate.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VMError } from "../../host-sim/index.js";
import { deployWat, freshSession, idOf, OWNER } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";

const rejects = (code: string, message?: string) => (e: unknown) =>
  e instanceof VMError && e.code === code && (message === undefined || e.message === message);
const i32At = (b: Uint8Array, at = 0) => new DataView(b.buffer, b.byteOffset).getInt32(at, true);

const ASKER = `(module
  (import "env" "hq" (func $hq (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (data (i32.const 100000) "double")
  (func (export "ask") (param $n i32) (result i32) (call $hq (i32.const 100000) (i32.const 6) (local.get $n))))`;

async function asker(opts: { exclude?: string[]; failPrice?: boolean; failExec?: boolean } = {}) {
  const { vm } = await freshSession();
  vm.registerHostQuery("double", {
    price: (arg) => {
      if (opts.failPrice) throw new Error("pricing exploded");
      return BigInt(arg.length * 10);
    },
    execute: (arg, argbuf) => {
      if (opts.failExec) throw new Error("execution exploded");
      argbuf.set(arg, 0);
      argbuf.set(arg, arg.length);
      return arg.length * 2;
    },
  });
  const session = await vm.session({ excludeHostQueries: opts.exclude });
  const id = await deployWat(session, ASKER, idOf(1));
  return { session, id };
}

test("host query: price charged before execute; answer written at the argbuf start", async () => {
  const { session, id } = await asker();
  const r2 = session.callRaw(id, "ask", new Uint8Array([1, 2]), 1_000_000n);
  const r5 = session.callRaw(id, "ask", new Uint8Array([1, 2, 3, 4, 5]), 1_000_000n);
  assert.equal(toHex(r2.data), "01020102");
  // entry 1 + const, const, local.get, call = 5, plus the price (10 per byte)
  assert.equal(r2.gasSpent, 5n + 20n);
  assert.equal(r5.gasSpent, 5n + 50n);
});

test("host query: out of gas when the price is above the remaining gas", async () => {
  const { session, id } = await asker();
  const arg = new Uint8Array(3);
  assert.equal(session.callRaw(id, "ask", arg, 35n).gasSpent, 35n); // remaining 30 = price
  assert.throws(() => session.callRaw(id, "ask", arg, 34n), rejects("OutOfGas"));
});

test("host query: panics are contained as Panic(\"host query panicked\")", async () => {
  for (const opts of [{ failPrice: true }, { failExec: true }]) {
    const { session, id } = await asker(opts);
    assert.throws(() => session.callRaw(id, "ask", new Uint8Array(1), 1_000_000n), rejects("Panic", "Panic: host query panicked"));
  }
});

test("host query: excluded per session, or unknown → MissingHostQuery", async () => {
  const { session, id } = await asker({ exclude: ["double"] });
  assert.throws(() => session.callRaw(id, "ask", new Uint8Array(1), 1_000_000n), rejects("MissingHostQuery"));
});

const FEEDER = `(module (import "env" "feed" (func $feed (param i32)))
  (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (local.set $n (i32.load8_u (i32.const 0)))
    (loop $l (i32.store (i32.const 0) (local.get $i)) (call $feed (i32.const 4))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.const 0)))`;

test("feeds arrive in order in a feeder call; a plain call that feeds fails with MissingFeed", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, FEEDER, idOf(1));
  const feeds: number[] = [];
  session.feederCallRaw(id, "count", new Uint8Array([4]), 1_000_000n, (d) => feeds.push(i32At(d)));
  assert.deepEqual(feeds, [0, 1, 2, 3]);
  assert.throws(() => session.callRaw(id, "count", new Uint8Array([1]), 1_000_000n), rejects("MissingFeed"));
});

test("session metadata: setMeta returns the previous value, removeMeta removes it", async () => {
  const { vm } = await freshSession();
  const s = await vm.session({ meta: { height: new Uint8Array([1]) } });
  assert.deepEqual(s.meta("height"), new Uint8Array([1]));
  assert.deepEqual(s.setMeta("height", new Uint8Array([2])), new Uint8Array([1]));
  assert.deepEqual(s.removeMeta("height"), new Uint8Array([2]));
  assert.equal(s.meta("height"), undefined);
  assert.throws(() => s.setMeta("big", new Uint8Array(65537)), RangeError);
});

const REC = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "self_id" (func $self_id))
  (memory (export "memory") 2) (global $A (export "A") i32 (i32.const 0))
  (data (i32.const 70100) "rec")
  ;; arg: u32 n. Calls itself n more times; returns how many nested calls succeeded (or the error code)
  (func (export "rec") (param $len i32) (result i32) (local $n i32) (local $r i32) (local $v i32)
    (local.set $n (i32.load (global.get $A)))
    (if (i32.eqz (local.get $n)) (then (i32.store (global.get $A) (i32.const 0)) (return (i32.const 4))))
    (call $self_id)
    (memory.copy (i32.const 70000) (global.get $A) (i32.const 32))
    (i32.store (global.get $A) (i32.sub (local.get $n) (i32.const 1)))
    (local.set $r (call $c (i32.const 70000) (i32.const 70100) (i32.const 3) (i32.const 4) (i64.const 0)))
    (if (i32.lt_s (local.get $r) (i32.const 0)) (then (i32.store (global.get $A) (local.get $r)) (return (i32.const 4))))
    (local.set $v (i32.load (global.get $A)))
    (if (i32.ge_s (local.get $v) (i32.const 0)) (then (i32.store (global.get $A) (i32.add (local.get $v) (i32.const 1)))))
    (i32.const 4)))`;

test("call depth: 48 frames succeed, the 49th push fails with i32::MIN for its caller", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, REC, idOf(1), 1_000_000n);
  const arg = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
  assert.equal(i32At(session.callRaw(id, "rec", arg(47), 1_000_000_000n).data), 47);
  assert.equal(i32At(session.callRaw(id, "rec", arg(48), 1_000_000_000n).data), -2147483648);
});

const REENTER_A = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "self_id" (func $self_id))
  (memory (export "memory") 2) (global $A (export "A") i32 (i32.const 0))
  (data (i32.const 70100) "bounce")
  ;; arg: B's id. Writes X=1, calls B.bounce(A's id) which re-enters A.mark and then fails.
  (func (export "run") (param $len i32) (result i32) (local $r i32)
    (memory.copy (i32.const 70000) (global.get $A) (i32.const 32))
    (i32.store (i32.const 80000) (i32.const 1))
    (call $self_id)
    (local.set $r (call $c (i32.const 70000) (i32.const 70100) (i32.const 6) (i32.const 32) (i64.const 0)))
    (i32.store (i32.const 0) (i32.load (i32.const 80000)))
    (i32.store (i32.const 4) (i32.load (i32.const 80004)))
    (i32.store (i32.const 8) (local.get $r))
    (i32.const 12))
  (func (export "mark") (param $len i32) (result i32) (i32.store (i32.const 80004) (i32.const 2)) (i32.const 0)))`;
const REENTER_B = `(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "panic" (func $panic (param i32)))
  (memory (export "memory") 2) (global $A (export "A") i32 (i32.const 0))
  (data (i32.const 70100) "mark")
  (func (export "bounce") (param $len i32) (result i32)
    (memory.copy (i32.const 70000) (global.get $A) (i32.const 32))
    (drop (memory.grow (i32.const 3)))
    (drop (call $c (i32.const 70000) (i32.const 70100) (i32.const 4) (i32.const 0) (i64.const 0)))
    (i32.store (i32.const 0) (i32.const 0x6f6f62)) (call $panic (i32.const 3)) (i32.const 0)))`;

test("re-entrancy: a failed callee's subtree is reverted, including the caller's own re-entrant writes and the callee's growth", async () => {
  const { session } = await freshSession();
  const a = await deployWat(session, REENTER_A, idOf(1));
  const b = await deployWat(session, REENTER_B, idOf(2));
  const lenB = session.memoryLen(b);
  const r = session.callRaw(a, "run", b, 1_000_000n);
  // X written by A's outer frame stays; Y written by the re-entrant A.mark is undone; B panicked: -1
  assert.deepEqual([i32At(r.data, 0), i32At(r.data, 4), i32At(r.data, 8)], [1, 0, -1]);
  assert.equal(session.memoryLen(b), lenB);
  assert.equal(r.callTree.length, 1, "the failed subtree is pruned from the call tree");
});

const V1 = `(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "bump") (param i32) (result i32) (i32.store (i32.const 70000) (i32.add (i32.load (i32.const 70000)) (i32.const 1))) (i32.const 0))
  (func (export "read") (param i32) (result i32) (i32.store (i32.const 0) (i32.load (i32.const 70000))) (i32.const 4)))`;
const V2 = `(module (import "env" "self_id" (func $self_id)) (memory (export "memory") 2) (global (export "A") i32 (i32.const 0))
  (func (export "set") (param i32) (result i32) (i32.store (i32.const 70000) (i32.load (i32.const 0))) (i32.const 0))
  (func (export "read") (param i32) (result i32) (i32.store (i32.const 0) (i32.mul (i32.load (i32.const 70000)) (i32.const 10))) (i32.const 4))
  (func (export "whoami") (param i32) (result i32) (call $self_id) (i32.const 32)))`;

test("migrate: the new code and memory move under the old id, which keeps its position and self_id", async () => {
  const { vm, session } = await freshSession();
  const old = await deployWat(session, V1, idOf(1));
  session.callRaw(old, "bump", new Uint8Array(0), 1_000_000n);
  session.callRaw(old, "bump", new Uint8Array(0), 1_000_000n);
  const base = session.commit();
  const s = await vm.session({ base });
  const migrated = await s.migrate(old, await wat(V2), { contractId: idOf(2) }, 1_000_000n, (newId, sess) => {
    const value = sess.callRaw(old, "read", new Uint8Array(0), 1_000_000n).data;
    sess.callRaw(newId, "set", value, 1_000_000n);
  });
  assert.equal(i32At(migrated.callRaw(old, "read", new Uint8Array(0), 1_000_000n).data), 20);
  assert.equal(toHex(migrated.callRaw(old, "whoami", new Uint8Array(0), 1_000_000n).data), toHex(old));
  assert.equal(migrated.memoryLen(idOf(2)), undefined, "the temporary id is gone");
  assert.deepEqual(migrated.contractMetadata(old)?.owner, OWNER, "the owner defaults to the old contract's");
  const root = migrated.commit();
  const after = await vm.session({ base: root });
  assert.equal(i32At(after.callRaw(old, "read", new Uint8Array(0), 1_000_000n).data), 20);
});

test("sessions on the same base are independent", async () => {
  const { vm, session } = await freshSession();
  const id = await deployWat(session, V1, idOf(1));
  const base = session.commit();
  const s1 = await vm.session({ base });
  const s2 = await vm.session({ base });
  s1.callRaw(id, "bump", new Uint8Array(0), 1_000_000n);
  assert.equal(i32At(s1.callRaw(id, "read", new Uint8Array(0), 1_000_000n).data), 1);
  assert.equal(i32At(s2.callRaw(id, "read", new Uint8Array(0), 1_000_000n).data), 0);
  assert.notEqual(toHex(s1.root()), toHex(s2.root()));
});

test("an embedder re-entering the session from a host query is refused, and the call fails cleanly", async () => {
  const { vm } = await freshSession();
  let session!: Awaited<ReturnType<typeof vm.session>>;
  vm.registerHostQuery("double", {
    price: () => 0n,
    execute: () => {
      session.callRaw(idOf(1), "ask", new Uint8Array(0), 1_000_000n);
      return 0;
    },
  });
  session = await vm.session({});
  const id = await deployWat(session, ASKER, idOf(1));
  const root = toHex(session.root());
  assert.throws(() => session.callRaw(id, "ask", new Uint8Array(1), 1_000_000n), rejects("Panic", "Panic: host query panicked"));
  assert.equal(toHex(session.root()), root);
  vm.registerHostQuery("double", { price: () => 0n, execute: () => 0 });
  assert.throws(() => session.callRaw(id, "ask", new Uint8Array(0), 1_000_000n), rejects("Panic"), "the session keeps the query it was opened with");
});

test("receipt call trees carry each frame's depth (root 0), in reverse post-order", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, REC, idOf(1), 1_000_000n);
  const r = session.callRaw(id, "rec", new Uint8Array(new Uint32Array([2]).buffer), 1_000_000_000n);
  assert.deepEqual(r.callTree.map((e) => e.depth), [2, 1, 0]);
});

test("memory pages come with inclusion proofs of the state root; a tampered page fails", async () => {
  const { session } = await freshSession();
  const a = await deployWat(session, V1, idOf(1));
  await deployWat(session, V1, idOf(2));
  session.callRaw(a, "bump", new Uint8Array(0), 1_000_000n);
  const pages = session.memoryPages(a)!;
  assert.deepEqual(pages.map((p) => p.index), [1], "bump writes only the counter on page 1 and returns no data");
  for (const { page, opening } of pages) {
    assert.ok(opening.verify(page));
    assert.deepEqual(opening.root(), session.root());
    const tampered = page.slice();
    tampered[7] ^= 1;
    assert.ok(!opening.verify(tampered));
  }
  assert.equal(session.memoryPages(idOf(9)), undefined);
});
