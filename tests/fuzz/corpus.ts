// Contracts the fuzzers start from: hand-written WAT covering every import and most instruction
// classes (compiled at run time), plus the built examples in build/*.wasm when they exist
// (`node dist/cli/main.js build`).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/paths.js";
import { wat } from "../helpers/wat.js";
import { SOURCE as RUNAWAY } from "../hostile/runaway-contract.js";
import { contract } from "../hostile/support.js";

/** Pool ids the call fuzzer deploys under; the actor's id table lists the first four. */
export const POOL_IDS = [1, 2, 3, 4, 5, 6].map((n) => new Uint8Array(32).fill(n * 0x11));

/**
 * The actor interprets its argument as 8-byte instructions [op u8, a u8, b u16, c u32] so that
 * random arguments exercise stores, growth, events, host queries, failures and nested calls:
 * 0 store c at page 1 + a%3, word b%16384; 1 grow a%3 pages; 2 emit b%128 bytes; 3 call
 * POOL[a%4].act with the rest of the program; 4 panic; 5 unreachable; 6 spin; 7 host query "q";
 * 8 return early. Returns [instructions run, last call code].
 */
export const ACTOR = contract(
  `
  (data (i32.const 0x40000) "${POOL_IDS.slice(0, 4).map((id) => [...id].map((b) => "\\" + b.toString(16).padStart(2, "0")).join("")).join("")}")
  (data (i32.const 0x40080) "actqboomdump")
  (func (export "act") (param $len i32) (result i32) (local $pc i32) (local $n i32) (local $op i32) (local $a i32) (local $b i32) (local $c i32) (local $code i32)
    (block $done (loop $next
      (br_if $done (i32.gt_u (i32.add (local.get $pc) (i32.const 8)) (local.get $len)))
      (local.set $op (i32.rem_u (i32.load8_u (local.get $pc)) (i32.const 9)))
      (local.set $a (i32.load8_u offset=1 (local.get $pc)))
      (local.set $b (i32.load16_u offset=2 (local.get $pc)))
      (local.set $c (i32.load offset=4 (local.get $pc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 8)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (block $sw (block $8 (block $7 (block $6 (block $5 (block $4 (block $3 (block $2 (block $1 (block $0
        (br_table $0 $1 $2 $3 $4 $5 $6 $7 $8 (local.get $op)))
        (i32.store (i32.add (i32.mul (i32.add (i32.rem_u (local.get $a) (i32.const 3)) (i32.const 1)) (i32.const 65536))
          (i32.shl (i32.rem_u (local.get $b) (i32.const 16384)) (i32.const 2))) (local.get $c)) (br $sw))
        (drop (memory.grow (i32.rem_u (local.get $a) (i32.const 3)))) (br $sw))
        (call $emit (i32.const 0x40080) (i32.const 3) (i32.rem_u (local.get $b) (i32.const 128))) (br $sw))
        (memory.copy (i32.const 0) (local.get $pc) (i32.sub (local.get $len) (local.get $pc)))
        (local.set $code (call $c (i32.add (i32.const 0x40000) (i32.shl (i32.rem_u (local.get $a) (i32.const 4)) (i32.const 5)))
          (i32.const 0x40080) (i32.const 3) (i32.sub (local.get $len) (local.get $pc)) (i64.extend_i32_u (local.get $c))))
        (br $done))
        (i32.store (i32.const 0) (i32.const 0x6d6f6f62)) (call $panic (i32.const 4)) (br $sw))
        unreachable)
        (loop $spin (br $spin)) (br $sw))
        (drop (call $hq (i32.const 0x40083) (i32.const 1) (i32.const 0))) (br $sw))
        (br $done))
      (br $next)))
    (i32.store (i32.const 0) (local.get $n)) (i32.store (i32.const 4) (local.get $code)) (i32.const 8))
  ;; dump: the first 64 bytes of pages 1..3 (a fingerprint of the state for the commit checks)
  (func (export "dump") (param i32) (result i32)
    (memory.copy (i32.const 0) (i32.const 0x10000) (i32.const 64))
    (memory.copy (i32.const 64) (i32.const 0x20000) (i32.const 64))
    (memory.copy (i32.const 128) (i32.const 0x30000) (i32.const 64)) (i32.const 192))
  `,
  5,
);

/** Small modules that use tables, globals, bulk memory, SIMD and multi-value, for the module fuzzer. */
const SHAPES = [
  contract(`
    (type $t (func (param i32) (result i32)))
    (table 4 funcref) (elem (i32.const 0) $f $g)
    (global $g0 (mut i32) (i32.const 5)) (global $g1 (mut i64) (i64.const -1))
    (func $f (param i32) (result i32) (i32.add (local.get 0) (global.get $g0)))
    (func $g (param i32) (result i32) (global.set $g0 (local.get 0)) (i32.const 0))
    (func (export "ind") (param i32) (result i32) (call_indirect (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 3))))
    (func (export "br") (param i32) (result i32)
      (block $a (block $b (block $c (br_table $a $b $c (local.get 0))) (return (i32.const 1))) (return (i32.const 2))) (i32.const 3))
    (func (export "bulk") (param i32) (result i32)
      (memory.fill (i32.const 100) (i32.const 7) (local.get 0)) (memory.copy (i32.const 0) (i32.const 100) (i32.const 16))
      (data.drop 0) (i32.const 16))
    (data "passive")
    (func (export "simd") (param i32) (result i32)
      (v128.store (i32.const 0) (f32x4.add (v128.load (i32.const 0)) (v128.const f32x4 1 2 3 4))) (i32.const 16))
    (func $mv (result i32 i64) (i32.const 1) (i64.const 2))
    (func (export "mv") (param i32) (result i32) (call $mv) (drop))
    (func (export "init") (param i32) (result i32) (i32.store (i32.const 0x10000) (i32.const 9)) (i32.const 0))
  `),
  contract(`
    (data (i32.const 0x10000) "hello world")
    (func (export "f") (param i32) (result i32) (local i64 f64)
      (local.set 1 (i64.load (i32.const 0x10000)))
      (local.set 2 (f64.sqrt (f64.convert_i64_s (local.get 1))))
      (f64.store (i32.const 0) (local.get 2))
      (loop $l (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 100))))
      (i32.const 8))
    (func (export "caller") (param i32) (result i32) (i32.store (i32.const 0) (call $caller)) (drop (call $callstack)) (call $self_id)
      (drop (call $owner (i32.const 0))) (i64.store (i32.const 8) (call $limit)) (i64.store (i32.const 16) (call $spent)) (i32.const 24))
  `, 3),
];

export interface CorpusEntry {
  name: string;
  bytes: Uint8Array;
}

/** The built examples, if `node dist/cli/main.js build` has been run. */
export function builtExamples(): CorpusEntry[] {
  const dir = join(REPO_ROOT, "build");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    // Contracts only: a data driver (<name>.driver.wasm) is not a Piecrust module.
    .filter((n) => n.endsWith(".wasm") && !n.endsWith(".driver.wasm"))
    .sort()
    .map((n) => ({ name: `build/${n}`, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
}

let cached: CorpusEntry[] | undefined;

export async function corpus(): Promise<CorpusEntry[]> {
  if (cached) return cached;
  const wats: CorpusEntry[] = [
    { name: "actor", bytes: await wat(ACTOR) },
    { name: "runaway", bytes: await wat(RUNAWAY) },
    ...(await Promise.all(SHAPES.map(async (s, i) => ({ name: `shape${i}`, bytes: await wat(s) })))),
  ];
  cached = [...wats, ...builtExamples()];
  return cached;
}
