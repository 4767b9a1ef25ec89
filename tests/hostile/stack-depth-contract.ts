// The contract of stack-depth.test.ts: recursions of a chosen depth with small and large frames, and
// the same behind a chain of calls to itself through `c` (made by a directly called function), where
// the outer frame recurses again after the inner call came back (or failed). Every success writes
// its depth, so it changes the root.
import { idOf } from "../helpers/sim.js";
import { contract } from "./support.js";

export const SELF = idOf(7);
const ID_AT = 0x10000;
const NAME_AT = 0x10020;

// $rec's frame, as depth.ts sizes it: header 32 + 8 × (1 param + 9 injected locals + (3 operands +
// 4 injected pushes)) + the threading wrapper's 32 + 8 × (1 + 2) = 224 bytes. $rec_big adds 16
// i64 locals: 352. `go`/`go_big` (they write memory: 15 injected locals, 2 operands): 32 + 8 × (1 +
// 15 + 6) + 56 = 264. So go(n), n + 1 frames of $rec, fits while 264 + 224 (n + 1) <= 786,432:
// n <= 3,508; go_big(n): 264 + 352 (n + 1) <= 786,432: n <= 2,232.
export const GO_MAX = 3508;
export const GO_BIG_MAX = 2232;

export const SOURCE = contract(`
  (data (i32.const ${ID_AT}) "${"\\07".repeat(32)}")
  (data (i32.const ${NAME_AT}) "hop")
  (func $rec (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  (func $rec_big (param i32) (result i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec_big (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "go") (param i32) (result i32)
    (i32.store (i32.const 0x10100) (call $rec (i32.load (i32.const 0)))) (i32.const 0))
  (func (export "go_big") (param i32) (result i32)
    (i32.store (i32.const 0x10104) (call $rec_big (i32.load (i32.const 0)))) (i32.const 0))
  ;; The call to itself, from a function the export calls directly: its frame is a threaded copy,
  ;; whose stack count the host must see at the import (metering.ts).
  (func $call_self (result i32)
    (call $c (i32.const ${ID_AT}) (i32.const ${NAME_AT}) (i32.const 3) (i32.const 12) (i64.const 0)))
  ;; hop(k, n, m): k > 0 calls hop(k - 1, n, m) on itself; k = 0 recurses n deep. Every frame then
  ;; recurses m deep itself, and returns the first failure code seen (or 0).
  (func (export "hop") (param i32) (result i32) (local $k i32) (local $n i32) (local $m i32) (local $code i32)
    (local.set $k (i32.load (i32.const 0)))
    (local.set $n (i32.load (i32.const 4)))
    (local.set $m (i32.load (i32.const 8)))
    (if (i32.eqz (local.get $k))
      (then (i32.store (i32.const 0x10108) (call $rec (local.get $n))))
      (else
        (i32.store (i32.const 0) (i32.sub (local.get $k) (i32.const 1)))
        (local.set $code (call $call_self))
        ;; a callee that returned gave its own first failure code in the argument buffer
        (if (i32.ge_s (local.get $code) (i32.const 0)) (then (local.set $code (i32.load (i32.const 0)))))
        (if (i32.lt_s (local.get $code) (i32.const 0)) (then (i32.store (i32.const 0x1010c) (local.get $code))))))
    (i32.store (i32.add (i32.const 0x10200) (i32.shl (local.get $k) (i32.const 2))) (call $rec (local.get $m)))
    (i32.store (i32.const 0) (select (local.get $code) (i32.const 0) (i32.lt_s (local.get $code) (i32.const 0))))
    (i32.const 4))
`);
