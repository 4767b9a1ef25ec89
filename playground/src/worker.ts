// The playground's worker: the compiler and host-sim run here, off the page's thread (browsers
// compile only small wasm modules synchronously on the main thread, and host-sim compiles
// contracts synchronously, as Piecrust does).
import { build } from "./compiler.js";
import { Sim } from "./sim.js";
import { examples, readVirtual, ROOT } from "./vfs.js";
import { toHex } from "../../host-sim/index.js";
import { blake3 } from "@noble/hashes/blake3.js";

export type Request =
  | { op: "build"; entry: string; source: string }
  | { op: "deploy"; name: string; entry: string; source: string; initArg?: unknown }
  | { op: "call"; id: string; fn: string; arg?: unknown }
  | { op: "time"; id: string; fn: string; arg?: unknown; times: number }
  | { op: "examples" }
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
      const { wasm, debug: _debug, ...rest } = lastBuild;
      return { ...rest, bytes: wasm?.length ?? 0, wasmHash: wasm ? toHex(blake3(wasm)) : null, wasmHex: wasm ? toHex(wasm) : null };
    }
    case "deploy": {
      const b = await build(req.entry, req.source, req.name);
      if (!b.ok || !b.wasm) return { ok: false, error: `build failed:\n${b.text}`, diagnostics: b.diagnostics };
      const d = sim.deploy(req.name, b.wasm, b.schema, req.initArg, b.debug);
      if (!d.id) return { ok: false, error: d.view.error };
      return { ok: true, id: d.id, view: d.view, schema: b.schema, root: sim.root() };
    }
    case "call": {
      const view = sim.call(req.id, req.fn, req.arg);
      return { view, root: sim.root() };
    }
    case "time": {
      // One call's time, averaged over `times` (the worker's clock is too coarse for one); profiled,
      // as every call in the page, but without drawing the flame graph.
      const started = performance.now();
      for (let i = 0; i < req.times; i++) if (!sim.call(req.id, req.fn, req.arg, false).ok) throw new Error(`${req.fn} failed while timed`);
      return { msPerCall: (performance.now() - started) / req.times };
    }
    case "examples":
      // name → [entry, text]: the page shows them without holding its own copy of the files.
      return Object.fromEntries(Object.entries(examples()).map(([name, entry]) => [name, [entry, readVirtual(`${ROOT}/${entry}`)]]));
    case "commit":
      return { root: await sim.commit() };
    case "reset":
      await sim.reset();
      return { root: sim.root() };
  }
}

/** The worker's global scope (the page's types know only windows). */
const scope = self as unknown as { postMessage(message: unknown): void; onmessage: ((ev: MessageEvent<{ seq: number; req: Request }>) => void) | null };

scope.onmessage = async (ev) => {
  const { seq, req } = ev.data;
  try {
    scope.postMessage({ seq, ok: true, value: await handle(req) });
  } catch (e) {
    // Not the contract's fault: shown as the bug it is, with its stack.
    scope.postMessage({ seq, ok: false, error: (e as Error)?.stack ?? String(e) });
  }
};
scope.postMessage("loaded");
