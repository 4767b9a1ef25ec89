;; A stand-in for a Rust piecrust-uplink contract, written by hand so that every byte it reads or
;; writes is visible. Layouts (rkyv 0.7, size_32, from ../../../shared/vectors/rkyv-0.7.json and
;; host-sim/codec's layoutOf):
;;   Deposit { from: ContractId, amount: u128, memo: String }  size 64, align 16:
;;     from @0 (32 raw bytes), amount @32 (u128 LE), memo @48 (8-byte string object), 8 bytes padding.
;;     A string of at most 7 bytes is inline: bytes then zeros, length in byte 7. A longer one is
;;     written before the struct, then padding to 16, and the object holds { len u32, offset i32 }
;;     with the offset measured from the object itself.
;;   (ContractId, ContractId)        size 64: .0 @0, .1 @32
;;   (ContractId, ContractId, u128)  size 80: .0 @0, .1 @32, .2 @64
;;   (ContractId, u128)              size 48: .0 @0, .1 @32
;; Like uplink's wrap_call, arguments are read with the root at the end of the bytes (len - size).
;; Storage (linear memory, persisted by Piecrust): count @65536, last deposit from @65552,
;; amount @65584, memo length @65600, memo bytes @65616 (at most 1024).
(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (import "env" "panic" (func $panic (param i32)))
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (data (i32.const 67000) "balance_of")
  (data (i32.const 67016) "transfer")
  (data (i32.const 67100) "bad argument")
  (data (i32.const 67120) "memo too long")

  (func $fail (param $msg i32) (param $len i32)
    (memory.copy (i32.const 0) (local.get $msg) (local.get $len))
    (call $panic (local.get $len))
    unreachable)

  ;; on_receive(Deposit) -> u32: stores the deposit, returns how many it has received.
  (func (export "on_receive") (param $len i32) (result i32)
    (local $root i32) (local $b7 i32) (local $mlen i32) (local $ptr i32) (local $n i32)
    (if (i32.lt_u (local.get $len) (i32.const 64)) (then (call $fail (i32.const 67100) (i32.const 12))))
    (local.set $root (i32.sub (local.get $len) (i32.const 64)))
    (memory.copy (i32.const 65552) (local.get $root) (i32.const 48))
    (local.set $b7 (i32.load8_u (i32.add (local.get $root) (i32.const 55))))
    (if (i32.and (local.get $b7) (i32.const 0x80))
      (then
        (local.set $mlen (i32.load (i32.add (local.get $root) (i32.const 48))))
        (local.set $ptr (i32.add (i32.add (local.get $root) (i32.const 48))
                                 (i32.load (i32.add (local.get $root) (i32.const 52)))))
        ;; the bytes must lie inside the argument, before the struct
        (if (i32.or (i32.lt_s (local.get $ptr) (i32.const 0))
                    (i32.gt_u (i32.add (local.get $ptr) (local.get $mlen)) (local.get $root)))
          (then (call $fail (i32.const 67100) (i32.const 12)))))
      (else
        (local.set $mlen (local.get $b7))
        (local.set $ptr (i32.add (local.get $root) (i32.const 48)))
        (if (i32.gt_u (local.get $mlen) (i32.const 7)) (then (call $fail (i32.const 67100) (i32.const 12))))))
    (if (i32.gt_u (local.get $mlen) (i32.const 1024)) (then (call $fail (i32.const 67120) (i32.const 13))))
    (memory.copy (i32.const 65616) (local.get $ptr) (local.get $mlen))
    (i32.store (i32.const 65600) (local.get $mlen))
    (local.set $n (i32.add (i32.load (i32.const 65536)) (i32.const 1)))
    (i32.store (i32.const 65536) (local.get $n))
    (i32.store (i32.const 0) (local.get $n))
    (i32.const 4))

  ;; deposits() -> u32
  (func (export "deposits") (param $len i32) (result i32)
    (i32.store (i32.const 0) (i32.load (i32.const 65536)))
    (i32.const 4))

  ;; last_deposit() -> Deposit, serialized as rkyv's serializer would.
  (func (export "last_deposit") (param $len i32) (result i32)
    (local $mlen i32) (local $r i32)
    (local.set $mlen (i32.load (i32.const 65600)))
    (if (i32.le_u (local.get $mlen) (i32.const 7))
      (then
        (local.set $r (i32.const 0))
        (memory.fill (i32.const 48) (i32.const 0) (i32.const 16))
        (memory.copy (i32.const 48) (i32.const 65616) (local.get $mlen))
        (i32.store8 (i32.const 55) (local.get $mlen)))
      (else
        (memory.copy (i32.const 0) (i32.const 65616) (local.get $mlen))
        (local.set $r (i32.and (i32.add (local.get $mlen) (i32.const 15)) (i32.const -16)))
        (memory.fill (local.get $mlen) (i32.const 0) (i32.sub (local.get $r) (local.get $mlen)))
        (i32.store (i32.add (local.get $r) (i32.const 48)) (local.get $mlen))
        (i32.store (i32.add (local.get $r) (i32.const 52)) (i32.sub (i32.const 0) (i32.add (local.get $r) (i32.const 48))))
        (memory.fill (i32.add (local.get $r) (i32.const 56)) (i32.const 0) (i32.const 8))))
    (memory.copy (local.get $r) (i32.const 65552) (i32.const 48))
    (i32.add (local.get $r) (i32.const 64)))

  ;; balance_via((token, who)) -> u128: asks the token for `who`'s balance.
  (func (export "balance_via") (param $len i32) (result i32)
    (local $root i32) (local $ret i32)
    (if (i32.lt_u (local.get $len) (i32.const 64)) (then (call $fail (i32.const 67100) (i32.const 12))))
    (local.set $root (i32.sub (local.get $len) (i32.const 64)))
    (memory.copy (i32.const 67032) (local.get $root) (i32.const 32))
    (memory.copy (i32.const 0) (i32.add (local.get $root) (i32.const 32)) (i32.const 32))
    (local.set $ret (call $c (i32.const 67032) (i32.const 67000) (i32.const 10) (i32.const 32) (i64.const 0)))
    (if (i32.lt_s (local.get $ret) (i32.const 16)) (then (call $fail (i32.const 67100) (i32.const 12))))
    (memory.copy (i32.const 0) (i32.sub (local.get $ret) (i32.const 16)) (i32.const 16))
    (i32.const 16))

  ;; pay((token, to, amount)): transfers `amount` of its own tokens to `to`; a refusal by the token
  ;; becomes this contract's panic with the token's message.
  (func (export "pay") (param $len i32) (result i32)
    (local $root i32) (local $ret i32)
    (if (i32.lt_u (local.get $len) (i32.const 80)) (then (call $fail (i32.const 67100) (i32.const 12))))
    (local.set $root (i32.sub (local.get $len) (i32.const 80)))
    (memory.copy (i32.const 67032) (local.get $root) (i32.const 32))
    ;; (to, amount) is the argument's .1 and .2, already adjacent: 48 bytes
    (memory.copy (i32.const 0) (i32.add (local.get $root) (i32.const 32)) (i32.const 48))
    (local.set $ret (call $c (i32.const 67032) (i32.const 67016) (i32.const 8) (i32.const 48) (i64.const 0)))
    (if (i32.eq (local.get $ret) (i32.const -1))
      (then (call $fail (i32.const 4) (i32.load (i32.const 0)))))
    (if (i32.lt_s (local.get $ret) (i32.const 0)) (then (call $fail (i32.const 67100) (i32.const 12))))
    (i32.const 0)))
