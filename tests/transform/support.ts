// Test support: compile AssemblyScript fixtures (with or without the piecrust-as transform) and
// run them in host-sim, the project's one VM.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as asc from "assemblyscript/asc";
import { REPO_ROOT } from "../helpers/paths.js";
import { buildOne } from "../../cli/main.js";
import { writeWhole } from "../../cli/commands/files.js";
import type { ContractSchema } from "../../transform/schema.js";
import { VM, VMError, type Session } from "../../host-sim/index.js";

export const FIXTURE_DIR = join("build", "test-fixtures");

export interface CompileResult {
  wasm: Uint8Array | null;
  stderr: string;
  error: Error | null;
  /** The contract schema and generated entry-point source (transform builds only). */
  schema?: ContractSchema | null;
  entrySource?: string | null;
}

/**
 * Writes `source` as build/test-fixtures/<name>/index.ts and compiles it. The source is written
 * whole, so another test file compiling the same fixture at the same time never reads half of it.
 */
export async function compileFixture(
  name: string,
  source: string,
  opts: { transform?: boolean; runtime?: "incremental" | "minimal" | "stub"; target?: "release" | "debug"; extraArgs?: string[] } = {},
): Promise<CompileResult> {
  const entry = join(FIXTURE_DIR, name, "index.ts");
  writeWhole(join(REPO_ROOT, entry), source);
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

/** Gas limit of the calls and deploys of these tests: ample for every fixture. */
export const TEST_GAS = 1_000_000_000n;

/**
 * One contract deployed into a host-sim session, so fixtures run on the real metered VM: Piecrust's
 * instance per top-level call, memory kept and globals not, failed frames reverted, and `c`
 * re-entering the same instance.
 */
export class SimContract {
  private constructor(
    readonly session: Session,
    readonly id: Uint8Array,
  ) {}

  /** Deploys `wasm` (owner: 32 zero bytes) into a fresh session of a fresh ephemeral VM. */
  static async deploy(wasm: Uint8Array): Promise<SimContract> {
    const session = await (await VM.ephemeral()).session({});
    return SimContract.into(session, wasm);
  }

  /** Deploys `wasm` into `session`, next to the contracts already there. */
  static into(session: Session, wasm: Uint8Array): SimContract {
    const { contractId } = session.deploy(wasm, { owner: new Uint8Array(32) }, TEST_GAS);
    return new SimContract(session, contractId);
  }

  /** A top-level call; a failure throws host-sim's VMError and leaves the state as before. */
  call(fn: string, args: Uint8Array = new Uint8Array(0)): Uint8Array {
    return this.session.callRaw(this.id, fn, args, TEST_GAS).data.slice();
  }

  /** The length in bytes of the contract's linear memory. */
  get memoryLen(): number {
    return this.session.memoryLen(this.id)!;
  }
}

/** Whether `e` is a contract panic whose message matches `message`. */
export function isPanic(e: unknown, message: RegExp): boolean {
  return e instanceof VMError && e.code === "Panic" && message.test(String(e.details.message));
}

export function u64le(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
}
