;; The relay contract of the as-pect test host (as-pect/host.ts). It is deployed into host-sim at
;; the ids a spec sets with setCaller / setCallstack, so that an entry call of the contract under
;; test comes from those contracts (one relay calling the next) and the callee sees them in caller()
;; and callstack(). Input in the argbuf:
;;   [0..32) callee id  [32..40) callee gas limit (u64 LE)  [40..44) name length  [44..) name, argument
;; Output: [0..4) the `c` return value (i32 LE), then the result bytes, or for a panic (-1) the
;; length-prefixed message, exactly as `c` left them.
(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (func (export "relay") (param $len i32) (result i32)
    (local $nl i32) (local $hdr i32) (local $argLen i32) (local $ret i32) (local $out i32)
    (local.set $nl (i32.load (i32.const 40)))
    (local.set $hdr (i32.add (i32.const 44) (local.get $nl)))
    ;; keep the header out of the argbuf, then move the argument to its start
    (memory.copy (i32.const 65536) (i32.const 0) (local.get $hdr))
    (local.set $argLen (i32.sub (local.get $len) (local.get $hdr)))
    (memory.copy (i32.const 0) (local.get $hdr) (local.get $argLen))
    (local.set $ret
      (call $c (i32.const 65536) (i32.const 65580) (local.get $nl) (local.get $argLen) (i64.load (i32.const 65568))))
    (local.set $out
      (if (result i32) (i32.ge_s (local.get $ret) (i32.const 0))
        (then (local.get $ret))
        (else
          (if (result i32) (i32.eq (local.get $ret) (i32.const -1))
            (then (i32.add (i32.const 4) (i32.load (i32.const 0))))
            (else (i32.const 0))))))
    (memory.copy (i32.const 4) (i32.const 0) (local.get $out))
    (i32.store (i32.const 0) (local.get $ret))
    (i32.add (local.get $out) (i32.const 4))))
