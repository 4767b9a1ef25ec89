// Codec gas against Rust: a 100-byte string taken, given back, and echoed (gas above a no-op call),
// by the AS contract with `string` and with `Utf8String` (also built on the stub runtime, to
// separate the codec from the collector). The ASCII rows compare with the real uplink contract on
// Piecrust 0.32 (issue 16's table); bench/reference/rust-string.wasm is an imitation of uplink
// (it overstates take and give), so it is shown apart. Gas is deterministic: exact, not timed.
import { readFileSync } from "node:fs";
import { VM } from "../host-sim/index.js";
import { encode, parseType } from "../host-sim/codec/index.js";
import { compileFixture } from "../tests/transform/support.js";
import { GAS_BENCH } from "../tests/transform/fixtures.js";

const GAS = 10_000_000n;
/** A 100-byte String in real uplink on Piecrust 0.32, above a no-op call (issue 16). */
const UPLINK = { take: 585n, give: 40n, echo: 1042n };
type Fns = { noop: string; keep: string; take: string; give: string; echo: string };

async function figures(wasm: Uint8Array<ArrayBuffer>, fns: Fns, text: string): Promise<{ take: bigint; give: bigint; echo: bigint }> {
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const id = session.deploy(wasm, { owner: new Uint8Array(32) }, GAS).contractId;
  const call = (fn: string, arg: Uint8Array<ArrayBuffer> = new Uint8Array(0)) => session.callRaw(id, fn, arg, GAS).gasSpent;
  const arg = new Uint8Array(encode(parseType("String"), text));
  call(fns.noop);
  call(fns.keep, arg);
  const base = call(fns.noop);
  return { take: call(fns.take, arg) - base, give: call(fns.give) - base, echo: call(fns.echo, arg) - base };
}

/**
 * The same calls with no string kept between calls (no module variable), which the transform
 * builds on the arena runtime: what a contract pays that only takes and returns strings.
 */
const ARENA_STRINGS = `
import { Utf8String } from "../../../assembly/index";
@contract
class Bench {
  noop(): void {}
  take_string(s: string): void {}
  echo_string(s: string): string { return s; }
  take_utf8(s: Utf8String): void {}
  echo_utf8(s: Utf8String): Utf8String { return s; }
}`;

async function arenaFigures(text: string): Promise<Record<string, bigint>> {
  const built = await compileFixture("bench-codec-arena", ARENA_STRINGS);
  if (!built.wasm) throw new Error(built.stderr);
  const vm = await VM.ephemeral();
  const session = await vm.session({});
  const id = session.deploy(built.wasm, { owner: new Uint8Array(32) }, GAS).contractId;
  const call = (fn: string, arg: Uint8Array<ArrayBuffer> = new Uint8Array(0)) => session.callRaw(id, fn, arg, GAS).gasSpent;
  const arg = new Uint8Array(encode(parseType("String"), text));
  call("noop");
  const base = call("noop");
  const out: Record<string, bigint> = {};
  for (const fn of ["take_string", "echo_string", "take_utf8", "echo_utf8"]) out[fn] = call(fn, arg) - base;
  return out;
}

export async function codecBench(): Promise<void> {
  const built = await compileFixture("bench-codec", GAS_BENCH);
  // The same contract on the stub runtime (no collector, no shadow stack): the codec's own cost.
  const stub = await compileFixture("bench-codec-stub", GAS_BENCH, { runtime: "stub" });
  if (!built.wasm || !stub.wasm) throw new Error(built.stderr + stub.stderr);
  const rust = new Uint8Array(readFileSync(new URL("../../bench/reference/rust-string.wasm", import.meta.url)));
  const rustFns = { noop: "noop", keep: "keep_string", take: "take_string", give: "give_string", echo: "echo_string" };
  const asString = { ...rustFns };
  const asUtf8 = { noop: "noop", keep: "keep_utf8", take: "take_utf8", give: "give_utf8", echo: "echo_utf8" };
  for (const [label, text] of [["ASCII", "x".repeat(100)], ["non-ASCII (é × 50)", "é".repeat(50)]] as const) {
    const r = await figures(rust, rustFns, text);
    const s = await figures(new Uint8Array(built.wasm), asString, text);
    const u = await figures(new Uint8Array(built.wasm), asUtf8, text);
    const us = await figures(new Uint8Array(stub.wasm), asUtf8, text);
    const ascii = label === "ASCII";
    for (const k of ["take", "give", "echo"] as const) {
      const ref = ascii ? UPLINK[k] : r[k];
      const line = (name: string, v: bigint) => `${name} ${String(v).padStart(5)} (${(Number(v) / Number(ref)).toFixed(2)}×)`;
      const rust = ascii ? `Rust uplink ${String(ref).padStart(5)} gas (imitation ${r[k]})` : `Rust imitation ${String(ref).padStart(5)} gas`;
      console.log(`100-byte ${label} String, ${k.padEnd(4)}: ${rust}; ${line("AS string", s[k])}; ${line("AS Utf8String", u[k])}; ${line("the same on the stub runtime", us[k])}`);
    }
    const a = await arenaFigures(text);
    const ratio = (v: bigint, k: "take" | "echo") => `${v} (${(Number(v) / Number(ascii ? UPLINK[k] : r[k])).toFixed(2)}×)`;
    console.log(`   on the arena runtime (nothing kept between calls): take string ${ratio(a.take_string!, "take")}, Utf8String ${ratio(a.take_utf8!, "take")}; echo string ${ratio(a.echo_string!, "echo")}, Utf8String ${ratio(a.echo_utf8!, "echo")}`);
  }
}
