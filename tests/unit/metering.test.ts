// Gas of tiny functions, worked out by hand from piecrust-vm.md §7: entry +1; nop/drop/block/loop/
// unreachable/return/else/end 0; i32/f32 stores 16, i64/f64 stores 32, v128 stores 64; else 1.
// Out-of-gas is checked only at function entry and loop headers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { toHex, VMError } from "../../host-sim/index.js";
import { PAGE_CACHE_SIZE } from "../../host-sim/metering.js";
import type { Session } from "../../host-sim/index.js";
import { deployWat, freshSession, idOf, module } from "../helpers/sim.js";

const CASES: Array<{ name: string; funcs: string; argLen?: number; gas: bigint; data?: string; extra?: string }> = [
  // entry 1 + local.get, i32.const, i32.add
  { name: "straight line", funcs: `(func (export "f") (param i32) (result i32) (drop (i32.add (local.get 0) (i32.const 1))) (i32.const 0))`, gas: 5n },
  // entry 1 + set (2) + 3 iterations of 6 + i32.const
  {
    name: "counted loop",
    funcs: `(func (export "f") (param $n i32) (result i32) (local $i i32)
      (local.set $i (i32.const 3))
      (loop $l (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $l (local.get $i)))
      (i32.const 0))`,
    gas: 22n,
  },
  // blocks are free; only their contents count
  { name: "nested blocks", funcs: `(func (export "f") (param i32) (result i32) (block (block (block (nop)))) (i32.const 0))`, gas: 2n },
  // br_table index 0 → return 10: entry, local.get, br_table, i32.const
  ...[0, 1, 2].map((n) => ({
    name: `br_table target ${n}`,
    argLen: n,
    funcs: `(func (export "f") (param $n i32) (result i32)
      (block $out (block $one (block $zero (br_table $zero $one $out (local.get $n)))
        (i32.store (i32.const 0) (i32.const 10)) (return (i32.const 4)))
        (i32.store (i32.const 0) (i32.add (i32.const 20) (i32.const 1))) (return (i32.const 4)))
      (i32.store (i32.const 0) (i32.const 30)) (i32.const 4))`,
    // 1 + 2 + (const,const,store = 18) + const = 22; the second arm adds a const and an add: 24
    gas: [22n, 24n, 22n][n],
    data: ["0a000000", "15000000", "1e000000"][n],
  })),
  // call: caller entry 1 + i32.const + call, callee entry 1 + get/const/add
  {
    name: "direct call",
    funcs: `(func $h (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "f") (param i32) (result i32) (drop (call $h (i32.const 5))) (i32.const 0))`,
    gas: 8n,
  },
  {
    name: "call_indirect",
    extra: `(type $t (func (param i32) (result i32))) (table 1 funcref) (elem (i32.const 0) $h)`,
    funcs: `(func $h (type $t) (i32.add (local.get 0) (i32.const 1)))
      (func (export "f") (param i32) (result i32) (drop (call_indirect (type $t) (i32.const 5) (i32.const 0))) (i32.const 0))`,
    gas: 9n,
  },
  // stores are priced by instruction class, not by bytes written
  { name: "i32.store8", funcs: `(func (export "f") (param i32) (result i32) (i32.store8 (i32.const 0) (i32.const 1)) (i32.const 0))`, gas: 20n },
  { name: "i32.store", funcs: `(func (export "f") (param i32) (result i32) (i32.store (i32.const 0) (i32.const 1)) (i32.const 0))`, gas: 20n },
  { name: "f32.store", funcs: `(func (export "f") (param i32) (result i32) (f32.store (i32.const 0) (f32.const 1)) (i32.const 0))`, gas: 20n },
  { name: "i64.store8", funcs: `(func (export "f") (param i32) (result i32) (i64.store8 (i32.const 0) (i64.const 1)) (i32.const 0))`, gas: 36n },
  { name: "f64.store", funcs: `(func (export "f") (param i32) (result i32) (f64.store (i32.const 0) (f64.const 1)) (i32.const 0))`, gas: 36n },
  { name: "v128.store", funcs: `(func (export "f") (param i32) (result i32) (v128.store (i32.const 0) (v128.const i64x2 1 2)) (i32.const 0))`, gas: 68n },
  { name: "v128.store8_lane", funcs: `(func (export "f") (param i32) (result i32) (v128.store8_lane 3 (i32.const 0) (v128.const i64x2 1 2)) (i32.const 0))`, gas: 68n },
  // bulk memory is flat: 3 consts + 1
  { name: "memory.fill 64 KiB", funcs: `(func (export "f") (param i32) (result i32) (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536)) (i32.const 0))`, gas: 6n },
  { name: "memory.copy", funcs: `(func (export "f") (param i32) (result i32) (memory.copy (i32.const 8) (i32.const 0) (i32.const 60000)) (i32.const 0))`, gas: 6n },
  // early return: entry, local.get, if, const, const, add, return
  {
    name: "early return taken",
    argLen: 1,
    funcs: `(func (export "f") (param i32) (result i32) (if (local.get 0) (then (drop (i32.add (i32.const 1) (i32.const 2))) (return (i32.const 0)))) (i32.const 0))`,
    gas: 7n,
  },
  {
    name: "early return not taken",
    argLen: 0,
    funcs: `(func (export "f") (param i32) (result i32) (if (local.get 0) (then (drop (i32.add (i32.const 1) (i32.const 2))) (return (i32.const 0)))) (i32.const 0))`,
    gas: 4n,
  },
  // statically unreachable code after return is never charged
  { name: "unreachable tail", funcs: `(func (export "f") (param i32) (result i32) (return (i32.const 0)) (drop (i32.const 2)) (i32.const 3))`, gas: 2n },
  // if/else: entry, local.get, if, then-arm const; the else arm is skipped
  {
    name: "if/else",
    argLen: 1,
    funcs: `(func (export "f") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 0)) (else (i32.add (i32.const 0) (i32.const 0)))))`,
    gas: 4n,
  },
];

