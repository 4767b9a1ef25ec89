// Module fuzzing: mutated valid contracts are deployed; each deploy either succeeds — and then every
// export, called with random arguments and gas, succeeds or fails with a VMError leaving the root
// as it was — or is rejected with a VMError leaving no trace. Never another exception, never a hang
// (the watchdog in watchdog.ts catches those), never an invalid module accepted. Every
// LIMIT_EVERY-th iteration is of the engine-limit class instead (engine-limits.ts): a generated
// contract near the engine's limits deploys and runs, or is refused with an EngineLimitError naming
// the limit, the count and the max.
import { EngineLimitError, toHex, VM, VMError } from "../../host-sim/index.js";
import type { Session } from "../../host-sim/index.js";
import { corpus } from "./corpus.js";
import { crossedLimit, DIMENSIONS, limitModule, onScaledEngine, smallLimits } from "./engine-limits.js";
import { mutate } from "./mutate.js";
import { bump, describe, type FuzzFailure, type FuzzOptions, type FuzzReport } from "./report.js";
import { mix, random as rng } from "../helpers/rng.js";

const OWNER = new Uint8Array([1, 2, 3]);
const GAS = [0n, 1n, 2n, 1_000n, 100_000n, 1_000_000n];
/** A VM caches every prepared module; a fresh one now and then bounds the memory a long run holds. */
const VM_REUSE = 200;
/** Limits the rewrite crosses only through fuel threading, which is optional: never a reason to refuse. */
const THREADING_ONLY = new Set(["functions", "functionParams", "functionResults"]);
/** Which iterations are of the engine-limit class (by index, so the mutation classes' cases stay as they were). */
const LIMIT_EVERY = 8;

export async function fuzzModules(opts: FuzzOptions): Promise<FuzzReport> {
  const start = opts.start ?? 0;
  const entries = await corpus();
  const donors = entries.map((e) => e.bytes);
  const stats: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  let vm: VM | undefined;
  for (let i = start; i < start + opts.iterations; i++) {
    opts.onProgress?.(i);
    if (!vm || (i - start) % VM_REUSE === 0) vm = await VM.ephemeral();
    const r = rng(mix(opts.seed, i));
    if (i % LIMIT_EVERY === LIMIT_EVERY - 1) {
      const fail = (message: string) => failures.push({ suite: "modules", seed: opts.seed, iteration: i, message });
      try {
        await oneLimitModule(r, stats, fail, i);
      } catch (e) {
        fail(`engine-limit class: harness error: ${describe(e)}`);
      }
      if (failures.length >= (opts.maxFailures ?? 10)) break;
      continue;
    }
    const base = r.pick(entries);
    const { bytes, kinds } = mutate(base.bytes, r, donors);
    const fail = (message: string) =>
      failures.push({ suite: "modules", seed: opts.seed, iteration: i, message: `${base.name} mutated by ${kinds.join("+")}: ${message}` });
    const session = await vm.session();
    try {
      await oneModule(session, bytes, r, stats, fail, i);
    } catch (e) {
      fail(`harness error: ${describe(e)}`);
    } finally {
      session.close();
    }
    if (failures.length >= (opts.maxFailures ?? 10)) break;
  }
  return { suite: "modules", seed: opts.seed, start, iterations: opts.iterations, stats, failures };
}

async function oneModule(
  session: Session,
  bytes: Uint8Array,
  r: ReturnType<typeof rng>,
  stats: Record<string, number>,
  fail: (m: string) => void,
  i: number,
): Promise<void> {
  const id = new Uint8Array(32);
  new DataView(id.buffer).setUint32(0, i + 1, true);
  const empty = toHex(session.root());
  try {
    session.deploy(bytes, { owner: OWNER, contractId: id }, 1_000_000n);
  } catch (e) {
    if (!(e instanceof VMError)) return fail(`deploy threw a non-VMError: ${describe(e)}`);
    bump(stats, `rejected ${e.code}`);
    if (toHex(session.root()) !== empty) fail(`a rejected deploy (${e.code}) changed the root`);
    if (session.memoryLen(id) !== undefined) fail(`a rejected deploy (${e.code}) left the contract behind`);
    return;
  }
  bump(stats, "deployed");
  if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return fail("an invalid module was deployed");
  const fns = WebAssembly.Module.exports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>))
    .filter((e) => e.kind === "function" && e.name !== "init")
    .map((e) => e.name);
  for (const fn of fns.slice(0, 8)) {
    const arg = r.chance(0.3) ? new Uint8Array(0) : r.bytes(r.int(64));
    const gas = r.pick(GAS);
    const before = toHex(session.root());
    try {
      session.callRaw(id, fn, arg, gas);
      bump(stats, "call ok");
    } catch (e) {
      if (!(e instanceof VMError)) return fail(`call ${fn} threw a non-VMError: ${describe(e)}`);
      bump(stats, `call ${e.code}`);
      if (toHex(session.root()) !== before) return fail(`failed call ${fn} (${e.code}) changed the root`);
    }
  }
}

async function oneLimitModule(r: ReturnType<typeof rng>, stats: Record<string, number>, fail: (m: string) => void, i: number): Promise<void> {
  const limits = smallLimits(r);
  const first = r.pick(DIMENSIONS);
  const dims = r.chance(0.7) ? [first] : [first, r.pick(DIMENSIONS.filter((d) => d !== first))];
  const bytes = limitModule(r, limits, dims);
  const what = `engine-limit class (${dims.join("+")}, limits ${JSON.stringify(limits)})`;
  const vm = await VM.ephemeral({ engineLimits: limits });
  const session = await vm.session();
  const id = new Uint8Array(32);
  new DataView(id.buffer).setUint32(0, i + 1, true);
  const empty = toHex(session.root());
  try {
    try {
      onScaledEngine(limits, () => session.deploy(bytes, { owner: OWNER, contractId: id }, 1_000_000n));
    } catch (e) {
      if (toHex(session.root()) !== empty || session.memoryLen(id) !== undefined) fail(`${what}: a refused deploy left a trace`);
      if (e instanceof EngineLimitError) {
        const named = e.code === "RuntimeError" && e.max === limits[e.limit] && e.count > e.max && e.message.includes(` ${e.count} `) && e.message.includes(`limit of ${e.max} `);
        if (!named) return fail(`${what}: an EngineLimitError that does not name its limit, count and max: ${e.limit} ${e.count}/${e.max}: ${e.message}`);
        // Only fuel threading adds functions, parameters and results, and it stops at their limits.
        if (THREADING_ONLY.has(e.limit) && !crossedLimit(bytes, limits)) return fail(`${what}: refused for ${e.limit}, which only fuel threading could cross (it must stop short): ${e.message}`);
        return bump(stats, `limit refused: ${e.limit}`);
      }
      // A contract itself over the engine's limits is refused by the engine (as Piecrust's engine would).
      const original = crossedLimit(bytes, limits);
      if (e instanceof VMError && e.code === "RuntimeError" && e.details.stage === "compile" && original) return bump(stats, "limit: contract over the engine's limits");
      return fail(`${what}: deploy failed with neither EngineLimitError nor the engine's refusal of the contract: ${describe(e)}`);
    }
    bump(stats, "limit deployed");
    const arg = r.bytes(r.int(16));
    const out = onScaledEngine(limits, () => session.callRaw(id, "f", arg, 1_000_000n));
    if (out.data.length !== 0) fail(`${what}: f returned ${out.data.length} bytes, not 0`);
  } catch (e) {
    fail(`${what}: deployed, but calling f threw ${describe(e)}`);
  } finally {
    session.close();
    vm.close();
  }
}
