// The playground's worker: the compiler and host-sim run here, off the page's thread (browsers
// compile only small wasm modules synchronously on the main thread, and host-sim compiles
// contracts synchronously, as Piecrust does).
import { build } from "./compiler.js";
import { Sim } from "./sim.js";
import { toHex } from "../../host-sim/index.js";
import { blake3 } from "@noble/hashes/blake3.js";

export type Request =
  | { op: "build"; entry: string; source: string }
  | { op: "deploy"; name: string; entry: string; source: string }
  | { op: "deployBytes"; name: string; wasm: Uint8Array; schema: unknown }
  | { op: "call"; id: string; fn: string; arg?: unknown }
  | { op: "commit" }
  | { op: "reset" };

const sim = new Sim();
const ready = sim.reset();
let lastBuild: Awaited<ReturnType<typeof build>> | null = null;

async function handle(req: Request): Promise<unknown> {
  await ready;
  switch (req.op) {
    case "build": {
      lastBuild = await build(req.entry, req.source);
      const { wasm, ...rest } = lastBuild;
      return { ...rest, bytes: wasm?.length ?? 0, wasmHash: wasm ? toHex(blake3(wasm)) : null, wasmHex: wasm ? toHex(wasm) : null };
    }
    case "deploy": {
      const b = await build(req.entry, req.source);
      if (!b.ok || !b.wasm) return { ok: false, error: `build failed:\n${b.text}`, diagnostics: b.diagnostics };
      const d = sim.deploy(req.name, b.wasm, b.schema);
      return { ok: true, id: d.id, view: d.view, schema: b.schema, root: sim.root() };
    }
    case "deployBytes": {
      const d = sim.deploy(req.name, req.wasm, req.schema as never);
      return { ok: true, id: d.id, view: d.view, root: sim.root() };
    }
    case "call": {
      const view = sim.call(req.id, req.fn, req.arg);
      return { view, root: sim.root() };
    }
    case "commit":
      return { root: await sim.commit() };
    case "reset":
      await sim.reset();
      return { root: sim.root() };
  }
}

self.onmessage = async (ev: MessageEvent<{ seq: number; req: Request }>) => {
  const { seq, req } = ev.data;
  try {
    self.postMessage({ seq, ok: true, value: await handle(req) });
  } catch (e) {
    // Not the contract's fault: shown as the bug it is, with its stack.
    self.postMessage({ seq, ok: false, error: (e as Error)?.stack ?? String(e) });
  }
};
self.postMessage("loaded");
