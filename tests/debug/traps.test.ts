// Every way a contract's code can fail, each in tests/contracts/traps at a line marked `TRAP: <kind>`:
// the VMError's backtrace names the contract, the function and that exact line, read off the
// source text (not off the source map). Errors, gas and the state root stay as without debug info.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DebugInfo, formatBacktrace, VM, VMError, type Session } from "../../host-sim/index.js";
import { debugInfoForWasmFile } from "../../host-sim/debug-file.js";
import { buildOne } from "../../cli/build.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { prepareContract } from "../../host-sim/module.js";

const SOURCE = "tests/contracts/traps/index.ts";
const GAS = 10_000_000n;

/** The line of `// TRAP: <kind>` in the contract's source. */
function markedLine(kind: string): number {
  const lines = readFileSync(join(REPO_ROOT, SOURCE), "utf8").split("\n");
  const at = lines.findIndex((l) => l.endsWith(`// TRAP: ${kind}`));
  assert.ok(at >= 0, `no TRAP: ${kind} mark`);
  return at + 1;
}

let built: Promise<{ wasm: Uint8Array; info: DebugInfo }> | undefined;
function traps(): Promise<{ wasm: Uint8Array; info: DebugInfo }> {
  built ??= (async () => {
    // nontrapping-f2i off: a float-to-int conversion is then the trapping instruction
    const r = await buildOne(SOURCE, { cwd: REPO_ROOT, entries: [SOURCE], outDir: "build/test-contracts/debug", runtime: "incremental", target: "release", name: "traps", extraArgs: ["--disable", "nontrapping-f2i"] });
    assert.ok(r.ok, r.problems.join("; ") + r.stderr);
    const file = join(REPO_ROOT, r.outFile);
    return { wasm: new Uint8Array(readFileSync(file)), info: debugInfoForWasmFile(file)! };
  })();
  return built;
}

const id = (fill: number) => new Uint8Array(32).fill(fill);
const u32 = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);
const i64 = (v: bigint) => new Uint8Array(new BigInt64Array([v]).buffer);
const f64 = (v: number) => new Uint8Array(new Float64Array([v]).buffer);
const cat = (...xs: Uint8Array[]) => new Uint8Array(xs.flatMap((x) => [...x]));

async function sessionWith(withInfo: boolean): Promise<Session> {
  const { wasm, info } = await traps();
  const vm = await VM.ephemeral();
  if (withInfo) vm.addDebugInfo(wasm, info);
  const s = await vm.session();
  for (const n of [1, 2, 3]) s.deploy(wasm, { owner: id(0), contractId: id(n) }, GAS);
  return s;
}

function failure(s: Session, fn: string, arg: Uint8Array, gas = GAS): VMError {
  try {
    s.callRaw(id(1), fn, arg, gas);
  } catch (e) {
    assert.ok(e instanceof VMError, String(e));
    return e;
  }
  assert.fail(`${fn} did not fail`);
}

const KINDS: Array<{ kind: string; fn: string; arg: Uint8Array; message: string; code: string; func: string }> = [
  { kind: "unreachable", fn: "hit_unreachable", arg: new Uint8Array(0), code: "RuntimeError", message: "wasm trap: wasm `unreachable` instruction executed", func: "__pcas_entry:hit_unreachable" },
  { kind: "oob", fn: "out_of_bounds", arg: u32(0xfffffffe), code: "RuntimeError", message: "wasm trap: out of bounds memory access", func: "__pcas_entry:out_of_bounds" },
  { kind: "divide", fn: "divide", arg: cat(i64(1n), i64(0n)), code: "RuntimeError", message: "wasm trap: integer divide by zero", func: "__pcas_entry:divide" },
  { kind: "overflow", fn: "overflow", arg: cat(i64(-(1n << 63n)), i64(-1n)), code: "RuntimeError", message: "wasm trap: integer overflow", func: "__pcas_entry:overflow" },
  { kind: "convert", fn: "convert", arg: f64(1e30), code: "RuntimeError", message: "wasm trap: invalid conversion to integer", func: "__pcas_entry:convert" },
  { kind: "stack", fn: "recurse", arg: i64(1_000_000n), code: "RuntimeError", message: "wasm trap: call stack exhausted", func: "deeper" },
  { kind: "gas", fn: "spin", arg: new Uint8Array(0), code: "OutOfGas", message: "OutOfGas", func: "__pcas_entry:spin" },
  { kind: "indirect", fn: "bad_indirect", arg: u32(1), code: "RuntimeError", message: "wasm trap: indirect call type mismatch", func: "__pcas_entry:bad_indirect" },
  { kind: "indirect", fn: "bad_indirect", arg: u32(999), code: "RuntimeError", message: "wasm trap: undefined element: out of bounds table access", func: "__pcas_entry:bad_indirect" },
];

for (const k of KINDS) {
  test(`traps: ${k.message} is reported at ${k.kind}'s line`, async () => {
    const s = await sessionWith(true);
    const e = failure(s, k.fn, k.arg);
    assert.equal(e.code, k.code);
    assert.equal(e.message, k.message);
    assert.equal(e.backtrace?.length, 1, formatBacktrace(e.backtrace ?? []));
    const [c] = e.backtrace!;
    assert.equal(c.contract, "01".repeat(32));
    assert.equal(c.name, "traps");
    const top = c.frames[0];
    assert.deepEqual([top.function, top.file, top.line], [k.func, SOURCE, markedLine(k.kind)], formatBacktrace(e.backtrace!));
  });
}

