// Every pointer-taking import called with hostile arguments (piecrust-vm.md §5.1–5.3): pointers
// past the 4 GiB reservation, lengths past 64 KiB, lengths that wrap around 2^32, invalid UTF-8.
// Each case asserts Piecrust's exact error (or result) at top level, that the failed call left the
// root unchanged, and the code the same failure gives a caller one frame up (§6.3).
import assert from "node:assert/strict";
import { test } from "node:test";
import { VM, VMError } from "../../host-sim/index.js";
import type { VMErrorCode } from "../../host-sim/index.js";
import { idOf } from "../helpers/sim.js";
import { wat } from "../helpers/wat.js";
import { contract, deployOne, fails, I32_MIN, i32At, words } from "./support.js";

const SELF = idOf(1);
// Page 1 (0x10000..) holds fixtures: our own id, an invalid UTF-8 name, and import names.
const ID_AT = 0x10000;
const BAD_UTF8 = 0x10040;
const NAME_Q = 0x10050; // "q"
const NAME_F = 0x10051; // "f"
const ZEROS = 0x10100; // zeros up to the end of memory, then (host view) zeros up to 4 GiB
const NAMES = 0x10060;
const EXPORT_NAMES = ["c", "hq", "hd", "emit", "feed", "panic", "owner"];

const p = (i: number) => `(i32.load (i32.const ${4 * i}))`;
const ret = (call: string) => `(i32.store (i32.const 0) ${call}) (i32.const 4)`;

const SOURCE = contract(`
  (data (i32.const ${ID_AT}) "${"\\01".repeat(32)}")
  (data (i32.const ${BAD_UTF8}) "\\ff\\fe")
  (data (i32.const ${NAME_Q}) "qf")
  (data (i32.const ${NAMES}) "${EXPORT_NAMES.join("")}")
  (func (export "f") (param i32) (result i32) (i32.const 0))
  (func (export "c") (param i32) (result i32) ${ret(`(call $c ${p(0)} ${p(1)} ${p(2)} ${p(3)} (i64.const 0))`)})
  (func (export "hq") (param i32) (result i32) ${ret(`(call $hq ${p(0)} ${p(1)} ${p(2)})`)})
  (func (export "hd") (param i32) (result i32) ${ret(`(call $hd ${p(0)} ${p(1)})`)})
  (func (export "emit") (param i32) (result i32) (call $emit ${p(0)} ${p(1)} ${p(2)}) (i32.const 0))
  (func (export "feed") (param i32) (result i32) (call $feed ${p(0)}) (i32.const 0))
  (func (export "panic") (param i32) (result i32) (call $panic ${p(0)}) (i32.const 0))
  (func (export "panic_bad") (param i32) (result i32)
    (i32.store16 (i32.const 0) (i32.const 0xfeff)) (call $panic (i32.const 2)) (i32.const 0))
  (func (export "owner") (param i32) (result i32) ${ret(`(call $owner ${p(0)})`)})
  ;; Forwards words 0..3 to export NAMES[word 4 .. word 4 + word 5] of this same contract.
  (func (export "nest") (param i32) (result i32)
    ${ret(`(call $c (i32.const ${ID_AT}) ${p(4)} ${p(5)} (i32.const 16) (i64.const 0))`)})
`);

type Expect = { code: VMErrorCode } | { ret: number } | "ok";
interface Case {
  fn: string;
  args: number[];
  expect: Expect;
  why: string;
  gas?: bigint;
  /** Reads gigabytes (about a second each): only with HOSTILE_SLOW=1. */
  slow?: boolean;
}

