// Modules for Piecrust's deploy rules (piecrust-vm.md §3), shared by the deploy tests and the test
// that runs them through both entry points (host-sim's deploy and the build's ABI check).
import { module } from "./sim.js";

export const OK_FN = `(func (export "f") (param i32) (result i32) (i32.const 0))`;

/** [what, WAT ("" = invalid bytes), the VMError code Piecrust gives]. */
export const INVALID: Array<[string, string, string]> = [
  ["invalid bytecode", "", "RuntimeError"],
  ["no exported memory", `(module (memory 1) (global (export "A") i32 (i32.const 0)) ${OK_FN})`, "PersistenceError"],
  ["two exported memories", `(module (memory 1) (export "m1" (memory 0)) (export "m2" (memory 0)) (global (export "A") i32 (i32.const 0)) ${OK_FN})`, "PersistenceError"],
  ["exported function of the wrong type", module(`(func (export "g") (param i64) (result i32) (i32.const 0))`), "InvalidFunction"],
  ["exported function with no result", module(`(func (export "g") (param i32))`), "InvalidFunction"],
  ["env.abort import", module(OK_FN, `(import "env" "abort" (func (param i32 i32 i32 i32)))`), "InvalidFunction"],
  ["hdebug outside debug mode", module(OK_FN, `(import "env" "hdebug" (func (param i32)))`), "InvalidFunction"],
  ["imported memory", `(module (import "env" "memory" (memory 1)) (export "memory" (memory 0)) (global (export "A") i32 (i32.const 0)) ${OK_FN})`, "InvalidFunction"],
  ["imported global exported as A", `(module (import "env" "A" (global i32)) (memory (export "memory") 2) (export "A" (global 0)) ${OK_FN})`, "InvalidFunction"],
  ["known import with the wrong signature", module(OK_FN, `(import "env" "panic" (func (param i64)))`), "RuntimeError"],
  // imports.rs supplies a function for every known name; wasmtime's linker then refuses the kind.
  ["known import name of another kind", module(OK_FN, `(import "env" "c" (global i32))`), "RuntimeError"],
  ["an unknown import after a mistyped known one", module(OK_FN, `(import "env" "panic" (func (param i64))) (import "env" "seed" (func (result f64)))`), "InvalidFunction"],
  ["start function", module(`${OK_FN} (func $s) (start $s)`), "RuntimeError"],
  ["missing A", `(module (memory (export "memory") 1) ${OK_FN})`, "InvalidArgumentBuffer"],
  ["A is a function", `(module (memory (export "memory") 1) (func (export "A") (param i32) (result i32) (i32.const 0)))`, "InvalidArgumentBuffer"],
  ["mutable A", `(module (memory (export "memory") 1) (global (export "A") (mut i32) (i32.const 0)) ${OK_FN})`, "InvalidArgumentBuffer"],
  ["i64 A", `(module (memory (export "memory") 1) (global (export "A") i64 (i64.const 0)) ${OK_FN})`, "InvalidArgumentBuffer"],
  ["A without 64 KiB of room", `(module (memory (export "memory") 1) (global (export "A") i32 (i32.const 8)) ${OK_FN})`, "InvalidArgumentBuffer"],
  ["A near 2^32", `(module (memory (export "memory") 1) (global (export "A") i32 (i32.const -64)) ${OK_FN})`, "InvalidArgumentBuffer"],
  ["data segment out of bounds", module(OK_FN, `(data (i32.const 65530) "0123456789")`), "RuntimeError"],
];

/** Modules both entry points must accept. */
export const VALID: Array<[string, string]> = [
  ["the smallest contract", module(OK_FN)],
  // 0x0b (`end`) inside immediates of the globals before A: a reader that stops at the first 0x0b
  // byte of a constant expression misreads everything after it.
  ["0x0b bytes inside constant immediates", `(module (memory (export "memory") 1)
    (global i64 (i64.const 0x0b0b0b0b0b0b0b0b)) (global f32 (f32.const 0x1.16p-104)) (global f64 (f64.const 0x1.0b0b0b0b0bp-243)) (global i32 (i32.const 11))
    (global (export "A") i32 (i32.const 0)) ${OK_FN})`],
  ["A at the last offset with room", `(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 65536)) ${OK_FN})`],
  ["other exported globals, tables and the memory under any name", `(module (memory (export "mem") 1) (table (export "t") 1 funcref) (global (export "__heap_base") i32 (i32.const 8)) (global (export "A") i32 (i32.const 0)) ${OK_FN})`],
];

/**
 * `A` computed by an extended-const expression (0x0b inside it too). Piecrust reads A's value from
 * the instance, so this is valid wherever the engine has extended-const (Node 22+); Node 20's V8
 * refuses the constant expression, and then both entry points say RuntimeError.
 */
export const NON_LITERAL_A = `(module (memory (export "memory") 2)
  (global (export "A") i32 (i32.add (i32.const 11) (i32.mul (i32.const 0x0b) (i32.const 256)))) ${OK_FN})`;
