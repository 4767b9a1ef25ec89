// The runaway contract of stack-gas.test.ts: spins, recursions (plain, with big frames, through
// `c`, through other imports) and a self-call chain that runs one of them at a chosen depth.
import { idOf } from "../helpers/sim.js";
import { contract } from "./support.js";

export const SELF = idOf(1);
export const OTHER = idOf(2);
const ID_AT = 0x10000;
const NAMES = 0x10040;

export const SOURCE = contract(`
  (data (i32.const ${ID_AT}) "${"\\01".repeat(32)}${"\\02".repeat(32)}")
  (data (i32.const ${NAMES}) "chainnop")
  (func (export "nop") (param i32) (result i32) (i32.const 0))
  (func (export "spin") (param i32) (result i32) (loop $l (br $l)) (i32.const 0))
  ;; Spins after writing a page and growing, so a revert has something to undo.
  (func (export "dirty_spin") (param i32) (result i32)
    (i32.store (i32.const ${ID_AT + 0x100}) (i32.const 7)) (drop (memory.grow (i32.const 3)))
    (loop $l (br $l)) (i32.const 0))
  (func $rec (param i32) (result i32) (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func $rec_big (param i32) (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 1 (i64.extend_i32_u (local.get 0)))
    (i32.add (call $rec_big (i32.add (local.get 0) (i32.const 1))) (i32.wrap_i64 (local.get 1))))
  (func $rec_c (param i32) (result i32)
    (drop (call $c (i32.const ${ID_AT + 32}) (i32.const ${NAMES + 5}) (i32.const 3) (i32.const 0) (i64.const 0)))
    (call $rec_c (local.get 0)))
  (func $rec_imports (param i32) (result i32)
    (drop (call $limit)) (drop (call $spent)) (call $self_id) (drop (call $callstack))
    (i32.store (i32.const ${ID_AT + 0x200}) (local.get 0))
    (call $rec_imports (i32.add (local.get 0) (i32.const 1))))
  (func (export "rec") (param i32) (result i32) (call $rec (i32.const 0)))
  (func (export "rec_big") (param i32) (result i32) (call $rec_big (i32.const 0)))
  (func (export "rec_c") (param i32) (result i32) (call $rec_c (i32.const 0)))
  (func (export "rec_imports") (param i32) (result i32)
    (i32.store (i32.const ${ID_AT + 0x300}) (i32.const 1)) (call $rec_imports (i32.const 0)))
  ;; chain(n, leaf): n > 0 calls chain(n - 1) on itself; n = 0 runs leaf (0 rec, 1 spin, 2 rec_c).
  ;; The first failure seen is reported as [code, n] and passed up unchanged.
  (func (export "chain") (param i32) (result i32) (local $n i32) (local $code i32)
    (local.set $n (i32.load (i32.const 0)))
    (i32.store (i32.add (i32.const ${ID_AT + 0x400}) (i32.shl (local.get $n) (i32.const 2))) (i32.const 1))
    (if (i32.eqz (local.get $n)) (then
      (if (i32.eq (i32.load (i32.const 4)) (i32.const 1)) (then (loop $l (br $l))))
      (if (i32.eq (i32.load (i32.const 4)) (i32.const 2)) (then (return (call $rec_c (i32.const 0)))))
      (return (call $rec (i32.const 0)))))
    (i32.store (i32.const 0) (i32.sub (local.get $n) (i32.const 1)))
    (local.set $code (call $c (i32.const ${ID_AT}) (i32.const ${NAMES}) (i32.const 5) (i32.const 8) (i64.const 0)))
    (if (i32.lt_s (local.get $code) (i32.const 0)) (then
      (i32.store (i32.const 0) (local.get $code)) (i32.store (i32.const 4) (local.get $n)) (return (i32.const 8))))
    (local.get $code))
`);
