// Codec gas against a Rust contract doing the same work (issue 6's budget): a 100-byte string
// taken, given back, and echoed, by the AS contract with `string` and with `Utf8String` (also built
// on the stub runtime, to separate the codec from the collector), and by bench/reference/rust-string.wasm. Gas is deterministic, so these are exact, not timed.
import { readFileSync } from "node:fs";
import { VM } from "../host-sim/index.js";
import { encode, parseType } from "../host-sim/codec/index.js";
import { compileFixture } from "../tests/transform/support.js";
import { GAS_BENCH } from "../tests/transform/fixtures.js";

const GAS = 10_000_000n;
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
    for (const k of ["take", "give", "echo"] as const) {
      const line = (name: string, v: bigint) => `${name} ${String(v).padStart(5)} (${(Number(v) / Number(r[k])).toFixed(2)}×)`;
      console.log(`100-byte ${label} String, ${k.padEnd(4)}: Rust ${String(r[k]).padStart(5)} gas; ${line("AS string", s[k])}; ${line("AS Utf8String", u[k])}; ${line("the same on the stub runtime", us[k])}`);
    }
  }
}
