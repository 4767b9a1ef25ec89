// The as-pect preset's relay contract: the embedded bytes match as-pect/relay.wat, and a relayed
// call reaches its callee with the relay's id as caller and returns the callee's outcome.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { relayWasm } from "../../as-pect/relay.js";
import { wat } from "../helpers/wat.js";
import { REPO_ROOT } from "../helpers/paths.js";
import { deploy, example, freshSession, hex, idOf, GAS } from "./example.js";

function relayInput(callee: Uint8Array, fn: string, arg: Uint8Array, gas: bigint): Uint8Array {
  const name = new TextEncoder().encode(fn);
  const out = new Uint8Array(44 + name.length + arg.length);
  out.set(callee, 0);
  new DataView(out.buffer).setBigUint64(32, gas, true);
  new DataView(out.buffer).setUint32(40, name.length, true);
  out.set(name, 44);
  out.set(arg, 44 + name.length);
  return out;
}

test("as-pect relay: embedded bytes are relay.wat", async () => {
  const fromSource = await wat(readFileSync(join(REPO_ROOT, "as-pect", "relay.wat"), "utf8"));
  assert.equal(hex(relayWasm()), hex(fromSource));
});

test("as-pect relay: results, caller and panics come back as `c` left them", async () => {
  const { session } = await freshSession();
  const relayId = idOf(0x42);
  session.deploy(relayWasm(), { owner: idOf(1), contractId: relayId }, GAS);
  const meta = deploy(session, example("metadata"));
  const r = session.callRaw(relayId, "relay", relayInput(meta.id, "read_caller", new Uint8Array(0), 1_000_000n), GAS);
  const code = new DataView(r.data.buffer, r.data.byteOffset).getInt32(0, true);
  assert.equal(code, 33);
  // Option<ContractId>: tag 1, then the relay's id.
  assert.equal(hex(r.data.subarray(4)), "01" + hex(relayId));
  const fallible = deploy(session, example("fallible"));
  const p = session.callRaw(relayId, "relay", relayInput(fallible.id, "set_then_panic", new Uint8Array(8), 1_000_000n), GAS);
  assert.equal(new DataView(p.data.buffer, p.data.byteOffset).getInt32(0, true), -1);
  const len = new DataView(p.data.buffer, p.data.byteOffset).getUint32(4, true);
  assert.equal(Buffer.from(p.data.subarray(8, 8 + len)).toString(), "changed my mind");
});

test("as-pect preset: an as-pect 8 config whose instantiate hook adds the host imports", async () => {
  const { piecrustAspect } = await import("../../as-pect/preset.js");
  const config = piecrustAspect({ entries: ["x.spec.ts"] });
  assert.deepEqual(config.entries, ["x.spec.ts"]);
  let seen: Record<string, Record<string, unknown>> = {};
  const fake = async (_binary: Uint8Array, imports: Record<string, unknown>) => {
    seen = imports as Record<string, Record<string, unknown>>;
    return { exports: {} };
  };
  await config.instantiate(new WebAssembly.Memory({ initial: 1 }), (...i: Record<string, unknown>[]) => Object.assign({}, ...i), fake, new Uint8Array(0));
  for (const name of ["c", "hq", "hd", "emit", "feed", "caller", "callstack", "limit", "spent", "panic", "owner", "self_id", "hdebug", "abort"]) {
    assert.equal(typeof seen.env[name], "function", name);
  }
  assert.equal(typeof seen.pcas_test.call_entry, "function");
});
