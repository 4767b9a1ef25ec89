// Test support: compile AssemblyScript fixtures (with or without the piecrust-as transform) and
// run wasm modules under an emulation of Piecrust's instance model:
//   * linear memory persists between top-level calls, wasm globals do not: every top-level call
//     gets a FRESH instance, into whose exported memory the persisted bytes are copied (data
//     segments are applied by instantiation first and then overwritten, as if never re-applied);
//   * all frames of one contract inside one top-level call share that instance;
//   * a failed frame's memory is reverted to its snapshot, and a failed top-level call persists nothing.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as asc from "assemblyscript/asc";
import { REPO_ROOT } from "../helpers/paths.js";
import { buildOne } from "../../cli/main.js";
import type { ContractSchema } from "../../transform/schema.js";

export const FIXTURE_DIR = join("build", "test-fixtures");

export interface CompileResult {
  wasm: Uint8Array | null;
  stderr: string;
  error: Error | null;
  /** The contract schema and generated entry-point source (transform builds only). */
  schema?: ContractSchema | null;
  entrySource?: string | null;
}

/** Writes `source` as build/test-fixtures/<name>/index.ts and compiles it. */
export async function compileFixture(
  name: string,
  source: string,
  opts: { transform?: boolean; runtime?: "incremental" | "minimal" | "stub"; target?: "release" | "debug"; extraArgs?: string[] } = {},
): Promise<CompileResult> {
  const entry = join(FIXTURE_DIR, name, "index.ts");
  mkdirSync(dirname(join(REPO_ROOT, entry)), { recursive: true });
  writeFileSync(join(REPO_ROOT, entry), source);
  const runtime = opts.runtime ?? "incremental";
  if (opts.transform !== false && !opts.extraArgs) {
    const r = await buildOne(entry, { entries: [entry], target: opts.target ?? "release", runtime, outDir: join(FIXTURE_DIR, "out"), cwd: REPO_ROOT, name });
    const ok = r.problems.length === 0 || r.bytes > 0;
    return {
      wasm: ok && r.bytes ? new Uint8Array(readFileSync(join(REPO_ROOT, r.outFile))) : null,
      stderr: r.stderr,
      error: r.bytes ? null : new Error(r.problems.join("; ")),
      schema: r.schema,
      entrySource: r.entrySource,
    };
  }
  // A plain asc build. --config points nowhere so the repository's asconfig.json (which wires in
  // the transform) is not applied.
  const outFile = join(FIXTURE_DIR, "out", `${name}.plain.wasm`);
  const argv = [entry, "--outFile", outFile, "--runtime", runtime, "-O3", "--config", "no-asconfig.json", "--baseDir", REPO_ROOT, ...(opts.extraArgs ?? [])];
  if (opts.transform !== false) argv.push("--transform", join(REPO_ROOT, "dist", "transform", "index.js"));
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(argv, { stdout: asc.createMemoryStream(), stderr });
  if (error) return { wasm: null, stderr: stderr.toString(), error };
  return { wasm: new Uint8Array(readFileSync(join(REPO_ROOT, outFile))), stderr: stderr.toString(), error: null };
}

/** A Piecrust panic raised by the contract through the `panic` import. */
export class ContractPanic extends Error {}

type HostFn = (...args: never[]) => unknown;

/** One contract under the Piecrust-like instance model. */
export class EmulatedContract {
  readonly module: WebAssembly.Module;
  /** Persisted linear memory (null before the first instantiation). */
  persisted: Uint8Array | null = null;
  instance: WebAssembly.Instance | null = null;
  readonly id = new Uint8Array(32).fill(7);
  /** Extra host functions by import name (e.g. a custom `c`). */
  hostOverrides: Record<string, HostFn> = {};

  constructor(wasm: Uint8Array) {
    this.module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  }

  get memory(): WebAssembly.Memory {
    return this.instance!.exports.memory as WebAssembly.Memory;
  }

  get argbuf(): number {
    return (this.instance!.exports.A as WebAssembly.Global).value as number;
  }

  private imports(): WebAssembly.Imports {
    const env: Record<string, HostFn> = {};
    const text = (ptr: number, len: number) => new TextDecoder().decode(new Uint8Array(this.memory.buffer, ptr, len));
    const host: Record<string, HostFn> = {
      panic: ((len: number) => {
        throw new ContractPanic(text(this.argbuf, len));
      }) as HostFn,
      self_id: (() => {
        new Uint8Array(this.memory.buffer, this.argbuf, 32).set(this.id);
      }) as HostFn,
      c: ((_callee: number, namePtr: number, nameLen: number, argLen: number) => this.reenter(text(namePtr, nameLen), argLen)) as HostFn,
      limit: (() => 1_000_000n) as HostFn,
      spent: (() => 0n) as HostFn,
      caller: (() => 0) as HostFn,
      ...this.hostOverrides,
    };
    for (const imp of WebAssembly.Module.imports(this.module)) {
      const f = host[imp.name];
      if (!f) throw new Error(`emulator has no import ${imp.module}.${imp.name}`);
      env[imp.name] = f;
    }
    return { env };
  }

  /** Starts a top-level call: a fresh instance over the persisted memory. */
  begin(): void {
    this.instance = new WebAssembly.Instance(this.module, this.imports());
    if (this.persisted) {
      const mem = this.memory;
      const need = this.persisted.length - mem.buffer.byteLength;
      if (need > 0) mem.grow(need / 65536);
      new Uint8Array(mem.buffer).set(this.persisted);
    }
  }

  /** Ends a top-level call; `commit` false discards its memory changes (a failed call). */
  end(commit: boolean): void {
    if (commit) this.persisted = new Uint8Array(this.memory.buffer).slice();
    this.instance = null;
  }

  /** Runs one frame on the live instance; on failure reverts memory to the frame's snapshot. */
  frame(fn: string, args: Uint8Array): Uint8Array {
    const snapshot = new Uint8Array(this.memory.buffer).slice();
    new Uint8Array(this.memory.buffer, this.argbuf, args.length).set(args);
    const f = this.instance!.exports[fn] as ((n: number) => number) | undefined;
    if (!f) throw new Error(`no export ${fn}`);
    try {
      const len = f(args.length);
      return new Uint8Array(this.memory.buffer, this.argbuf, len).slice();
    } catch (e) {
      new Uint8Array(this.memory.buffer).set(snapshot);
      throw e;
    }
  }

  /** A top-level call (a fresh instance, dropped at the end). */
  call(fn: string, args: Uint8Array = new Uint8Array(0)): Uint8Array {
    this.begin();
    try {
      const out = this.frame(fn, args);
      this.end(true);
      return out;
    } catch (e) {
      this.end(false);
      throw e;
    }
  }

  /** The host side of `c` into this same contract (re-entrancy), with Piecrust's error encoding. */
  private reenter(fn: string, argLen: number): number {
    const args = new Uint8Array(this.memory.buffer, this.argbuf, argLen).slice();
    try {
      const out = this.frame(fn, args);
      new Uint8Array(this.memory.buffer, this.argbuf, out.length).set(out);
      return out.length;
    } catch (e) {
      if (!(e instanceof ContractPanic)) return -2147483648;
      const msg = new TextEncoder().encode(e.message);
      const view = new DataView(this.memory.buffer);
      view.setUint32(this.argbuf, msg.length, true);
      new Uint8Array(this.memory.buffer, this.argbuf + 4, msg.length).set(msg);
      return -1;
    }
  }
}

export function u64le(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
}