// host-sim batches small call-free loops (host-sim/loops.ts): several copies of the body per fuel
// check. A trap in any copy is reported at its own instruction, as the unbatched VM reports it.
const IN_LOOPS: Array<{ kind: string; fn: string; arg: Uint8Array; message: string }> = [
  // 1 / (5 - i) divides by zero in the sixth iteration: the sixth copy of the first batch
  { kind: "loop-divide", fn: "divide_in_loop", arg: cat(i64(1n), i64(5n), u32(20), u32(0)), message: "wasm trap: integer divide by zero" },
  // the u32 at 0xfffffffd, in the fourteenth iteration, crosses the end of the 4 GiB
  { kind: "loop-oob", fn: "load_in_loop", arg: cat(u32(0xfffffff0), u32(1000)), message: "wasm trap: out of bounds memory access" },
];

for (const k of IN_LOOPS) {
  test(`traps: ${k.message} inside a batched loop is reported at its own line, not the loop's`, async () => {
    const { wasm } = await traps();
    assert.ok(prepareContract(wasm, { debug: false }).batchedLoops > 0);
    const e = failure(await sessionWith(true), k.fn, k.arg);
    assert.equal(e.message, k.message);
    const top = e.backtrace![0].frames[0];
    assert.deepEqual([top.function, top.file, top.line], [`__pcas_entry:${k.fn}`, SOURCE, markedLine(k.kind)], formatBacktrace(e.backtrace!));
    // the loop's `for` is on the line above: the old mapping reported that one
    assert.notEqual(markedLine(k.kind) - 1, top.line);
    const plain = await VM.ephemeral({ batchLoops: false });
    const s = await plain.session();
    s.deploy(wasm, { owner: id(0), contractId: id(1) }, GAS);
    assert.equal(failure(s, k.fn, k.arg).backtrace![0].frames[0].offset, top.offset);
  });
}

test("traps: deep recursion shows the recursive call under the faulting entry", async () => {
  const e = failure(await sessionWith(true), "recurse", i64(1_000_000n));
  const frames = e.backtrace![0].frames;
  assert.ok(frames.length > 2);
  assert.deepEqual([frames[1].function, frames[1].line], ["deeper", markedLine("recursion")]);
  assert.match(formatBacktrace(e.backtrace!), /… the frame above \d+ more times/);
});

test("traps: a failure three contracts deep shows every contract frame, innermost first", async () => {
  const s = await sessionWith(true);
  const e = failure(s, "relay_relay", cat(id(2), id(3), i64(5n)));
  assert.equal(e.message, "wasm trap: wasm `unreachable` instruction executed");
  const trace = e.backtrace!;
  assert.deepEqual(
    trace.map((c) => [c.contract, c.frames[0].function, c.frames[0].file, c.frames[0].line]),
    [
      ["03".repeat(32), "__pcas_entry:divide", SOURCE, markedLine("divide")],
      ["02".repeat(32), "__pcas_entry:relay_divide", SOURCE, markedLine("relay1")],
      ["01".repeat(32), "__pcas_entry:relay_relay", SOURCE, markedLine("relay2")],
    ],
  );
  const text = formatBacktrace(trace);
  assert.ok(text.indexOf("0303") < text.indexOf("0202") && text.indexOf("0202") < text.indexOf("0101"), text);
});

test("traps: a callee's failure is in the backtrace only when the caller's last call failed", async () => {
  const s = await sessionWith(true);
  const e = failure(s, "recover_then_fail", id(2));
  assert.deepEqual(
    e.backtrace!.map((c) => [c.contract, c.frames[0].function, c.frames[0].line]),
    [["01".repeat(32), "__pcas_entry:recover_then_fail", markedLine("own")]],
  );
});

test("traps: without debug info frames are named by index and offset; gas, errors and roots are the same", async () => {
  const plain = await sessionWith(false);
  const debug = await sessionWith(true);
  for (const k of KINDS) {
    const a = failure(plain, k.fn, k.arg);
    const b = failure(debug, k.fn, k.arg);
    assert.deepEqual([a.code, a.message, a.details], [b.code, b.message, b.details]);
    assert.equal(a.backtrace![0].name, null);
    assert.match(a.backtrace![0].frames[0].function, /^wasm-function\[\d+\]$/);
    assert.equal(a.backtrace![0].frames[0].file, undefined);
    assert.equal(a.backtrace![0].frames[0].offset, b.backtrace![0].frames[0].offset);
  }
  const ok = (s: Session) => s.callRaw(id(1), "divide", cat(i64(7n), i64(2n)), GAS);
  assert.deepEqual([ok(plain).gasSpent, ok(plain).data], [ok(debug).gasSpent, ok(debug).data]);
  assert.deepEqual(plain.root(), debug.root());
});

test("traps: a failure outside contract code has an empty frame list, not a made-up place", async () => {
  const s = await sessionWith(true);
  const e = failure(s, "no_such_function", new Uint8Array(0));
  assert.equal(e.message, "failed to find function export `no_such_function`");
  assert.deepEqual(e.backtrace?.map((c) => c.frames.length), [0]);
});
