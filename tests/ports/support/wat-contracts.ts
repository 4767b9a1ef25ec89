// Piecrust test contracts that the AssemblyScript SDK must not be able to express (malformed
// modules) or that Piecrust writes without uplink (the C example), as WAT.
import { wat } from "../../helpers/wat.js";

/**
 * contracts/c-example re-derived for wasm32 (Piecrust builds it for wasm64, which host-sim does
 * not run: Node 20 has no memory64). A plain module: argbuf `A` at 0, names in a data segment,
 * `increment_and_read` calls a counter twice through the raw `c` import.
 * `out_of_bounds` / `not_out_of_bounds` hand `hd` a name that ends past / exactly at the end of the
 * 4 GiB wasm32 reservation (Piecrust's wasm64 originals use 4 TiB + 1 and 0xFFFF_FFFF + 2).
 */
export function cExample(): Promise<Uint8Array> {
  return wat(`(module
    (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
    (import "env" "hd" (func $hd (param i32 i32) (result i32)))
    (memory (export "memory") 2)
    (global (export "A") i32 (i32.const 0))
    (data (i32.const 65536) "increment")
    (data (i32.const 65552) "read_value")
    (func (export "increment_and_read") (param i32) (result i32)
      (memory.copy (i32.const 65600) (i32.const 0) (i32.const 32))
      (drop (call $c (i32.const 65600) (i32.const 65536) (i32.const 9) (i32.const 0) (i64.const 0)))
      (drop (call $c (i32.const 65600) (i32.const 65552) (i32.const 10) (i32.const 0) (i64.const 0)))
      (i32.const 8))
    (func (export "out_of_bounds") (param i32) (result i32)
      (drop (call $hd (i32.const 0xFFFFFFFF) (i32.const 2)))
      (i32.const 0))
    (func (export "not_out_of_bounds") (param i32) (result i32)
      (drop (call $hd (i32.const 0xFFFFFFFE) (i32.const 2)))
      (i32.const 0)))`, "c_example.wat");
}

/** contracts/invalid: a no_std crate exporting `bad_function(i64) -> i64` and no argbuf `A`. */
export function invalid(): Promise<Uint8Array> {
  return wat(`(module
    (memory (export "memory") 1)
    (func (export "bad_function") (param i64) (result i64) (local.get 0)))`, "invalid.wat");
}
