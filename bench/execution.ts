// Execution benchmarks: host-sim call overhead and metering overhead (issues 3 and 4).
import { readFileSync } from "node:fs";
import { VM } from "../host-sim/index.js";
import { prepareContract } from "../host-sim/module.js";
import { wat } from "../tests/helpers/wat.js";
import { contract } from "../tests/ports/support/contracts.js";
import { report, time, fmt } from "./harness.js";

const OWNER = new Uint8Array(32);
const GAS = 10_000_000_000n;

const COMPUTE = `(module
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2)) (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1))) (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "fib") (param i32) (result i32) (i32.store (i32.const 0) (call $fib (i32.const 25))) (i32.const 4))
  (func (export "loop") (param i32) (result i32) (local $i i32) (local $s i32)
    (loop $l (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 3000000))))
    (i32.store (i32.const 0) (local.get $s)) (i32.const 4))
  (func (export "bytes") (param i32) (result i32) (local $i i32) (local $r i32)
    (loop $r (local.set $i (i32.const 0))
      (loop $l (i32.store8 offset=65536 (local.get $i) (i32.add (i32.load8_u offset=65536 (local.get $i)) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 65536))))
      (local.set $r (i32.add (local.get $r) (i32.const 1))) (br_if $r (i32.lt_u (local.get $r) (i32.const 10))))
    (i32.const 0)))`;

export async function executionBench(): Promise<void> {
  const vm = await VM.ephemeral();
  const session = await vm.session({});

  // 1. a top-level counter increment against a bare instance + call of the same module
  const counter = new Uint8Array(readFileSync("build/counter.wasm"));
  const { contractId } = session.deploy(counter, { owner: OWNER }, 1_000_000n);
  const empty = new Uint8Array(0);
  const bareModule = new WebAssembly.Module(counter);
  const noop = () => 0;
  const envStub = new Proxy({}, { get: () => noop });
  const simCall = time(() => session.callRaw(contractId, "increment", empty, 1_000_000n), { iterations: 2000 });
  const bareCall = time(() => {
    const inst = new WebAssembly.Instance(bareModule, { env: envStub } as WebAssembly.Imports);
    (inst.exports.increment as (n: number) => number)(0);
  }, { iterations: 2000 });
  report("top-level counter increment vs bare instance+call", simCall, bareCall);

  // 2. an inter-contract call against a top-level call
  const relay = await wat(`(module (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
    (memory (export "memory") 2) (global (export "A") i32 (i32.const 0)) (data (i32.const 70000) "ping")
    (func (export "fwd") (param i32) (result i32)
      (memory.copy (i32.const 70100) (i32.const 0) (i32.const 32))
      (drop (call $c (i32.const 70100) (i32.const 70000) (i32.const 4) (i32.const 0) (i64.const 0))) (i32.const 0)))`);
  const sink = await wat(`(module (memory (export "memory") 1) (global (export "A") i32 (i32.const 0))
    (func (export "ping") (param i32) (result i32) (i32.const 0)))`);
  const relayId = session.deploy(relay, { owner: OWNER, contractId: new Uint8Array(32).fill(1) }, GAS).contractId;
  const sinkId = session.deploy(sink, { owner: OWNER, contractId: new Uint8Array(32).fill(2) }, GAS).contractId;
  const top = time(() => session.callRaw(sinkId, "ping", empty, GAS), { iterations: 2000 });
  const viaRelay = time(() => session.callRaw(relayId, "fwd", sinkId, GAS), { iterations: 2000 });
  report("inter-contract call (relay→sink) minus a top-level call, vs top-level", viaRelay - top, top);

  // 3. metered (host-sim) against unmetered execution of the original module
  const compute = await wat(COMPUTE);
  const computeId = session.deploy(compute, { owner: OWNER, contractId: new Uint8Array(32).fill(3) }, GAS).contractId;
  const plain = new WebAssembly.Instance(new WebAssembly.Module(compute as Uint8Array<ArrayBuffer>), {});
  for (const fn of ["fib", "loop", "bytes"]) {
    const metered = time(() => session.callRaw(computeId, fn, empty, GAS), { rounds: 7 });
    const unmetered = time(() => (plain.exports[fn] as (n: number) => number)(0), { rounds: 7 });
    report(`metered vs unmetered: ${fn}`, metered, unmetered, "≤ 1.5×");
  }

  // ...and the same for AssemblyScript contracts built by this toolchain: Piecrust's fibonacci, and
  // tests/contracts/workload (allocation, typed arrays, Array#sort with a comparator)
  const asWorkloads: Array<[contract: string, fn: string, arg: number, label: string]> = [
    ["fibonacci", "nth", 25, "fibonacci nth(25)"],
    ["workload", "sort", 20_000, "sort of 20,000 u64"],
    ["workload", "hash", 50, "byte mixing, 50 passes over 4 KiB"],
  ];
  let asId = 4;
  for (const [name, fn, n, label] of asWorkloads) {
    const wasm = await contract(name);
    const id = session.deploy(wasm, { owner: OWNER, contractId: new Uint8Array(32).fill(asId++) }, GAS).contractId;
    const bare = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), { env: envStub } as WebAssembly.Imports);
    const argbuf = (bare.exports.A as WebAssembly.Global).value as number;
    const arg = new Uint8Array(4);
    new DataView(arg.buffer).setUint32(0, n, true);
    const metered = time(() => session.callRaw(id, fn, arg, GAS), { rounds: 15 });
    const unmetered = time(() => {
      // a grow replaces the buffer, so the view is taken per call
      new Uint8Array((bare.exports.memory as WebAssembly.Memory).buffer).set(arg, argbuf);
      (bare.exports[fn] as (n: number) => number)(4);
    }, { rounds: 15 });
    report(`metered vs unmetered: AssemblyScript ${label}`, metered, unmetered, "≤ 1.5×");
  }

  // 4. instrumenting a ~150 KB module
  const funcs: string[] = [];
  for (let i = 0; i < 1750; i++) {
    funcs.push(`(func (export "f${i}") (param $n i32) (result i32) (local $i i32) (local $s i64)
      (loop $l (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $i))))
        (i64.store (i32.and (local.get $i) (i32.const 1023)) (local.get $s))
        (if (i32.gt_u (local.get $i) (i32.const 7)) (then (local.set $s (i64.mul (local.get $s) (i64.const 3)))) (else (nop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (f64.store (i32.const 8) (f64.div (f64.convert_i64_s (local.get $s)) (f64.const 3)))
      (i32.wrap_i64 (local.get $s)))`);
  }
  const big = await wat(`(module (memory (export "memory") 2) (global (export "A") i32 (i32.const 0)) ${funcs.join("\n")})`);
  const prep = time(() => prepareContract(big, { debug: false }), { rounds: 3 });
  console.log(`${`instrument + compile a ${(big.length / 1024).toFixed(0)} KiB module`.padEnd(58)} ${fmt(prep).padStart(10)}`);
  session.close();
}