for (const c of CASES) {
  test(`gas: ${c.name}`, async () => {
    const { session } = await freshSession();
    const id = await deployWat(session, module(c.funcs, c.extra ?? ""), idOf(1));
    const r = session.callRaw(id, "f", new Uint8Array(c.argLen ?? 0), 1_000_000n);
    assert.equal(r.gasSpent, c.gas);
    if (c.data !== undefined) assert.equal(toHex(r.data), c.data);
  });
}

test("gas: exact boundary of a loop — the last check is at the third loop header (consumed 15)", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, module(CASES[1].funcs), idOf(1));
  const at = (gas: bigint) => session.callRaw(id, "f", new Uint8Array(0), gas);
  assert.equal(at(16n).gasSpent, 16n); // succeeds, and spent saturates at the limit
  assert.throws(() => at(15n), (e: unknown) => e instanceof VMError && e.code === "OutOfGas");
  assert.equal(at(22n).gasSpent, 22n);
  assert.throws(() => at(1n), (e: unknown) => e instanceof VMError && e.code === "OutOfGas");
  assert.throws(() => at(0n), (e: unknown) => e instanceof VMError && e.code === "OutOfGas");
});

test("gas: an infinite loop ends in OutOfGas at any limit", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, module(`(func (export "f") (param i32) (result i32) (loop $l (br $l)) (i32.const 0))`), idOf(1));
  for (const gas of [2n, 3n, 1000n, 123457n]) {
    assert.throws(() => session.callRaw(id, "f", new Uint8Array(0), gas), (e: unknown) => e instanceof VMError && e.code === "OutOfGas");
  }
});

test("NaN results are canonicalised as Cranelift does (f32, f64, f32x4)", async () => {
  const { session } = await freshSession();
  const id = await deployWat(
    session,
    module(`(func (export "f") (param i32) (result i32)
      (f32.store (i32.const 0) (f32.div (f32.const 0) (f32.const 0)))
      (f64.store (i32.const 4) (f64.sqrt (f64.const -1)))
      (v128.store (i32.const 12) (f32x4.div (v128.const f32x4 0 0 0 0) (v128.const f32x4 0 0 0 0)))
      (f32.store (i32.const 28) (f32.neg (f32.div (f32.const 0) (f32.const 0))))
      (i32.const 32))`),
    idOf(1),
  );
  const r = session.callRaw(id, "f", new Uint8Array(0), 1_000_000n);
  // neg is not canonicalised: it flips the sign bit of the canonical NaN
  assert.equal(toHex(r.data), "0000c07f" + "000000000000f87f" + "0000c07f".repeat(4) + "0000c0ff");
});