const OOB: Expect = { code: "MemoryAccessOutOfBounds" };
const CASES: Case[] = [
  // c(callee_ptr, name_ptr, name_len, arg_len)
  { fn: "c", args: [0xfffffff0, NAME_F, 1, 0], expect: OOB, why: "callee id crosses 4 GiB" },
  { fn: "c", args: [0xffffffe0, NAME_F, 1, 0], expect: { ret: -3 }, why: "callee id ends exactly at 4 GiB: zeros, no such contract" },
  { fn: "c", args: [0x80000000, NAME_F, 1, 0], expect: { ret: -3 }, why: "callee id past the memory (inside 4 GiB) reads zeros" },
  { fn: "c", args: [ID_AT, 0x10, 0xfffffff8, 0], expect: OOB, why: "name length wraps around 2^32" },
  { fn: "c", args: [ID_AT, 0xffffffff, 2, 0], expect: OOB, why: "name crosses 4 GiB" },
  { fn: "c", args: [ID_AT, NAME_F, 1, 0x10001], expect: OOB, why: "arg_len past 64 KiB" },
  { fn: "c", args: [ID_AT, NAME_F, 1, 0xffffffff], expect: OOB, why: "arg_len = u32::MAX" },
  { fn: "c", args: [ID_AT, BAD_UTF8, 2, 0x10001], expect: OOB, why: "check_arg comes before the UTF-8 check" },
  { fn: "c", args: [ID_AT, BAD_UTF8, 2, 0], expect: { code: "Utf8" }, why: "invalid UTF-8 function name" },
  { fn: "c", args: [ID_AT, ZEROS, 0x20000, 0], expect: { ret: I32_MIN }, why: "128 KiB name of NULs: no such export" },
  { fn: "c", args: [ID_AT, NAME_F, 1, 0x10000], expect: { ret: 0 }, why: "a full 64 KiB argument is fine" },
  { fn: "c", args: [ID_AT, ZEROS, 0xfffeff00, 0], expect: { ret: I32_MIN }, why: "a name of almost 4 GiB (NULs): valid, no such export", slow: true },
  { fn: "c", args: [ID_AT, 0x20000, 0xfffe0000, 0], expect: { ret: I32_MIN }, why: "a name from the memory's end to 4 GiB", slow: true },
  { fn: "c", args: [ID_AT, 0, 0xffffffff, 0], expect: { code: "Utf8" }, why: "a 4 GiB name over the argbuf, whose 0xff bytes are invalid UTF-8", slow: true },
  // hq(name_ptr, name_len, arg_len)
  { fn: "hq", args: [0xffffffff, 2, 0], expect: OOB, why: "name crosses 4 GiB" },
  { fn: "hq", args: [0x10, 0xfffffff8, 0], expect: OOB, why: "name length wraps" },
  { fn: "hq", args: [NAME_Q, 1, 0x10001], expect: OOB, why: "arg_len past 64 KiB" },
  { fn: "hq", args: [NAME_Q, 1, 0xffffffff], expect: OOB, why: "arg_len = u32::MAX" },
  { fn: "hq", args: [BAD_UTF8, 2, 0], expect: { code: "Utf8" }, why: "invalid UTF-8 query name" },
  { fn: "hq", args: [0x7fff0000, 4, 0], expect: { code: "MissingHostQuery" }, why: "name past the memory reads NULs" },
  { fn: "hq", args: [ZEROS, 0x20000, 0], expect: { code: "MissingHostQuery" }, why: "128 KiB name" },
  { fn: "hq", args: [NAME_Q, 1, 0x10000], expect: { ret: 3 }, why: "a registered query with a full argbuf" },
  { fn: "hq", args: [ZEROS, 0xfffeff00, 0], expect: { code: "MissingHostQuery" }, why: "a name of almost 4 GiB is valid UTF-8 (NULs), just unknown" },
  { fn: "hq", args: [BAD_UTF8, 0x40000000, 0], expect: { code: "Utf8" }, why: "a 1 GiB name starting with invalid UTF-8", slow: true },
  // hd(name_ptr, name_len)
  { fn: "hd", args: [0xffffffff, 2], expect: OOB, why: "name crosses 4 GiB" },
  { fn: "hd", args: [0x10, 0xfffffff8], expect: OOB, why: "name length wraps" },
  { fn: "hd", args: [BAD_UTF8, 2], expect: { code: "Utf8" }, why: "invalid UTF-8 metadata name" },
  { fn: "hd", args: [0x7fff0000, 4], expect: { ret: 0 }, why: "unknown name past the memory: 0" },
  { fn: "hd", args: [ZEROS, 0x20000], expect: { ret: 0 }, why: "128 KiB unknown name: 0" },
  { fn: "hd", args: [NAME_Q, 1], expect: { ret: 5 }, why: "present metadata" },
  { fn: "hd", args: [ZEROS, 0xfffeff00], expect: { ret: 0 }, why: "a name of almost 4 GiB: valid, absent", slow: true },
  { fn: "hd", args: [0x20000, 0xfffe0000], expect: { ret: 0 }, why: "a name from the memory's end to 4 GiB", slow: true },
  { fn: "hd", args: [BAD_UTF8 + 1, 0x20000000], expect: { code: "Utf8" }, why: "a 512 MiB name starting with 0xfe", slow: true },
  // emit(topic_ptr, topic_len, arg_len)
  { fn: "emit", args: [0xffffffff, 2, 0], expect: OOB, why: "topic crosses 4 GiB" },
  { fn: "emit", args: [0x10, 0xfffffff8, 0], expect: OOB, why: "topic length wraps" },
  { fn: "emit", args: [NAME_Q, 1, 0x10001], expect: OOB, why: "data past 64 KiB" },
  { fn: "emit", args: [NAME_Q, 1, 0xffffffff], expect: OOB, why: "arg_len = u32::MAX" },
  { fn: "emit", args: [BAD_UTF8, 2, 0], expect: { code: "Utf8" }, why: "invalid UTF-8 topic" },
  { fn: "emit", args: [0, 0xffff0000, 0], expect: { code: "OutOfGas" }, why: "a 4 GiB topic costs 16 Ggas, charged before the read" },
  { fn: "emit", args: [NAME_Q, 1, 0x10000], expect: "ok", why: "a full 64 KiB event" },
  // feed(arg_len) — called without a feeder unless the case is a feeder call (below)
  { fn: "feed", args: [0x10001], expect: OOB, why: "arg_len past 64 KiB" },
  { fn: "feed", args: [0xffffffff], expect: OOB, why: "arg_len = u32::MAX" },
  { fn: "feed", args: [4], expect: { code: "MissingFeed" }, why: "no feeder installed" },
  // panic(arg_len)
  { fn: "panic", args: [0x10001], expect: OOB, why: "arg_len past 64 KiB" },
  { fn: "panic", args: [0xffffffff], expect: OOB, why: "arg_len = u32::MAX" },
  { fn: "panic", args: [4], expect: { code: "Panic" }, why: "an ordinary panic" },
  { fn: "panic_bad", args: [], expect: { code: "Utf8" }, why: "invalid UTF-8 panic message" },
  // owner(id_ptr)
  { fn: "owner", args: [0xfffffff0], expect: OOB, why: "id crosses 4 GiB" },
  { fn: "owner", args: [0xffffffe0], expect: { ret: 0 }, why: "id ends exactly at 4 GiB: unknown contract" },
  { fn: "owner", args: [0x80000000], expect: { ret: 0 }, why: "id past the memory reads zeros" },
  { fn: "owner", args: [0], expect: { ret: 32 }, why: "pointer 0 is self" },
  { fn: "owner", args: [ID_AT], expect: { ret: 32 }, why: "own id by pointer" },
];

