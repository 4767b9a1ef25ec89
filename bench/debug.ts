// The cost of a gas profile (issue 22): the examples' main calls timed in a profiling session
// against the same calls in a plain one, in the same run.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VM, type Session } from "../host-sim/index.js";
import { loadSchema, SchemaCodec } from "../cli/commands/schema.js";
import { prepareContract } from "../host-sim/module.js";
import { fmt, report, time } from "./harness.js";

const GAS = 1_000_000_000n;
const id = (fill: number) => new Uint8Array(32).fill(fill);
const OWNER = id(0xaa);
const BOB = id(0xb0);
const hex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");

function load(name: string): { wasm: Uint8Array; codec: SchemaCodec } {
  return { wasm: new Uint8Array(readFileSync(join("build", `${name}.wasm`))), codec: new SchemaCodec(loadSchema(join("build", `${name}.schema.json`))) };
}

/** The examples' main calls, each a closure over one session; the escrow opens a new deal every time. */
async function scenario(profile: boolean): Promise<Array<[string, () => void]>> {
  const vm = await VM.ephemeral();
  const s: Session = await vm.session({ profile });
  const token = load("token");
  const escrow = load("escrow");
  const stack = load("stack");
  const counter = load("counter");
  const t = s.deploy(token.wasm, { owner: OWNER, initArg: token.codec.encodeInput("init", "1000000000") }, GAS).contractId;
  const e = s.deploy(escrow.wasm, { owner: OWNER, initArg: escrow.codec.encodeInput("init", hex(t)), contractId: id(0xe5) }, GAS).contractId;
  const st = s.deploy(stack.wasm, { owner: OWNER }, GAS).contractId;
  const c = s.deploy(counter.wasm, { owner: OWNER }, GAS).contractId;
  const call = (target: Uint8Array, codec: SchemaCodec, fn: string, arg: unknown, signer: Uint8Array) => {
    s.setMeta("signer", signer);
    return codec.decodeOutput(fn, s.callRaw(target, fn, codec.encodeInput(fn, arg), GAS).data);
  };
  call(t, token.codec, "transfer", [hex(BOB), "100000000"], OWNER);
  call(t, token.codec, "approve", [hex(e), "100000000"], BOB);
  return [
    ["counter increment", () => call(c, counter.codec, "increment", undefined, OWNER)],
    ["token transfer", () => call(t, token.codec, "transfer", [hex(BOB), "1"], OWNER)],
    ["stack push", () => call(st, stack.codec, "push", "7", OWNER)],
    ["escrow open + fund (escrow calling the token)", () => {
      const deal = call(e, escrow.codec, "open", [hex(BOB), "1"], OWNER);
      call(e, escrow.codec, "fund", deal, BOB);
    }],
  ];
}

export async function debugBench(): Promise<void> {
  const plain = await scenario(false);
  const profiled = await scenario(true);
  for (let i = 0; i < plain.length; i++) {
    const [label, run] = plain[i];
    const a = time(profiled[i][1], { iterations: 200 });
    const b = time(run, { iterations: 200 });
    report(`profiled / unprofiled: ${label}`, a, b);
  }
  // the offset map (metering.ts marks) is recorded on every rewrite: what the rewrite costs in all
  const wasm = load("escrow").wasm;
  const prep = time(() => prepareContract(wasm, { debug: false }), { iterations: 5 });
  const prepProfiled = time(() => prepareContract(wasm, { debug: false, profile: true }), { iterations: 5 });
  console.log(`${"escrow rewrite + compile (offset map included)".padEnd(58)} ${fmt(prep).padStart(10)}; profiled build ${fmt(prepProfiled)}`);
}