// Every operator family Piecrust's engine accepts costs 1 (bar the zero-cost and store classes).
const FAMILIES: Array<{ name: string; body: string; gas: bigint; extra?: string }> = [
  // entry 1 + ops + the final i32.const 1
  { name: "sign extension", body: `(drop (i32.extend8_s (i32.const 0x80)))`, gas: 4n },
  { name: "non-trapping float-to-int", body: `(drop (i64.trunc_sat_f64_u (f64.const -1)))`, gas: 4n },
  { name: "multi-value block", body: `(block (result i32 i32) (i32.const 1) (i32.const 2)) (drop) (drop)`, gas: 4n },
  { name: "multi-value call", body: `(call $two) (drop) (drop)`, gas: 6n, extra: `(func $two (result i32 i32) (i32.const 1) (i32.const 2))` },
  { name: "reference types", body: `(drop (ref.is_null (ref.null extern))) (drop (table.size $t))`, gas: 5n, extra: `(table $t 2 externref)` },
  { name: "typed select", body: `(drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))`, gas: 6n },
  { name: "SIMD arithmetic", body: `(drop (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 1 1 1 1)))`, gas: 5n },
  { name: "SIMD shuffle", body: `(drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (v128.const i64x2 0 0) (v128.const i64x2 0 0)))`, gas: 5n },
  { name: "SIMD load and lane", body: `(drop (i32x4.extract_lane 1 (v128.load (i32.const 0))))`, gas: 5n },
  { name: "memory.size and memory.grow", body: `(drop (memory.size)) (drop (memory.grow (i32.const 0)))`, gas: 5n },
  { name: "host import call", body: `(drop (call $limit))`, gas: 3n, extra: `(import "env" "limit" (func $limit (result i64)))` },
];

for (const f of FAMILIES) {
  test(`gas: ${f.name}`, async () => {
    const { session } = await freshSession();
    const src = module(`${f.extra?.startsWith("(import") ? "" : (f.extra ?? "")} (func (export "f") (param i32) (result i32) ${f.body} (i32.const 0))`, f.extra?.startsWith("(import") ? f.extra : "");
    const id = await deployWat(session, src, idOf(1));
    assert.equal(session.callRaw(id, "f", new Uint8Array(0), 1_000_000n).gasSpent, f.gas);
  });
}

test("memory.init and data.drop: 1 each, and every top-level call gets a fresh instance", async () => {
  const { session } = await freshSession();
  const src = module(
    `(func (export "f") (param i32) (result i32) (memory.init $d (i32.const 0) (i32.const 0) (i32.const 4)) (data.drop $d) (i32.const 4))`,
    "",
  ).replace(/\)$/, ` (data $d "wxyz"))`);
  const id = await deployWat(session, src, idOf(1));
  for (let i = 0; i < 2; i++) {
    const r = session.callRaw(id, "f", new Uint8Array(0), 1_000_000n);
    // entry 1 + 3 consts + memory.init + data.drop + i32.const
    assert.equal(r.gasSpent, 7n);
    assert.equal(Buffer.from(r.data).toString(), "wxyz");
  }
});

// Direct wasm-to-wasm calls carry the fuel as an extra parameter and result (host-sim/metering.ts);
// none of that may show: gas, checks and OutOfGas classification are those of wasmtime's save points.

/** Gas of the COMPUTE-style $fib(n) below, by hand: n < 2 costs entry 1 + get/const/lt_u/if 4 +
 * local.get 1 = 6; otherwise entry 1 + 4 + two (get, const, sub, call) runs of 4 + i32.add = 14,
 * plus both callees. */
function fibGas(n: number): bigint {
  return n < 2 ? 6n : 14n + fibGas(n - 1) + fibGas(n - 2);
}

const FIB = `(func $fib (export "fibr") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2)) (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1))) (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "f") (param i32) (result i32) (i32.store (i32.const 0) (call $fib (i32.const 10))) (i32.const 4))`;

test("gas: recursion through direct calls is exact, and the export that is also called directly adds nothing", async () => {
  const { session } = await freshSession();
  const id = await deployWat(session, module(FIB), idOf(1));
  // f: entry 1 + const, const, call 3 + $fib(10) + i32.store 16 + i32.const 1
  const total = 21n + fibGas(10);
  assert.equal(total, 1787n);
  const r = session.callRaw(id, "f", new Uint8Array(0), 1_000_000n);
  assert.equal(r.gasSpent, total);
  assert.equal(toHex(r.data), "37000000"); // fib(10) = 55
  // called from the host, $fib costs exactly what it costs as a callee
  assert.equal(session.callRaw(id, "fibr", new Uint8Array(7), 1_000_000n).gasSpent, fibGas(7));
  // The last check is fib(0)'s entry (10 → 8 → 6 → 4 → 2 → 0); after it come fib(0)'s 5, five
  // i32.adds and f's 17: a limit 26 below the total is the least that passes.
  assert.equal(session.callRaw(id, "f", new Uint8Array(0), total - 26n).gasSpent, total - 26n);
  assert.throws(() => session.callRaw(id, "f", new Uint8Array(0), total - 27n), (e: unknown) => e instanceof VMError && e.code === "OutOfGas");
});