/** What a caller one frame up sees for a callee failing with `code` (§6.3). */
function nestedCode(code: VMErrorCode): number {
  return code === "Panic" ? -1 : code === "OutOfGas" ? -2 : code === "ContractDoesNotExist" ? -3 : I32_MIN;
}

async function fixture() {
  // Host queries are captured by a session when it is created, so register first.
  const vm = await VM.ephemeral();
  vm.registerHostQuery("q", { price: () => 10n, execute: (_arg, buf) => (buf.set([1, 2, 3]), 3) });
  const f = await deployOne(SOURCE, { id: SELF, vm });
  f.session.setMeta("q", new Uint8Array([9, 8, 7, 6, 5]));
  return f;
}

const SLOW = process.env.HOSTILE_SLOW === "1";

for (const c of CASES) {
  if (c.slow && !SLOW) continue;
  const label = `${c.fn}(${c.args.map((a) => "0x" + a.toString(16)).join(", ")}): ${c.why}`;
  test(`hostile import call, top level — ${label}`, async () => {
    const { session } = await fixture();
    const gas = c.gas ?? 1_000_000n;
    const call = () => session.callRaw(SELF, c.fn, words(...c.args), gas);
    if (c.expect === "ok") {
      call();
    } else if ("code" in c.expect) {
      fails(session, c.expect.code, call, [SELF], label);
      // The session stays usable.
      session.callRaw(SELF, "f", new Uint8Array(0), gas);
    } else {
      assert.equal(i32At(call().data), c.expect.ret, label);
    }
  });

  if (c.fn !== "panic_bad" && typeof c.expect === "object" && "code" in c.expect) {
    const code = c.expect.code;
    test(`hostile import call, one frame down — ${label} → ${nestedCode(code)}`, async () => {
      const { session } = await fixture();
      const nameAt = NAMES + EXPORT_NAMES.slice(0, EXPORT_NAMES.indexOf(c.fn)).join("").length;
      const args = [...c.args, 0, 0, 0, 0].slice(0, 4);
      const r = session.callRaw(SELF, "nest", words(...args, nameAt, c.fn.length), 1_000_000n);
      assert.equal(i32At(r.data), nestedCode(code), label);
    });
  }
}

