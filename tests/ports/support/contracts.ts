// Builds the AssemblyScript test contracts (tests/contracts/<name>/index.ts) on demand, once, into
// build/test-contracts/<name>.wasm, and rebuilds only when a source is newer than the wasm
// (the contract's folder, tests/contracts/_lib, the SDK in assembly/, the compiled transform).
// Concurrent test processes may build the same contract: each writes to a private temporary file
// and renames it into place, so a reader never sees a half-written wasm.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import * as asc from "assemblyscript/asc";
import { REPO_ROOT } from "../../helpers/paths.js";
import { checkAbi } from "../../../transform/abi-check.js";

export const CONTRACTS_SRC = join("tests", "contracts");
export const CONTRACTS_OUT = join("build", "test-contracts");

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const cache = new Map<string, Uint8Array>();

/** The wasm of test contract `name`; `debug` builds keep `debug()` output (hdebug import). */
export async function contract(name: string, opts: { debug?: boolean } = {}): Promise<Uint8Array> {
  const target = opts.debug ? "debug" : "release";
  const key = `${name}.${target}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const entry = join(CONTRACTS_SRC, name, "index.ts");
  const outRel = join(CONTRACTS_OUT, `${name}${opts.debug ? ".debug" : ""}.wasm`);
  const out = join(REPO_ROOT, outRel);
  const sources = Math.max(
    newestMtime(join(REPO_ROOT, CONTRACTS_SRC, name)),
    newestMtime(join(REPO_ROOT, CONTRACTS_SRC, "_lib")),
    newestMtime(join(REPO_ROOT, "assembly")),
    newestMtime(join(REPO_ROOT, "dist", "transform")),
  );
  if (!existsSync(out) || statSync(out).mtimeMs < sources) await build(entry, outRel, target);
  const wasm = stripCustomSections(new Uint8Array(readFileSync(out)));
  cache.set(key, wasm);
  return wasm;
}

async function build(entry: string, outRel: string, target: "release" | "debug"): Promise<void> {
  mkdirSync(join(REPO_ROOT, CONTRACTS_OUT), { recursive: true });
  const tmpRel = `${outRel}.${process.pid}.tmp`;
  const argv = [
    entry,
    "--outFile", tmpRel,
    "--config", join(REPO_ROOT, "asconfig.json"),
    "--target", target,
    "--baseDir", REPO_ROOT,
  ];
  const stderr = asc.createMemoryStream();
  const tmp = join(REPO_ROOT, tmpRel);
  try {
    const { error } = await asc.main(argv, { stdout: asc.createMemoryStream(), stderr });
    if (error) throw new Error(`building ${entry} failed: ${error.message}\n${stderr.toString()}`);
    const abi = checkAbi(new Uint8Array(readFileSync(tmp)), { allowDebug: target === "debug" });
    if (!abi.ok) throw new Error(`${entry}: ABI check failed: ${abi.problems.join("; ")}`);
    renameSync(tmp, join(REPO_ROOT, outRel));
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Drops every custom section, as Piecrust's build does (`wasm-tools strip -a`): the contract id
 * hashes the exact bytes, and debug builds carry a large `name` section.
 */
export function stripCustomSections(wasm: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let p = 8;
  while (p < wasm.length) {
    const start = p;
    const id = wasm[p++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[p++];
      size |= (b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    p += size >>> 0;
    if (id !== 0) parts.push(wasm.subarray(start, p));
  }
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}