test("gas: a directly called function keeps its parameters, locals, multiple results and early exits", async () => {
  const { session } = await freshSession();
  const src = module(`
    (func $h (param $a i32) (param $b i64) (result i32 i64) (local $x i32) (local $y i64)
      (local.set $x (i32.mul (local.get $a) (i32.const 3)))
      (local.set $y (i64.add (local.get $b) (i64.extend_i32_u (local.get $x))))
      (block $out (br_if $out (i32.eqz (local.get $a))) (return (local.get $x) (local.get $y)))
      (i32.const 7) (i64.const 9))
    (func (export "f") (param $n i32) (result i32) (local $xx i32) (local $yy i64)
      (call $h (local.get $n) (i64.const 100))
      (local.set $yy) (local.set $xx)
      (i32.store (i32.const 0) (local.get $xx)) (i64.store (i32.const 8) (local.get $yy)) (i32.const 16))`);
  const id = await deployWat(session, src, idOf(1));
  // $h with a = 5: entry 1 + 4 + 5 + (get, eqz, br_if) 3 + (get, get, return) 2 = 15;
  // f: entry 1 + (get, const, call) 3 + 2 sets + (const, get, store) 18 + (const, get, i64.store) 34 + const 1 = 59
  const r = session.callRaw(id, "f", new Uint8Array(5), 1_000_000n);
  assert.equal(toHex(r.data), "0f000000" + "00000000" + "7300000000000000");
  assert.equal(r.gasSpent, 74n);
  // a = 0 leaves through the block: (get, eqz, br_if) 3 + two consts 2 instead of the return's 2
  const z = session.callRaw(id, "f", new Uint8Array(0), 1_000_000n);
  assert.equal(toHex(z.data), "07000000" + "00000000" + "0900000000000000");
  assert.equal(z.gasSpent, 74n);
});

// wasmtime saves the fuel at every function exit, so a trap after a callee returned with its fuel
// spent is OutOfGas even though no check ran; with one more unit it is the trap itself (a load
// crossing 4 GiB: below that, Piecrust's static memory lets every load succeed).
for (const via of ["call", "call_indirect"] as const) {
  test(`gas: a trap after a ${via} returned with the fuel spent is OutOfGas`, async () => {
    const { session } = await freshSession();
    const call = via === "call" ? `(call $g)` : `(call_indirect (type $t) (i32.const 0))`;
    const src = module(
      `(func $g (type $t) (i32.add (i32.const 1) (i32.const 2)))
       (func (export "f") (param i32) (result i32) (drop ${call}) (drop (i32.load (i32.const -2))) (i32.const 0))`,
      `(type $t (func (result i32))) (table 1 funcref) (elem (i32.const 0) $g)`,
    );
    const id = await deployWat(session, src, idOf(1));
    // f: entry 1, then (call: 1 | call_indirect: const + 1 = 2) before $g's entry 1 and body 3
    const before = via === "call" ? 6n : 7n;
    const run = (gas: bigint) => () => session.callRaw(id, "f", new Uint8Array(0), gas);
    for (let gas = 1n; gas <= before; gas++) {
      assert.throws(run(gas), (e: unknown) => e instanceof VMError && e.code === "OutOfGas", `limit ${gas}`);
    }
    assert.throws(run(before + 1n), (e: unknown) => e instanceof VMError && e.code === "RuntimeError" && /out of bounds/.test(e.message));
  });
}

// Found by the modules fuzzer (seed 4242, iteration 8825, a mutated escrow): after the `end` of a
// block that nothing branches to, wasmtime's translator sees unreachable code while wasm's type
// checker does not, so a threaded copy's `return` there must still hand back the fuel.
test("a directly called function may `return` after a block that never falls through", async () => {
  const { session } = await freshSession();
  const src = module(`
    (func $h (param $n i32) (result i32) (block (br_if 1 (i32.const 5) (local.get $n)) (unreachable)) (return (i32.const 1)))
    (func (export "f") (param $n i32) (result i32) (i32.store (i32.const 0) (call $h (local.get $n))) (i32.const 4))`);
  const id = await deployWat(session, src, idOf(1));
  // f: entry 1 + get, call 2; $h: entry 1 + const, get, br_if 3; f: i32.store 16 (after const 0 first) …
  const r = session.callRaw(id, "f", new Uint8Array(1), 1_000_000n);
  assert.equal(toHex(r.data), "05000000");
  // f: entry 1 + (const, get, call) 3; $h: entry 1 + (const, get, br_if) 3; f: store 16 + const 1
  assert.equal(r.gasSpent, 25n);
  assert.throws(() => session.callRaw(id, "f", new Uint8Array(0), 1_000_000n), (e: unknown) => e instanceof VMError && e.code === "RuntimeError" && /unreachable/.test(e.message));
});