test("feed: a feeder call receives a full 64 KiB feed; past 64 KiB fails with the root unchanged", async () => {
  const { session } = await fixture();
  const got: Uint8Array[] = [];
  session.feederCallRaw(SELF, "feed", words(0x10000), 1_000_000n, (d) => got.push(d));
  assert.equal(got.length, 1);
  assert.equal(got[0].length, 0x10000);
  fails(session, "MemoryAccessOutOfBounds", () => session.feederCallRaw(SELF, "feed", words(0x10001), 1_000_000n, () => {}), [SELF]);
});

test("a feeder callback that throws becomes a VMError, not a host crash", async () => {
  const { session } = await fixture();
  const err = fails(session, "FeedPulled", () =>
    session.feederCallRaw(SELF, "feed", words(4), 1_000_000n, () => {
      throw new Error("receiver gone");
    }),
  [SELF]);
  assert.ok(err instanceof VMError);
});

test("hdebug (debug sessions): past 64 KiB, wrapping, invalid UTF-8", async () => {
  const src = contract(
    `(func (export "d") (param i32) (result i32) (call $hdebug (i32.load (i32.const 0))) (i32.const 0))
     (func (export "bad") (param i32) (result i32) (i32.store16 (i32.const 0) (i32.const 0xfeff)) (call $hdebug (i32.const 2)) (i32.const 0))`,
    2,
    `(import "env" "hdebug" (func $hdebug (param i32)))`,
  );
  const { session } = await deployOne(src, { id: SELF, debug: true });
  fails(session, "MemoryAccessOutOfBounds", () => session.callRaw(SELF, "d", words(0x10001), 1_000_000n), [SELF]);
  fails(session, "MemoryAccessOutOfBounds", () => session.callRaw(SELF, "d", words(0xffffffff), 1_000_000n), [SELF]);
  fails(session, "Utf8", () => session.callRaw(SELF, "bad", new Uint8Array(0), 1_000_000n), [SELF]);
  session.callRaw(SELF, "d", words(0), 1_000_000n);
});

test("a top-level argument past 64 KiB is rejected before any state is touched", async () => {
  const { session } = await fixture();
  fails(session, "MemoryAccessOutOfBounds", () => session.callRaw(SELF, "f", new Uint8Array(0x10001), 1_000_000n), [SELF]);
});

test("a known import with the wrong signature is refused at deploy (RuntimeError), never called", async () => {
  const bad = `(module (import "env" "c" (func (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1) (global (export "A") i32 (i32.const 0))
    (func (export "f") (param i32) (result i32) (i32.const 0)))`;
  const { session } = await fixture();
  const bytes = await wat(bad);
  assert.throws(
    () => session.deploy(bytes, { owner: new Uint8Array(0), contractId: idOf(9) }, 1_000_000n),
    (e) => e instanceof VMError && e.code === "RuntimeError",
  );
});