// The store check tries the pages recorded last before calling the host; whatever the order of the
// writes, every written page must still be recorded (or a revert would miss it and a commit would
// hash stale bytes). Each address below is written once, so both orders leave the same memory.
for (const pages of [3, 6]) test(`stores alternating over ${pages} pages (the page cache holds ${PAGE_CACHE_SIZE}) are all recorded, and reverted`, async () => {
  const writes = (order: "interleaved" | "by page") => `
    (func (export "${order === "interleaved" ? "inter" : "seq"}") (param $fail i32) (result i32) (local $i i32) (local $p i32) (local $k i32)
      ${
        order === "interleaved"
          ? `(loop $l
               (i32.store (i32.add (i32.mul (i32.add (i32.rem_u (local.get $i) (i32.const ${pages})) (i32.const 1)) (i32.const 65536))
                                   (i32.mul (i32.div_u (local.get $i) (i32.const ${pages})) (i32.const 4)))
                          (i32.add (local.get $i) (i32.add (i32.const 1) (i32.mul (local.get $fail) (i32.const 1000)))))
               (local.set $i (i32.add (local.get $i) (i32.const 1)))
               (br_if $l (i32.lt_u (local.get $i) (i32.const ${pages * 1000}))))`
          : `(loop $pages (local.set $k (i32.const 0))
               (loop $l
                 (local.set $i (i32.add (i32.mul (local.get $k) (i32.const ${pages})) (local.get $p)))
                 (i32.store (i32.add (i32.mul (i32.add (local.get $p) (i32.const 1)) (i32.const 65536)) (i32.mul (local.get $k) (i32.const 4)))
                            (i32.add (local.get $i) (i32.add (i32.const 1) (i32.mul (local.get $fail) (i32.const 1000)))))
                 (local.set $k (i32.add (local.get $k) (i32.const 1)))
                 (br_if $l (i32.lt_u (local.get $k) (i32.const 1000))))
               (local.set $p (i32.add (local.get $p) (i32.const 1)))
               (br_if $pages (i32.lt_u (local.get $p) (i32.const ${pages}))))`
      }
      (if (local.get $fail) (then unreachable))
      (i32.const 0))`;
  // a checksum of everything written, read back through wasm rather than through the state root
  const sum = `(func (export "sum") (param i32) (result i32) (local $a i32) (local $s i32)
      (local.set $a (i32.const 65536))
      (loop $l (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (i32.load (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br_if $l (i32.lt_u (local.get $a) (i32.const ${(pages + 1) * 65536}))))
      (i32.store (i32.const 0) (local.get $s)) (i32.const 4))`;
  const src = module(writes("interleaved") + writes("by page") + sum, "", 8);
  const checksum = (session: Session, id: Uint8Array) => toHex(session.callRaw(id, "sum", new Uint8Array(0), 100_000_000n).data);
  const fails = (session: Session, id: Uint8Array) =>
    assert.throws(() => session.callRaw(id, "inter", new Uint8Array(1), 10_000_000n), (e: unknown) => e instanceof VMError && e.code === "RuntimeError");
  const a = await freshSession();
  const ida = await deployWat(a.session, src, idOf(1));
  const empty = toHex(a.session.root());
  fails(a.session, ida); // writing other values, then trapping
  assert.equal(toHex(a.session.root()), empty, "a failed first call leaves every page as it was");
  a.session.callRaw(ida, "inter", new Uint8Array(0), 10_000_000n);
  const written = toHex(a.session.root());
  // right after a call that left these pages cached (the instance is reused, its cache forgotten)
  fails(a.session, ida);
  assert.equal(toHex(a.session.root()), written, "a failed later call leaves every page as it was");
  const b = await freshSession();
  const idb = await deployWat(b.session, src, idOf(1));
  b.session.callRaw(idb, "seq", new Uint8Array(0), 10_000_000n);
  assert.notEqual(written, empty);
  assert.equal(toHex(b.session.root()), written);
  // the checksum call writes its result at 0 in both sessions
  assert.equal(checksum(a.session, ida), checksum(b.session, idb));
});
